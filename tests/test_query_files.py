"""Every query file the project ships is standalone SPARQL headed like a named query: the public
questions of queries/*.rq, the package's own queries of queries/internal/*.rq and the integrity
checks of integrity/*.rq. Oxigraph parses each with nothing but its own PREFIX lines (which
tests/test_prefixes.py holds to the prefix map), and each parameter its header declares is a
variable of its text. The internal queries are the ones the modules run: each is run by a module
of the package its name starts with, each one a module asks for exists, and `atlaskg queries`
lists none of them."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from atlaskg.query import named_queries, read_named_query
from atlaskg.query.sparql_text import tokens
from conftest import ROOT

QUERIES = ROOT / "queries"
INTERNAL = QUERIES / "internal"
PACKAGE = ROOT / "src" / "atlaskg"
QUERY_FILES = sorted([*QUERIES.rglob("*.rq"), *(ROOT / "integrity").glob("*.rq")])
_ASKED = re.compile(r"""internal_query\(\s*["']([^"']+)["']\s*\)""")


def test_the_internal_folder_holds_queries():
    """The checks below are over every file here: an empty folder would make them say nothing."""
    assert len(list(INTERNAL.glob("*.rq"))) >= 20


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_query_file_is_headed_and_parses_with_its_own_prefixes(path):
    query = read_named_query(path)  # a file without '# title:' is refused here
    assert query.title and query.description, f"{path.name}: a '# title:' and a '# description:' line"
    answer = ox.Store().query(query.text)  # no PREFIX added: what the file uses, it declares
    assert isinstance(answer, bool) or list(answer) == []
    words = set(tokens(query.text))
    undeclared = [p.name for p in query.params if f"?{p.name}" not in words]
    assert not undeclared, f"{path.name}: parameters that are no variable of the query: {undeclared}"


def asked_for() -> dict[str, list[str]]:
    """internal query name -> the modules that ask for it by `internal_query("name")`."""
    asked: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for name in _ASKED.findall(path.read_text(encoding="utf-8")):
            asked.setdefault(name, []).append(path.relative_to(PACKAGE).as_posix())
    return asked


def test_every_internal_query_is_run_by_a_module_and_every_one_asked_for_exists():
    files, asked = {path.stem for path in INTERNAL.glob("*.rq")}, asked_for()
    assert not sorted(files - set(asked)), "internal queries no module runs (remove them)"
    assert not sorted(set(asked) - files), "queries a module asks for that queries/internal/ lacks"


def test_an_internal_query_is_named_after_the_package_that_runs_it():
    """queries/internal/<package>-<purpose>.rq: a reader knows which package to look in."""
    misplaced = {name: modules for name, modules in asked_for().items()
                 if any(name.split("-", 1)[0] != module.split("/", 1)[0] for module in modules)}
    assert not misplaced


def test_atlaskg_queries_lists_the_public_queries_only():
    listed = set(named_queries())
    assert listed == {path.stem for path in QUERIES.glob("*.rq")}
    assert not listed & {path.stem for path in INTERNAL.glob("*.rq")}, "one name, two queries"
