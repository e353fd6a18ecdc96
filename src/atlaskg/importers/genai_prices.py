"""genai-prices (Python package `genai-prices`, MIT): LLM prices per provider, with the dates on
which prices changed, price tiers by prompt length, and request-specific variants (batch,
service tier).

Each provider becomes a Platform; each (provider, model) a Model with an Offering whose unit
prices carry schema:validFrom / schema:validThrough where the price history gives dates: a new
price closes the old one instead of replacing it.
"""

from __future__ import annotations

import importlib.metadata
from datetime import date, timedelta

from atlaskg.importers.common import (
    MIT,
    Conversion,
    Minter,
    add_price,
    finish,
    sourced,
    start,
)
from atlaskg.importers.protocol import Importer
from atlaskg.importers.terms import ATLAS, SDO, SKOS, XSD, NamedNode, iri, literal
from atlaskg.names.namespaces import PREFIXES

NAME = "genai-prices"
PACKAGE = "genai-prices"
TITLE = "genai-prices"
_RENAMED = {"cache_read": "cached-input", "cache_write": "cache-write", "cache_audio_read": "cached-input-audio",
            "cache_image_read": "cached-input-image"}


def component(price_key: str) -> str | None:
    """The price-component concept of a genai-prices key, or None for non-token units."""
    if not price_key.endswith("_mtok"):
        return None
    stem = price_key[: -len("_mtok")]
    return _RENAMED.get(stem, stem.replace("_", "-"))


def load() -> tuple[list, str]:
    """The installed package's providers (its own pydantic objects) and the package's version."""
    from genai_prices import data

    return list(data.providers), importlib.metadata.version(PACKAGE)


def convert(providers: list, version: str, retrieved: date) -> Conversion:
    conversion, source = start(NAME, PACKAGE, TITLE, "https://github.com/pydantic/genai-prices", MIT, retrieved,
                               version)
    graph, mint = conversion.graph, Minter(NAME)
    for provider in sorted(providers, key=lambda p: p.id):
        platform = sourced(graph, mint("platform", provider.id), ATLAS.Platform, source)
        graph.add((platform, SDO.name, literal(provider.name)))
        graph.add((platform, SDO.identifier, literal(provider.id)))
        for url in provider.pricing_urls or []:
            graph.add((platform, SDO.url, literal(url, datatype=XSD.anyURI)))
        if provider.price_comments:
            graph.add((platform, SKOS.note, literal(provider.price_comments)))
        for unused in ("api_pattern", "model_match", "provider_match", "extractors", "fallback_model_providers"):
            if getattr(provider, unused, None):
                conversion.unmapped[f"provider.{unused}"] += 1
        for model in sorted(provider.models, key=lambda m: m.id):
            _convert_model(conversion, mint, source, platform, provider.id, model)
    return finish(conversion, source)


def _convert_model(conversion: Conversion, mint: Minter, source: NamedNode, platform: NamedNode, provider_id: str,
                   model) -> None:
    graph = conversion.graph
    node = sourced(graph, mint("model", provider_id, model.id), ATLAS.Model, source)
    graph.add((node, SDO.identifier, literal(model.id)))
    if model.name:
        graph.add((node, SDO.name, literal(model.name)))
    if model.description:
        graph.add((node, SDO.description, literal(model.description)))
    if model.context_window:
        graph.add((node, ATLAS.contextWindowTokens, literal(int(model.context_window))))
    if model.deprecated:
        graph.add((node, ATLAS.status, iri(PREFIXES["status"] + "deprecated")))
    for identifier in _equal_identifiers(conversion, model.match):
        graph.add((node, ATLAS.matchesIdentifier, literal(identifier)))
    offering = sourced(graph, mint("offering", provider_id, model.id), ATLAS.Offering, source)
    graph.add((offering, SDO.itemOffered, node))
    graph.add((offering, ATLAS.platform, platform))
    if model.price_comments:
        graph.add((offering, SKOS.note, literal(model.price_comments)))
    periods = model.prices if isinstance(model.prices, list) else [_Always(model.prices)]
    starts = [_start_date(conversion, p.constraint) for p in periods]
    for index, period in enumerate(periods):
        following = starts[index + 1] if index + 1 < len(periods) else None
        until = following - timedelta(days=1) if following else None
        _add_prices(conversion, mint, source, offering, provider_id, model.id, period.prices,
                    valid_from=starts[index], valid_through=until, label=f"p{index}")
    for index, variant in enumerate(model.price_variants or []):
        condition = ", ".join(f"{k}={v}" for k, v in sorted(variant.when.items()))
        _add_prices(conversion, mint, source, offering, provider_id, model.id, variant.prices,
                    valid_from=_start_date(conversion, variant.constraint), label=f"v{index}", condition=condition)


class _Always:
    """A model with one price and no history, shaped like a ConditionalPrice."""

    def __init__(self, prices):
        self.prices, self.constraint = prices, None


def _start_date(conversion: Conversion, constraint) -> date | None:
    if constraint is None:
        return None
    start_date = getattr(constraint, "start_date", None)
    if start_date is None:
        conversion.unmapped["price constraint by time of day"] += 1
    return start_date


def _add_prices(conversion, mint, source, offering, provider_id, model_id, prices, *, valid_from=None,
                valid_through=None, label="", condition=None) -> None:
    graph = conversion.graph
    for key, value in prices.__dict__.items():
        if value is None or key.startswith("_"):
            continue
        concept = component(key)
        if concept is None:
            conversion.unmapped[f"price.{key}"] += 1
            continue
        tiers = getattr(value, "tiers", None)
        base = getattr(value, "base", value)
        scope = {"condition": condition, "valid_from": valid_from, "valid_through": valid_through}
        node = mint("price", provider_id, model_id, label, concept)
        graph.add((offering, SDO.priceSpecification, add_price(graph, node, concept, base, source, **scope)))
        for tier in tiers or []:
            tier_node = mint("price", provider_id, model_id, label, concept, f"above-{tier.start}")
            graph.add((offering, SDO.priceSpecification, add_price(
                graph, tier_node, concept, tier.price, source, above_tokens=tier.start, **scope)))


def _equal_identifiers(conversion: Conversion, clause) -> list[str]:
    """The exact identifiers a model's match logic accepts; other kinds of clause are counted."""
    if hasattr(clause, "equals"):
        return [clause.equals]
    if hasattr(clause, "or_"):
        return [identifier for part in clause.or_ for identifier in _equal_identifiers(conversion, part)]
    conversion.unmapped[f"model.match ({type(clause).__name__})"] += 1
    return []


IMPORTER = Importer(NAME, TITLE, PACKAGE, MIT, load, convert)
