"""Data-driven cases: each file in tests/cases/{valid,invalid}/ declares in its header what must happen.

Header lines: `# expect: conforms | parse-error | violation <Component> | warning <Component>`,
`# focus: <prefixed node>` and `# rule: <the rule broken>`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CASES, bundled_digest

CASE_FILES = sorted(CASES.glob("*/*.ttl"))
_HEADER = re.compile(r"^#\s*(expect|focus|rule):\s*(.+?)\s*$")


def header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := _HEADER.match(line):
            fields[match.group(1)] = match.group(2)
    return fields


def test_cases_exist():
    assert len([p for p in CASE_FILES if p.parent.name == "invalid"]) >= 20
    assert [p for p in CASE_FILES if p.parent.name == "valid"]


@pytest.mark.parametrize("path", CASE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in CASE_FILES])
def test_case(path, run_cli):
    expect = header(path)
    assert "expect" in expect and "rule" in expect, f"{path}: header needs '# expect:' and '# rule:'"
    verdict, _, component = expect["expect"].partition(" ")
    assert (verdict == "conforms") == (path.parent.name == "valid"), "valid/ holds exactly the conforming cases"
    before = bundled_digest()
    result = run_cli("validate", "--format", "json", path)

    if verdict == "parse-error":
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
                        and f["focus"] == expect["focus"]]
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
                       for f in json.loads(checked.stdout))
        else:
            pytest.fail(f"{path}: unknown expectation '{verdict}'")
    assert bundled_digest() == before, "validation must leave the bundled files untouched"
