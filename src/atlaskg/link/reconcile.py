"""Reconciliation: for every mapped pair (an atlaskg model and a model of an external dataset),
compare each fact both sides can state and report agree / disagree / only on one side, with
both values and both sources. A disagreement is reported, never resolved by overwriting."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from rdflib import Graph
from rdflib.namespace import PROV, SDO, SKOS
from rdflib.term import Node

from atlaskg.names.namespaces import ATLAS, PREFIXES
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog, compact

MATCH_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
_COMPARED_PRICES = ("input", "output", "cached-input")
_PRICE = PREFIXES["pricecomp"]
# models.dev states these booleans for every model: its silence means "no"
_CLOSED_WORLD_FEATURES = {"models-dev": ("tool-use",)}


@dataclass(frozen=True)
class Comparison:
    model: str
    dataset: str
    external: str
    match: str
    fact: str
    atlas_value: str
    external_value: str
    verdict: str
    atlas_source: str
    external_source: str

    def as_dict(self) -> dict:
        return asdict(self)


def reconcile(catalog: Catalog, dataset: str | None = None) -> list[Comparison]:
    """Compare every mapped pair present in the catalogue (optionally of one dataset only)."""
    graph, names = run(catalog, internal_query("link-mapped-facts").text).graph(), concept_names(catalog)
    triples = Triples((str(s), str(p), str(o)) for s, p, o in graph)
    rows: list[Comparison] = []
    for predicate in MATCH_PREDICATES:
        for ours, theirs in sorted(graph.subject_objects(predicate)):
            name = dataset_of(theirs)
            if name is None or (dataset and name != dataset) or (theirs, None, None) not in graph:
                continue
            rows += _compare(graph, triples, ours, theirs, name, compact(predicate), names)
    return rows


def concept_names(catalog: Catalog) -> dict[str, str]:
    """concept IRI -> the name it is compared by. Concepts the vocabularies match (skos:exactMatch
    or skos:closeMatch: two sources' names for one kind of thing, such as models.dev's `pdf` and
    the seed's `documents`) share one name, `pdf ≈ documents`: a naming difference, not a
    disagreement."""
    groups: dict[str, set[str]] = {}
    for concept, match in run(catalog, internal_query("link-concept-matches").text).rows:
        group = groups.get(concept.value, {concept.value}) | groups.get(match.value, {match.value})
        for member in group:
            groups[member] = group
    return {member: " ≈ ".join(sorted(m.rsplit("/", 1)[-1] for m in group)) for member, group in groups.items()}


def dataset_of(iri: Node) -> str | None:
    """'models-dev' for <BASE>ext/models-dev/..., None for other IRIs."""
    prefix = PREFIXES["model"].replace("model/", "ext/")
    return str(iri)[len(prefix):].split("/", 1)[0] if str(iri).startswith(prefix) else None


def _compare(graph: Graph, triples: Triples, ours, theirs, dataset: str, match: str,
             names: dict[str, str]) -> list[Comparison]:
    mine, other = facts(triples, ours, names), facts(triples, theirs, names)
    for feature in _CLOSED_WORLD_FEATURES.get(dataset, ()):
        other.setdefault(f"feature {feature}", {"no"})
    label = str(graph.value(ours, SDO.name) or compact(ours))
    sources = (_sources(graph, ours), _sources(graph, theirs))
    rows = []
    for fact in sorted(set(mine) | set(other)):
        a, b = mine.get(fact, set()), other.get(fact, set())
        if not a:
            if fact.startswith("feature"):
                continue  # we record features where a source states them; silence is not "no"
            verdict = f"only in {dataset}"
        elif not b:
            verdict = "only in atlaskg"
        else:
            verdict = "agree" if same_values(a, b) else "disagree"
        rows.append(Comparison(label, dataset, compact(theirs), match, fact, _show(a), _show(b), verdict,
                               *sources))
    return rows


class Triples:
    """Triples as plain strings (IRIs, blank node ids, lexical forms), indexed both ways: what
    `facts` reads, for a graph of hundreds of thousands of triples read straight from the store,
    where building an rdflib Graph took four fifths of comparing the datasets."""

    def __init__(self, triples) -> None:
        self._forward: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s, p, o in triples:
            self._forward[(s, p)].append(o)
        # predicate -> object -> subjects, made for the predicates `subjects` is asked about (one, of
        # the hundreds of thousands of triples' predicates: indexing all both ways cost a second)
        self._backward: dict[str, dict[str, list[str]]] = {}

    def objects(self, subject, predicate) -> list[str]:
        return self._forward.get((str(subject), str(predicate)), [])

    def subjects(self, predicate, obj) -> list[str]:
        predicate = str(predicate)
        if predicate not in self._backward:
            index = self._backward[predicate] = defaultdict(list)
            for (subject, stated), objects in self._forward.items():
                if stated == predicate:
                    for value in objects:
                        index[value].append(subject)
        return self._backward[predicate].get(str(obj), [])

    def value(self, subject, predicate) -> str | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def __contains__(self, triple: tuple) -> bool:
        s, p, _ = triple  # the only question facts asks: does the subject state the predicate
        return bool(self.objects(s, p))


# The properties `facts` reads (and nothing else of a graph), as the strings Triples holds: naming
# them by an rdflib namespace made a new term on each read, a tenth of comparing the datasets.
_P = {str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]: str(term) for term in (
    ATLAS.contextWindowTokens, ATLAS.maxOutputTokens, ATLAS.knowledgeCutoff, SDO.datePublished, ATLAS.inputModality,
    ATLAS.outputModality, ATLAS.weights, ATLAS.feature, SDO.itemOffered, SDO.priceSpecification, ATLAS.priceComponent,
    SDO.referenceQuantity, SDO.value, SDO.price, SDO.priceCurrency, ATLAS.appliesAboveTokens, ATLAS.priceCondition,
    SDO.validThrough)}
_STATED = ((_P["contextWindowTokens"], "context window (tokens)"), (_P["maxOutputTokens"], "max output (tokens)"),
           (_P["knowledgeCutoff"], "knowledge cutoff"), (_P["datePublished"], "release date"))
_MODALITIES = ((_P["inputModality"], "input modalities"), (_P["outputModality"], "output modalities"))
_NOT_LIST_PRICE = (_P["appliesAboveTokens"], _P["priceCondition"], _P["validThrough"])  # a tier, a condition, closed
FACT_PROPERTIES = tuple(_P.values())


def facts(graph: Triples, model: str, names: dict[str, str]) -> dict[str, set]:
    """The comparable facts of a model, as sets of normalised values keyed by fact name; concepts
    by their `names` (concept_names) where they have one."""
    found: dict[str, set] = {}

    def put(key, value):
        found.setdefault(key, set()).add(value)

    for prop, key in _STATED:
        for value in graph.objects(model, prop):
            put(key, str(value))
    for prop, key in _MODALITIES:
        values = {names.get(str(v), str(v).rsplit("/", 1)[-1]) for v in graph.objects(model, prop)}
        if values:
            put(key, ", ".join(sorted(values)))
    for value in graph.objects(model, _P["weights"]):
        put("weights", str(value).rsplit("/", 1)[-1])
    for value in graph.objects(model, _P["feature"]):
        put(f"feature {str(value).rsplit('/', 1)[-1]}", "yes")
    for offering in graph.subjects(_P["itemOffered"], model):
        for spec in graph.objects(offering, _P["priceSpecification"]):
            component = str(graph.value(spec, _P["priceComponent"]) or "")[len(_PRICE):]
            if component in _COMPARED_PRICES and _current_list_price(graph, spec):
                per = graph.value(graph.value(spec, _P["referenceQuantity"]), _P["value"])
                price = Decimal(str(graph.value(spec, _P["price"]))) * 1_000_000 / Decimal(str(per))
                currency = graph.value(spec, _P["priceCurrency"])
                put(f"price {component} per 1M tokens", f"{price.normalize():f} {currency}")
    return found


def _current_list_price(graph: Triples, spec: str) -> bool:
    """A standard price: no tier, no request condition, not closed by a later price."""
    return not any((spec, p, None) in graph for p in _NOT_LIST_PRICE)


def same_values(a: set, b: set) -> bool:
    """Equal, dates compared at the coarser of the two precisions (2024-06-01 vs 2024-06)."""
    if a == b:
        return True
    if len(a) == len(b) == 1:
        x, y = next(iter(a)), next(iter(b))
        if _is_date(x) and _is_date(y):
            width = min(len(x), len(y))
            return x[:width] == y[:width]
    return False


def _is_date(text: str) -> bool:
    return len(text) in (4, 7, 10) and text[:4].isdigit() and text[4:5] in ("", "-")


def _show(values: set) -> str:
    return " | ".join(sorted(values))


def _sources(graph: Graph, node) -> str:
    return " | ".join(sorted(compact(s) for s in graph.objects(node, PROV.wasDerivedFrom)))
