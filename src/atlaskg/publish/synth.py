"""A reproducible synthetic catalogue in atlaskg's ontology, for benchmarks and scale tests.

`generate(out_dir, models=N, seed=S)` writes N synthetic models with their offerings and unit
prices, benchmark results, comparison claims, sources and lifecycle events, in the proportions of
the real catalogue (about 110 triples per model, so 10,000 models make about 1.1M triples).

- Every IRI is minted in atlaskg's instance namespaces with a local name starting
  `synth-<seed>-`, so it never collides with the real data; there are no blank nodes. Every price
  is per the shared node `quantity:1000000-tokens` (1,000,000 tokens), which the output defines
  unless the bundled ontology (ontology/quantities.ttl) already does.
- Only concepts of ontology/vocab are used; the data conforms to shapes/ and the consistency
  checks of shapes/checks.ttl find nothing: every stated gain is computed from the scores it
  compares, and rounded as the rounding rule allows.
- Same (models, seed, violations) gives byte-identical files: one `random.Random` per purpose,
  N-Triples lines sorted within each file, files split at model boundaries.
- `violations=K` plants exactly K SHACL violations of varied kinds, each on its own focus node,
  listed in `planted.json`; the rest of the data is the same as with K=0.

Output: `synth-<seed>-part-NNN.nt` (at most ~150k triples and 24 MiB each, under the loader's
file-size limit; the shared nodes are in part 000) and `planted.json`, each written atomically.
Part files of the same seed left by an earlier, larger run in the same folder are removed.
Two seeds can share a folder and be loaded together only when the bundled ontology defines the
quantity (otherwise both would define it).
"""

from __future__ import annotations

import functools
import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pyoxigraph as ox

from atlaskg.core.files import write_atomic
from atlaskg.core.resources import bundled_files
from atlaskg.names.namespaces import PREFIXES

MAX_TRIPLES_PER_FILE = 150_000
MAX_BYTES_PER_FILE = 24 * 2**20


def _p(curie: str) -> str:
    """A term of atlaskg's prefix map, in N-Triples: _p('schema:name')."""
    prefix, local = curie.split(":", 1)
    return f"<{PREFIXES[prefix]}{local}>"


def _i(kind: str, local: str) -> str:
    """An instance IRI in one of atlaskg's instance namespaces: _i('model', 'x')."""
    return f"<{PREFIXES[kind]}{local}>"


def _v(scheme: str, concept: str) -> str:
    """A concept of one of atlaskg's vocabularies: _v('modality', 'text')."""
    return f"<{PREFIXES[scheme]}{concept}>"


# Literals are written as the store writes them (pyoxigraph's N-Triples form), escaping included.
def _str(text: str) -> str:
    return str(ox.Literal(text))


def _en(text: str) -> str:
    return str(ox.Literal(text, language="en"))


def _typed(lexical: str, datatype: str) -> str:
    return str(ox.Literal(lexical, datatype=_datatype(datatype)))


@functools.cache
def _datatype(name: str) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES["xsd"] + name)


def _int(n: int) -> str:
    return _typed(str(n), "integer")


def _dec(d: Decimal | str) -> str:
    return _typed(str(d), "decimal")


def _date(d: date) -> str:
    return _typed(d.isoformat(), "date")


def _bool(b: bool) -> str:
    return _typed("true" if b else "false", "boolean")


QUANTITY = _i("quantity", "1000000-tokens")
A = _p("rdf:type")
NAME = _p("schema:name")
DERIVED = _p("prov:wasDerivedFrom")
PRIMARY = _p("prov:hadPrimarySource")

# Concepts of ontology/vocab (never invented here; validation checks that each exists).
INPUT_EXTRA = ["image", "audio", "video", "pdf", "documents", "structured-data", "urls"]
OUTPUT_EXTRA = ["code", "structured-data", "image", "audio", "summaries", "analytical-reports"]
CAPABILITIES = ["reasoning", "multi-step-reasoning", "long-context", "coding", "function-calling",
                "structured-output", "image-understanding", "chart-understanding", "ocr", "multilingual",
                "planning", "streaming-output"]
FEATURES = ["tool-use", "fine-tuning", "reasoning", "structured-output", "attachments"]
SOURCE_KINDS = ["blog", "news", "paper", "documentation", "research"]
CONTEXT_WINDOWS = [8192, 16384, 32768, 65536, 128000, 200000, 262144, 1000000, 1047576, 2000000]
MAX_OUTPUTS = [4096, 8192, 16384, 32768, 65536, 100000, 128000]

WORDS = ["Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Helix", "Iris", "Juniper",
         "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Prism", "Quartz", "Raven", "Sierra", "Tundra",
         "Umber", "Vertex", "Willow", "Xenon", "Yarrow", "Zephyr"]
TOPICS = ["Reasoning", "Coding", "Math", "Reading", "Vision", "Long Context", "Agents", "Knowledge",
          "Instruction Following", "Translation"]
SETTING_NAMES = ["0-shot", "5-shot", "hard subset", "long context", "diff format", "chain of thought"]
VARIANTS = ["", "", "", " mini", " pro", " flash", " nano"]

N_ORGS = 12
N_FAMILIES = 24
N_PLATFORMS = 8
N_BENCHMARKS = 40
REFERENCE_EVERY = 5  # models 0, 5, 10, ... are the reference models that claims compare against

# Planted violations: each breaks one rule of shapes/ on one focus node.
VIOLATION_KINDS = [
    # kind, focus kind, property broken, shape, constraint component
    ("score-above-100", "result", "dqv:value", "shape:BenchmarkResult", "sh:SPARQLConstraintComponent"),
    ("result-without-source", "result", "prov:wasDerivedFrom", "shape:SourcedTargets",
     "sh:NodeConstraintComponent"),  # shape:Sourced's sh:minCount, reported through sh:node
    ("negative-price", "price", "schema:price", "shape:UnitPrice", "sh:MinInclusiveConstraintComponent"),
    ("decimal-as-string", "result", "dqv:value", "shape:BenchmarkResult", "sh:DatatypeConstraintComponent"),
    ("result-without-date", "result", "dcterms:date", "shape:BenchmarkResult", "sh:MinCountConstraintComponent"),
    ("non-positive-context-window", "model", "atlas:contextWindowTokens", "shape:Model",
     "sh:MinExclusiveConstraintComponent"),
    ("lowercase-currency", "price", "schema:priceCurrency", "shape:UnitPrice", "sh:PatternConstraintComponent"),
    ("offering-without-platform", "offering", "atlas:platform", "shape:Offering", "sh:MinCountConstraintComponent"),
    ("model-without-name", "model", "schema:name", "shape:Model", "sh:MinCountConstraintComponent"),
    ("batch-discount-above-100", "offering", "atlas:batchDiscountPercent", "shape:Offering",
     "sh:MaxInclusiveConstraintComponent"),
]


@dataclass
class SynthResult:
    files: list[Path]
    triples: int
    models: int
    seed: int
    planted: list[dict] = field(default_factory=list)
    planted_file: Path | None = None
    defines_quantity: bool = True


class _Graph:
    """Triples grouped by subject, so a planted violation can change one node before writing."""

    def __init__(self):
        self.nodes: dict[str, list[tuple[str, str]]] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.nodes.setdefault(s, []).append((p, o))

    def remove(self, s: str, p: str) -> None:
        self.nodes[s] = [(pp, o) for pp, o in self.nodes[s] if pp != p]

    def replace(self, s: str, p: str, o: str) -> None:
        self.remove(s, p)
        self.add(s, p, o)

    def lines(self) -> list[str]:
        return [f"{s} {p} {o} .\n" for s, pos in self.nodes.items() for p, o in pos]


def _q1(x: float) -> Decimal:
    return Decimal(repr(round(x, 1))).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def _q2(x: float) -> Decimal:
    return Decimal(repr(round(x, 2))).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[1].rstrip(">")


class _Generator:
    def __init__(self, models: int, seed: int, define_quantity: bool):
        self.n = models
        self.define_quantity = define_quantity
        self.seed = seed
        self.tag = f"synth-{seed}"
        self.rng = random.Random(seed)
        self.catalogue = _i("source", f"{self.tag}-catalogue")
        self.comparators: dict[tuple[str, str | None], list[tuple[str, Decimal, str]]] = {}

    # -- shared nodes: quantity, organizations, families, platforms, benchmarks ----------------
    def shared(self) -> _Graph:
        g, rng, tag = _Graph(), self.rng, self.tag
        if self.define_quantity:
            g.add(QUANTITY, A, _p("schema:QuantitativeValue"))
            g.add(QUANTITY, _p("schema:value"), _int(1_000_000))
            g.add(QUANTITY, _p("schema:unitText"), _str("tokens"))

        atlas_org = _i("org", f"{tag}-atlas")
        self._org(g, atlas_org, f"Synth{self.seed} Atlas")
        g.add(self.catalogue, A, _p("atlas:Source"))
        g.add(self.catalogue, _p("dcterms:title"), _str(f"Synth{self.seed} Atlas model catalogue (synthetic)"))
        g.add(self.catalogue, _p("atlas:sourceKind"), _v("sourcekind", "catalogue-page"))
        g.add(self.catalogue, _p("schema:publisher"), atlas_org)
        g.add(self.catalogue, _p("schema:url"), _typed(f"https://example.org/{tag}/catalogue", "anyURI"))

        self.orgs = []
        for k in range(N_ORGS):
            org = _i("org", f"{tag}-org-{k:02d}")
            self._org(g, org, f"Synth{self.seed} {WORDS[k]} Labs")
            self.orgs.append(org)
        self.families = []
        for k in range(N_FAMILIES):
            fam = _i("family", f"{tag}-family-{k:02d}")
            name = f"Synth{self.seed} {WORDS[(k * 7 + 3) % len(WORDS)]}{'' if k < len(WORDS) else k}"
            org = self.orgs[k % N_ORGS]
            g.add(fam, A, _p("atlas:ModelFamily"))
            g.add(fam, NAME, _str(name))
            g.add(fam, _p("schema:creator"), org)
            g.add(fam, DERIVED, self.catalogue)
            self.families.append((fam, name, org, rng.uniform(0.2, 0.6), rng.choice([True, False])))
        self.platforms = []
        for k in range(N_PLATFORMS):
            plat = _i("platform", f"{tag}-platform-{k:02d}")
            g.add(plat, A, _p("atlas:Platform"))
            g.add(plat, NAME, _str(f"Synth{self.seed} Cloud {WORDS[-1 - k]}"))
            g.add(plat, _p("schema:provider"), self.orgs[k % N_ORGS])
            g.add(plat, _p("schema:url"), _typed(f"https://example.org/{tag}/platform/{k:02d}", "anyURI"))
            g.add(plat, DERIVED, self.catalogue)
            self.platforms.append(plat)
        self.benchmarks = []  # (benchmark IRI, [setting IRI or None], difficulty)
        for k in range(N_BENCHMARKS):
            bench = _i("benchmark", f"{tag}-bench-{k:02d}")
            topic = TOPICS[k % len(TOPICS)]
            g.add(bench, A, _p("atlas:Benchmark"))
            g.add(bench, NAME, _str(f"Synth{self.seed} {topic} Bench {k:02d}"))
            g.add(bench, _p("schema:description"), _en(f"A synthetic {topic.lower()} benchmark for scale tests."))
            g.add(bench, _p("atlas:metric"), _v("metric", "accuracy"))
            g.add(bench, DERIVED, self.catalogue)
            settings: list[str | None] = []
            for j, setting_name in enumerate(rng.sample(SETTING_NAMES, rng.choice([0, 0, 1, 2, 3]))):
                setting = _i("setting", f"{tag}-bench-{k:02d}-{j}")
                g.add(setting, A, _p("atlas:BenchmarkSetting"))
                g.add(setting, NAME, _str(setting_name))
                g.add(setting, _p("atlas:settingOf"), bench)
                g.add(setting, DERIVED, self.catalogue)
                settings.append(setting)
            self.benchmarks.append((bench, settings or [None], rng.uniform(0.1, 0.9)))
        return g

    def _short(self, iri: str) -> str:
        """The local name without its `synth-<seed>-` prefix: result IRIs name model and benchmark once."""
        return _local(iri)[len(self.tag) + 1:]

    def _org(self, g: _Graph, org: str, name: str) -> None:
        g.add(org, A, _p("schema:Organization"))
        g.add(org, NAME, _str(name))
        g.add(org, DERIVED, self.catalogue)

    # -- one model and everything about it ------------------------------------------------------
    def model(self, i: int, plant: str | None) -> tuple[_Graph, dict | None]:
        g, rng, tag = _Graph(), self.rng, self.tag
        mid = f"{tag}-m{i:06d}"
        model = _i("model", mid)
        fam, fam_name, org, fam_quality, open_weights = self.families[i % N_FAMILIES]
        generation = i // N_FAMILIES
        name = f"{fam_name} {1 + generation // 10}.{generation % 10}{rng.choice(VARIANTS)}"
        released = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 2373))  # to mid-2026
        cutoff = released - timedelta(days=rng.randrange(60, 400))
        quality = min(0.95, fam_quality + (released.year - 2020) * 0.06 + rng.gauss(0, 0.05))
        context = rng.choice(CONTEXT_WINDOWS)
        announcement = _i("source", f"{mid}--announcement")

        g.add(announcement, A, _p("atlas:Source"))
        g.add(announcement, _p("dcterms:title"), _str(f"Introducing {name} (synthetic)"))
        g.add(announcement, _p("atlas:sourceKind"), _v("sourcekind", rng.choice(SOURCE_KINDS)))
        g.add(announcement, _p("schema:publisher"), org)
        g.add(announcement, _p("schema:url"), _typed(f"https://example.org/{tag}/m{i:06d}", "anyURI"))

        g.add(model, A, _p("atlas:Model"))
        g.add(model, NAME, _str(name))
        g.add(model, _p("atlas:snapshotId"), _str(f"{mid}-{released.isoformat()}"))
        g.add(model, _p("schema:description"), _en(f"{name} is a synthetic model of the {fam_name} family."))
        g.add(model, _p("schema:isPartOf"), fam)
        g.add(model, _p("schema:creator"), org)
        g.add(model, _p("schema:datePublished"), _date(released))
        g.add(model, _p("atlas:knowledgeCutoff"), _date(cutoff))
        g.add(model, _p("atlas:contextWindowTokens"), _int(context))
        g.add(model, _p("atlas:maxOutputTokens"), _int(min(context // 2, rng.choice(MAX_OUTPUTS))))
        inputs = ["text", *rng.sample(INPUT_EXTRA, rng.choice([0, 1, 1, 2, 3]))]
        for modality in inputs:
            g.add(model, _p("atlas:inputModality"), _v("modality", modality))
        for modality in ["text", *rng.sample(OUTPUT_EXTRA, rng.choice([0, 1, 1, 2]))]:
            g.add(model, _p("atlas:outputModality"), _v("modality", modality))
        capabilities = rng.sample(CAPABILITIES, rng.randint(2, 5))
        for capability in capabilities:
            g.add(model, _p("atlas:capability"), _v("capability", capability))
        for feature in rng.sample(FEATURES, rng.choice([0, 1, 1, 2])):
            g.add(model, _p("atlas:feature"), _v("feature", feature))
        g.add(model, _p("atlas:modelType"), _v("modeltype", "llm"))
        if len(inputs) > 1:
            g.add(model, _p("atlas:modelType"), _v("modeltype", "multimodal"))
        g.add(model, _p("atlas:accessMode"), _v("access", "api"))
        g.add(model, _p("atlas:deploymentMode"), _v("deployment", "cloud"))
        g.add(model, _p("atlas:weights"), _v("weights", "open" if open_weights else "closed"))
        if open_weights:
            g.add(model, _p("atlas:parameterCount"), _int(rng.choice([1, 3, 7, 8, 14, 32, 70, 405]) * 10**9))
        else:
            g.add(model, _p("atlas:parameterCountDisclosure"), _v("disclosure", "undisclosed"))
        g.add(model, _p("atlas:publicAccess"), _bool(True))
        g.add(model, _p("atlas:localDeployment"), _bool(open_weights))
        status = rng.choices(["active", "retired", "deprecated", "beta"], [80, 10, 5, 5])[0]
        g.add(model, _p("atlas:status"), _v("status", status))
        g.add(model, DERIVED, self.catalogue)
        g.add(model, DERIVED, announcement)

        # offerings on 1-3 platforms, each with input and output prices (and sometimes cached input)
        prices: list[tuple[str, str, Decimal]] = []  # (offering, price IRI, amount) for planting
        offerings = []
        base_price = math.exp(rng.uniform(math.log(0.05), math.log(30)))
        for platform in rng.sample(self.platforms, rng.choices([1, 2, 3], [70, 20, 10])[0]):
            offering = _i("offering", f"{mid}--{self._short(platform)}")
            offerings.append(offering)
            starts = released + timedelta(days=rng.choice([0, 0, 0, 7, 30]))
            g.add(offering, A, _p("atlas:Offering"))
            g.add(offering, _p("schema:itemOffered"), model)
            g.add(offering, _p("atlas:platform"), platform)
            g.add(offering, _p("schema:availabilityStarts"), _date(starts))
            g.add(offering, _p("atlas:longContextPremium"), _bool(rng.random() < 0.2))
            if rng.random() < 0.4:
                g.add(offering, _p("atlas:batchDiscountPercent"), _dec("50.0"))
            g.add(offering, DERIVED, self.catalogue)
            amount_in = max(Decimal("0.01"), _q2(base_price * rng.uniform(0.9, 1.2)))
            amount_out = max(Decimal("0.01"), _q2(float(amount_in) * rng.choice([2, 3, 4, 5, 8])))
            amounts = {"input": amount_in, "output": amount_out}
            if rng.random() < 0.3:
                amounts["cached-input"] = max(Decimal("0.01"), _q2(float(amount_in) * rng.choice([0.1, 0.25, 0.5])))
            for component, amount in amounts.items():
                price = _i("price", f"{mid}--{self._short(platform)}--{component}")
                g.add(offering, _p("schema:priceSpecification"), price)
                g.add(price, A, _p("schema:UnitPriceSpecification"))
                g.add(price, _p("schema:price"), _dec(amount))
                g.add(price, _p("schema:priceCurrency"), _str("USD"))
                g.add(price, _p("atlas:priceComponent"), _v("pricecomp", component))
                g.add(price, _p("schema:referenceQuantity"), QUANTITY)
                g.add(price, DERIVED, self.catalogue)
                prices.append((offering, price, amount))

        # 3-10 results on distinct (benchmark, setting) pairs, most models with few
        results: list[tuple[str, tuple, Decimal]] = []  # (result IRI, key, value)
        count = min(10, 3 + int(rng.expovariate(0.45)))
        for k in sorted(rng.sample(range(N_BENCHMARKS), count)):
            bench, settings, difficulty = self.benchmarks[k]
            setting = rng.choice(settings)
            rid = f"{mid}--{self._short(setting or bench)}"
            result = _i("result", rid)
            g.add(result, A, _p("atlas:BenchmarkResult"))
            g.add(result, _p("dcterms:date"), _date(released + timedelta(days=rng.choice([0, 0, 14, 60]))))
            g.add(result, _p("dqv:computedOn"), model)
            g.add(result, _p("atlas:benchmark"), bench)
            if setting:
                g.add(result, _p("atlas:setting"), setting)
            g.add(result, _p("atlas:scoreUnit"), _v("unit", "percent"))
            g.add(result, DERIVED, self.catalogue)
            g.add(result, PRIMARY, announcement)
            score = 100 / (1 + math.exp(-6 * (quality - difficulty))) + rng.gauss(0, 3)
            value = _q1(min(99.0, max(1.0, score)))
            if results and rng.random() < 0.05:  # "~62-63%": a range (never the first), never compared
                g.add(result, _p("schema:minValue"), _dec(value.quantize(Decimal(1), rounding=ROUND_FLOOR)))
                g.add(result, _p("schema:maxValue"), _dec(value.quantize(Decimal(1), rounding=ROUND_FLOOR) + 1))
                g.add(result, _p("atlas:valueQualifier"), _v("qualifier", "approximate"))
                continue
            g.add(result, _p("dqv:value"), _dec(value))
            results.append((result, (bench, setting), value))

        # 0-3 comparison claims that hold, against reference models' results or on own prices
        claimed: set[str] = set()
        claims = 0
        wanted = min(rng.choice([0, 0, 1, 1, 2, 3]), len(results) - 1)  # one result stays unclaimed
        for result, key, value in rng.sample(results, len(results)):
            if claims >= wanted:
                break
            pool = self.comparators.get(key)
            if not pool:
                continue
            other, other_value, other_name = rng.choice(pool)
            claim = self._claim(g, mid, result, value, other, other_value, other_name, announcement)
            if claim:
                claimed.update((result, other))
                claims += 1
        cached = [(o, p, a) for o, p, a in prices if p.endswith("--cached-input>")]
        if cached and rng.random() < 0.3:
            offering, price, amount = cached[0]
            input_price, input_amount = next((p, a) for o, p, a in prices
                                             if o == offering and p.endswith("--input>"))
            stated = ((1 - amount / input_amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
            claim = _i("claim", f"{_local(price)}--percent-reduction--input")
            self._claim_node(g, claim, price, input_price, "percent-reduction", _dec(stated),
                             f"cached input ${amount}/MTok ({stated}% discount)", announcement)
            claimed.update((price, input_price))
        if i % REFERENCE_EVERY == 0:
            for result, key, value in results:
                self.comparators.setdefault(key, []).append((result, value, name))

        # lifecycle events: the release, and what its status says happened later
        event = _i("event", f"{mid}--release")
        self._event(g, event, model, "release", released, offerings and _platform_of(g, offerings[0]))
        if status in ("retired", "deprecated"):
            later = released + timedelta(days=rng.randrange(200, 700))
            kind = "retirement" if status == "retired" else "deprecation-announced"
            event = _i("event", f"{mid}--{kind}")
            self._event(g, event, model, kind, later, None)
            if i + 1 < self.n:
                g.add(event, _p("dcterms:isReplacedBy"), _i("model", f"{tag}-m{rng.randrange(i + 1, self.n):06d}"))

        planted = self._plant(g, plant, model, offerings, prices, results, claimed) if plant else None
        return g, planted

    def _claim(self, g, mid, result, value, other, other_value, other_name, announcement) -> str | None:
        rng = self.rng
        kinds = ["pp-difference", "higher-than", "lower-than", "ratio", "comparable"]
        kind = rng.choice(kinds)
        if value == other_value and kind in ("higher-than", "lower-than", "ratio"):
            kind = "comparable"
        if kind in ("higher-than", "lower-than"):
            kind = "higher-than" if value > other_value else "lower-than"
        if kind in ("ratio", "pp-difference") and value <= other_value:
            kind = "lower-than" if value < other_value else "comparable"
        stated = None
        qualifier = None
        if kind == "pp-difference":
            diff = value - other_value
            stated = _dec(diff)
            text = f"Improvement of {diff} pp over {other_name}."
        elif kind == "ratio":
            ratio = value / other_value
            if rng.random() < 0.3:  # "over 2.9x": a lower bound, rounded down
                figure = ratio.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
                qualifier = "at-least"
                text = f"Improvement of over {figure}× compared to {other_name}."
            else:
                figure = ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
                text = f"{figure}× the score of {other_name}."
            stated = _dec(figure)
        elif kind == "higher-than":
            text = f"Scores above {other_name}."
        elif kind == "lower-than":
            text = f"Below {other_name}."
        else:
            text = f"Performance close to {other_name}."
        claim = _i("claim", f"{_local(result)}--{kind}--{_local(other)}")
        if claim in g.nodes:
            return None
        self._claim_node(g, claim, result, other, kind, stated, text, announcement, qualifier)
        return claim

    def _claim_node(self, g, claim, subject, comparator, kind, stated, text, announcement, qualifier=None):
        g.add(claim, A, _p("atlas:ComparisonClaim"))
        g.add(claim, _p("atlas:subject"), subject)
        g.add(claim, _p("atlas:comparator"), comparator)
        g.add(claim, _p("atlas:claimKind"), _v("claimkind", kind))
        if stated is not None:
            g.add(claim, _p("atlas:statedValue"), stated)
        if qualifier:
            g.add(claim, _p("atlas:valueQualifier"), _v("qualifier", qualifier))
        g.add(claim, _p("atlas:statedText"), _en(text))
        g.add(claim, DERIVED, self.catalogue)
        g.add(claim, PRIMARY, announcement)

    def _event(self, g, event, model, kind, when, platform) -> None:
        g.add(event, A, _p("atlas:LifecycleEvent"))
        g.add(event, _p("atlas:eventType"), _v("eventtype", kind))
        g.add(event, _p("atlas:aboutModel"), model)
        g.add(event, _p("dcterms:date"), _date(when))
        if platform:
            g.add(event, _p("atlas:platform"), platform)
        g.add(event, DERIVED, self.catalogue)

    # -- planted violations: change one node so that it breaks exactly one rule ----------------
    def _plant(self, g, kind, model, offerings, prices, results, claimed) -> dict:
        free_results = [r for r, _key, _value in results if r not in claimed]
        free_prices = [p for _o, p, _a in prices if p not in claimed]
        spec = next(s for s in VIOLATION_KINDS if s[0] == kind)
        if kind == "score-above-100":
            focus = free_results[0]
            g.replace(focus, _p("dqv:value"), _dec("154.6"))
        elif kind == "result-without-source":
            focus = free_results[0]
            g.remove(focus, DERIVED)
            g.remove(focus, PRIMARY)
        elif kind == "negative-price":
            focus = free_prices[0]
            g.replace(focus, _p("schema:price"), _dec("-1.00"))
        elif kind == "decimal-as-string":
            focus = free_results[0]
            value = next(o for p, o in g.nodes[focus] if p == _p("dqv:value"))
            g.replace(focus, _p("dqv:value"), _str(value.split('"')[1]))
        elif kind == "result-without-date":
            focus = free_results[0]
            g.remove(focus, _p("dcterms:date"))
        elif kind == "non-positive-context-window":
            focus = model
            g.replace(focus, _p("atlas:contextWindowTokens"), _int(0))
        elif kind == "lowercase-currency":
            focus = free_prices[0]
            g.replace(focus, _p("schema:priceCurrency"), _str("usd"))
        elif kind == "offering-without-platform":
            focus = offerings[0]
            g.remove(focus, _p("atlas:platform"))
        elif kind == "model-without-name":
            focus = model
            g.remove(focus, NAME)
        elif kind == "batch-discount-above-100":
            focus = offerings[0]
            g.replace(focus, _p("atlas:batchDiscountPercent"), _dec("150.0"))
        else:  # pragma: no cover
            raise ValueError(kind)
        iri = focus.strip("<>")
        curie = f"{spec[1]}:{iri.rsplit('/', 1)[1]}"
        return {"focus": iri, "curie": curie, "kind": kind, "property": spec[2], "shape": spec[3],
                "component": spec[4]}


def _platform_of(g: _Graph, offering: str) -> str | None:
    return next((o for p, o in g.nodes[offering] if p == _p("atlas:platform")), None)


def eligible_for_violations(models: int) -> list[int]:
    """Models that may carry a planted violation: not the reference models claims compare with."""
    return [i for i in range(models) if i % REFERENCE_EVERY != 0]


def bundled_quantity_defined() -> bool:
    """Whether the bundled ontology already defines the shared reference quantity (ontology/quantities.ttl)."""
    node = ox.NamedNode(QUANTITY.strip("<>"))
    for path in bundled_files("ontology"):
        if "1000000-tokens" in path.read_text(encoding="utf-8"):
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            if any(t.subject == node for t in triples):
                return True
    return False


def generate(out_dir: Path, models: int, seed: int, violations: int = 0, progress=None,
             define_quantity: bool | None = None) -> SynthResult:
    """Write the synthetic catalogue of `models` models to `out_dir`; see the module docstring.

    `progress`, if given, is called with the number of models generated since its last call.
    `define_quantity`: write the shared quantity node's own triples; by default only when the
    bundled ontology does not define it already (a node defined in two files is an integrity error).
    """
    if define_quantity is None:
        define_quantity = not bundled_quantity_defined()
    if models < 1:
        raise ValueError("models must be at least 1")
    if violations < 0:
        raise ValueError("violations must not be negative")
    eligible = eligible_for_violations(models)
    if violations > len(eligible):
        raise ValueError(f"at most {len(eligible)} violation(s) can be planted in {models} model(s) "
                         f"(one per model, reference models excluded)")
    vrng = random.Random(f"atlaskg-synth-violations-{seed}")
    chosen = sorted(vrng.sample(eligible, violations))
    kinds = [VIOLATION_KINDS[k % len(VIOLATION_KINDS)][0] for k in range(violations)]
    vrng.shuffle(kinds)
    plants = dict(zip(chosen, kinds))

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gen = _Generator(models, seed, define_quantity)
    files: list[Path] = []
    planted: list[dict] = []
    total = 0
    pending = gen.shared().lines()
    pending_bytes = sum(len(line.encode()) for line in pending)

    def flush() -> None:
        nonlocal pending, pending_bytes, total
        path = out_dir / f"synth-{seed}-part-{len(files):03d}.nt"
        pending.sort()
        write_atomic(path, (line.encode("utf-8") for line in pending))
        files.append(path)
        total += len(pending)
        pending, pending_bytes = [], 0

    for i in range(models):
        graph, plant = gen.model(i, plants.get(i))
        if plant:
            planted.append(plant)
        lines = graph.lines()
        size = sum(len(line.encode()) for line in lines)
        if pending and (len(pending) + len(lines) > MAX_TRIPLES_PER_FILE
                        or pending_bytes + size > MAX_BYTES_PER_FILE):
            flush()
        pending += lines
        pending_bytes += size
        if progress and (i + 1) % 100 == 0:
            progress(100)
    if progress and models % 100:
        progress(models % 100)
    flush()

    written = {p.name for p in files}
    for stale in out_dir.glob(f"synth-{seed}-part-*.nt"):
        if stale.name not in written:
            stale.unlink()
    planted_file = out_dir / "planted.json"
    document = {"generator": "atlaskg.publish.synth", "models": models, "seed": seed, "defines_quantity": define_quantity,
                "violations": planted}
    write_atomic(planted_file, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return SynthResult(files=files, triples=total, models=models, seed=seed, planted=planted,
                       planted_file=planted_file, defines_quantity=define_quantity)

