"""Preferred values: every atlas model states, for each model-level property it does not state
itself, the well-formed values of its developer's own platform where that states the property,
else the value most of its records agree on (see `choose`), the way Wikidata's truthy statements
give the preferred value. So a question about models reads one value per model
(`?model atlas:contextWindowTokens ?context`), a curated value always wins, and one reseller's
slip (a 144,000-token cap given as a context window) never becomes the model's.

The values are written in `graph/atlas/preferred` and marked as inferred: an `atlas:Inference`
per model and record (rule `inferencerule:preferred-value`) names the properties taken from the
record, the record and its source. Every dataset's own value stays on its record, so a query can
still show them all (`dataset-views`); leaving inferred facts out leaves these out too."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from typing import cast
from urllib.parse import quote

import pyoxigraph as ox

from atlaskg.link.resolution import Outcome
from atlaskg.names.namespaces import ATLAS, GRAPH, PREFIXES
from atlaskg.store import Catalog

PREFERRED_GRAPH = str(GRAPH["atlas/preferred"])
RULE = PREFIXES["inferencerule"] + "preferred-value"
_SDO, _XSD = "https://schema.org/", "http://www.w3.org/2001/XMLSchema#"
POSITIVE_COUNTS = [str(ATLAS.contextWindowTokens), str(ATLAS.maxInputTokens), str(ATLAS.maxOutputTokens)]
DATES = [_SDO + "datePublished", str(ATLAS.knowledgeCutoff)]
CONCEPTS = [str(ATLAS.inputModality), str(ATLAS.outputModality), str(ATLAS.feature), str(ATLAS.capability),
            str(ATLAS.weights), _SDO + "isPartOf"]
PROPERTIES = POSITIVE_COUNTS + DATES + CONCEPTS
MULTI_VALUED = {str(ATLAS.inputModality), str(ATLAS.outputModality), str(ATLAS.feature), str(ATLAS.capability)}

_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")


def preferred_quads(catalog: Catalog, ranked: dict[str, list[Outcome]]) -> list[ox.Quad]:
    """The preferred values of every resolved model (`ranked`: model -> its records, best first),
    with their markers; read before these quads are added."""
    record_of = {outcome.entry.iri: (model, outcome) for model, records in ranked.items() for outcome in records}
    own: set[tuple[str, str]] = set()
    stated: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))  # record -> values
    for prop in PROPERTIES:
        for quad in catalog.quads_with(prop):
            # cast: pyoxigraph 0.5's stub still types a subject as possibly a Triple, which its runtime refuses
            subject = cast("ox.NamedNode | ox.BlankNode", quad.subject).value
            if subject in ranked:
                own.add((subject, prop))
            elif subject in record_of and well_formed(prop, quad.object):
                stated[(record_of[subject][0], prop)][subject].add(quad.object)
    graph = ox.NamedNode(PREFERRED_GRAPH)
    quads: list[ox.Quad] = []
    taken: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (model, prop), by_record in sorted(stated.items()):
        if (model, prop) in own:
            continue
        order = [o.entry.iri for o in ranked[model] if o.entry.iri in by_record]
        for value, record in choose(prop, order, by_record, [record_of[r][1].own_platform for r in order]):
            quads.append(ox.Quad(ox.NamedNode(model), ox.NamedNode(prop), value, graph))
            if prop not in taken[(model, record)]:
                taken[(model, record)].append(prop)
    for (model, record), properties in sorted(taken.items()):
        quads += _marker(model, record, properties, record_of[record][1].entry.source, graph)
    return quads


def choose(prop: str, order: list[str], by_record: dict[str, set], own: list[bool]) -> list[tuple]:
    """(value, the best-ranked record stating it) of a model's preferred values of `prop`, from
    its records stating it (`order`: best first; `own`: which are its developer's own platform).
    The developer's own platform decides where it states the property; else a value most records
    state (best rank on a tie), and for a property with several values (modalities, features)
    each value more than half of them state, so one reseller's slip is never preferred. Where no
    value has a majority, the best-ranked record's values."""
    if any(own):
        first = order[own.index(True)]
        return [(value, first) for value in sorted(by_record[first], key=str)]
    first_stating: dict[object, str] = {}  # value -> the best-ranked record stating it
    counts: Counter = Counter()
    for record in order:
        for value in by_record[record]:
            counts[value] += 1
            first_stating.setdefault(value, record)
    if prop in MULTI_VALUED:
        chosen = sorted((v for v, n in counts.items() if 2 * n > len(order)), key=str)
        if not chosen:
            chosen = sorted(by_record[order[0]], key=str)
    else:
        chosen = [max(counts, key=lambda v: (counts[v], -order.index(first_stating[v])))]
    return [(value, first_stating[value]) for value in chosen]


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
    pattern = {"gYearMonth": _YEAR_MONTH, "gYear": _YEAR}.get(kind)
    return bool(pattern and pattern.match(value.value))


def _marker(model: str, record: str, properties: list[str], source: str, graph) -> list[ox.Quad]:
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
    return quads + [ox.Quad(node, ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), ox.NamedNode(source), graph)]
