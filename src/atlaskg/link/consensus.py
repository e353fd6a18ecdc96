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

from atlaskg.link.reconcile import FACT_PROPERTIES, Triples, concept_names, facts, same_values
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
    graph = _fact_triples(catalog)
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


def _fact_triples(catalog: Catalog) -> Triples:
    """The triples of the properties `facts` reads, all at once: read node by node, where `facts`
    asks, they took three quarters of comparing the datasets (a seek per node, and every triple
    of the node). Terms as str() of the rdflib term gives them: a dataset's impossible date is
    compared as written."""
    text = internal_query("link-fact-triples").text  # one property at a time: a third fewer terms to read
    return Triples((_text(s), iri, _text(o)) for iri in FACT_PROPERTIES
                   for s, o in run(catalog, text, {"property": [ox.NamedNode(iri)]}).rows)


def _text(term) -> str:
    """An IRI or a literal's lexical form as str() of the rdflib term gives it; a blank node by its id."""
    return term.value if not isinstance(term, ox.BlankNode) else f"_:{term.value}"


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
