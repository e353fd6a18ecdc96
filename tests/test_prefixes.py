"""One prefix map: every prefix declared anywhere in the project (data, ontology and shapes
files, the shapes' sh:declare block, the named queries) means what atlaskg.namespaces.PREFIXES
says, and a prefix outside that map means the same thing in every file that declares it."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox
from conftest import ROOT

from atlaskg.namespaces import PREFIXES

TURTLE_PREFIX = re.compile(r"^@prefix\s+([\w.-]*):\s*<([^>]*)>\s*\.", re.M)
SPARQL_PREFIX = re.compile(r"^PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.M | re.I)


def declarations() -> dict[str, set[tuple[str, str]]]:
    """prefix -> {(namespace, file)} over every Turtle file and named query of the project."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for folder, pattern, syntax in (("data", "*.ttl", TURTLE_PREFIX), ("ontology", "*.ttl", TURTLE_PREFIX),
                                    ("shapes", "*.ttl", TURTLE_PREFIX), ("queries", "*.rq", SPARQL_PREFIX),
                                    ("integrity", "*.rq", SPARQL_PREFIX)):
        for path in sorted((ROOT / folder).rglob(pattern)):
            for prefix, namespace in syntax.findall(path.read_text(encoding="utf-8")):
                found[prefix].add((namespace, path.relative_to(ROOT).as_posix()))
    return found


def test_every_declared_prefix_of_the_map_means_what_the_map_says():
    wrong = [(prefix, namespace, where) for prefix, uses in declarations().items() if prefix in PREFIXES
             for namespace, where in uses if namespace != PREFIXES[prefix]]
    assert not wrong


def test_a_prefix_outside_the_map_means_one_thing_everywhere():
    outside = {prefix: {namespace for namespace, _ in uses} for prefix, uses in declarations().items()
               if prefix not in PREFIXES}
    assert {prefix: namespaces for prefix, namespaces in outside.items() if len(namespaces) > 1} == {}


def test_the_shapes_declare_block_follows_the_map():
    shapes = ox.Store()
    shapes.load(path=str(ROOT / "shapes" / "prefixes.ttl"), format=ox.RdfFormat.TURTLE)
    declared = {row["p"].value: row["n"].value for row in shapes.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?p ?n WHERE { ?d sh:prefix ?p ; sh:namespace ?n }")}
    assert declared and all(PREFIXES.get(prefix) == namespace for prefix, namespace in declared.items())
