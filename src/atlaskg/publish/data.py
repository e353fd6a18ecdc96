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
from atlaskg.core.errors import OutputError
from atlaskg.names.namespaces import BASE, PREFIXES
from atlaskg.publish.jsonld import ModelGraphs, model_graphs, restored
from atlaskg.query import Result, get_named_query, internal_query, run, run_named, to_terms
from atlaskg.store import Catalog

RDF_TYPE = PREFIXES["rdf"] + "type"
ATLAS, SDO, SKOS, DCT, PROV, DQV, RDFS = (
    PREFIXES[p] for p in ("atlas", "schema", "skos", "dcterms", "prov", "dqv", "rdfs"))
LABEL_PREDICATES = (SDO + "name", SKOS + "prefLabel", DCT + "title", RDFS + "label")

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


# A page's name is a file name on every system the site is copied to: no separator or leading dot,
# none of the names Windows keeps for devices (`con.html` opens the console there), not `index`
# (each folder's listing), short enough for Windows' 260-character paths, and distinct from its
# neighbours' once case is ignored (macOS and Windows: `GPT-4.1.html` is `gpt-4.1.html`).
PAGE_FOLDERS = {"models": "model", "benchmarks": "benchmark", "platforms": "platform", "sources": "source"}
_LONGEST_NAME = 100  # with the digest of a colliding name and `.jsonld`, under 120 characters
_RESERVED = {"index", "con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WORDS = re.compile(r"[-_]")


def readable_name(iri: str, kind: str) -> str:
    """An entity's own name, made a safe file name: the IRI's local name under `<BASE><kind>/`
    (`gpt-4.1-2025-04-14`), else its path after the base (`ext/`, a URL's scheme and `www.` left
    out: `models-dev-cited-huggingface.co-Qwen-Qwen3.5-27B`); what a file name cannot hold
    (an escaped `:`, a `/`) becomes `-`; a long name is cut where a word ends, never inside one."""
    named = iri.split("://", 1)[-1]
    if iri.startswith(BASE):
        named = iri[len(BASE):].removeprefix(kind + "/").removeprefix("ext/")
    named = re.sub(r"(^|/)(https?:/+)?(www\.)?", r"\1", unquote(named))
    name = _UNSAFE.sub("-", named).strip("-._")
    if len(name) > _LONGEST_NAME:
        ends = [word.start() for word in _WORDS.finditer(name, 1, _LONGEST_NAME + 1)]
        name = name[:ends[-1] if ends else _LONGEST_NAME].rstrip("-._")
    return name or kind


def page_names(iris, kind: str) -> dict[str, str]:
    """IRI -> the file name (without suffix) of its page in one folder: its readable name, alone
    when no other page of the folder has that name in any case. Where several do, the one whose
    IRI ends in exactly that name (`<BASE>model/<name>`; of several, the one in lower case, as the
    atlas mints them) keeps it, and every other takes a digest of its IRI
    (`openai--ft-gpt-3.5-turbo-75ef8aa347` beside `openai--ft-gpt-3.5-turbo-dbd7cde2d0`).
    A name thus depends on the folder's other entities only where they collide: an IRI's name
    stays the same from build to build unless an entity of the same readable name appears or
    goes; one whose local name is its file name keeps it always. A name given only by a digest
    would be stable whatever appears, and unreadable on every page that needs no digest."""
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for iri in iris:
        name = readable_name(iri, kind)
        by_name[name.lower()].append((iri, name))
    names: dict[str, str] = {}
    for folded, group in by_name.items():
        exact = [iri for iri, name in group if iri == f"{BASE}{kind}/{name}"]
        keeper = next((iri for iri in exact if len(exact) == 1 or iri == f"{BASE}{kind}/{folded}"), None)
        for iri, name in group:
            alone = folded not in _RESERVED and (len(group) == 1 or iri == keeper)
            names[iri] = name if alone else f"{name}-{hashlib.sha256(iri.encode()).hexdigest()[:10]}"
    taken: dict[str, str] = {}
    for iri, name in sorted(names.items()):
        if name.lower() in taken:  # only an entity minted to spell another's name and digest
            raise OutputError(f"the pages of {taken[name.lower()]} and {iri} would both be named {name}")
        taken[name.lower()] = iri
    return names


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
    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # folder -> node -> its page's name

    def href(self, folder: str, node: str, root: str) -> str:
        """The link to a node's page in one of `PAGE_FOLDERS` from a page `root` below the site's."""
        return f"{root}{folder}/{self.pages[folder][node]}.html"


def gather(catalog: Catalog, report: Report, progress=lambda message: None,
           price_disagreements: Result | None = None) -> SiteData:
    """Read everything the site shows: a fixed number of queries, whatever the catalogue's size.
    `price_disagreements`, the answer of that query when the caller has it (the build writes it
    too: asking again took ~9 s of a build with the site)."""
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
    result = price_disagreements or run_named(catalog, "price-disagreements", timeout=None, max_rows=None)
    data.price_disagreements = [dict(zip(result.variables, row)) for row in result.rows]
    progress("reading scores against prices")
    data.price_performance = price_performance(catalog, sorted({row.benchmark for row in results.values()}))
    for model in data.models:  # a node's page: the model it is about (sources have pages of their own)
        for node in sorted(graphs.members[model]):
            data.home.setdefault(node, model)
    for model in data.models:
        data.home[model] = model
    data.pages = {folder: page_names(data.models if kind == "model" else entities.get(ATLAS + kind.title(), ()), kind)
                  for folder, kind in PAGE_FOLDERS.items()}
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
