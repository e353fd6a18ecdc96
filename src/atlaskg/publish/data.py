"""What the website shows, read from the catalogue in one pass: a handful of SPARQL queries over the
whole catalogue (never one per page) and the triples of the nodes the pages describe, with the
lexical forms the sources printed. Pages are then rendered from these plain Python indexes."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

import pyoxigraph as ox

from atlaskg.check.shacl import Finding, Report
from atlaskg.names.namespaces import BASE, PREFIXES
from atlaskg.publish.jsonld import ModelGraphs, model_graphs, restored
from atlaskg.query import get_named_query, internal_query, run, run_named, to_terms
from atlaskg.store import Catalog

RDF_TYPE = PREFIXES["rdf"] + "type"
ATLAS, SDO, SKOS, DCT, PROV, DQV, RDFS = (
    PREFIXES[p] for p in ("atlas", "schema", "skos", "dcterms", "prov", "dqv", "rdfs"))
LABEL_PREDICATES = (SDO + "name", SKOS + "prefLabel", DCT + "title", RDFS + "label")
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LONGEST_PLAIN = 120  # a page's file name, with its .html, .ttl or .jsonld, stays far below 255 bytes

_SCORES = (DQV + "value", SDO + "minValue", SDO + "maxValue", DCT + "date", ATLAS + "valueQualifier",
           PROV + "wasDerivedFrom", PROV + "hadPrimarySource")


class Facts:
    """Triples indexed both ways: node -> predicate -> values, and object -> predicate -> subjects."""

    def __init__(self, same_as: dict[str, ox.NamedNode] | None = None):
        self.out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.same_as = same_as or {}  # a dataset's node -> the atlas's (one platform per provider)

    def add(self, triples) -> None:
        for subject, predicate, obj in triples:
            node = key(subject)
            obj = self.same_as.get(obj.value, obj) if isinstance(obj, ox.NamedNode) else obj
            values = self.out[node][predicate.value]
            if obj not in values:
                values.append(obj)
                if not isinstance(obj, ox.Literal):
                    self.into[key(obj)][predicate.value].append(node)

    def values(self, node: str, predicate: str) -> list:
        return sorted(self.out.get(node, {}).get(predicate, ()), key=str)

    def value(self, node: str, predicate: str):
        found = self.values(node, predicate)
        return found[0] if found else None

    def text(self, node: str, predicate: str) -> str:
        found = self.value(node, predicate)
        return found.value if found is not None else ""

    def links(self, node: str, predicate: str) -> list[str]:
        return [key(v) for v in self.values(node, predicate) if not isinstance(v, ox.Literal)]

    def link(self, node: str, predicate: str) -> str | None:
        found = self.links(node, predicate)
        return found[0] if found else None

    def subjects(self, predicate: str, node: str) -> list[str]:
        return sorted(set(self.into.get(node, {}).get(predicate, ())))

    def types(self, node: str) -> set[str]:
        return {key(t) for t in self.out.get(node, {}).get(RDF_TYPE, ())}

    def label(self, node: str) -> str:
        """The node's name (schema:name, skos:prefLabel, dcterms:title, rdfs:label; English first)."""
        for predicate in LABEL_PREDICATES:
            values = self.out.get(node, {}).get(predicate)
            if values:
                return sorted(values, key=lambda v: (getattr(v, "language", None) not in (None, "en"),
                                                     v.value))[0].value
        return ""

    def notation(self, node: str) -> str:
        return self.text(node, SKOS + "notation")


def key(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def slug(iri: str) -> str:
    """A file name for an entity's page: the IRI's local name where it is plain (`gpt-4.1-2025-04-14`)
    and short enough for any file system, else a readable form of the IRI with a digest that keeps
    it unique."""
    named = iri.split("://", 1)[-1]
    if iri.startswith(BASE):
        kind, _, local = iri[len(BASE):].partition("/")
        if kind and _PLAIN.match(local) and len(local) <= _LONGEST_PLAIN and not local.endswith("."):
            return local
        named = unquote(local) if kind else named  # the entity's own name (hermes-4-405b:thinking), not the base
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", named).strip("-.")[-60:].lstrip("-.")
    return f"{readable}-{hashlib.sha256(iri.encode()).hexdigest()[:10]}"


def number(term) -> Decimal | None:
    if term is None:
        return None
    try:
        return Decimal(term.value)
    except (InvalidOperation, AttributeError):
        return None


@dataclass
class ResultRow:
    """One benchmark result with what a leaderboard or a comparison shows."""

    iri: str
    model: str
    benchmark: str
    setting: str | None
    metric: str | None
    unit: str | None
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    printed: str = ""
    qualifier: str | None = None
    date: str = ""

    @property
    def group(self) -> tuple:
        """Results are comparable when benchmark, setting and metric agree."""
        return self.benchmark, self.setting or "", self.metric or ""

    @property
    def sort_value(self) -> Decimal:
        return self.value if self.value is not None else (self.high if self.high is not None else Decimal(-1))


@dataclass
class SiteData:
    """Everything the pages show."""

    facts: Facts
    graphs: ModelGraphs
    models: list[str]
    results: dict[str, ResultRow]
    by_group: dict[tuple, list[ResultRow]]
    verdicts: dict[str, dict]
    report: Report
    findings_by_focus: dict[str, list[Finding]]
    categories: dict[str, list[str]]
    entities: dict[str, set[str]] = field(default_factory=dict)  # class IRI -> nodes
    home: dict[str, str] = field(default_factory=dict)           # node -> the model page it is on
    anchored: set[str] = field(default_factory=set)              # nodes with a block of their own there
    price_performance: dict[str, list[dict]] = field(default_factory=dict)  # benchmark -> the query's rows
    condition_words: dict[str, str] = field(default_factory=dict)  # a price condition's key -> its words
    price_disagreements: list[dict] = field(default_factory=list)  # the rows of the price-disagreements query


def gather(catalog: Catalog, report: Report, progress=lambda message: None) -> SiteData:
    """Read everything the site shows: a fixed number of queries, whatever the catalogue's size."""
    progress("reading the models' graphs")
    graphs = model_graphs(catalog)
    same_as = {row[0].value: row[1]
               for row in run(catalog, internal_query("publish-same-platform").text, timeout=None, max_rows=None).rows}
    facts = Facts(same_as)
    for graph in graphs.graphs.values():
        facts.add(graph)
    progress("reading benchmarks, platforms and sources")
    entities: dict[str, set[str]] = defaultdict(set)
    for node, kind in run(catalog, internal_query("publish-site-entities").text, timeout=None, max_rows=None).rows:
        if node.value not in same_as:  # a dataset's platform is shown as the atlas's
            entities[kind.value].add(key(node))
    described = {n for nodes in entities.values() for n in nodes}
    facts.add((q.subject, q.predicate, q.object)
              for q in restored(catalog, catalog.quads_around({ox.NamedNode(n) for n in described if n[:2] != "_:"})))
    properties = {p for node in list(facts.out) for p in facts.links(node, ATLAS + "evidenceProperty")}
    facts.add((q.subject, q.predicate, q.object) for q in restored(catalog, catalog.quads_around(
        {ox.NamedNode(p) for p in properties}, predicates=[ox.NamedNode(p) for p in LABEL_PREDICATES])))  # their names
    settings = entities.get(ATLAS + "BenchmarkSetting", set())
    facts.add((q.subject, q.predicate, q.object) for q in _markers_of(catalog, settings))
    progress("reading every result")
    results = _results(catalog, facts)
    by_group: dict[tuple, list[ResultRow]] = defaultdict(list)
    for row in results.values():
        by_group[row.group].append(row)
    for rows in by_group.values():
        rows.sort(key=lambda r: (-r.sort_value, facts.label(r.model), r.iri))
    categories: dict[str, list[str]] = defaultdict(list)
    answer = run(catalog, internal_query("publish-capability-categories").text, timeout=None, max_rows=None)
    for capability, label in answer.rows:
        categories[capability.value].append(label.value)
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        findings[expand(finding.focus)].append(finding)
    data = SiteData(facts, graphs, sorted(graphs.graphs, key=lambda m: (facts.label(m).lower(), m)), results,
                    dict(by_group), _verdicts(catalog, list(graphs.graphs)), report, dict(findings), dict(categories),
                    dict(entities))
    data.condition_words = {key.value: words.value
                            for key, words in run(catalog, internal_query("publish-condition-words").text).rows}
    result = run_named(catalog, "price-disagreements", timeout=None, max_rows=None)
    data.price_disagreements = [dict(zip(result.variables, row)) for row in result.rows]
    progress("reading scores against prices")
    data.price_performance = price_performance(catalog, sorted({row.benchmark for row in results.values()}))
    for model in data.models:  # a node's page: the model it is about (sources have pages of their own)
        for node in sorted(graphs.members[model]):
            data.home.setdefault(node, model)
    for model in data.models:
        data.home[model] = model
    return data


def price_performance(catalog: Catalog, benchmarks: list[str]) -> dict[str, list[dict]]:
    """benchmark -> the rows of the price-performance query in any setting, all benchmarks in one
    evaluation: the site draws exactly what the query answers."""
    if not benchmarks:
        return {}
    named = get_named_query("price-performance")
    bindings = {p.name: to_terms(catalog, p, p.default) for p in named.params if p.default is not None}  # any, today
    bindings["benchmark"] = [ox.NamedNode(b) for b in benchmarks]
    found: dict[str, list[dict]] = defaultdict(list)
    result = run(catalog, named.text, bindings, timeout=None, max_rows=None)
    for values in result.rows:
        row = dict(zip(result.variables, values))
        found[row["benchmark"].value].append(row)
    return dict(found)


def _markers_of(catalog: Catalog, nodes) -> list[ox.Quad]:
    """The evidence and inference markers of some nodes, with the names of their rules: a
    setting's context length, read from its name, is shown as the editors' inference."""
    found = catalog.quads_around({ox.NamedNode(n) for n in nodes if n[:2] != "_:"}, incoming=True,
                                 predicates=[ox.NamedNode(ATLAS + "evidenceFor")])
    quads = restored(catalog, catalog.quads_around({q.subject for q in found}))
    rules = {q.object for q in quads if q.predicate.value == ATLAS + "inferenceRule"}
    return quads + restored(catalog, catalog.quads_around(rules, predicates=[ox.NamedNode(SKOS + "prefLabel")]))


def expand(curie: str) -> str:
    if curie.startswith("<") and curie.endswith(">"):
        return curie[1:-1]
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def _results(catalog: Catalog, facts: Facts) -> dict[str, ResultRow]:
    rows: dict[str, ResultRow] = {}
    answer = run(catalog, internal_query("publish-results").text, timeout=None, max_rows=None)
    for result, model, benchmark, setting, metric, unit in answer.rows:
        rows.setdefault(result.value, ResultRow(result.value, model.value, benchmark.value,
                                                setting.value if setting else None, metric.value if metric else None,
                                                unit.value if unit else None))
    scores = Facts()
    scores.add((q.subject, q.predicate, q.object) for q in restored(
        catalog, catalog.quads_around([ox.NamedNode(r) for r in rows], predicates=[ox.NamedNode(p) for p in _SCORES])))
    for iri, row in rows.items():
        value = scores.value(iri, DQV + "value")
        low, high = scores.value(iri, SDO + "minValue"), scores.value(iri, SDO + "maxValue")
        row.value, row.low, row.high = number(value), number(low), number(high)
        row.printed = value.value if value is not None else (f"{low.value}–{high.value}" if low and high else "")
        row.qualifier = scores.link(iri, ATLAS + "valueQualifier")
        row.date = scores.text(iri, DCT + "date")
        facts.add((ox.NamedNode(iri), ox.NamedNode(p), o) for p in (PROV + "wasDerivedFrom", PROV + "hadPrimarySource")
                  for o in scores.values(iri, p))
    return rows


_CLAIM_SUBJECTS = ("{ ?s dqv:computedOn ?model } UNION "
                   "{ ?offering schema:itemOffered ?model ; schema:priceSpecification ?s }")


def _verdicts(catalog: Catalog, models: list[str]) -> dict[str, dict]:
    """Each claim's verdict, recomputed figure and compared values (queries/model-claims.rq, run
    once for every model: with ?model left free, its subjects of claims evaluated first)."""
    if not models:
        return {}
    text = get_named_query("model-claims").text
    if _CLAIM_SUBJECTS in text:  # every model at once: the subjects first (8x faster at 2,000 models)
        answer = run(catalog, text.replace(_CLAIM_SUBJECTS, "{ SELECT ?s ?model WHERE { " + _CLAIM_SUBJECTS + " } }"),
                     timeout=None, max_rows=None)
    else:
        answer = run(catalog, text, {"model": [ox.NamedNode(m) for m in models]}, timeout=None, max_rows=None)
    verdicts: dict[str, dict] = {}
    for row in answer.rows:
        record = {name: term for name, term in zip(answer.variables, row) if term is not None}
        verdicts.setdefault(record["claim"].value, {name: term.value for name, term in record.items()})
    return verdicts
