"""The content of each page, as plain data for the templates: built from `SiteData` (see data.py)
with no further query. Every fact carries the numbers of its sources on the page, and every
source number links to the page's list of sources, which links to the source's own page."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from atlaskg.names.namespaces import PREFIXES
from atlaskg.publish.charts import (
    Bar,
    BarGroup,
    Curve,
    CurvePoint,
    Point,
    ScorePoint,
    Step,
    StepSeries,
    bar_chart,
    context_curve,
    score_price_chart,
    step_chart,
)
from atlaskg.publish.data import ATLAS, DCT, DQV, PROV, SDO, SKOS, Facts, ResultRow, SiteData, expand, number, slug
from atlaskg.store import compact

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_QUALIFIER_MARKS = {"approximate": "~", "at-least": "≥ ", "at-most": "≤ ", "estimate": "≈ "}
_INPUT, _OUTPUT, _CACHED = (
    PREFIXES["pricecomp"] + c for c in ("input", "output", "cached-input"))
_MILLION = Decimal(1_000_000)


# -- formatting --------------------------------------------------------------------------------------
def integer(text) -> str:
    """1047576 -> '1,047,576' (text that is not an integer is shown as it is)."""
    try:
        return f"{int(str(text)):,}"
    except ValueError:
        return str(text)


def human_date(text: str) -> str:
    """'2025-04-14' -> '14 April 2025', '2024-06' -> 'June 2024'; anything else as written."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text or "")
    if not match:
        return text or ""
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return text
    if day is None:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def money(value: Decimal | None, currency: str) -> str:
    """$2, $0.50, $1,200; other currencies by their code."""
    if value is None:
        return ""
    whole = value == value.to_integral_value()
    figure = f"{int(value):,}" if whole else f"{value:,.2f}" if abs(int(value.as_tuple().exponent)) <= 2 else f"{value:,f}"
    return f"${figure}" if currency == "USD" else f"{figure} {currency}"


def anchor(iri: str) -> str:
    """The id of a node's block on its model page."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", compact(iri).strip("<>")).strip("-")


def score(row: ResultRow, facts: Facts) -> str:
    """A result as the source gave it: '54.6%', '~64%', '62–63%', '1,234 Elo'."""
    unit = facts.notation(row.unit) if row.unit else ""
    mark = _QUALIFIER_MARKS.get((row.qualifier or "").rsplit("/", 1)[-1], "")
    suffix = unit if unit == "%" else f" {unit}" if unit else ""
    return f"{mark}{row.printed}{suffix}" if row.printed else ""


# -- sources on a page ------------------------------------------------------------------------------
class Sources:
    """The sources cited on one page, numbered in order of first use."""

    def __init__(self, data: SiteData, root: str):
        self.data, self.root = data, root
        self.numbers: dict[str, int] = {}

    def ref(self, source: str, note: str = "") -> dict:
        number = self.numbers.setdefault(source, len(self.numbers) + 1)
        return {"n": number, "href": f"#source-{number}", "note": note}

    def of_node(self, node: str) -> list[dict]:
        """The documents a node names: the one it was read from and the one that cites (prov)."""
        facts = self.data.facts
        refs = [self.ref(s) for s in facts.links(node, PROV + "wasDerivedFrom")]
        refs += [self.ref(s, "cited") for s in facts.links(node, PROV + "hadPrimarySource")]
        return _unique(refs)

    def of_fact(self, node: str, predicate: str) -> list[dict]:
        """What backs one fact: a quote of a source (its source, and the document the node cites),
        an inference of the editors (its source), else the node's own sources."""
        facts = self.data.facts
        refs, quoted = [], False
        for marker in markers_of(facts, node, predicate):
            quote = facts.text(marker, ATLAS + "quote")
            inferred = ATLAS + "Inference" in facts.types(marker)
            note = f"“{quote}”" if quote else "inferred by the editors: " + (
                facts.label(facts.link(marker, ATLAS + "inferenceRule") or "") or "see the evidence")
            refs += [self.ref(s, note) for s in facts.links(marker, PROV + "wasDerivedFrom")]
            quoted = quoted or not inferred
            if inferred:
                return _unique(refs)
        if quoted:
            return _unique(refs + [self.ref(s, "cited") for s in facts.links(node, PROV + "hadPrimarySource")])
        return self.of_node(node)

    def listing(self) -> list[dict]:
        facts = self.data.facts
        out = []
        for source, n in sorted(self.numbers.items(), key=lambda item: item[1]):
            title = facts.value(source, DCT + "title")
            out.append({"n": n, "id": f"source-{n}", "title": title.value if title is not None else compact(source),
                        "lang": title.language if title is not None and title.language not in (None, "en") else "",
                        "href": f"{self.root}sources/{slug(source)}.html", "url": facts.text(source, SDO + "url"),
                        "publishers": ", ".join(_names(facts, facts.links(source, SDO + "publisher")))})
        return out


def markers_of(facts: Facts, node: str, predicate: str) -> list[str]:
    """The evidence and inference markers of one fact (a marker names nodes and properties)."""
    return [marker for marker in facts.subjects(ATLAS + "evidenceFor", node)
            if predicate in [p.value for p in facts.values(marker, ATLAS + "evidenceProperty")]]


def _unique(refs: list[dict]) -> list[dict]:
    seen, out = set(), []
    for ref in refs:
        if ref["n"] not in seen:
            seen.add(ref["n"])
            out.append(ref)
    return out


def _names(facts: Facts, nodes: list[str]) -> list[str]:
    return sorted(facts.label(n) or compact(n) for n in nodes)


def _labels(facts: Facts, node: str, predicate: str) -> list[str]:
    return _names(facts, facts.links(node, predicate))


def _yes_no(term) -> str:
    return "" if term is None else "yes" if term.value in ("true", "1") else "no"


def model_href(data: SiteData, model: str, root: str) -> str:
    return f"{root}models/{slug(model)}.html"


def node_href(data: SiteData, node: str, root: str) -> str | None:
    """Where a node is shown: its model page (at its block when the page has one), its source page."""
    if node in data.entities.get(ATLAS + "Source", ()):
        return f"{root}sources/{slug(node)}.html"
    home = data.home.get(node)
    if home is None:
        return None
    page = model_href(data, home, root)
    return page if node == home or node not in data.anchored else f"{page}#{anchor(node)}"


# -- a model's page -----------------------------------------------------------------------------------
_SPECIFICATION = (
    ("Developer", SDO + "creator"), ("Family", SDO + "isPartOf"), ("Snapshot ID", ATLAS + "snapshotId"),
    ("Release date", SDO + "datePublished"), ("Context window", ATLAS + "contextWindowTokens"),
    ("Max input tokens", ATLAS + "maxInputTokens"), ("Max output tokens", ATLAS + "maxOutputTokens"),
    ("Knowledge cutoff", ATLAS + "knowledgeCutoff"), ("Parameters", ATLAS + "parameterCount"),
    ("Weights", ATLAS + "weights"), ("Licence", DCT + "license"), ("Access", ATLAS + "accessMode"),
    ("Deployment", ATLAS + "deploymentMode"), ("Local deployment", ATLAS + "localDeployment"),
    ("Public access", ATLAS + "publicAccess"), ("Model type", ATLAS + "modelType"), ("Features", ATLAS + "feature"),
    ("Status", ATLAS + "status"), ("Identifiers", ATLAS + "matchesIdentifier"),
)
_TOKENS = {ATLAS + "contextWindowTokens", ATLAS + "maxInputTokens", ATLAS + "maxOutputTokens"}
_DATES = {SDO + "datePublished", ATLAS + "knowledgeCutoff"}


def model_page(data: SiteData, model: str, root: str = "../") -> dict:
    """Everything a model's page shows (the seed page's sections, each fact with its sources)."""
    facts = data.facts
    sources = Sources(data, root)
    page: dict[str, Any] = {"iri": model, "curie": compact(model), "name": facts.label(model) or compact(model), "slug": slug(model),
            "description": facts.text(model, SDO + "description"), "root": root, "anchors": set()}
    page["specification"] = _specification(data, model, sources)
    page["badges"] = [b for b in (_labels(facts, model, ATLAS + "status") + _labels(facts, model, ATLAS + "modelType"))]
    page["headline"] = [row for row in page["specification"] if row["label"] in (
        "Context window", "Parameters", "Max output tokens", "Release date")]
    page["model_sources"] = sources.of_node(model)
    page["input"] = _labels(facts, model, ATLAS + "inputModality")
    page["output"] = _labels(facts, model, ATLAS + "outputModality")
    page["capabilities"] = sorted(({"name": facts.label(c) or compact(c),
                                    "category": ", ".join(data.categories.get(c, []))}
                                   for c in facts.links(model, ATLAS + "capability")),
                                  key=lambda c: (c["category"], c["name"]))
    page["offerings"] = [_offering(data, offering, sources, root, page)
                         for offering in sorted(offerings_of(facts, model),
                                                key=lambda o: facts.label(facts.link(o, ATLAS + "platform") or o))]
    about = facts.subjects(ATLAS + "aboutModel", model)
    page["events"] = sorted((_event(data, e, sources, page) for e in about
                             if ATLAS + "LifecycleEvent" in facts.types(e)), key=lambda e: (e["date"], e["event"]))
    page["findings"] = [_finding(data, f, sources, page) for f in about if ATLAS + "SafetyFinding" in facts.types(f)]
    page["aliases"] = [{"alias": facts.text(a, ATLAS + "alias"), "from": facts.text(a, SDO + "validFrom"),
                        "through": facts.text(a, SDO + "validThrough"), "note": facts.text(a, SKOS + "note"),
                        "sources": sources.of_node(a)} for a in facts.subjects(ATLAS + "pointsTo", model)]
    results = [data.results[r] for r in facts.subjects(DQV + "computedOn", model) if r in data.results]
    results.sort(key=lambda r: (facts.label(r.benchmark).lower(), facts.label(r.setting or "").lower(), r.iri))
    page["results"] = [_result(data, row, sources, root, page) for row in results]
    priced = [p["iri"] for o in page["offerings"] for p in o["prices"]]
    page["claims"] = _claims(data, [r.iri for r in results] + priced, sources, root, page)
    page["chart"] = _results_chart(data, model, results, root)
    page["curves"] = long_context_charts(data, model, results, root)
    page["price_chart"] = price_history_chart(data, model)
    page["matches"] = sorted({m.value for p in (SKOS + "exactMatch", SKOS + "closeMatch")
                              for m in facts.values(model, p) if not isinstance(m, ox.Literal)})
    page["evidence"] = _evidence(data, model, sources, page["anchors"])
    members = data.graphs.members.get(model, set())
    page["findings_check"] = [f for node in sorted(members) for f in data.findings_by_focus.get(node, [])]
    page["sources"] = sources.listing()
    page["anchors"].add(model)
    return page


def _specification(data: SiteData, model: str, sources: Sources) -> list[dict]:
    facts = data.facts
    rows = []
    for label, predicate in _SPECIFICATION:
        values = facts.values(model, predicate)
        if predicate == ATLAS + "parameterCount" and not values:
            disclosure = facts.link(model, ATLAS + "parameterCountDisclosure")
            if disclosure:
                rows.append({"label": label, "value": facts.label(disclosure), "iso": "",
                             "sources": sources.of_fact(model, ATLAS + "parameterCountDisclosure")})
            continue
        if not values:
            continue
        if predicate in _TOKENS:
            shown = ", ".join(f"{integer(v.value)} tokens" for v in values)
        elif predicate == ATLAS + "parameterCount":
            shown = ", ".join(integer(v.value) for v in values)
        elif predicate in _DATES:
            shown = ", ".join(human_date(v.value) for v in values)
        elif predicate in (ATLAS + "localDeployment", ATLAS + "publicAccess"):
            shown = ", ".join(_yes_no(v) for v in values)
        else:
            shown = ", ".join(sorted(v.value if isinstance(v, ox.Literal)
                                     else (facts.label(v.value) or compact(v.value)) for v in values))
        iso = values[0].value if predicate in _DATES and len(values) == 1 else ""
        rows.append({"label": label, "value": shown, "iso": iso if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) else "",
                     "sources": sources.of_fact(model, predicate)})
    return rows


def _offering(data: SiteData, offering: str, sources: Sources, root: str, page: dict) -> dict:
    facts = data.facts
    platform = facts.link(offering, ATLAS + "platform")
    page["anchors"].add(offering)
    prices: list[dict[str, Any]] = []
    for spec in facts.links(offering, SDO + "priceSpecification"):
        page["anchors"].add(spec)
        quantity = facts.link(spec, SDO + "referenceQuantity")
        per_value = number(facts.value(quantity, SDO + "value")) if quantity else None
        per = ("1M tokens" if per_value == _MILLION else
               f"{integer(facts.text(quantity, SDO + 'value'))} {facts.text(quantity, SDO + 'unitText')}".strip()
               if quantity else "")
        component = facts.link(spec, ATLAS + "priceComponent")
        prices.append({"iri": spec, "anchor": anchor(spec), "component": facts.label(component) if component else "",
                       "component_iri": component or "",
                       "price": money(number(facts.value(spec, SDO + "price")),
                                      facts.text(spec, SDO + "priceCurrency")),
                       "printed": facts.text(spec, SDO + "price"), "currency": facts.text(spec, SDO + "priceCurrency"),
                       "per": per, "condition": _condition_words(data, facts.text(spec, ATLAS + "priceCondition")),
                       "above": integer(facts.text(spec, ATLAS + "appliesAboveTokens"))
                       if facts.value(spec, ATLAS + "appliesAboveTokens") else "",
                       "from": facts.text(spec, SDO + "validFrom"), "through": facts.text(spec, SDO + "validThrough"),
                       "sources": sources.of_fact(spec, SDO + "price")})
    order = {_INPUT: 0, _CACHED: 1, _OUTPUT: 2}
    prices.sort(key=lambda p: (order.get(p["component_iri"], 9), p["component"], p["from"], p["condition"]))
    discount = facts.value(offering, ATLAS + "batchDiscountPercent")
    premium = facts.value(offering, ATLAS + "longContextPremium")
    return {"iri": offering, "anchor": anchor(offering), "platform": facts.label(platform) if platform else "",
            "platform_href": f"{root}platforms/{slug(platform)}.html" if platform else "",
            "starts": facts.text(offering, SDO + "availabilityStarts"),
            "ends": facts.text(offering, SDO + "availabilityEnds"),
            "after": facts.text(offering, ATLAS + "availabilityStartsAfter"),
            "discount": f"{discount.value}%" if discount is not None else "",
            "premium": _yes_no(premium), "note": facts.text(offering, SKOS + "editorialNote"), "prices": prices,
            "sources": sources.of_node(offering)}


def _condition_words(data: SiteData, key: str) -> str:
    """A price condition as the vocabulary words it ("Batch"), else as the dataset wrote it."""
    return data.condition_words.get(key, key)


def _event(data: SiteData, event: str, sources: Sources, page: dict) -> dict:
    facts = data.facts
    page["anchors"].add(event)
    replaced = facts.links(event, DCT + "isReplacedBy")
    return {"anchor": anchor(event), "date": facts.text(event, DCT + "date"),
            "human": human_date(facts.text(event, DCT + "date")),
            "event": ", ".join(_labels(facts, event, ATLAS + "eventType")),
            "platform": ", ".join(_labels(facts, event, ATLAS + "platform")),
            "replacement": ", ".join(_names(facts, replaced)), "note": facts.text(event, SKOS + "editorialNote"),
            "sources": sources.of_fact(event, DCT + "date")}


def _finding(data: SiteData, finding: str, sources: Sources, page: dict) -> dict:
    facts = data.facts
    page["anchors"].add(finding)
    return {"anchor": anchor(finding), "description": facts.text(finding, SDO + "description"),
            "reported_by": ", ".join(_labels(facts, finding, ATLAS + "reportedBy")),
            "response": facts.text(finding, ATLAS + "response"), "updated": facts.text(finding, DCT + "modified"),
            "updated_human": human_date(facts.text(finding, DCT + "modified")),
            "sources": sources.of_node(finding)}


def _result(data: SiteData, row: ResultRow, sources: Sources, root: str, page: dict) -> dict:
    facts = data.facts
    page["anchors"].add(row.iri)
    shown, more = neighbours(data.by_group.get(row.group, [row]), row)
    others = [r for r in shown if r.model != row.model]
    variant = facts.link(row.iri, ATLAS + "conservativeVariantOf")
    return {"anchor": anchor(row.iri), "benchmark": facts.label(row.benchmark) or compact(row.benchmark),
            "benchmark_href": f"{root}benchmarks/{slug(row.benchmark)}.html",
            "benchmark_description": facts.text(row.benchmark, SDO + "description"),
            "setting": facts.label(row.setting) if row.setting else "",
            "metric": facts.label(row.metric) if row.metric else "", "score": score(row, facts),
            "date": row.date, "human": human_date(row.date), "note": facts.text(row.iri, SKOS + "note"),
            "excluded": facts.text(row.iri, ATLAS + "excludedTaskCount"),
            "tasks": facts.text(row.iri, ATLAS + "taskCount"),
            "variant_of": anchor(variant) if variant else "",
            "variant_label": (facts.label(data.results[variant].benchmark) if variant in data.results else ""),
            "sources": sources.of_node(row.iri),
            "comparators": [{"model": facts.label(r.model) or compact(r.model),
                             "href": model_href(data, r.model, root), "score": score(r, facts)} for r in others],
            "more": more}


SOURCE_ROWS = 1000  # nodes listed on a source's page (a dataset can back a hundred thousand)
CHART_BARS = 40  # bars of a leaderboard's chart (its table lists every result)
NEIGHBOURS = 10  # comparators shown beside a result (and in its chart): the nearest on the leaderboard


def neighbours(board: list[ResultRow], row: ResultRow, count: int = NEIGHBOURS) -> tuple[list[ResultRow], int]:
    """The results around `row` on its leaderboard (best first), `row` included, and how many
    others the leaderboard holds beyond them: a page stays the same size however many models
    report on a benchmark."""
    if len(board) <= count + 1:
        return board, 0
    at = next((i for i, r in enumerate(board) if r.iri == row.iri), 0)
    start = max(0, min(at - count // 2, len(board) - count - 1))
    window = board[start:start + count + 1]
    return window, len(board) - len(window)


def _claims(data: SiteData, subjects: list[str], sources: Sources, root: str, page: dict) -> list[dict]:
    facts = data.facts
    out = []
    for subject in subjects:
        for claim in facts.subjects(ATLAS + "subject", subject):
            page["anchors"].add(claim)
            verdict = data.verdicts.get(claim, {})
            comparator = facts.link(claim, ATLAS + "comparator")
            comparator_model = facts.link(claim, ATLAS + "comparatorModel")
            if comparator in data.results:
                row = data.results[comparator]
                against = f"{facts.label(row.model) or compact(row.model)} {score(row, facts)}"
                against_href = model_href(data, row.model, root)
            elif comparator_model:
                against, against_href = facts.label(comparator_model) or compact(comparator_model), model_href(
                    data, comparator_model, root) if comparator_model in data.home else ""
            elif comparator:
                against, against_href = _price_label(data, comparator), f"#{anchor(comparator)}"
            else:
                against, against_href = "", ""
            subject_text = (f"{facts.label(data.results[subject].benchmark)} {score(data.results[subject], facts)}"
                            if subject in data.results else _price_label(data, subject))
            out.append({"anchor": anchor(claim), "text": facts.text(claim, ATLAS + "statedText"),
                        "kind": ", ".join(_labels(facts, claim, ATLAS + "claimKind")),
                        "stated": facts.text(claim, ATLAS + "statedValue"),
                        "qualifier": ", ".join(_labels(facts, claim, ATLAS + "valueQualifier")),
                        "subject": subject_text, "subject_anchor": anchor(subject),
                        "against": against, "against_href": against_href,
                        "computed": verdict.get("computed", ""), "verdict": verdict.get("verdict", "not checked"),
                        "findings": data.findings_by_focus.get(claim, []), "sources": sources.of_node(claim)})
    out.sort(key=lambda c: (c["subject"], c["anchor"]))
    return out


def _price_label(data: SiteData, spec: str) -> str:
    facts = data.facts
    component = facts.link(spec, ATLAS + "priceComponent")
    price = money(number(facts.value(spec, SDO + "price")), facts.text(spec, SDO + "priceCurrency"))
    return f"{facts.label(component) if component else 'price'} {price}".strip()


def _evidence(data: SiteData, model: str, sources: Sources, page_anchors: set[str]) -> list[dict]:
    """The quoted words and the editors' inferences behind the facts of this page."""
    facts = data.facts
    members = data.graphs.members.get(model, set())
    rows = []
    for marker in sorted(members):
        types = facts.types(marker)
        if not types & {ATLAS + "Evidence", ATLAS + "Inference"}:
            continue
        inferred = ATLAS + "Inference" in types
        targets = [t for t in facts.links(marker, ATLAS + "evidenceFor") if t in members]
        properties = [compact(p.value) for p in facts.values(marker, ATLAS + "evidenceProperty")]
        rule = facts.link(marker, ATLAS + "inferenceRule")
        page_anchors.add(marker)
        stated = ", ".join(f"{_node_label(data, t)}: {p}" for t in targets for p in properties)
        rows.append({"anchor": anchor(marker), "facts": stated,
                     "basis": "inferred" if inferred else "stated",
                     "quote": facts.text(marker, ATLAS + "quote") or facts.text(marker, SKOS + "editorialNote"),
                     "rule": facts.label(rule) if rule else "", "section": facts.text(marker, ATLAS + "pageSection"),
                     "accessed": facts.text(marker, ATLAS + "accessedOn"),
                     "sources": sources.of_node(marker) + [sources.ref(s, "inferred from")
                                                           for s in facts.links(marker, ATLAS + "inferredFrom")
                                                           if s in data.entities.get(ATLAS + "Source", ())]})
    return rows


def _node_label(data: SiteData, node: str) -> str:
    """A short description of a node for lists: what it is and what it says."""
    facts = data.facts
    types = facts.types(node)
    if node in data.results:
        row = data.results[node]
        setting = f" ({facts.label(row.setting)})" if row.setting else ""
        return f"{facts.label(row.model)}: {facts.label(row.benchmark)}{setting} {score(row, facts)}"
    if ATLAS + "Offering" in types:
        return f"{facts.label(facts.link(node, SDO + 'itemOffered') or '')} on " \
               f"{facts.label(facts.link(node, ATLAS + 'platform') or '')}"
    if SDO + "UnitPriceSpecification" in types:
        return _price_label(data, node)
    if ATLAS + "ComparisonClaim" in types:
        return f"claim “{facts.text(node, ATLAS + 'statedText')}”"
    if ATLAS + "LifecycleEvent" in types:
        return f"{', '.join(_labels(facts, node, ATLAS + 'eventType'))} {facts.text(node, DCT + 'date')}"
    if ATLAS + "SafetyFinding" in types:
        text = facts.text(node, SDO + "description")
        return "safety finding: " + (text[:80] + "…" if len(text) > 80 else text)
    if ATLAS + "AliasAssignment" in types:
        return f"alias {facts.text(node, ATLAS + 'alias')}"
    if ATLAS + "Evidence" in types or ATLAS + "Inference" in types:
        return "evidence " + compact(node)
    return facts.label(node) or compact(node)


def _results_chart(data: SiteData, model: str, results: list[ResultRow], root: str) -> str:
    facts = data.facts
    groups = []
    for row in results:
        rows, _ = neighbours(data.by_group.get(row.group, [row]), row)
        unit = facts.notation(row.unit) if row.unit else ""
        several_metrics = len({r.metric for r in results if r.benchmark == row.benchmark}) > 1
        parts = (facts.label(row.benchmark), facts.label(row.setting) if row.setting else "",
                 facts.label(row.metric) if row.metric and several_metrics else "")
        title = " · ".join(x for x in parts if x)
        bars = [Bar(facts.label(r.model) or compact(r.model), score(r, facts), r.value, r.low, r.high,
                    None if r.model == model else model_href(data, r.model, root), r.model == model) for r in rows]
        groups.append(BarGroup(title, bars, percent=unit == "%"))
    if not groups:
        return ""
    name = facts.label(model)
    compared = sum(1 for g in groups if len(g.bars) > 1)
    description = (f"{name}'s {len(groups)} benchmark result(s), each beside the results of other models on the same "
                   f"benchmark, setting and metric ({compared} with comparators); percentages on a 0 to 100 scale. "
                   "The table of results below gives the same figures.")
    return bar_chart(f"chart-{slug(model)}", f"{name}: benchmark results against the models it is compared with",
                     description, groups)


def linkable(url: str) -> bool:
    """Whether a source's URL may become a link: http, https and mailto only; anything else
    (`javascript:`, `data:`) is shown as text, so a page runs no script a dataset wrote."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https", "mailto")


def offerings_of(facts, model: str) -> list[str]:
    """The model's own offerings and those of the dataset records resolved to it (skos:exactMatch
    with an atlas:recordRank: the atlas build's resolution)."""
    records = [r for r in facts.links(model, SKOS + "exactMatch") if facts.value(r, ATLAS + "recordRank") is not None]
    return sorted({o for node in [model, *records] for o in facts.subjects(SDO + "itemOffered", node)})


# -- scores against context length -------------------------------------------------------------------
COMPARATOR_CURVES = 6  # other models drawn beside a model's long-context curve (its results table lists all)


def context_length(facts: Facts, setting: str | None) -> int | None:
    """The context length a benchmark setting tests, in tokens, where one is recorded."""
    return _int_or_none(facts.value(setting, ATLAS + "contextLengthTokens")) if setting else None


def _inferred(facts: Facts, node: str, predicate: str) -> bool:
    """Whether the editors inferred this fact (an atlas:Inference marks it) rather than read it."""
    return any(ATLAS + "Inference" in facts.types(marker) for marker in markers_of(facts, node, predicate))


def _at_context_lengths(data: SiteData, rows: list[ResultRow]) -> dict[tuple, list[ResultRow]]:
    """The scores (point values) at settings with a context length, by benchmark, metric and unit:
    what one curve can show."""
    found: dict[tuple, list[ResultRow]] = defaultdict(list)
    for row in rows:
        if row.value is not None and context_length(data.facts, row.setting):
            found[(row.benchmark, row.metric or "", row.unit or "")].append(row)
    return dict(sorted(found.items()))


def long_context_charts(data: SiteData, model: str, results: list[ResultRow], root: str) -> list[str]:
    """A curve for each benchmark (and metric) on which the model has scores at two settings or more
    with a context length, beside the scores of other models at those settings."""
    charts = []
    for (benchmark, metric, _), own in _at_context_lengths(data, results).items():
        settings = sorted({row.setting for row in own if row.setting is not None})  # all of them: they have a context length
        if len(settings) < 2:
            continue
        others = [r for s in settings for r in data.by_group.get((benchmark, s, metric), [])
                  if r.model != model and r.value is not None]
        charts.append(_curve_chart(data, own + others, model, root, own_page=True))
    return charts


def benchmark_curves(data: SiteData, benchmark: str, root: str) -> list[str]:
    """On a benchmark's page, every model's scores against the context length of its settings,
    when one model at least has scores at two of them (that model's points are labelled)."""
    rows = [row for group in sorted(data.by_group) if group[0] == benchmark for row in data.by_group[group]]
    charts = []
    for found in _at_context_lengths(data, rows).values():
        settings = defaultdict(set)
        for row in found:
            settings[row.model].add(row.setting)
        first = min(settings, key=lambda m: (-len(settings[m]), data.facts.label(m).lower(), m))
        if len(settings[first]) >= 2:
            charts.append(_curve_chart(data, found, first, root, own_page=False))
    return charts


def _curve_chart(data: SiteData, rows: list[ResultRow], first: str, root: str, own_page: bool) -> str:
    """The chart of `rows` (one benchmark, metric and unit), a curve per model, `first` labelled
    and drawn first, the others up to COMPARATOR_CURVES."""
    facts = data.facts
    by_model: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        by_model[row.model].append(row)
    order = sorted(by_model, key=lambda m: (m != first, -len(by_model[m]), facts.label(m).lower(), m))
    drawn = order[:COMPARATOR_CURVES + 1]
    curves = [Curve(facts.label(m) or compact(m), [_curve_point(facts, r) for r in by_model[m]],
                    None if own_page and m == first else model_href(data, m, root), labelled=m == first)
              for m in drawn]
    sample = rows[0]
    benchmark, name = facts.label(sample.benchmark), curves[0].name
    unit = facts.notation(sample.unit) if sample.unit else ""
    metric = f" ({facts.label(sample.metric)})" if sample.metric and facts.label(sample.metric) else ""
    more = f" ({len(order) - len(drawn)} more are in the tables)" if len(order) > len(drawn) else ""
    description = (f"{name}'s scores on {benchmark}{metric} at {len({r.setting for r in by_model[first]})} settings, "
                   f"its points named by their setting and score, beside the scores of {len(drawn) - 1} other "
                   f"model(s) at the same settings{more}. " + _context_axis(facts, rows, unit))
    chart_id = "curve-" + anchor(sample.benchmark) + (f"-{anchor(sample.metric)}" if sample.metric else "")
    title = (f"{name}: score against context length on {benchmark}" if own_page
             else f"{benchmark}: score against context length")
    return context_curve(chart_id, title, description, curves, percent=unit == "%")


def _context_axis(facts: Facts, rows: list[ResultRow], unit: str) -> str:
    """What the axes of a long-context chart show, naming the settings whose position the editors
    read from their names rather than from a stated token count."""
    settings = sorted({r.setting for r in rows if r.setting is not None},  # all of them: they have a context length
                      key=lambda s: (context_length(facts, s), facts.label(s)))
    read = [f"“{facts.label(s)}”" for s in settings if _inferred(facts, s, ATLAS + "contextLengthTokens")]
    lengths = "; ".join(f"“{facts.label(s)}” at {integer(context_length(facts, s))} tokens" for s in settings)
    return (f"Horizontal: the context length each setting tests, logarithmic ({lengths}); vertical: the score"
            f"{f' in {unit}' if unit else ''}." + (
                f" The horizontal positions of {', '.join(read)} are read from the settings' names (K a thousand, "
                "M a million tokens) by the editors; the source states no token count." if read else ""))


def _curve_point(facts: Facts, row: ResultRow) -> CurvePoint:
    """A score placed at its setting's context length, named by the setting and the score as given."""
    tokens = context_length(facts, row.setting)
    assert tokens is not None and row.value is not None and row.setting is not None, row.iri  # see _at_context_lengths
    return CurvePoint(tokens, row.value, facts.label(row.setting), score(row, facts))


# -- a model's prices over time --------------------------------------------------------------------------
_COMPONENT_DASH = {_INPUT: 0, _OUTPUT: 1, _CACHED: 2}
PRICE_PROVIDERS = 8  # providers drawn in a price history, a colour each (the tables list every price)


def price_history_chart(data: SiteData, model: str) -> str:
    """The model's dated USD prices per 1M tokens (its own offerings' and those of the dataset
    records resolved to it) as steps, one series per provider and component, when the prices of
    one component carry two dates at least; else nothing."""
    facts = data.facts
    prices = _dated_prices(facts, model)
    dates: defaultdict[str, set[date]] = defaultdict(set)
    for (_, component), steps in prices.items():
        dates[component] |= {d for s in steps for d in (s.start, s.end) if d is not None}
    if not any(len(days) >= 2 for days in dates.values()):
        return ""
    lines, providers = _price_lines(facts, prices)
    name = facts.label(model) or compact(model)
    left_out = len({o for o, _ in prices}) - providers
    description = (
        f"{name}'s dated list prices in USD per 1M tokens at {providers} provider(s), over time: {len(lines)} "
        "series, one per provider (colour) and price component (line style: input solid, output dashed, cached "
        f"input dotted){f'; {left_out} more provider(s) are in the tables' if left_out else ''}. Each price is a "
        "level from the day it starts to the day it ends, joined to the price that follows it; a price whose start "
        "the source does not state is drawn faintly from the left edge, one with no end stated runs to the right "
        "edge. Prices without dates, prices that apply only under a condition (such as batch processing) or above "
        "a number of tokens, and prices in other currencies are left out; the tables below list every price.")
    return step_chart(f"price-history-{slug(model)}", f"{name}: prices over time at each provider", description,
                      lines)


def _dated_prices(facts: Facts, model: str) -> dict[tuple[str, str], list[Step]]:
    """The dated prices of the model's offerings, by offering and price component."""
    prices: dict[tuple[str, str], list[Step]] = defaultdict(list)
    for offering in offerings_of(facts, model):
        for spec in facts.links(offering, SDO + "priceSpecification"):
            step = _dated_price(facts, offering, spec)
            component = facts.link(spec, ATLAS + "priceComponent")
            if step is not None and component is not None:  # a dated price always has its component
                prices[(offering, component)].append(step)
    return prices


def _price_lines(facts: Facts, prices: dict[tuple[str, str], list[Step]]) -> tuple[list[StepSeries], int]:
    """A series per offering and component, in order of provider and component: a colour per
    offering (the PRICE_PROVIDERS with the most dated prices), a line style per component. A
    provider named by two offerings (two datasets) is told apart by the offering's source."""
    platform = {o: facts.label(facts.link(o, ATLAS + "platform") or "") or compact(o) for o, _ in prices}
    busiest = sorted(platform, key=lambda o: (-sum(len(s) for (of, _), s in prices.items() if of == o), o))
    offerings = sorted(busiest[:PRICE_PROVIDERS], key=lambda o: (platform[o].lower(), o))
    twice = {name for name, count in Counter(platform[o] for o in offerings).items() if count > 1}
    lines = []
    for colour, offering in enumerate(offerings):
        source = facts.label(facts.link(offering, PROV + "wasDerivedFrom") or "")
        where = f"{platform[offering]} ({source})" if platform[offering] in twice else platform[offering]
        for component in sorted((c for o, c in prices if o == offering), key=lambda c: _COMPONENT_DASH[c]):
            lines.append(StepSeries(f"{where} · {facts.label(component)}", prices[(offering, component)], colour,
                                    _COMPONENT_DASH[component]))
    return lines, len(offerings)


def _dated_price(facts: Facts, offering: str, spec: str) -> Step | None:
    """A price for the history: USD per 1M input, cached input or output tokens, with a start or an
    end date, applying to every request (no condition, no token threshold)."""
    component = facts.link(spec, ATLAS + "priceComponent")
    if (component not in _COMPONENT_DASH or facts.text(spec, SDO + "priceCurrency") != "USD"
            or facts.value(spec, ATLAS + "priceCondition") is not None
            or facts.value(spec, ATLAS + "appliesAboveTokens") is not None):
        return None
    start, end = _day(facts.text(spec, SDO + "validFrom")), _day(facts.text(spec, SDO + "validThrough"))
    quantity = facts.link(spec, SDO + "referenceQuantity")
    per = number(facts.value(quantity, SDO + "value")) if quantity else None
    price = number(facts.value(spec, SDO + "price"))
    if (start is None and end is None) or price is None or not per:
        return None
    value = price * _MILLION / per
    sources = ", ".join(_names(facts, facts.links(spec, PROV + "wasDerivedFrom")
                               or facts.links(offering, PROV + "wasDerivedFrom")))
    where = facts.label(facts.link(offering, ATLAS + "platform") or "")
    return Step(start, end, value, f"{where} · {facts.label(component)}: {money(value, 'USD')} per 1M tokens, "
                                   f"{_period(start, end)}; source: {sources}")


def _period(start: date | None, end: date | None) -> str:
    """When a price held, in words, saying which end the source leaves open."""
    if start is None:
        assert end is not None  # a dated price states a start or an end
        return f"until {human_date(end.isoformat())}, start not stated"
    until = f" to {human_date(end.isoformat())}" if end else ", no end stated"
    return f"from {human_date(start.isoformat())}{until}"


def _day(text: str) -> date | None:
    """A day from an xsd:date or xsd:dateTime; None when there is none or it is not a date."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


# -- the index, and prices -------------------------------------------------------------------------------
def lowest_prices(data: SiteData, model: str, today: str) -> dict[str, Decimal]:
    """The lowest USD price per 1M tokens of each component (input, output, cached input) among
    the model's offerings, counting paid list prices in force today: no condition, no tier route
    (`:free`, `:batch`), no zero (free or subscription access)."""
    facts = data.facts
    lowest: dict[str, Decimal] = {}
    for offering in offerings_of(facts, model):
        ends = facts.text(offering, SDO + "availabilityEnds")
        if (ends and ends <= today) or facts.value(facts.link(offering, SDO + "itemOffered") or "", ATLAS + "offeringTier"):
            continue
        for spec in facts.links(offering, SDO + "priceSpecification"):
            if (facts.value(spec, ATLAS + "priceCondition") is not None
                    or facts.value(spec, ATLAS + "appliesAboveTokens") is not None
                    or facts.text(spec, SDO + "priceCurrency") != "USD"):
                continue
            through, since = facts.text(spec, SDO + "validThrough"), facts.text(spec, SDO + "validFrom")
            if (through and through < today) or (since and since > today):
                continue
            quantity = facts.link(spec, SDO + "referenceQuantity")
            per = number(facts.value(quantity, SDO + "value")) if quantity else None
            price = number(facts.value(spec, SDO + "price"))
            component = facts.link(spec, ATLAS + "priceComponent")
            if not price or not per or component not in (_INPUT, _OUTPUT, _CACHED):
                continue
            try:
                normalised = price * _MILLION / per
            except InvalidOperation:
                continue
            lowest[component] = min(normalised, lowest.get(component, normalised))
    return lowest


INDEX_BENCHMARKS = 3  # the index has a column of best scores for the benchmarks most models are scored on


def index_benchmarks(data: SiteData) -> list[str]:
    """The benchmarks with percentage scores on the most models, most first."""
    models: dict[str, set[str]] = defaultdict(set)
    for row in data.results.values():
        if row.value is not None and row.unit and data.facts.notation(row.unit) == "%":
            models[row.benchmark].add(row.model)
    return sorted(models, key=lambda b: (-len(models[b]), data.facts.label(b)))[:INDEX_BENCHMARKS]


def best_scores(data: SiteData, benchmarks: list[str]) -> dict[tuple[str, str], Decimal]:
    """(model, benchmark) -> the model's best percentage score on it, in any setting."""
    best: dict[tuple[str, str], Decimal] = {}
    for row in data.results.values():
        if row.benchmark in benchmarks and row.value is not None and row.unit and data.facts.notation(row.unit) == "%":
            key = (row.model, row.benchmark)
            best[key] = max(best.get(key, row.value), row.value)
    return best


def index_rows(data: SiteData, today: str | None = None, benchmarks: Sequence[str] = ()) -> list[dict]:
    facts = data.facts
    today = today or date.today().isoformat()
    best = best_scores(data, list(benchmarks))
    rows = []
    for model in data.models:
        context = facts.value(model, ATLAS + "contextWindowTokens")
        output = facts.value(model, ATLAS + "maxOutputTokens")
        prices = lowest_prices(data, model, today)
        modalities = _labels(facts, model, ATLAS + "inputModality")
        results = len(facts.subjects(DQV + "computedOn", model))
        rows.append({"iri": model, "name": facts.label(model) or compact(model),
                     "href": model_href(data, model, ""),
                     "developer": ", ".join(_labels(facts, model, SDO + "creator")),
                     "family": ", ".join(_labels(facts, model, SDO + "isPartOf")),
                     "released": facts.text(model, SDO + "datePublished"),
                     "context": _int_or_none(context), "output": _int_or_none(output),
                     "modalities": modalities,
                     "modality_keys": " ".join(m.lower().replace(" ", "-") for m in modalities),
                     "input_price": prices.get(_INPUT), "output_price": prices.get(_OUTPUT),
                     "offerings": len(offerings_of(facts, model)), "results": results,
                     "scores": [best.get((model, benchmark)) for benchmark in benchmarks]})
    return rows


def _int_or_none(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def price_points(rows: list[dict]) -> list[Point]:
    return [Point(r["name"], r["href"], r["context"], r["input_price"],
                  f"{r['name']}: {integer(r['context'])} tokens, {money(r['input_price'], 'USD')} per 1M input tokens")
            for r in rows if r["context"] and r["input_price"] is not None]


# -- benchmarks, platforms, sources, checks ----------------------------------------------------------------
def benchmark_page(data: SiteData, benchmark: str, root: str = "../") -> dict:
    facts = data.facts
    sources = Sources(data, root)
    groups = sorted({g for g in data.by_group if g[0] == benchmark},
                    key=lambda g: (facts.label(g[1]).lower(), facts.label(g[2]).lower()))
    boards = []
    for group in groups:
        rows = data.by_group[group]
        board: dict[str, Any] = {"setting": facts.label(group[1]) if group[1] else "",
                 "metric": facts.label(group[2]) if group[2] else "",
                 "id": "board-" + anchor(group[1] or benchmark) + ("-" + anchor(group[2]) if group[2] else ""),
                 "rows": []}
        for rank, row in enumerate(rows, 1):
            board["rows"].append({"rank": rank, "model": facts.label(row.model) or compact(row.model),
                                  "href": node_href(data, row.iri, root) or model_href(data, row.model, root),
                                  "score": score(row, facts), "date": row.date, "human": human_date(row.date),
                                  "sources": sources.of_node(row.iri)})
        unit = facts.notation(rows[0].unit) if rows and rows[0].unit else ""
        top = rows[:CHART_BARS]
        heading = " · ".join(x for x in (board["setting"], board["metric"]) if x) or facts.label(benchmark)
        chart_groups = [BarGroup(heading,
                                 [Bar(facts.label(r.model), score(r, facts), r.value, r.low, r.high,
                                      model_href(data, r.model, root)) for r in top], percent=unit == "%")]
        board["chart"] = bar_chart(f"chart-{board['id']}", f"{facts.label(benchmark)}: "
                                   f"{board['setting'] or 'results'}",
                                   f"{len(rows)} result(s) on {facts.label(benchmark)}"
                                   f"{' (' + board['setting'] + ')' if board['setting'] else ''}, best first"
                                   f"{f' (the best {len(top)} drawn)' if len(top) < len(rows) else ''}; the "
                                   "table gives every figure.", chart_groups)
        boards.append(board)
    settings = sorted(facts.subjects(ATLAS + "settingOf", benchmark), key=lambda s: facts.label(s).lower())
    return {"iri": benchmark, "curie": compact(benchmark), "name": facts.label(benchmark) or compact(benchmark),
            "description": facts.text(benchmark, SDO + "description"),
            "metric": ", ".join(_labels(facts, benchmark, ATLAS + "metric")),
            "settings": [{"name": facts.label(s), "description": facts.text(s, SDO + "description"),
                          "tasks": facts.text(s, ATLAS + "taskCount"),
                          "excluded": facts.text(s, ATLAS + "excludedTaskCount"),
                          "context": integer(context_length(facts, s) or ""),
                          "context_inferred": _inferred(facts, s, ATLAS + "contextLengthTokens"),
                          "context_sources": sources.of_fact(s, ATLAS + "contextLengthTokens")
                          if context_length(facts, s) else []} for s in settings],
            "boards": boards, "curves": benchmark_curves(data, benchmark, root), "root": root,
            "price_chart": _price_performance_chart(data, benchmark, root),
            "benchmark_sources": sources.of_node(benchmark),
            "sources": sources.listing()}


def _price_performance_chart(data: SiteData, benchmark: str, root: str) -> str:
    """Each model's best score against its cheapest paid price, the frontier marked (the rows of
    the price-performance query); one chart per unit, the unit most models are scored in."""
    rows = data.price_performance.get(benchmark, [])
    units = Counter(row["unit"].value for row in rows)
    if not units:
        return ""
    unit = units.most_common(1)[0][0]
    points = [ScorePoint(row["model"].value, model_href(data, row["m"].value, root), Decimal(row["score"].value),
                         Decimal(row["blended"].value), row["beatenBy"].value == "0")
              for row in rows if row["unit"].value == unit]
    on_frontier = [p.label for p in sorted(points, key=lambda p: p.price) if p.frontier]
    name = data.facts.label(benchmark)
    return score_price_chart(f"price-{anchor(benchmark)}", f"{name}: best score against cheapest paid price",
                             f"{len(points)} models with a paid list price; on the frontier (no other model scores "
                             f"at least as well for at most its price): {', '.join(on_frontier)}.", points,
                             percent=unit == "%")


def platform_page(data: SiteData, platform: str, root: str = "../") -> dict:
    facts = data.facts
    sources = Sources(data, root)
    offerings = []
    for offering in sorted(facts.subjects(ATLAS + "platform", platform),
                           key=lambda o: facts.label(facts.link(o, SDO + "itemOffered") or o).lower()):
        if ATLAS + "Offering" not in facts.types(offering):
            continue
        model = facts.link(offering, SDO + "itemOffered")
        page: dict = {"anchors": set()}
        entry = _offering(data, offering, sources, root, page)
        entry["model"] = facts.label(model) if model else ""
        entry["model_href"] = node_href(data, offering, root) or (model_href(data, model, root) if model else "")
        offerings.append(entry)
    provider = facts.links(platform, SDO + "provider")
    return {"iri": platform, "curie": compact(platform), "name": facts.label(platform) or compact(platform),
            "provider": ", ".join(_names(facts, provider)), "url": facts.text(platform, SDO + "url"),
            "offerings": offerings, "root": root, "platform_sources": sources.of_node(platform),
            "sources": sources.listing()}


def source_page(data: SiteData, source: str, root: str = "../") -> dict:
    facts = data.facts
    title = facts.value(source, DCT + "title")
    backed = defaultdict(list)
    for relation, label in ((PROV + "wasDerivedFrom", "read in this document"),
                            (PROV + "hadPrimarySource", "this document is cited for it")):
        for node in facts.subjects(relation, source):
            if node in data.entities.get(ATLAS + "Source", ()):
                continue
            backed[node].append(label)
    rows = []
    shown = sorted(backed, key=lambda n: (not n.startswith(PREFIXES["model"]), n))[:SOURCE_ROWS]
    for node in shown:
        relations = backed[node]
        markers = ATLAS + "Evidence" in facts.types(node) or ATLAS + "Inference" in facts.types(node)
        if markers:
            targets = facts.links(node, ATLAS + "evidenceFor")
            properties = ", ".join(compact(p.value) for p in facts.values(node, ATLAS + "evidenceProperty"))
            quote = facts.text(node, ATLAS + "quote")
            what = "; ".join(_node_label(data, t) for t in targets)
            rows.append({"kind": "inference" if ATLAS + "Inference" in facts.types(node) else "quote",
                         "what": f"{what} — {properties}", "quote": quote or facts.text(node, SKOS + "editorialNote"),
                         "href": node_href(data, node, root)
                         or (node_href(data, targets[0], root) if targets else None),
                         "relation": ", ".join(relations)})
        else:
            kinds = sorted(facts.label(t) or compact(t) for t in facts.types(node) if t.startswith(ATLAS) or
                           t.startswith(SDO))
            rows.append({"kind": ", ".join(k.split(":")[-1] for k in kinds) or "node", "what": _node_label(data, node),
                         "quote": "", "href": node_href(data, node, root), "relation": ", ".join(relations)})
    rows.sort(key=lambda r: (r["kind"], r["what"]))
    cites = facts.links(source, DCT + "references")
    cited_by = facts.subjects(DCT + "references", source)
    return {"iri": source, "curie": compact(source), "title": title.value if title is not None else compact(source),
            "lang": title.language if title is not None and title.language not in (None, "en") else "",
            "kind": ", ".join(_labels(facts, source, ATLAS + "sourceKind")),
            "publishers": ", ".join(_labels(facts, source, SDO + "publisher")),
            "authors": ", ".join(_labels(facts, source, SDO + "author")), "url": facts.text(source, SDO + "url"),
            "date": facts.text(source, DCT + "date") or facts.text(source, SDO + "datePublished"),
            "accessed": facts.text(source, ATLAS + "accessedOn"),
            "cites": [{"title": facts.label(s) or compact(s), "href": f"{root}sources/{slug(s)}.html"} for s in cites
                      if s in data.entities.get(ATLAS + "Source", ())],
            "cited_by": [{"title": facts.label(s) or compact(s), "href": f"{root}sources/{slug(s)}.html"}
                         for s in cited_by if s in data.entities.get(ATLAS + "Source", ())],
            "rows": rows, "more": len(backed) - len(shown), "backed": len(backed), "root": root}


def checks_page(data: SiteData, root: str = "") -> dict:
    rows: list[dict[str, Any]] = []
    for finding in data.report.findings:
        node = expand(finding.focus)
        rows.append({"severity": finding.severity, "focus": finding.focus, "path": finding.path,
                     "value": finding.value, "message": finding.message, "component": finding.component,
                     "location": finding.location, "href": node_href(data, node, root) if node else None})
    counts: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["severity"]] += 1
    return {"rows": rows, "counts": dict(sorted(counts.items())), "root": root,
            "conforms": data.report.conforms}
