"""Models side by side: their specifications, their cheapest paid list price across providers,
their curated list prices, and the benchmark results they share, each with its difference from
the first model. Built from the named queries, so it says
nothing they do not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from atlaskg.core.errors import QueryError
from atlaskg.query import run_named
from atlaskg.query.lookup import resolve
from atlaskg.store import Catalog

SPECIFICATION = ("developer", "released", "contextWindowTokens", "maxOutputTokens", "knowledgeCutoff",
                 "parameterCount", "weights", "license")


def compare(catalog: Catalog, models: list[str]) -> tuple[list[str], list[list[str]]]:
    """A table: one row per fact, one column per model (the name each model goes by)."""
    if len(models) < 2:
        raise QueryError("compare needs at least two models")
    iris = [_one(catalog, text) for text in models]
    cards = [_rows(catalog, "model-card", model=iri) for iri in iris]
    names = [card[0]["name"] if card else iri for card, iri in zip(cards, iris)]
    table = [[field, *(_joined(card, field) for card in cards)] for field in SPECIFICATION]
    table += _cheapest(catalog, iris)
    table += _prices(catalog, iris)
    table += _shared_results(catalog, iris)
    return ["fact", *names], table


def _one(catalog: Catalog, text: str) -> str:
    found = resolve(catalog, "model", text, argument="model")
    if len(found) > 1:
        raise QueryError(f"model '{text}' names {len(found)} models; name one: {', '.join(found)}")
    return found[0]


def _rows(catalog: Catalog, name: str, **params: str) -> list[dict[str, str]]:
    """A named query's rows with each value as text."""
    result = run_named(catalog, name, params)
    return [{var: term.value for var, term in zip(result.variables, row) if term is not None} for row in result.rows]


def _joined(rows: list[dict[str, str]], field: str) -> str:
    return ", ".join(dict.fromkeys(row[field] for row in rows if field in row))


def _cheapest(catalog: Catalog, iris: list[str]) -> list[list[str]]:
    """Each model's cheapest paid list price today across every provider (`cheapest-offerings`
    without a condition), its developer's own list price (`developer-prices`), and how many
    providers list a paid price for it."""
    def first(rows: list[dict[str, str]]) -> str:
        return f"{rows[0]['input']} / {rows[0]['output']} ({rows[0]['platform']})" if rows else ""

    cells, own, counts = [], [], []
    for iri in iris:
        listed = [r for r in _rows(catalog, "cheapest-offerings", model=iri) if not r.get("condition")]
        cells.append(first(listed))
        own.append(first(_rows(catalog, "developer-prices", model=iri)))
        counts.append(str(len({r["platform"] for r in listed})) if listed else "")
    return [["cheapest paid list price: input / output USD per 1M tokens (where)", *cells],
            ["the developer's own list price: input / output USD per 1M tokens (where)", *own],
            ["providers with a paid list price", *counts]]


def _prices(catalog: Catalog, iris: list[str]) -> list[list[str]]:
    """One row per platform and price component that any of the models has a price for today."""
    today = date.today().isoformat()
    per_model = [{(r["platform"], r["component"]): f"{r['price']} {r['currency']} / {r['per']}"
                  for r in _rows(catalog, "prices-as-of", model=iri, as_of=today)} for iri in iris]
    keys = sorted({key for prices in per_model for key in prices})
    return [[f"price: {component} ({platform})", *(prices.get((platform, component), "") for prices in per_model)]
            for platform, component in keys]


def _shared_results(catalog: Catalog, iris: list[str]) -> list[list[str]]:
    """Results on the same benchmark, setting and metric for every model, with the difference
    from the first model's score (results given as ranges have no single difference)."""
    per_model = []
    for iri in iris:
        per_model.append({(r["benchmark"], r.get("setting", ""), r.get("metric", "")): r
                          for r in _rows(catalog, "model-results", model=iri)})
    shared = sorted(set.intersection(*(set(results) for results in per_model)))
    rows = []
    for benchmark, setting, metric in shared:
        cells = [per_model[0][(benchmark, setting, metric)]] + [m[(benchmark, setting, metric)] for m in per_model[1:]]
        first = _score(cells[0])
        shown = [_show(cells[0])]
        for cell in cells[1:]:
            score = _score(cell)
            difference = f" ({score - first:+})" if score is not None and first is not None else ""
            shown.append(_show(cell) + difference)
        label = " / ".join(part for part in (benchmark, setting, metric) if part)
        rows.append([label, *shown])
    return rows


def _score(row: dict[str, str]) -> Decimal | None:
    return Decimal(row["value"]) if "value" in row else None


def _show(row: dict[str, str]) -> str:
    unit = row.get("unit", "")
    value = row["value"] if "value" in row else f"{row.get('min', '?')}–{row.get('max', '?')}"
    return f"{value}{unit if unit == '%' else ' ' + unit if unit else ''}"
