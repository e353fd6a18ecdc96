"""The README's Python examples run as written, and its two commands are the ones CI runs."""

from __future__ import annotations

import doctest

from conftest import ROOT


def test_readme_python_examples():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python\n") + len("```python\n")
    example = readme[start: readme.index("```", start)]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(example, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 5


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "pip install '.[test]' && pytest"
    assert command in readme and command in ci
    assert "pip install . && atlaskg build" in readme


def test_package_docstring_examples():
    import atlaskg

    failures, tries = doctest.testmod(atlaskg)
    assert failures == 0 and tries >= 3


def test_the_readme_counts_of_the_first_record_come_from_the_data(catalog):
    """A change in the data that makes the README's numbers wrong fails here."""
    import re

    import atlaskg

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    match = re.search(r"stored as (\d+) results on (\d+) benchmarks .* the scores of the (\d+) models it is "
                      r"compared with, and its (\d+) stated comparisons", readme)
    assert match, "the README states the counts of the first record"
    results = atlaskg.query(catalog, "model-results", model="GPT-4.1")
    others = atlaskg.sparql(catalog, "SELECT DISTINCT ?m WHERE { ?r dqv:computedOn ?m "
                                     "FILTER (?m != model:gpt-4.1-2025-04-14) }")
    claims = atlaskg.query(catalog, "model-claims", model="GPT-4.1")
    assert [int(n) for n in match.groups()] == [len(results), len({r["benchmark"] for r in results}),
                                                len(others), len(claims)]
