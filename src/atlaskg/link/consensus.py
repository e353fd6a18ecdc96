"""Agreement across the atlas: for every atlas model and every provider that two datasets both
list it at, what each dataset states (limits, dates, modalities, weights, prices), compared per
property and per pair of datasets: agree, disagree, or stated by one of the two only (for the
properties both datasets have); and the largest disagreements first.

Records are compared at the same provider only (the provider's identifier in both datasets):
a provider that caps a context window or prices a model at zero under a subscription states a
fact about its offering, not a disagreement about the model. The curated records are compared
with the datasets by `atlaskg reconcile` (atlaskg.reconcile)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations

import pyoxigraph as ox

from atlaskg.link.reconcile import Triples, concept_names, facts, same_values
from atlaskg.names.namespaces import graph_origin
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog, compact


@dataclass(frozen=True)
class Disagreement:
    model: str
    provider: str
    fact: str
    first: str
    second: str
    first_value: str
    second_value: str
    first_record: str
    second_record: str
    difference: float | None  # relative, for numbers: |a - b| / max(|a|, |b|)

    def as_dict(self) -> dict:
        return asdict(self)


def compare_sources(catalog: Catalog) -> tuple[list[dict], list[Disagreement]]:
    """(per fact and pair of sources: agree, disagree, only first, only second; every
    disagreement, the largest numeric ones first)."""
    best: dict[tuple[str, str, str], tuple[int, str]] = {}  # (model, provider, dataset) -> (rank, record)
    for model, record, rank, graph, provider in run(catalog, internal_query("link-dataset-records").text).rows:
        dataset = graph_origin(graph.value)
        assert dataset is not None  # the query reads the graph/ext/ graphs only, each a dataset's
        key = (model.value, provider.value.lower(), dataset)
        best[key] = min(best.get(key, (int(rank.value), record.value)), (int(rank.value), record.value))
    graph = _StoreTriples(catalog)  # a dataset's impossible date is compared as written
    names = concept_names(catalog)
    views: dict[tuple[str, str], dict[str, tuple[str, dict]]] = defaultdict(dict)
    for (model, provider, dataset), (_, record) in best.items():
        views[(model, provider)][dataset] = (record, facts(graph, record, names))
    fields: dict[str, set[str]] = defaultdict(set)  # dataset -> the facts it states for some model
    for by_source in views.values():
        for dataset, (_, stated) in by_source.items():
            fields[dataset] |= set(stated)
    counts: Counter = Counter()
    disagreements = []
    for (model, provider), by_source in sorted(views.items()):
        for first, second in combinations(sorted(by_source), 2):
            (first_record, a), (second_record, b) = by_source[first], by_source[second]
            shared = fields[first] & fields[second]  # a field one dataset never has is not compared
            for fact in sorted(((set(a) | set(b)) & shared) - _silent_features(a, b)):
                verdict = _verdict(a.get(fact), b.get(fact))
                counts[(fact, first, second, verdict)] += 1
                if verdict == "disagree":
                    disagreements.append(Disagreement(
                        compact(model), provider, fact, first, second, " | ".join(sorted(a[fact])),
                        " | ".join(sorted(b[fact])), compact(first_record), compact(second_record),
                        _difference(a[fact], b[fact])))
    summary = [{"fact": fact, "first": first, "second": second,
                **{v: counts[(fact, first, second, v)] for v in ("agree", "disagree", "only first", "only second")}}
               for fact, first, second in sorted({k[:3] for k in counts})]
    disagreements.sort(key=lambda d: (-(d.difference or 0), d.fact, d.model, d.first, d.second))
    return summary, disagreements


class _StoreTriples(Triples):
    """The catalogue's triples read where `facts` asks for them, one pattern at a time: of the
    records' half a million triples it reads a small part (fetching them all first took four
    fifths of comparing the datasets)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(())
        self._catalog = catalog
        self._read: set[str] = set()  # the subjects whose triples are all in _forward

    def objects(self, subject, predicate) -> list[str]:
        node = str(subject)
        if node not in self._read:  # a node's triples at once: facts asks several of each
            self._read.add(node)
            for quad in self._catalog.quads_around([_term(node)]):
                found = self._forward[(node, quad.predicate.value)]
                if (value := _text(quad.object)) not in found:
                    found.append(value)
        return self._forward.get((node, str(predicate)), [])

    def subjects(self, predicate, obj) -> list[str]:
        key = (str(predicate), str(obj))
        if key not in self._backward:
            quads = self._catalog.quads_around([_term(key[1])], incoming=True, predicates=[ox.NamedNode(key[0])])
            self._backward[key] = list(dict.fromkeys(_text(q.subject) for q in quads))
        return self._backward[key]


def _text(term) -> str:
    """An IRI or a literal's lexical form as str() of the rdflib term gives it; a blank node by its id."""
    return term.value if not isinstance(term, ox.BlankNode) else f"_:{term.value}"


def _term(text: str):
    """The subject `_text` wrote."""
    return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text)


def _silent_features(a: dict, b: dict) -> set[str]:
    """Features are recorded where a source states them: one source's silence is not a "no"."""
    return {fact for fact in set(a) ^ set(b) if fact.startswith("feature")}


def _verdict(a: set | None, b: set | None) -> str:
    if not a:
        return "only second"
    if not b:
        return "only first"
    return "agree" if same_values(a, b) else "disagree"


def _difference(a: set, b: set) -> float | None:
    if len(a) != 1 or len(b) != 1:
        return None
    try:
        x, y = (Decimal(next(iter(v)).split()[0]) for v in (a, b))
    except (InvalidOperation, IndexError):
        return None
    largest = max(abs(x), abs(y))
    return float(abs(x - y) / largest) if largest else None
