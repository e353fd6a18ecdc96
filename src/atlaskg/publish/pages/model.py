"""A model's page: its specification, offerings and prices, lifecycle events, safety findings,
aliases, benchmark results beside the nearest results of other models, comparison claims with
their verdicts, the evidence behind its facts, and its charts. The largest page, and the one the
site renders for every model; an offering's block is shared with the platform page."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from atlaskg.core.numbers import meaningful
from atlaskg.names.namespaces import PREFIXES
from atlaskg.publish.charts import Bar, BarGroup, bar_chart
from atlaskg.publish.data import ATLAS, DCT, DQV, PROV, SDO, SKOS, ResultRow, SiteData, number
from atlaskg.publish.pages.citations import Sources
from atlaskg.publish.pages.curves import long_context_charts
from atlaskg.publish.pages.formats import anchor, human_date, integer, money, score, yes_no
from atlaskg.publish.pages.index import lowest_prices
from atlaskg.publish.pages.nodes import labels, model_href, names, node_label, price_label
from atlaskg.publish.pages.prices import CACHED, INPUT, MILLION, OUTPUT, offerings_of, price_history_chart
from atlaskg.store import compact

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
    page: dict[str, Any] = {"iri": model, "curie": compact(model), "name": facts.label(model) or compact(model), "slug": data.pages["models"][model],
            "description": facts.text(model, SDO + "description"), "root": root, "anchors": set()}
    page["specification"] = _specification(data, model, sources)
    page["badges"] = [b for b in (labels(facts, model, ATLAS + "status") + labels(facts, model, ATLAS + "modelType"))]
    page["headline"] = [row for row in page["specification"] if row["label"] in (
        "Context window", "Parameters", "Max output tokens", "Release date")]
    page["model_sources"] = sources.of_node(model)
    page["input"] = labels(facts, model, ATLAS + "inputModality")
    page["output"] = labels(facts, model, ATLAS + "outputModality")
    page["capabilities"] = sorted(({"name": facts.label(c) or compact(c),
                                    "category": ", ".join(data.categories.get(c, []))}
                                   for c in facts.links(model, ATLAS + "capability")),
                                  key=lambda c: (c["category"], c["name"]))
    page["offerings"] = [offering_block(data, offering, sources, root, page)
                         for offering in sorted(offerings_of(facts, model),
                                                key=lambda o: facts.label(facts.link(o, ATLAS + "platform") or o))]
    page["price_rows"] = price_rows(page["offerings"])
    page["records"] = _records(data, model, root)
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
                              for m in facts.values(model, p) if not isinstance(m, ox.Literal)}
                             - {r["iri"] for r in page["records"]})
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
            shown = ", ".join(yes_no(v) for v in values)
        else:
            shown = ", ".join(sorted(v.value if isinstance(v, ox.Literal)
                                     else (facts.label(v.value) or compact(v.value)) for v in values))
        iso = values[0].value if predicate in _DATES and len(values) == 1 else ""
        rows.append({"label": label, "value": shown, "iso": iso if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) else "",
                     "sources": sources.of_fact(model, predicate)})
    return rows


def offering_block(data: SiteData, offering: str, sources: Sources, root: str, page: dict) -> dict:
    facts = data.facts
    platform = facts.link(offering, ATLAS + "platform")
    page["anchors"].add(offering)
    prices: list[dict[str, Any]] = []
    for spec in facts.links(offering, SDO + "priceSpecification"):
        page["anchors"].add(spec)
        quantity = facts.link(spec, SDO + "referenceQuantity")
        per_value = number(facts.value(quantity, SDO + "value")) if quantity else None
        per = ("1M tokens" if per_value == MILLION else
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
    order = {INPUT: 0, CACHED: 1, OUTPUT: 2}
    prices.sort(key=lambda p: (order.get(p["component_iri"], 9), p["component"], p["from"], p["condition"]))
    discount = facts.value(offering, ATLAS + "batchDiscountPercent")
    premium = facts.value(offering, ATLAS + "longContextPremium")
    return {"iri": offering, "anchor": anchor(offering), "platform": facts.label(platform) if platform else "",
            "platform_href": data.href("platforms", platform, root) if platform else "",
            "starts": facts.text(offering, SDO + "availabilityStarts"),
            "ends": facts.text(offering, SDO + "availabilityEnds"),
            "after": facts.text(offering, ATLAS + "availabilityStartsAfter"),
            "discount": f"{discount.value}%" if discount is not None else "",
            "premium": yes_no(premium), "note": facts.text(offering, SKOS + "editorialNote"), "prices": prices,
            "sources": sources.of_node(offering)}


_COLUMNS = {INPUT: "input", CACHED: "cached", OUTPUT: "output"}  # the price table's own columns


def price_rows(offerings: list[dict]) -> list[dict]:
    """The model's one price table: a row per offering and terms (condition, token threshold,
    dates), its input, cached input and output prices in columns of their own (every other
    component in one cell), paid rows first, cheapest input first; each price cell carries the id
    of its price, and an offering's first row the offering's, so links to either still land."""
    rows = []
    for offering in offerings:
        terms: dict[tuple, dict] = {}
        for price in offering["prices"]:
            key = (price["condition"], price["above"], price["from"], price["through"])
            row = terms.setdefault(key, _price_row(offering, key))
            column = _COLUMNS.get(price["component_iri"])
            if column is not None and row[column] is None:
                row[column] = price
            else:
                row["other"].append(price)
            row["sources"] += [ref for ref in price["sources"] if ref not in row["sources"]]
        ordered = sorted(terms.values(), key=_row_order) or [_price_row(offering, ())]  # no price: a row still
        ordered[0]["anchor"] = offering["anchor"]
        rows += ordered
    rows.sort(key=_row_order)
    return rows


def _price_row(offering: dict, terms: tuple) -> dict:
    condition, above, start, end = terms or ("", "", "", "")
    return {"offering": offering, "anchor": "", "input": None, "cached": None, "output": None, "other": [],
            "applies": terms, "condition": condition, "above": above, "from": start, "through": end,
            "sources": list(offering["sources"])}


def _row_order(row: dict) -> tuple:
    """Paid first (a price above zero), then free, then no price stated; the prices anyone pays
    before those under a condition (batch, a tier) or above a number of tokens; in USD before
    other currencies; cheapest input, then output, first; then by provider and terms."""
    prices = [p for p in (row["input"], row["cached"], row["output"], *row["other"]) if p is not None]
    values = [_amount(p) for p in prices]
    paid = 0 if any(v for v in values if v is not None) else 1 if prices else 2
    infinity = Decimal("Infinity")
    cost = [_amount(row[c]) if row[c] is not None else None for c in ("input", "output")]
    return (paid, bool(row["condition"] or row["above"]), any(p["currency"] != "USD" for p in prices),
            *(c if c is not None else infinity for c in cost),
            row["offering"]["platform"].lower(), row["offering"]["iri"], row["applies"])


def _amount(price: dict) -> Decimal | None:
    try:
        return Decimal(price["printed"])
    except InvalidOperation:
        return None


def _records(data: SiteData, model: str, root: str) -> list[dict]:
    """The records of other datasets resolved to this model, one line each: the dataset, the
    identifier and name it gives, and where it offers the model (linked to that price row)."""
    facts = data.facts
    rows: list[dict[str, Any]] = []
    for record in facts.links(model, SKOS + "exactMatch"):
        if facts.value(record, ATLAS + "recordRank") is None:
            continue
        dataset = facts.link(record, PROV + "wasDerivedFrom")
        offered = [{"platform": facts.label(facts.link(o, ATLAS + "platform") or "") or "offering",
                    "href": f"#{anchor(o)}"} for o in facts.subjects(SDO + "itemOffered", record)]
        rows.append({"iri": record, "identifier": facts.text(record, SDO + "identifier"),
                     "name": facts.label(record), "dataset": facts.label(dataset) if dataset else "",
                     "dataset_href": data.href("sources", dataset, root) if dataset else "", "offered": offered})
    rows.sort(key=lambda r: (r["dataset"].lower(), r["identifier"].lower(), r["iri"]))
    return rows


def _condition_words(data: SiteData, key: str) -> str:
    """A price condition as the vocabulary words it ("Batch"), else as the dataset wrote it."""
    return data.condition_words.get(key, key)


def _event(data: SiteData, event: str, sources: Sources, page: dict) -> dict:
    facts = data.facts
    page["anchors"].add(event)
    replaced = facts.links(event, DCT + "isReplacedBy")
    return {"anchor": anchor(event), "date": facts.text(event, DCT + "date"),
            "human": human_date(facts.text(event, DCT + "date")),
            "event": ", ".join(labels(facts, event, ATLAS + "eventType")),
            "platform": ", ".join(labels(facts, event, ATLAS + "platform")),
            "replacement": ", ".join(names(facts, replaced)), "note": facts.text(event, SKOS + "editorialNote"),
            "sources": sources.of_fact(event, DCT + "date")}


def _finding(data: SiteData, finding: str, sources: Sources, page: dict) -> dict:
    facts = data.facts
    page["anchors"].add(finding)
    return {"anchor": anchor(finding), "description": facts.text(finding, SDO + "description"),
            "reported_by": ", ".join(labels(facts, finding, ATLAS + "reportedBy")),
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
            "benchmark_href": data.href("benchmarks", row.benchmark, root),
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
                against, against_href = price_label(data, comparator), f"#{anchor(comparator)}"
            else:
                against, against_href = "", ""
            subject_text = (f"{facts.label(data.results[subject].benchmark)} {score(data.results[subject], facts)}"
                            if subject in data.results else price_label(data, subject))
            out.append({"anchor": anchor(claim), "text": facts.text(claim, ATLAS + "statedText"),
                        "kind": ", ".join(labels(facts, claim, ATLAS + "claimKind")),
                        "stated": facts.text(claim, ATLAS + "statedValue"),
                        "qualifier": ", ".join(labels(facts, claim, ATLAS + "valueQualifier")),
                        "subject": subject_text, "subject_anchor": anchor(subject),
                        "against": against, "against_href": against_href,
                        "computed": verdict.get("computed", ""), "verdict": verdict.get("verdict", "not checked"),
                        "findings": data.findings_by_focus.get(claim, []), "sources": sources.of_node(claim)})
    out.sort(key=lambda c: (c["subject"], c["anchor"]))
    return out


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
        properties = [facts.label(p) or compact(p) for p in facts.links(marker, ATLAS + "evidenceProperty")]
        rule = facts.link(marker, ATLAS + "inferenceRule")
        page_anchors.add(marker)
        stated = ", ".join(f"{node_label(data, t)}: {p}" for t in targets for p in properties)
        rows.append({"anchor": anchor(marker), "facts": stated,
                     "basis": "inferred" if inferred else "stated",
                     "quote": facts.text(marker, ATLAS + "quote") or facts.text(marker, SKOS + "editorialNote"),
                     "rule": facts.label(rule) if rule else "", "section": facts.text(marker, ATLAS + "pageSection"),
                     "accessed": facts.text(marker, ATLAS + "accessedOn"),
                     "sources": sources.of_node(marker) + [sources.ref(s, "inferred from")
                                                           for s in facts.links(marker, ATLAS + "inferredFrom")
                                                           if s in data.entities.get(ATLAS + "Source", ())]})
    return rows


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
    return bar_chart(f"chart-{data.pages['models'][model]}", f"{name}: benchmark results against the models it is compared with",
                     description, groups)


def search_summary(data: SiteData, model: str, today: str) -> dict:
    """The schema.org description a search engine reads in the page (a few hundred bytes; the
    model's whole graph is in the .jsonld and .ttl beside it): its name, description, developer,
    release date and, where it has one, the cheapest paid list price per million input tokens in
    force today, with the number of offerings. Its context is inline (schema.org as vocabulary),
    so that no reader fetches one."""
    facts = data.facts
    summary: dict[str, Any] = {"@context": {"@vocab": PREFIXES["schema"]}, "@id": model,
                               "@type": "SoftwareApplication", "name": facts.label(model) or compact(model)}
    if facts.text(model, SDO + "description"):
        summary["description"] = facts.text(model, SDO + "description")
    developers = [{"@type": "Organization", "name": name} for name in labels(facts, model, SDO + "creator")]
    if developers:
        summary["creator"] = developers[0] if len(developers) == 1 else developers
    if facts.text(model, SDO + "datePublished"):
        summary["datePublished"] = facts.text(model, SDO + "datePublished")
    cheapest = lowest_prices(data, model, today).get(INPUT)
    if cheapest is not None:
        price = format(Decimal(meaningful(str(cheapest))).normalize(), "f")  # 2, not 2.000000
        summary["offers"] = {
            "@type": "AggregateOffer", "offerCount": len(offerings_of(facts, model)), "lowPrice": price,
            "priceCurrency": "USD", "priceSpecification": {
                "@type": "UnitPriceSpecification", "price": price, "priceCurrency": "USD",
                "referenceQuantity": {"@type": "QuantitativeValue", "value": int(MILLION), "unitText": "input tokens"}}}
    return summary
