"""The two charts of a model's page that compare over a dimension: its scores against the context
length of a benchmark's settings (OpenAI-MRCR for GPT-4.1, positions read from the settings'
names and marked as the editors' inference), and its prices over time at each provider (a small
hand-made catalogue with two providers and dated prices; a model without dated prices has none)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

import atlaskg
from atlaskg.check import integrity
from atlaskg.check.shacl import Report
from atlaskg.publish.charts import Step, StepSeries, step_chart
from atlaskg.publish.data import gather
from atlaskg.publish.pages.benchmark import benchmark_page
from atlaskg.publish.pages.model import model_page
from atlaskg.query import run

SVG = "{http://www.w3.org/2000/svg}"
GPT41 = "https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14"
CONTEXT_LENGTH = "https://w3id.org/atlaskg/ontology#contextLengthTokens"
SETTING = "https://w3id.org/atlaskg/setting/"


@pytest.fixture(scope="module")
def data(catalog, report):
    return gather(catalog, report)


def svg(text: str) -> ET.Element:
    """A chart parsed as XML: what is drawn, and proof that the markup is well formed."""
    return ET.fromstring(text)


def titles(element: ET.Element) -> list[str]:
    return [t.text for t in element.iter(f"{SVG}title")]


# -- scores against context length -----------------------------------------------------------------------
def test_the_context_lengths_are_the_editors_reading_of_the_setting_names(catalog, run_cli):
    """Exactly the three MRCR settings have a context length, each marked by an atlas:Inference with
    the rule that reads K as a thousand and M as a million; no fact is left unsourced."""
    lengths = run(catalog, f"SELECT ?s ?n WHERE {{ ?s <{CONTEXT_LENGTH}> ?n }} ORDER BY ?n").rows
    assert [(s.value, int(n.value)) for s, n in lengths] == [
        (SETTING + "openai-mrcr-8k", 8000), (SETTING + "openai-mrcr-2-needle-128k", 128000),
        (SETTING + "openai-mrcr-1m", 1000000)]
    result = run_cli("query", "inferred-facts", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    marked = sorted(line.split(",")[:4] for line in result.stdout.splitlines() if CONTEXT_LENGTH in line)
    assert marked == sorted([s.value, CONTEXT_LENGTH, n.value, "Context length from the setting's name"]
                            for s, n in lengths)
    rule = run(catalog, "SELECT ?d WHERE { <https://w3id.org/atlaskg/vocab/inferencerule/context-length-from-"
                        "setting-name> skos:definition ?d ; skos:inScheme ?scheme }").rows
    assert "thousand" in rule[0][0].value and "million" in rule[0][0].value
    assert not [p for p in integrity.report(atlaskg.load()).problems if p.check == "unsourced-fact"]


def test_the_gpt41_page_draws_its_long_context_curve(data):
    page = model_page(data, GPT41)
    assert len(page["curves"]) == 1
    chart = svg(page["curves"][0])
    assert chart.get("role") == "img" and chart.get("aria-labelledby").split() == [
        chart.get("id") + "-title", chart.get("id") + "-desc"]
    assert "read from the settings' names" in chart.find(f"{SVG}desc").text
    ticks = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "tick" and not t.text.endswith("%")]
    assert ticks == ["8K", "128K", "1M"]
    own = next(g for g in chart.iter(f"{SVG}g") if g.get("class") == "series mark")
    points = [(float(c.get("cx")), float(c.get("cy")), c.find(f"{SVG}title").text) for c in own.iter(f"{SVG}circle")]
    assert [p[2] for p in points] == ["GPT-4.1, 8K tokens: ~84%", "GPT-4.1, 2-needle, 128K: 57.2%",
                                      "GPT-4.1, 1M tokens: ~50%"]
    assert [float(re.search(r"([\d.]+)%$", p[2]).group(1)) for p in points] == [84, 57.2, 50]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert xs == sorted(xs) and ys == sorted(ys), "left to right 8K, 128K, 1M; each score lower than the last"
    labels = [t.text for t in own.iter(f"{SVG}text")]
    assert labels == ["8K tokens: ~84%", "2-needle, 128K: 57.2%", "1M tokens: ~50%"]
    # the comparators at 128K: a marker each, at the x of 128K, and a legend entry with a link to their pages
    others = [g for g in chart.iter(f"{SVG}g") if g.get("class") == "series"]
    assert sorted(t for g in others for t in titles(g)) == ["GPT-4.5, 2-needle, 128K: 38.5%",
                                                            "GPT-4o, 2-needle, 128K: 31.9%"]
    legend = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "legend"]
    assert legend == ["GPT-4.1", "GPT-4.5", "GPT-4o"]


def test_a_model_with_one_setting_of_a_benchmark_has_no_curve(data):
    assert model_page(data, "https://w3id.org/atlaskg/model/gpt-4o")["curves"] == []


def test_the_benchmark_page_draws_every_models_scores_by_context_length(data):
    page = benchmark_page(data, "https://w3id.org/atlaskg/benchmark/openai-mrcr")
    assert len(page["curves"]) == 1
    assert {s["name"]: (s["context"], s["context_inferred"]) for s in page["settings"]} == {
        "8K tokens": ("8,000", True), "2-needle, 128K": ("128,000", True), "1M tokens": ("1,000,000", True)}
    assert all("inferred by the editors" in s["context_sources"][0]["note"] for s in page["settings"])
    assert len([c for c in svg(page["curves"][0]).iter(f"{SVG}circle")]) == 3 + 1  # GPT-4.1's and its legend's


# -- prices over time ------------------------------------------------------------------------------------
PRICED = """@prefix atlas: <https://w3id.org/atlaskg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix model: <https://w3id.org/atlaskg/model/> .
@prefix platform: <https://w3id.org/atlaskg/platform/> .
@prefix pricecomp: <https://w3id.org/atlaskg/vocab/pricecomp/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix quantity: <https://w3id.org/atlaskg/quantity/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix t: <https://w3id.org/atlaskg/test/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

t:list a atlas:Source ; dcterms:title "Test price list" .
platform:alpha a atlas:Platform ; schema:name "Alpha" ; prov:wasDerivedFrom t:list .
platform:beta a atlas:Platform ; schema:name "Beta" ; prov:wasDerivedFrom t:list .

model:test-priced a atlas:Model ; schema:name "Test Priced" ; prov:wasDerivedFrom t:list ;
    skos:exactMatch t:record .
t:record a atlas:Model ; schema:name "test-priced" ; atlas:recordRank 1 ; prov:wasDerivedFrom t:list .

# Alpha, the model's own offering: input 2 -> 1.50 -> 1 (stated per 1,000 tokens: 0.001), output 8 -> 6
t:thousand a schema:QuantitativeValue ; schema:value 1000 ; schema:unitText "tokens" .
t:alpha a atlas:Offering ; schema:itemOffered model:test-priced ; atlas:platform platform:alpha ;
    prov:wasDerivedFrom t:list ;
    schema:priceSpecification t:a-in-1, t:a-in-2, t:a-in-3, t:a-out-1, t:a-out-2 .
t:a-in-1 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 2.00 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validThrough "2026-03-31"^^xsd:date ; prov:wasDerivedFrom t:list .
t:a-in-2 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 1.50 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-04-01"^^xsd:date ; schema:validThrough "2026-06-30"^^xsd:date ; prov:wasDerivedFrom t:list .
t:a-in-3 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 0.001 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity t:thousand ;
    schema:validFrom "2026-07-01"^^xsd:date ; prov:wasDerivedFrom t:list .
t:a-out-1 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:output ; schema:price 8.00 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validThrough "2026-03-31"^^xsd:date ; prov:wasDerivedFrom t:list .
t:a-out-2 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:output ; schema:price 6.00 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-04-01"^^xsd:date ; prov:wasDerivedFrom t:list .

# Beta, the offering of a dataset record resolved to the model: input 3, output 12 -> 10;
# and prices the chart leaves out: one under a condition, one above a token threshold, one undated, one in EUR
t:beta a atlas:Offering ; schema:itemOffered t:record ; atlas:platform platform:beta ; prov:wasDerivedFrom t:list ;
    schema:priceSpecification t:b-in, t:b-out-1, t:b-out-2, t:b-batch, t:b-long, t:b-cached, t:b-eur .
t:b-in a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 3 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-02-01"^^xsd:date ; prov:wasDerivedFrom t:list .
t:b-out-1 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:output ; schema:price 12 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-02-01"^^xsd:date ; schema:validThrough "2026-05-31"^^xsd:date ; prov:wasDerivedFrom t:list .
t:b-out-2 a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:output ; schema:price 10 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-06-01"^^xsd:date ; prov:wasDerivedFrom t:list .
t:b-batch a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 1.5 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ; atlas:priceCondition "batch" ;
    schema:validFrom "2026-02-01"^^xsd:date ; prov:wasDerivedFrom t:list .
t:b-long a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 6 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ; atlas:appliesAboveTokens 200000 ;
    schema:validFrom "2026-02-01"^^xsd:date ; prov:wasDerivedFrom t:list .
t:b-cached a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:cached-input ; schema:price 0.3 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ; prov:wasDerivedFrom t:list .
t:b-eur a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:output ; schema:price 9 ;
    schema:priceCurrency "EUR" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-02-01"^^xsd:date ; prov:wasDerivedFrom t:list .

# a model with one dated price: one point in time, no history to draw
model:test-once a atlas:Model ; schema:name "Test Once" ; prov:wasDerivedFrom t:list .
t:once a atlas:Offering ; schema:itemOffered model:test-once ; atlas:platform platform:alpha ;
    prov:wasDerivedFrom t:list ; schema:priceSpecification t:once-in, t:once-out .
t:once-in a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:input ; schema:price 1 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-04-01"^^xsd:date ; prov:wasDerivedFrom t:list .
t:once-out a schema:UnitPriceSpecification ; atlas:priceComponent pricecomp:output ; schema:price 4 ;
    schema:priceCurrency "USD" ; schema:referenceQuantity quantity:1000000-tokens ;
    schema:validFrom "2026-04-01"^^xsd:date ; prov:wasDerivedFrom t:list .
"""


@pytest.fixture(scope="module")
def priced(tmp_path_factory):
    path = tmp_path_factory.mktemp("priced") / "priced.ttl"
    path.write_text(PRICED, encoding="utf-8")
    return gather(atlaskg.load([path]), Report([]))


def levels_and_rises(series: ET.Element) -> tuple[list[tuple[float, float, float]], int]:
    """A series' horizontal lines (x from, x to, y) and the number of its vertical ones."""
    lines = [tuple(float(line.get(a)) for a in ("x1", "y1", "x2", "y2")) for line in series.iter(f"{SVG}line")]
    return [(x1, x2, y1) for x1, y1, x2, y2 in lines if y1 == y2], sum(1 for x1, _, x2, _ in lines if x1 == x2)


def test_dated_prices_at_two_providers_are_drawn_as_steps(priced):
    text = model_page(priced, "https://w3id.org/atlaskg/model/test-priced")["price_chart"]
    chart = svg(text)
    assert chart.get("role") == "img"
    assert chart.find(f"{SVG}title").text == "Test Priced: prices over time at each provider"
    description = chart.find(f"{SVG}desc").text
    assert "2 provider(s)" in description and "4 series" in description and "condition" in description
    legend = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "legend"]
    assert legend == ["Alpha · Input tokens", "Alpha · Output tokens", "Beta · Input tokens", "Beta · Output tokens"]
    series = [g for g in chart.iter(f"{SVG}g") if g.get("class") == "series"]
    steps = [levels_and_rises(g) for g in series]
    assert [(len(levels), rises) for levels, rises in steps] == [(3, 2), (2, 1), (1, 0), (2, 1)]
    alpha_input = steps[0][0]
    assert [y for _, _, y in alpha_input] == sorted(y for _, _, y in alpha_input), "2, then 1.50, then 1"
    assert alpha_input[0][0] == 70, "a price with no start stated is drawn from the left edge"
    assert alpha_input[-1][1] == 700, "one with no end stated runs to the right edge"
    assert [t for g in series for t in titles(g)] == [
        "Alpha · Input tokens: $2 per 1M tokens, until 31 March 2026, start not stated; source: Test price list",
        "Alpha · Input tokens: $1.50 per 1M tokens, from 1 April 2026 to 30 June 2026; source: Test price list",
        "Alpha · Input tokens: $1 per 1M tokens, from 1 July 2026, no end stated; source: Test price list",
        "Alpha · Output tokens: $8 per 1M tokens, until 31 March 2026, start not stated; source: Test price list",
        "Alpha · Output tokens: $6 per 1M tokens, from 1 April 2026, no end stated; source: Test price list",
        "Beta · Input tokens: $3 per 1M tokens, from 1 February 2026, no end stated; source: Test price list",
        "Beta · Output tokens: $12 per 1M tokens, from 1 February 2026 to 31 May 2026; source: Test price list",
        "Beta · Output tokens: $10 per 1M tokens, from 1 June 2026, no end stated; source: Test price list"]
    ticks = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["$0", "$5", "$10", "$15", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
                     "Jul 2026"]


def test_no_price_history_without_two_dates(priced, data):
    assert model_page(priced, "https://w3id.org/atlaskg/model/test-once")["price_chart"] == ""
    assert model_page(data, GPT41)["price_chart"] == "", "the seed's prices are undated"


def test_a_step_chart_escapes_its_text():
    text = step_chart("x", "<b>prices</b>", 'a "quoted" & <odd> description', [
        StepSeries("<script>alert(1)</script>", [Step(date(2026, 1, 1), date(2026, 2, 1), Decimal(1), "<i>1</i>"),
                                                 Step(date(2026, 2, 2), None, Decimal(2), "two")], 0, 0)])
    chart = svg(text)
    assert "<script>" not in text and "<i>" not in text
    assert chart.find(f"{SVG}title").text == "<b>prices</b>"
    assert "<script>alert(1)</script>" in [t.text for t in chart.iter(f"{SVG}text")]


def test_the_score_price_chart_joins_the_frontier_and_leaves_out_free_points():
    from decimal import Decimal

    from atlaskg.publish.charts import ScorePoint, score_price_chart

    points = [ScorePoint("cheap", "a.html", Decimal("40"), Decimal("0.1"), True),
              ScorePoint("best", "b.html", Decimal("80"), Decimal("3"), True),
              ScorePoint("beaten", "c.html", Decimal("30"), Decimal("5"), False),
              ScorePoint("free <x>", "d.html", Decimal("90"), Decimal("0"), False)]
    svg = score_price_chart("c", "t", "d", points, percent=True)
    assert svg.count("<circle") == 3 and "free" not in svg  # a zero price has no place on a logarithmic axis
    assert svg.count("<polyline") == 1 and "on the frontier" in svg and "beaten: 30%, $5 per 1M tokens</title>" in svg
    assert score_price_chart("c", "t", "d", points[3:], percent=True) == ""


def test_the_benchmark_page_draws_the_rows_of_the_price_performance_query(catalog):
    from atlaskg.publish.data import price_performance
    from atlaskg.query import query

    benchmark = "https://w3id.org/atlaskg/benchmark/aider-polyglot"
    drawn = price_performance(catalog, [benchmark])[benchmark]
    answered = query(catalog, "price-performance", benchmark=benchmark)
    assert drawn and [(r["model"].value, int(r["beatenBy"].value)) for r in drawn] == \
           [(r["model"], r["beatenBy"]) for r in answered]
