"""Numbers are shown with their meaningful digits; the data keep what the source wrote."""

from __future__ import annotations

import pytest

from atlaskg.core.numbers import meaningful


@pytest.mark.parametrize("written, shown", [
    ("0.39999999999999997", "0.4"), ("0.30000000000000004", "0.3"), ("0.13999999999999999", "0.14"),
    ("0.10000000000000001", "0.1"), ("2.00", "2.00"), ("0.125", "0.125"), ("1047576", "1047576"),
    ("123456789012345678", "123456789012345678"), ("1.23456789012345678", "1.23456789012346"), ("n/a", "n/a"),
])
def test_float_noise_is_rounded_away_and_nothing_else(written, shown):
    assert meaningful(written) == shown


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "md"])
def test_answers_show_meaningful_digits_and_json_keeps_the_value(run_cli, fmt):
    text = "SELECT ?x WHERE { VALUES ?x { 0.30000000000000004 } }"
    shown = run_cli("query", "--sparql", text, "--format", fmt).stdout
    assert "0.3" in shown and "0.30000000000000004" not in shown
    assert "0.30000000000000004" in run_cli("query", "--sparql", text, "--format", "json").stdout
