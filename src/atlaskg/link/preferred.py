"""Preferred values: every atlas model states, for each model-level property it does not state
itself, the values of its best-ranked record that states the property well-formed (the
developer's own platform first, then models.dev, genai-prices, LiteLLM: `atlas:recordRank`), the
way Wikidata's truthy statements give the best-ranked value. So a question about models reads one
value per model (`?model atlas:contextWindowTokens ?context`), and a curated value always wins.

The values are written in `graph/atlas/preferred` and marked as inferred: an `atlas:Inference`
per model and record (rule `inferencerule:preferred-value`) names the properties taken from the
record, the record and its source. Every dataset's own value stays on its record, so a query can
still show them all (`dataset-views`); leaving inferred facts out leaves these out too."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from urllib.parse import quote

import pyoxigraph as ox

from atlaskg.namespaces import ATLAS, GRAPH, PREFIXES
from atlaskg.query import run
from atlaskg.store import Catalog

PREFERRED_GRAPH = str(GRAPH["atlas/preferred"])
RULE = PREFIXES["inferencerule"] + "preferred-value"
_SDO, _XSD = "https://schema.org/", "http://www.w3.org/2001/XMLSchema#"
POSITIVE_COUNTS = [str(ATLAS.contextWindowTokens), str(ATLAS.maxInputTokens), str(ATLAS.maxOutputTokens)]
DATES = [_SDO + "datePublished", str(ATLAS.knowledgeCutoff)]
CONCEPTS = [str(ATLAS.inputModality), str(ATLAS.outputModality), str(ATLAS.feature), str(ATLAS.capability),
            str(ATLAS.weights), _SDO + "isPartOf"]
PROPERTIES = POSITIVE_COUNTS + DATES + CONCEPTS

_VALUES = "VALUES ?property { " + " ".join(f"<{p}>" for p in PROPERTIES) + " }"
_RECORD_VALUES = f"""PREFIX atlas: <https://w3id.org/atlaskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?model ?record ?rank ?source ?property ?value WHERE {{
  {_VALUES}
  ?model skos:exactMatch ?record . ?record atlas:recordRank ?rank ; ?property ?value .
  OPTIONAL {{ ?record prov:wasDerivedFrom ?source }}
}}"""
_OWN_PROPERTIES = f"""PREFIX atlas: <https://w3id.org/atlaskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?model ?property WHERE {{
  {_VALUES}
  {{ SELECT DISTINCT ?model WHERE {{ ?model skos:exactMatch ?record . ?record atlas:recordRank ?rank }} }}
  ?model ?property ?value .
}}"""
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")


def preferred_quads(catalog: Catalog) -> list[ox.Quad]:
    """The preferred values of every resolved model, with their markers (run once the
    resolution links are in the catalogue, before these quads are)."""
    own = {(model.value, prop.value) for model, prop in run(catalog, _OWN_PROPERTIES).rows}
    candidates: dict[tuple[str, str], dict[int, list]] = defaultdict(lambda: defaultdict(list))
    sources: dict[str, str] = {}
    for model, record, rank, source, prop, value in run(catalog, _RECORD_VALUES).rows:
        if (model.value, prop.value) in own or not well_formed(prop.value, value):
            continue
        candidates[(model.value, prop.value)][int(rank.value)].append((record.value, value))
        if source is not None:
            sources[record.value] = source.value
    graph = ox.NamedNode(PREFERRED_GRAPH)
    quads, taken = [], defaultdict(list)
    for (model, prop), by_rank in sorted(candidates.items()):
        best = by_rank[min(by_rank)]
        quads += [ox.Quad(ox.NamedNode(model), ox.NamedNode(prop), value, graph) for _, value in best]
        taken[(model, best[0][0])].append(prop)
    for (model, record), properties in sorted(taken.items()):
        quads += _marker(model, record, properties, sources.get(record), graph)
    return quads


def well_formed(prop: str, value) -> bool:
    """Whether a record's value may stand for its model: the shapes' own rules (a count above
    zero, a real date, a concept), so that a source's slip stays a finding on its record."""
    if prop in CONCEPTS:
        return isinstance(value, ox.NamedNode)
    if not isinstance(value, ox.Literal):
        return False
    if prop in POSITIVE_COUNTS:
        return value.datatype.value == _XSD + "integer" and value.value.isdigit() and int(value.value) > 0
    kind = value.datatype.value.removeprefix(_XSD)
    if kind == "date":
        try:
            return date.fromisoformat(value.value).isoformat() == value.value
        except ValueError:
            return False
    return bool((kind == "gYearMonth" and _YEAR_MONTH.match(value.value)) or (kind == "gYear" and _YEAR.match(value.value)))


def _marker(model: str, record: str, properties: list[str], source: str | None, graph) -> list[ox.Quad]:
    """One atlas:Inference: these properties of the model are taken from this record. Named by
    the model and the record, so the same choice keeps the same IRI from build to build."""
    local = model.removeprefix(PREFIXES["model"])
    origin = record.removeprefix(PREFIXES["model"].replace("model/", "ext/"))
    node = ox.NamedNode(f"{PREFIXES['inference']}preferred--{quote(local, safe='%')}--{quote(origin, safe='%')}")
    quads = [ox.Quad(node, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(ATLAS.Inference), graph),
             ox.Quad(node, ox.NamedNode(ATLAS.inferenceRule), ox.NamedNode(RULE), graph),
             ox.Quad(node, ox.NamedNode(ATLAS.evidenceFor), ox.NamedNode(model), graph),
             ox.Quad(node, ox.NamedNode(ATLAS.inferredFrom), ox.NamedNode(record), graph)]
    quads += [ox.Quad(node, ox.NamedNode(ATLAS.evidenceProperty), ox.NamedNode(p), graph) for p in properties]
    if source is not None:
        quads.append(ox.Quad(node, ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), ox.NamedNode(source), graph))
    return quads
