"""Stated gains are recomputed from the stored values; what the seed gets wrong is reported, not fixed."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import RDF, XSD, URIRef

from atlaskg.check.shacl import load_shapes, summarize
from atlaskg.names.namespaces import PREFIXES, SH, SHAPES
from atlaskg.store import compact
from conftest import CASES

EXPECTED_SEED_FINDINGS = {
    # 61.7 - 41.7 = 20.0, not the stated 19.7
    "claim:gpt-4.1-2025-04-14--graphwalks--pp-difference--gpt-4o",
    # "2.9x better" and "over 2.9x": the same comparison, worded two ways
    "claim:gpt-4.1-2025-04-14--aider-polyglot-overview--ratio--gpt-4o",
    "claim:gpt-4.1-2025-04-14--aider-polyglot--ratio--gpt-4o",
    # 23 excluded tasks attributed both to 54.6 and to the conservative 52.1
    "result:gpt-4.1-2025-04-14--swe-bench-verified",
    # the statements of the page that say one thing in different ways (atlas:conflictsWith)
    *(f"evidence:gpt-4.1-2025-04-14--{name}" for name in (
        "needle-metric-accuracy", "needle-metric-precision", "input-modalities-key-features",
        "input-modalities-key-parameters", "availability-other-platforms", "knowledge-cutoff")),
}

# each conflicting pair of the page, with words of both sides that its report must quote
PAGE_CONFLICTS = [
    ("a metric named three ways: accuracy / recall", "accuracy · Retrieving", "100% recall"),
    ("a metric named three ways: accuracy / precision", "accuracy · Retrieving", "100% precision"),
    ("a metric named three ways: precision / recall", "100% precision", "100% recall"),
    ("a list given three ways: Key features / Key parameters", "(text, image, documents)", "structured data, urls"),
    ("a list given three ways: Key features / Modalities", "(text, image, documents)", "textimagestructured_data"),
    ("a list given three ways: Key parameters / Modalities", "structured data, urls", "textimagestructured_data"),
    ("exclusivity contradicted", "Azure AI Foundry, and other hosting platforms",
     "exclusively through OpenAI's infrastructure"),
    ("a date at two precisions", "Knowledge cutoff: June 2024.", "1 Jun 2024"),
]


def test_seed_data_conforms_but_checks_report_what_does_not_hold(report):
    assert report.conforms
    assert {f.focus for f in report.of_severity("warning")} == EXPECTED_SEED_FINDINGS


def test_graphwalks_message_names_claim_values_recomputed_figure_and_source(report):
    finding = next(f for f in report.findings if f.focus.endswith("graphwalks--pp-difference--gpt-4o"))
    for part in ("19.7", "61.7", "41.7", "give 20", "source:openai-blog-gpt-4.1"):
        assert part in finding.message


def test_check_command_exit_codes(run_cli):
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 1
    assert {f["focus"] for f in json.loads(result.stdout)} == EXPECTED_SEED_FINDINGS
    assert run_cli("check", "--fail-on", "never").exit_code == 0


def test_query_verdicts_agree_with_the_checks(catalog, report):
    import atlaskg

    rows = atlaskg.query(catalog, "model-claims", model="gpt-4.1")
    failing = {compact(r["claim"]) for r in rows if r["verdict"] == "does not hold"}
    numeric_findings = {f.focus for f in report.of_severity("warning")
                        if f.rule in ("shape:check-numeric-claim-holds", "shape:check-ordering-claim-holds")}
    assert failing == numeric_findings == {"claim:gpt-4.1-2025-04-14--graphwalks--pp-difference--gpt-4o"}
    verdicts = {compact(r["claim"]): r["verdict"] for r in rows}
    assert verdicts["claim:gpt-4.1-2025-04-14--swe-bench-verified--pp-difference--gpt-4o"] == "holds"
    assert verdicts["claim:gpt-4.1-2025-04-14--cached-input--percent-reduction--input"] == "holds"
    assert verdicts["claim:gpt-4.1-2025-04-14--mathvista--comparable--gpt-4.5"] == "not checkable"
    assert len(rows) == 19


def test_every_sparql_constraint_is_a_named_rule():
    """Issue 23: a constraint without a name left its findings unable to say which rule they broke."""
    shapes = load_shapes()
    constraints = set(shapes.objects(None, SH.sparql))
    assert len(constraints) >= 14
    assert all(isinstance(c, URIRef) and c.startswith(str(SHAPES) + "check-") for c in constraints), constraints
    assert constraints == set(shapes.subjects(RDF.type, SH.SPARQLConstraint))


def test_every_seed_finding_names_its_rule(report):
    rules = {f.focus: f.rule for f in report.findings}
    assert rules["result:gpt-4.1-2025-04-14--swe-bench-verified"] == "shape:check-exclusion-stated-once"
    assert rules["claim:gpt-4.1-2025-04-14--aider-polyglot--ratio--gpt-4o"] == "shape:check-one-wording-per-comparison"
    assert all(f.rule.startswith("shape:check-") for f in report.findings)
    assert all(f.line().endswith(f"[{f.component} {f.rule}]") for f in report.findings)


def test_a_summary_groups_findings_by_their_rule_not_by_their_wording(catalog):
    """The two findings quote their own value, so only the rule they name says they are one."""
    cases = [CASES / "invalid" / f"BenchmarkResult-{name}.ttl" for name in ("negative-score", "score-above-100")]
    import atlaskg

    report = atlaskg.validate(atlaskg.load(cases))
    groups = [g for g in summarize(report.findings) if g["rule"] == "shape:check-percent-score-in-range"]
    assert len(groups) == 1 and groups[0]["count"] == 2 and groups[0]["message"].endswith("(e.g.; 2 wordings)")
    assert {f.rule for f in report.findings if f.severity == "violation"} == {"shape:check-percent-score-in-range"}


def _printed_as_stored(figure: Decimal) -> bool:
    """Whether the store keeps this printed form (it writes 2.00 as 2 and 0.0 as 0)."""
    return "." not in str(figure) or not str(figure).endswith("0")


def _grid_claims(pairs: tuple[tuple[str, str], ...], trailing_zeros: bool) -> str:
    """Claims around the rounding edges: for each (subject, comparator) pair of printed scores,
    every kind of numeric claim, stated at 0..2 decimals a few last-digit units either side of the
    exact figure, exact and 'at least' (with `trailing_zeros`, also figures such as 20.0)."""
    lines = []
    for n, (subject, comparator) in enumerate(pairs):
        for side, value in (("s", subject), ("c", comparator)):
            lines.append(f"result:test-grid-{n}{side} a atlas:BenchmarkResult ; dqv:computedOn model:gpt-4.1-2025-04-14 ;"
                         f" atlas:benchmark benchmark:mathvista ; atlas:scoreUnit unit:percent ;"
                         f' dcterms:date "2025-04-14"^^xsd:date ; dqv:value {value} ;'
                         f" prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .")
        s, c = Decimal(subject), Decimal(comparator)
        exact = {"pp-difference": s - c, "ratio": s / c, "percent-reduction": (1 - s / c) * 100}
        for kind, figure in exact.items():
            for decimals in range(3):
                unit = Decimal(1).scaleb(-decimals)
                for step in range(-3, 4):
                    stated = figure.quantize(unit) + step * unit
                    if not trailing_zeros and not _printed_as_stored(stated):
                        continue
                    for qualifier in ("", " ; atlas:valueQualifier qualifier:at-least"):
                        name = f"test-grid-{n}-{kind}-{decimals}-{step + 3}-{len(qualifier) > 0:d}"
                        lines.append(f"claim:{name} a atlas:ComparisonClaim ; atlas:subject result:test-grid-{n}s ;"
                                     f" atlas:comparator result:test-grid-{n}c ; atlas:claimKind claimkind:{kind} ;"
                                     f' atlas:statedValue {stated} ; atlas:statedText "{stated}"@en{qualifier} ;'
                                     f" prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .")
    return "\n".join(lines) + "\n"


@pytest.mark.slow  # validates the catalogue with the grid: ~12 s a set
@pytest.mark.parametrize("pairs, trailing_zeros", [
    ((("72.2", "61.4"), ("61.7", "41.7"), ("8", "49"), ("0.4", "2.25")), False),
    pytest.param((("0.40", "2.00"), ("8", "49")), True, marks=pytest.mark.xfail(strict=True, reason=(
        "model-claims.rq reads the store, which keeps a decimal's value, not its printed form (2.00 -> 2): "
        "for a figure printed with trailing zeros its tolerance is wider than the check's"))),
], ids=["as-printed", "trailing-zeros"])
def test_the_query_and_the_checks_apply_one_rounding_rule(tmp_path, pairs, trailing_zeros):
    """The rounding rule is written in the shape (shape:check-numeric-claim-holds, its owner) and
    in queries/model-claims.rq, whose verdicts the site shows (SPARQL has no functions to share,
    and a shapes graph cannot read a query file): claim for claim, around every rounding edge, the
    two agree."""
    import atlaskg

    grid = tmp_path / "grid.ttl"
    grid.write_text("".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in (
        "atlas", "dcterms", "dqv", "prov", "xsd", "claim", "claimkind", "qualifier", "result", "source", "model",
        "benchmark", "unit")) + _grid_claims(pairs, trailing_zeros), encoding="utf-8")
    catalog = atlaskg.load([grid])
    flagged = {f.focus for f in atlaskg.validate(catalog).findings if f.rule == "shape:check-numeric-claim-holds"}
    rows = atlaskg.query(catalog, "model-claims", model="gpt-4.1")
    verdicts = {compact(r["claim"]): r["verdict"] for r in rows if "test-grid-" in r["claim"]}
    assert len(verdicts) > 100 * len(pairs)
    failing = {claim for claim, verdict in verdicts.items() if verdict == "does not hold"}
    assert 50 < len(failing) < len(verdicts) - 50, "the grid reaches both sides of the edges"
    assert failing == {claim for claim in flagged if "test-grid-" in claim}


def test_preferred_values_follow_the_model_shape():
    """link.preferred picks one value per model for the properties of shape:Model and keeps only
    values that shape accepts: its lists are held to the shape (the shapes cannot pick values,
    and the atlas build reads them in Python). One deliberate difference: a model may be part of
    several families, but one is preferred."""
    from atlaskg.link import preferred

    shapes = load_shapes()
    rules = {str(shapes.value(node, SH.path)): node for node in shapes.objects(SHAPES.Model, SH.property)}
    assert set(preferred.PROPERTIES) <= set(rules)

    def says(prop, predicate, value=None):
        return any(value is None or str(v) == str(value) for v in shapes.objects(rules[prop], predicate))

    once = {prop for prop in preferred.PROPERTIES if says(prop, SH.maxCount, 1)}
    assert set(preferred.MULTI_VALUED) == set(preferred.PROPERTIES) - once - {"https://schema.org/isPartOf"}
    assert all(says(p, SH.datatype, XSD.integer) and says(p, SH.minExclusive, 0) for p in preferred.POSITIVE_COUNTS)
    assert all(says(p, SH.node, SHAPES.DateAtSourcePrecision) for p in preferred.DATES)
    assert all(says(p, SH.node) or says(p, SH["class"]) for p in preferred.CONCEPTS)


def test_holding_claim_at_the_rounding_edge_is_not_reported(run_cli):
    case = CASES / "valid" / "ComparisonClaim-ratio-holds-within-rounding.ttl"
    result = run_cli("check", "--format", "json", case)
    focuses = {f["focus"] for f in json.loads(result.stdout)}
    assert focuses == EXPECTED_SEED_FINDINGS



@pytest.mark.parametrize("conflict, one, other", PAGE_CONFLICTS, ids=[c[0] for c in PAGE_CONFLICTS])
def test_each_conflict_of_the_page_is_reported_with_both_statements(report, conflict, one, other):
    reported = [f.message for f in report.of_severity("warning") if f.rule == "shape:check-conflicting-statements"]
    assert len(reported) == len(PAGE_CONFLICTS), "one report per pair, whichever way the link is recorded"
    assert sum(one in message and other in message for message in reported) == 1, conflict


def test_a_finding_on_a_users_triple_names_the_users_file(run_cli, tmp_path):
    """Issue 27: a user's file adding a bad value to a curated model was reported at the curated file."""
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix atlas: <https://w3id.org/atlaskg/ontology#> .\n"
                    "<https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14> atlas:contextWindowTokens \"lots\" .\n")
    result = run_cli("validate", "--format", "json", mine)
    findings = [f for f in json.loads(result.stdout) if f["path"] == "atlas:contextWindowTokens"]
    assert findings and all(f["location"] == f"{mine}:2" for f in findings)
