"""Data-driven cases: each file in tests/cases/{valid,invalid}/ declares in its header what must happen.

Header lines: `# expect: <verdict>`, `# focus: <prefixed node>` and `# rule: <the rule broken>`
(JSON-LD cases carry the same fields in a top-level "//expect", "//rule" member). Verdicts:
  conforms                  validate exits 0 and reports no violation on the file's nodes
  answers                   (.rq) the query runs and prints rows
  parse-error               validate exits 2 naming the file and line
  refused                   loading (or, for .rq, running the query) is refused: exit 2, one line
  violation <Component>     validate exits 1 with that SHACL constraint component on the focus node
  warning <Component>       validate exits 0; check exits 1 with that component on the focus node
(after either, the rule's IRI, `shape:check-...`, where the header names it: the finding names it too)
  integrity-error <check>   report exits 1 with that ERROR-level integrity check on the focus node
  integrity-warning <check> validate and report exit 0; report lists that WARN-level check on the focus node
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CASES, bundled_digest

SUFFIXES = (".ttl", ".nt", ".jsonld", ".rq")
_HEADER = re.compile(r"^#\s*(expect|focus|rule|limitation):\s*(.+?)\s*$")


def cases(folder: str) -> list[Path]:
    return sorted(p for p in (CASES / folder).glob("*") if p.suffix in SUFFIXES)


# Known limitations are listed by file, with their reason, and must keep failing (strict xfail).
CASE_FILES = cases("valid") + cases("invalid")
KNOWN_LIMITATIONS = cases("known-limitations")


def header(path: Path) -> dict[str, str]:
    if path.suffix == ".jsonld":  # read as text: a malformed-JSON case still carries its header
        text = path.read_bytes().decode("utf-8", errors="replace")
        return dict(re.findall(r'"//(expect|focus|rule|limitation)"\s*:\s*"([^"]*)"', text))
    fields = {}
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        if match := _HEADER.match(line.lstrip("\ufeff")):
            fields[match.group(1)] = match.group(2)
    return fields


def test_cases_exist():
    assert len([p for p in CASE_FILES if p.parent.name == "invalid"]) >= 20
    assert [p for p in CASE_FILES if p.parent.name == "valid"]


def _param(path: Path):
    limitation = header(path).get("limitation")
    marks = [pytest.mark.xfail(strict=True, reason=limitation)] if limitation else []
    return pytest.param(path, id=f"{path.parent.name}/{path.stem}", marks=marks)


@pytest.mark.timeout(60)  # a case that makes atlaskg work without end fails instead of hanging the run
@pytest.mark.parametrize("path", [_param(p) for p in CASE_FILES + KNOWN_LIMITATIONS])
def test_case(path, run_cli):
    expect = header(path)
    assert "expect" in expect and "rule" in expect, f"{path}: header needs '# expect:' and '# rule:'"
    verdict, _, component = expect["expect"].partition(" ")
    component, _, rule = component.partition(" ")
    if path.parent.name != "known-limitations":
        accepted = verdict in ("conforms", "answers")
        assert accepted == (path.parent.name == "valid"), "valid/ holds exactly the accepted cases"
    before = bundled_digest()
    if path.suffix == ".rq":
        result = run_cli("query", "--file", path)
        if verdict == "answers":
            assert result.exit_code == 0 and result.stdout.strip(), result.stderr
            return
        assert verdict == "refused", "query cases are answered or refused"
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
        return
    result = run_cli("validate", "--format", "json", path)

    if verdict == "refused":
        assert result.exit_code == 2, result.stdout
        assert "refused" in result.stderr and str(path) in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    elif verdict == "parse-error":
        assert result.exit_code == 2
        assert re.search(rf"{re.escape(str(path))}:\d+: malformed", result.stderr), result.stderr
        assert "Traceback" not in result.stderr
    else:
        findings = json.loads(result.stdout)
        own = [f for f in findings if f["location"].startswith(str(path))]
        if verdict == "conforms":
            assert result.exit_code == 0
            assert not [f for f in own if f["severity"] == "violation"], own
        elif verdict == "violation":
            assert result.exit_code == 1
            matching = [f for f in own if f["severity"] == "violation" and f["component"] == component
                        and f["focus"] == expect["focus"] and f["rule"] == (rule or f["rule"])]
            assert matching, f"expected {component} on {expect['focus']}, got {own}"
            assert all(f["message"] for f in matching)
            stray = [f for f in findings if f["severity"] == "violation" and f["focus"] != expect["focus"]
                     and not f["focus"].startswith("_:")]
            assert not stray, f"the case must break one rule only: {stray}"
        elif verdict == "warning":
            assert result.exit_code == 0, "a consistency finding does not break validation"
            checked = run_cli("check", "--format", "json", path)
            assert checked.exit_code == 1
            assert any(f["focus"] == expect["focus"] and f["component"] == component
                       and f["rule"] == (rule or f["rule"]) for f in json.loads(checked.stdout))
        elif verdict in ("integrity-error", "integrity-warning"):
            level = "ERROR" if verdict == "integrity-error" else "WARN"
            reported = run_cli("report", "--format", "json", path)
            assert reported.exit_code == (1 if level == "ERROR" else 0), reported.stderr
            assert level == "ERROR" or result.exit_code == 0, "a warning does not break validation"
            assert any(p["level"] == level and p["check"] == component and p["entity"] == expect["focus"]
                       for p in json.loads(reported.stdout)), reported.stdout
        else:
            pytest.fail(f"{path}: unknown expectation '{verdict}'")
    assert bundled_digest() == before, "validation must leave the bundled files untouched"
