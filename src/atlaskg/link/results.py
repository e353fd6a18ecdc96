"""Which atlas model and which benchmark a result of a result dataset is about.

A model is found through the resolution of the offerings, never invented: first the result's
identifier as some dataset writes it (aider's `--model gemini/gemini-2.0-pro-exp-02-05`,
models.dev's `openai/gpt-4.1`), then its reading by the same identity rules (developer namespace
and match key), then its name read the same way; a key that names two models resolves to none.
A result that finds no model keeps the name its source gives and is reported.

A benchmark is one per benchmark across sources: names equal in their letters and digits
("SWE-bench Verified", "SWE-Bench Verified"; "Terminal Bench 2.1", "Terminal-Bench 2.1") are one
benchmark, a curated one where it exists, else one minted here and named as most sources spell
it. Settings (an edit format, a harness, a reasoning effort) are named per benchmark the same way.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from atlaskg.link.identity import IdentityRules
from atlaskg.link.resolution import Developers, Outcome, letters, read_identifier
from atlaskg.names.namespaces import PREFIXES
from atlaskg.query import run
from atlaskg.store import Catalog

_CURATED_BENCHMARKS = """SELECT ?benchmark ?name WHERE { ?benchmark a atlas:Benchmark ; schema:name ?name }"""
_CURATED_SETTINGS = """SELECT ?setting ?benchmark ?name WHERE { ?setting atlas:settingOf ?benchmark ; schema:name ?name }"""


@dataclass(frozen=True)
class ModelLink:
    model: str | None
    rule: str  # same-identifier | match-key | name | unresolved | ambiguous
    reason: str


class ModelFinder:
    """Finds the atlas model of a result from the outcomes of the offerings' resolution."""

    def __init__(self, outcomes: list[Outcome], developers: Developers | None = None,
                 rules: IdentityRules | None = None):
        self.developers = developers or Developers.bundled()
        self.rules = rules or IdentityRules.bundled()
        self.by_identifier: dict[str, set[str]] = defaultdict(set)
        self.by_key: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        for outcome in outcomes:
            if outcome.model is None:
                continue
            entry = outcome.entry
            for written in (entry.identifier, f"{entry.provider}/{entry.identifier}"):
                self.by_identifier[written.lower()].add(outcome.model)
            for developer in (outcome.developer, None):
                self.by_key[(developer, outcome.match_key)].add(outcome.model)

    def find(self, identifier: str | None, name: str | None) -> ModelLink:
        if identifier:
            found = self.by_identifier.get(identifier.lower(), set())
            if len(found) == 1:
                return ModelLink(next(iter(found)), "same-identifier", f"a dataset lists '{identifier}'")
        tried, ambiguous = [], False
        for rule, text in (("match-key", identifier), ("name", name)):
            if not text:
                continue
            reading = read_identifier(text if rule == "match-key" else re.sub(r"\s+", "-", text.strip()),
                                      self.developers.namespaces, rules=self.rules)
            developer = self.developers.namespaces.get(reading.namespace or "")
            key = self.rules.match_key(reading.key)
            found = self.by_key.get((developer, key), set())  # (None, key): any developer's
            if len(found) == 1:
                return ModelLink(next(iter(found)), rule, f"'{text}' reads as {developer or 'any developer'}'s {key}")
            ambiguous = ambiguous or len(found) > 1
            tried.append(f"'{text}' reads as {key}" + (f" ({len(found)} models)" if found else " (no model)"))
        return ModelLink(None, "ambiguous" if ambiguous else "unresolved", "; ".join(tried) or "no identifier or name")


def benchmark_key(name: str) -> str:
    """What decides benchmark identity: the name's letters and digits, lower case."""
    return letters(_latin(name))


def _latin(name: str) -> str:
    """τ³-bench as tau3-bench, MBPP+ as "mbpp plus" (MBPP+ is not MBPP): what IRIs and keys can hold."""
    return name.lower().replace("τ", "tau").replace("³", "3").replace("+", " plus")


@dataclass
class BenchmarkNames:
    """Atlas benchmarks and settings for the names result datasets give: curated where one has
    the same key, else minted (benchmark:<slug of the key's first spelling in sorted order>, named
    as most results spell it; setting:<benchmark slug>--<slug>)."""

    benchmarks: dict[str, str]  # key -> benchmark IRI
    curated_settings: dict[tuple[str, str], str]  # (benchmark IRI, setting key) -> setting IRI
    minted: dict[str, str] = field(default_factory=dict)  # minted benchmark IRI -> name
    minted_settings: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI -> (benchmark, name)

    @classmethod
    def read(cls, catalog: Catalog, names: list[str]) -> BenchmarkNames:
        """The curated benchmarks and settings, and one minted benchmark per other key of `names`
        (every benchmark name the result datasets give, once per result)."""
        benchmarks = {benchmark_key(name.value): iri.value for iri, name in run(catalog, _CURATED_BENCHMARKS).rows}
        settings = {(benchmark.value, benchmark_key(name.value)): setting.value
                    for setting, benchmark, name in run(catalog, _CURATED_SETTINGS).rows}
        spellings: dict[str, Counter] = defaultdict(Counter)
        for name in names:
            if benchmark_key(name) not in benchmarks:
                spellings[benchmark_key(name)][name] += 1
        minted = {}
        for key, counts in sorted(spellings.items()):
            iri = PREFIXES["benchmark"] + slug(min(counts))
            benchmarks[key] = iri
            minted[iri] = max(sorted(counts), key=lambda n: counts[n])
        return cls(benchmarks, settings, minted)

    def benchmark(self, name: str) -> str:
        return self.benchmarks[benchmark_key(name)]

    def setting(self, benchmark: str, name: str) -> str:
        known = self.curated_settings.get((benchmark, benchmark_key(name)))
        if known:
            return known
        iri = f"{PREFIXES['setting']}{benchmark.rsplit('/', 1)[-1]}--{slug(name)}"
        self.minted_settings.setdefault(iri, (benchmark, name))
        return iri


def slug(name: str) -> str:
    """A name as an IRI's local part: lower case, letters and digits joined by single dashes."""
    return re.sub(r"[^a-z0-9]+", "-", _latin(name)).strip("-") or "unnamed"
