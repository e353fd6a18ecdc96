"""The page of the price disagreements: where two catalogues price one model at one provider
differently, the largest difference first, exactly as `atlaskg query price-disagreements` answers
(SiteData.price_disagreements holds its rows), so that a catalogue's maintainer can find the entry
to check by its identifier and a buyer sees both values beside each other."""

from __future__ import annotations

from decimal import Decimal

from atlaskg.core.numbers import meaningful
from atlaskg.publish.data import SiteData
from atlaskg.publish.pages.formats import money
from atlaskg.publish.pages.nodes import model_href


def disagreements_page(data: SiteData, root: str = "") -> dict:
    rows = []
    for found in data.price_disagreements:
        text = {name: term.value for name, term in found.items() if term is not None}
        model = text["model"]
        sides = [{"dataset": text[side], "identifier": text.get(f"{side}Identifier", ""),
                  "value": prices(text[f"{side}Value"])} for side in ("first", "second")]
        rows.append({"model": text.get("name", model), "provider": text["provider"], "component": text["component"],
                     "href": model_href(data, model, root) if model in data.graphs.graphs else None,
                     "difference": percent(text["difference"]) if "difference" in text else "",
                     "sides": sides})
    return {"rows": rows, "root": root, "datasets": sorted({s["dataset"] for r in rows for s in r["sides"]})}


def prices(values: str) -> str:
    """'0.035 USD | 0.07 USD' (the query's values, each with its currency) -> '$0.035, $0.07'."""
    return ", ".join(money(Decimal(amount), currency) for amount, currency in
                     (value.split(" ", 1) for value in values.split(" | ")))


def percent(fraction: str) -> str:
    """A relative difference as a percentage, to three significant digits at most: '0.285714…' -> '28.6%'."""
    value = Decimal(fraction) * 100
    shown = round(value, max(0, 2 - value.adjusted())) if value else value
    return f"{meaningful(format(shown.normalize(), 'f'))}%"
