"""LiteLLM's model map (Python package `litellm`, MIT): limits, per-token prices with their
batch, service-tier and long-prompt variants, capability flags, modalities, retirement dates
with successors, and the page each entry was taken from, for some 4,800 model names.

The map is the JSON file the wheel ships, `litellm/model_prices_and_context_window_backup.json`.
atlaskg keeps a copy of it, taken from the pinned wheel, in datasets/litellm/ (see
`importers.protocol`), so neither litellm nor its dependencies are installed, and litellm is
never imported (importing it may reach the network). Numbers are
parsed as decimals, so a cost per token becomes a price per million tokens by an exact shift of
the decimal point (2e-06 -> 2; 1.0000000000000001e-07 -> 0.10000000000000001, as written).

What becomes what (every other field is counted in `unmapped`, by name):

- an entry whose `mode` names a kind of model (chat, completion, responses, embedding, image
  generation and editing, audio transcription and speech, video generation, realtime, rerank,
  moderation, OCR, evaluation, decisions, extraction) becomes a Model named and identified by its
  key as LiteLLM writes it (`gpt-4.1`, `bedrock/anthropic.claude-...`), with `mode` as its
  schema:applicationCategory, and an Offering on the Platform of its `litellm_provider`;
  entries of other modes (search, vector_store, guardrail: services, not models) and entries
  without a mode (LiteLLM's price classes such as `fireworks-ai-up-to-4b`, its routing rules)
  are counted in `unmapped` by mode, not converted;
- an entry that only says `alias_of` becomes an AliasAssignment from its key to that model;
- `max_input_tokens` -> atlas:maxInputTokens (LiteLLM's limit on the prompt, which is not the
  context window where a provider gives both: gpt-5 takes 272,000 of its 400,000), and
  `max_output_tokens` -> atlas:maxOutputTokens;
- `*_cost_per_token` / `*_token_cost` fields -> unit prices in USD per 1M tokens of a pricecomp
  concept; `_above_<N>k_tokens` -> atlas:appliesAboveTokens N*1000; `_batches` ->
  priceCondition "processing=batch"; `_priority`, `_flex`, `_ultrafast`, `_balanced` ->
  "service_tier=<tier>"; `_decisions` -> "call_type=decisions"; `tiered_pricing` -> the same
  (a range from 0 is the base price); prices per image, second, character, query or page, and
  Databricks DBU prices, have no home (unit prices are per token, in a currency);
- `deprecation_date` -> the offering's schema:availabilityEnds, and a retirement LifecycleEvent
  on that date (LiteLLM treats a model as retired from that day on) with the page that says so
  (`deprecation_source`, as schema:url) and the successor (`successor_model`, as
  dcterms:isReplacedBy, where it names an entry of the map);
- `source` -> the offering's schema:url (a note where it is not a URL); `comment` and
  `metadata` notes -> skos:note on the offering;
- `supports_function_calling`, `supports_reasoning`, `supports_response_schema` -> atlas:feature
  tool-use, reasoning, structured-output; `supports_native_streaming` -> the capability
  streaming-output; `supports_vision`, `supports_*_input`, `supports_audio_output`,
  `supported_modalities`, `supported_output_modalities` -> input and output modalities. A flag
  that is false has no home: the graph states what a model does, never what it does not.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from atlaskg.importers.common import (
    MIT,
    Conversion,
    Minter,
    add_price,
    date_literal,
    finish,
    is_number,
    sourced,
    start,
)
from atlaskg.importers.protocol import Importer, read_json_snapshot
from atlaskg.importers.terms import ATLAS, DCTERMS, RDF, SDO, SKOS, XSD, NamedNode, iri, literal
from atlaskg.names.namespaces import PREFIXES

NAME = "litellm"
PACKAGE = "litellm"
TITLE = "LiteLLM model prices and context windows"
DATA_FILE = "litellm/model_prices_and_context_window_backup.json"  # inside the wheel
URL = "https://github.com/BerriAI/litellm"

MODEL_MODES = frozenset({"chat", "completion", "responses", "embedding", "image_generation", "image_edit",
                         "audio_transcription", "audio_speech", "video_generation", "realtime", "rerank",
                         "moderation", "ocr", "evaluation", "decisions", "extraction"})
_COMPONENTS = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cached-input",
    "cache_creation_input_token_cost": "cache-write",
    "cache_creation_input_token_cost_above_1hr": "cache-write-1h",
    "cache_creation_input_token_cost_above_12hr": "cache-write-12h",
    "input_cost_per_audio_token": "input-audio",
    "output_cost_per_audio_token": "output-audio",
    "input_cost_per_image_token": "input-image",
    "output_cost_per_image_token": "output-image",
    "input_cost_per_video_token": "input-video",
    "output_cost_per_video_token": "output-video",
    "output_cost_per_reasoning_token": "output-reasoning",
    "cache_read_input_audio_token_cost": "cached-input-audio",
    "cache_read_input_image_token_cost": "cached-input-image",
    "citation_cost_per_token": "output-citation",
}
_CONDITIONS = {"batches": "processing=batch", "priority": "service_tier=priority", "flex": "service_tier=flex",
               "ultrafast": "service_tier=ultrafast", "balanced": "service_tier=balanced",
               "decisions": "call_type=decisions"}
_PRICE_KEY = re.compile(r"^(?P<base>{})(?:_above_(?P<above>\d+)(?P<k>k?)_tokens)?(?:_(?P<condition>{}))?$".format(
    "|".join(sorted(map(re.escape, _COMPONENTS), key=len, reverse=True)), "|".join(_CONDITIONS)))
_LIMITS = {"max_input_tokens": ATLAS.maxInputTokens, "max_output_tokens": ATLAS.maxOutputTokens}
_FEATURES = {"supports_function_calling": "tool-use", "supports_reasoning": "reasoning",
             "supports_response_schema": "structured-output"}
_CAPABILITIES = {"supports_native_streaming": "streaming-output"}
_MODALITY_FLAGS = {"supports_vision": (ATLAS.inputModality, "image"),
                   "supports_image_input": (ATLAS.inputModality, "image"),
                   "supports_audio_input": (ATLAS.inputModality, "audio"),
                   "supports_video_input": (ATLAS.inputModality, "video"),
                   "supports_pdf_input": (ATLAS.inputModality, "pdf"),
                   "supports_audio_output": (ATLAS.outputModality, "audio")}
_MODALITY_LISTS = {"supported_modalities": ATLAS.inputModality, "supported_output_modalities": ATLAS.outputModality}
_MODALITIES = frozenset({"text", "image", "audio", "video", "pdf", "code"})  # concepts of vocab/modality
_NOTES = ("notes", "note", "comment", "calculation")  # metadata keys that are notes on the prices
_HTTP_URL = re.compile(r"^https?://\S+$")
_DEPRECATION = ("deprecation_date", "deprecation_source", "successor_model")


def price_key(field: str) -> tuple[str, int | None, str | None] | None:
    """(pricecomp concept, threshold in tokens or None, price condition or None) of a per-token
    price field, or None for any other field."""
    match = _PRICE_KEY.match(field)
    if match is None:
        return None
    above = match["above"] and int(match["above"]) * (1000 if match["k"] else 1)
    return _COMPONENTS[match["base"]], above or None, _CONDITIONS.get(match["condition"])


def per_million(value) -> Decimal:
    """USD per token -> USD per 1M tokens, exactly: the decimal point moves six places."""
    return Decimal(value).scaleb(6)


def load() -> tuple[dict, str]:
    """The model map of the pinned snapshot (datasets/litellm/), numbers as int or Decimal, and
    the version of the wheel it was taken from."""
    return read_json_snapshot(IMPORTER, "model entries")


def convert(raw: dict, version: str, retrieved: date) -> Conversion:
    conversion, source = start(NAME, PACKAGE, TITLE, URL, MIT, retrieved, version)
    mint = Minter(NAME)
    entries = {key: entry for key, entry in raw.items() if key != "sample_spec" and isinstance(entry, dict)}
    conversion.unmapped.update("entry that is not an object" for key, entry in raw.items()
                               if key != "sample_spec" and not isinstance(entry, dict))
    models: dict[str, NamedNode] = {}
    for key, entry in sorted(entries.items()):
        mode = entry.get("mode")
        if "alias_of" in entry:
            continue
        provider = entry.get("litellm_provider")
        if not isinstance(mode, str) or not isinstance(provider, str) or not provider:
            conversion.unmapped["entry without a mode or provider (not converted)"] += 1
        elif mode not in MODEL_MODES:
            conversion.unmapped[f"entry of mode {mode} (not a model; not converted)"] += 1
        else:
            models[key] = mint("model", provider, key)
    for key in sorted(models):
        _Entry(conversion, mint, source, key, entries, models).convert()
    for key, entry in sorted(entries.items()):
        if "alias_of" in entry:
            _convert_alias(conversion, mint, source, key, entry, models)
    return finish(conversion, source)


class _Entry:
    """One entry of a model mode: its Model, Offering, prices and retirement."""

    def __init__(self, conversion: Conversion, mint: Minter, source: NamedNode, key: str, entries: dict,
                 models: dict[str, NamedNode]):
        self.conversion, self.graph, self.mint, self.source = conversion, conversion.graph, mint, source
        self.key, self.entry, self.entries, self.models = key, entries[key], entries, models
        self.provider = self.entry["litellm_provider"]
        self.node = models[key]

    def unmapped(self, name: str) -> None:
        self.conversion.unmapped[name] += 1

    def convert(self) -> None:
        graph, entry = self.graph, self.entry
        platform = self.mint("platform", self.provider)
        if (platform, RDF.type, ATLAS.Platform) not in graph:
            sourced(graph, platform, ATLAS.Platform, self.source)
            graph.add((platform, SDO.name, literal(self.provider)))
            graph.add((platform, SDO.identifier, literal(self.provider)))
        sourced(graph, self.node, ATLAS.Model, self.source)
        graph.add((self.node, SDO.name, literal(self.key)))
        graph.add((self.node, SDO.identifier, literal(self.key)))
        graph.add((self.node, SDO.applicationCategory, literal(entry["mode"])))
        self.offering = sourced(graph, self.mint("offering", self.provider, self.key), ATLAS.Offering, self.source)
        graph.add((self.offering, SDO.itemOffered, self.node))
        graph.add((self.offering, ATLAS.platform, platform))
        for field, value in sorted(entry.items()):
            self.field(field, value)
        if "deprecation_date" in entry:
            self.retirement()
        else:
            for field in _DEPRECATION[1:]:
                if field in entry:
                    self.unmapped(f"{field} (without a deprecation_date)")
        if "tiered_pricing" in entry:
            self.tiers(entry["tiered_pricing"])

    def field(self, field: str, value) -> None:
        graph, node = self.graph, self.node
        if field in ("litellm_provider", "mode", "tiered_pricing", *_DEPRECATION):
            return  # stated above, or below with the fields they go with
        if field in _LIMITS and is_number(value):
            graph.add((node, _LIMITS[field], literal(int(value))))
        elif field in _FEATURES or field in _CAPABILITIES or field in _MODALITY_FLAGS:
            self.flag(field, value)
        elif field in _MODALITY_LISTS and isinstance(value, list):
            for modality in value:
                if isinstance(modality, str) and modality in _MODALITIES:
                    graph.add((node, _MODALITY_LISTS[field], iri(PREFIXES["modality"] + modality)))
                else:
                    self.unmapped(f"{field}: {modality}")
        elif price_key(field) is not None and is_number(value):
            self.price(field, value)
        elif field == "input_cost_per_token_cache_hit" and value == self.entry.get("cache_read_input_token_cost"):
            self.unmapped(f"{field} (repeats cache_read_input_token_cost)")
        elif field == "source" and isinstance(value, str):
            if _HTTP_URL.match(value):
                graph.add((self.offering, SDO.url, literal(value, datatype=XSD.anyURI)))
            else:
                graph.add((self.offering, SKOS.note, literal(value)))
        elif field == "comment" and isinstance(value, str):
            graph.add((self.offering, SKOS.note, literal(value)))
        elif field == "metadata" and isinstance(value, dict):
            for key, note in sorted(value.items()):
                if key in _NOTES and isinstance(note, str):
                    graph.add((self.offering, SKOS.note, literal(note)))
                else:
                    self.unmapped(f"metadata.{key}")
        else:
            self.unmapped(field)

    def flag(self, field: str, value) -> None:
        if value is not True:
            self.unmapped(f"{field} ({json.dumps(value, default=str)})")
        elif field in _FEATURES:
            self.graph.add((self.node, ATLAS.feature, iri(PREFIXES["feature"] + _FEATURES[field])))
        elif field in _CAPABILITIES:
            self.graph.add((self.node, ATLAS.capability, iri(PREFIXES["capability"] + _CAPABILITIES[field])))
        else:
            prop, modality = _MODALITY_FLAGS[field]
            self.graph.add((self.node, prop, iri(PREFIXES["modality"] + modality)))

    def price(self, field: str, value, *, above: int | None = None) -> NamedNode:
        key = price_key(field)
        assert key is not None  # called for price fields only
        component, field_above, condition = key
        above = above if above is not None else field_above
        labels = [component, *([f"above-{above}"] if above else []),
                  *([condition.split("=")[1]] if condition else [])]
        node = self.mint("price", self.provider, self.key, *labels)
        if (node, RDF.type, SDO.UnitPriceSpecification) in self.graph:  # tiered_pricing and an _above_ say it
            self.unmapped(f"{field} (a second price for {' '.join(labels)})")
            return node
        add_price(self.graph, node, component, per_million(value), self.source, above_tokens=above,
                  condition=condition)
        self.graph.add((self.offering, SDO.priceSpecification, node))
        return node

    def tiers(self, tiers) -> None:
        """tiered_pricing: [{"range": [start, end], "input_cost_per_token": ...}, ...]. A range from 0
        holds the base prices; a later one, prices above its start. The last range's end is the
        largest prompt priced, which has no home."""
        if not isinstance(tiers, list):
            self.unmapped("tiered_pricing (not a list)")
            return
        for tier in tiers:
            bounds = tier.get("range") if isinstance(tier, dict) else None
            if not (isinstance(bounds, list) and len(bounds) == 2 and all(map(is_number, bounds))):
                self.unmapped("tiered_pricing (a tier without a token range)")
                continue
            start = int(bounds[0])
            for field, value in sorted(tier.items()):
                if field == "range":
                    continue
                parsed = price_key(field)
                if parsed is None or parsed[1:] != (None, None) or not is_number(value):
                    self.unmapped(f"tiered_pricing.{field}")
                elif start == 0 and field in self.entry:
                    same = Decimal(self.entry[field]) == Decimal(value)
                    self.unmapped(f"tiered_pricing.{field} from 0 ({'repeats' if same else 'differs from'} {field})")
                else:
                    self.price(field, value, above=start or None)
        if tiers:
            self.unmapped("tiered_pricing (end of the last range)")

    def retirement(self) -> None:
        graph, entry = self.graph, self.entry
        try:
            when = date_literal(str(entry["deprecation_date"]))
        except ValueError:
            when = None
        if when is None or when.datatype != XSD.date:
            self.conversion.unmapped.update(f"{field} (deprecation_date is not a day)" for field in _DEPRECATION
                                            if field in entry)
            return
        graph.add((self.offering, SDO.availabilityEnds, when))
        event = sourced(graph, self.mint("event", self.provider, self.key, "retirement"), ATLAS.LifecycleEvent,
                        self.source)
        graph.add((event, ATLAS.eventType, iri(PREFIXES["eventtype"] + "retirement")))
        graph.add((event, ATLAS.aboutModel, self.node))
        graph.add((event, ATLAS.platform, self.mint("platform", self.provider)))
        graph.add((event, DCTERMS.date, when))
        page = entry.get("deprecation_source")
        if isinstance(page, str) and _HTTP_URL.match(page):
            graph.add((event, SDO.url, literal(page, datatype=XSD.anyURI)))
        elif page is not None:
            self.unmapped("deprecation_source (not a URL)")
        if "successor_model" in entry:
            successor = self.successor(str(entry["successor_model"]))
            if successor is None:
                self.unmapped("successor_model (names no model entry of the map)")
            else:
                graph.add((event, DCTERMS.isReplacedBy, successor))

    def successor(self, name: str) -> NamedNode | None:
        """The model a successor name means: at this entry's prefix (`azure_ai/` for
        `azure_ai/Phi-4`), as written, or at this entry's provider; through an alias."""
        prefix = self.key.rsplit("/", 1)[0] if "/" in self.key else None
        for candidate in ([f"{prefix}/{name}"] if prefix else []) + [name, f"{self.provider}/{name}"]:
            target = self.entries.get(candidate, {}).get("alias_of", candidate)
            if target in self.models:
                return self.models[target]
        return None


def _convert_alias(conversion: Conversion, mint: Minter, source: NamedNode, key: str, entry: dict,
                   models: dict[str, NamedNode]) -> None:
    target = entry["alias_of"]
    if not isinstance(target, str) or target not in models:
        conversion.unmapped["alias_of (names no model entry of the map)"] += 1
        return
    graph = conversion.graph
    node = sourced(graph, mint("alias", key), ATLAS.AliasAssignment, source)
    graph.add((node, ATLAS.alias, literal(key)))
    graph.add((node, ATLAS.pointsTo, models[target]))
    conversion.unmapped.update(f"{field} (of an alias)" for field in entry if field != "alias_of")


IMPORTER = Importer(NAME, TITLE, PACKAGE, MIT, load, convert, snapshot_file=DATA_FILE,
                    attribution="Berri AI and the LiteLLM contributors (MIT License, Copyright (c) 2023 Berri AI)")

__all__ = ["IMPORTER", "MODEL_MODES", "per_million", "price_key"]
