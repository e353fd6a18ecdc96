"""One prefix map: every prefix declared anywhere in the project (data, ontology and shapes
files, the shapes' sh:declare block, the named queries) means what atlaskg.names.namespaces.PREFIXES
says, and a prefix outside that map means the same thing in every file that declares it. The map
is one curies.Converter, and the SPARQL PREFIX block, the JSON-LD context and the shapes'
sh:declare block are generated from it and agree with it."""

from __future__ import annotations

import importlib
import json
import re
from collections import defaultdict

import curies
import pyoxigraph as ox
import pytest

from atlaskg.names.namespaces import (
    ATLAS,
    BASE,
    PREFIXES,
    SH,
    VOCAB_SCHEMES,
    converter,
    jsonld_context,
    shacl_prefixes_turtle,
    sparql_prefixes,
    write_shacl_prefixes,
)
from atlaskg.names.shapes import SCHEMES_FILE, scheme_iri, scheme_shapes_turtle, write_scheme_shapes
from atlaskg.query import sparql_text
from conftest import ROOT

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


def test_the_reused_namespaces_are_rdflibs_and_made_on_first_use():
    """The map spells the reused vocabularies out (importing rdflib for them took longer than a
    query): each is the namespace rdflib knows by the same name, and our own rdflib namespaces
    are the map's."""
    import rdflib.namespace

    from atlaskg.names import namespaces

    assert {name: str(getattr(rdflib.namespace, name)) for name in namespaces.REUSED} == namespaces.REUSED
    assert str(ATLAS) == PREFIXES["atlas"] and isinstance(ATLAS.Model, rdflib.URIRef)
    assert str(namespaces.GRAPH) == namespaces.GRAPHS and str(SH) == "http://www.w3.org/ns/shacl#"
    with pytest.raises(AttributeError):
        namespaces.NOT_A_NAMESPACE  # noqa: B018 (the attribute access is the test)


def test_the_base_iri_is_written_in_the_code_once():
    """atlaskg.names.namespaces owns the IRI scheme: the rest of src/ builds IRIs from its BASE,
    GRAPH, PREFIXES and ATLAS, and the SPARQL it runs is in .rq files (which spell IRIs out, as
    standalone SPARQL must). An escaped copy in a regular expression counts too."""
    owner = ROOT / "src" / "atlaskg" / "names" / "namespaces.py"
    host_and_path = BASE.split("://", 1)[1]  # w3id.org/atlaskg/, whatever the scheme, and escaped: w3id\.org
    literal = re.compile(re.escape(host_and_path).replace(r"\.", r"\\?\."))
    assert literal.search(owner.read_text(encoding="utf-8"))
    written = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "src").rglob("*.py")) if path != owner
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert not written


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


# -- the map is one converter, and every copy is generated from it ------------------------------------
def test_the_map_is_one_converter_and_prefixes_its_read_only_view():
    assert isinstance(converter(), curies.Converter) and converter() is converter()
    assert converter().bimap == PREFIXES
    assert all(not record.prefix_synonyms and not record.uri_prefix_synonyms for record in converter().records)
    with pytest.raises(TypeError):
        PREFIXES["atlas"] = "http://example.org/"  # type: ignore[index]


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_a_curie_round_trips_through_the_converter(prefix):
    curie = f"{prefix}:some-local_name.1"
    iri = converter().expand(curie, strict=True)
    assert iri == PREFIXES[prefix] + "some-local_name.1"
    assert converter().compress(iri, strict=True) == curie


def test_catalogue_iris_compress_to_the_curies_the_data_files_write():
    assert converter().compress(BASE + "model/gpt-4.1-2025-04-14") == "model:gpt-4.1-2025-04-14"
    assert converter().compress(BASE + "vocab/unit/percent") == "unit:percent"
    assert converter().compress(str(ATLAS.Model)) == "atlas:Model"
    assert converter().compress("http://example.org/x") is None
    assert converter().expand("nosuch:x") is None


def test_the_generated_shacl_declare_file_is_what_the_map_gives():
    """shapes/prefixes.ttl is generated: rewrite it with atlaskg.names.namespaces.write_shacl_prefixes()."""
    assert (ROOT / "shapes" / "prefixes.ttl").read_text(encoding="utf-8") == shacl_prefixes_turtle()


def test_the_generated_shacl_declare_block_declares_the_whole_converter(tmp_path):
    path = write_shacl_prefixes(tmp_path / "prefixes.ttl")
    shapes = ox.Store()
    shapes.load(path=str(path), format=ox.RdfFormat.TURTLE)
    rows = list(shapes.query(f"""PREFIX sh: <{SH}> SELECT ?node ?p ?n ?type WHERE {{
        ?node sh:declare ?d . ?d sh:prefix ?p ; sh:namespace ?n . BIND (DATATYPE(?n) AS ?type) }}"""))
    assert {row["node"].value for row in rows} == {"https://w3id.org/atlaskg/shapes#prefixes"}
    assert {row["type"].value for row in rows} == {"http://www.w3.org/2001/XMLSchema#anyURI"}
    assert {row["p"].value: row["n"].value for row in rows} == converter().bimap
    assert len(rows) == len(PREFIXES)


def test_every_sparql_shape_names_the_generated_declare_block():
    shapes = ox.Store()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.load(path=str(path), format=ox.RdfFormat.TURTLE)
    named = {row["d"].value
             for row in shapes.query(f"PREFIX sh: <{SH}> SELECT DISTINCT ?d WHERE {{ ?s sh:prefixes ?d }}")}
    assert named == {"https://w3id.org/atlaskg/shapes#prefixes"}


def test_the_jsonld_context_is_the_converter():
    context = jsonld_context()
    assert context == converter().bimap and list(context) == sorted(context)
    assert all(namespace.endswith(("/", "#")) for namespace in context.values())  # JSON-LD 1.1 prefixes
    context["name"] = "https://schema.org/name"
    assert "name" not in jsonld_context(), "each call gives a new dict"


def test_the_jsonld_context_expands_every_curie_as_the_converter_does():
    document = {"@context": jsonld_context(), "@graph": [
        {"@id": f"{prefix}:x", "@type": "atlas:Model", "schema:name": prefix} for prefix in PREFIXES]}
    triples = list(ox.parse(json.dumps(document).encode("utf-8"), format=ox.RdfFormat.JSON_LD))
    subjects = {triple.object.value: triple.subject.value for triple in triples
                if triple.predicate.value == "https://schema.org/name"}
    assert subjects == {prefix: converter().expand(f"{prefix}:x") for prefix in PREFIXES}
    assert {t.object.value for t in triples if t.predicate.value.endswith("#type")} == {str(ATLAS.Model)}


def test_the_sparql_prefix_block_is_the_converter():
    lines = sparql_prefixes().splitlines()
    assert {m[0]: m[1] for m in (SPARQL_PREFIX.match(line).groups() for line in lines)} == converter().bimap
    assert len(lines) == len(PREFIXES)
    assert "PREFIX atlas:" not in sparql_prefixes(skip={"atlas"})


def test_with_prefixes_declares_what_the_query_does_not_and_runs():
    text = "PREFIX atlas: <http://example.org/mine#>\nSELECT ?m ?c WHERE { BIND (model:x AS ?m) BIND (atlas:C AS ?c) }"
    full = sparql_text.with_prefixes(text)
    assert full.endswith(text) and full.count("PREFIX atlas:") == 1
    row = next(iter(ox.Store().query(full)))
    assert (row["m"].value, row["c"].value) == (converter().expand("model:x"), "http://example.org/mine#C")


def test_the_other_prefix_blocks_are_the_generated_one():
    """query.with_prefixes and resolve's block are the generated one (they once built their own)."""
    query = importlib.import_module("atlaskg.query")
    resolve = importlib.import_module("atlaskg.query.lookup")
    for text in ("SELECT * WHERE { ?s ?p ?o }", "PREFIX schema: <https://schema.org/> ASK {}"):
        assert query.with_prefixes(text) == sparql_text.with_prefixes(text)
    assert resolve._PREFIX_LINES == sparql_prefixes()


# -- the In-<scheme> shapes are generated from the scheme list ----------------------------------------
def test_the_generated_scheme_shapes_file_is_what_the_list_gives():
    """shapes/schemes.ttl is generated: rewrite it with atlaskg.names.shapes.write_scheme_shapes()."""
    assert (ROOT / "shapes" / SCHEMES_FILE).read_text(encoding="utf-8") == scheme_shapes_turtle()


def test_the_scheme_list_is_the_ontologys_concept_schemes():
    ontology = ox.Store()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        ontology.load(path=str(path), format=ox.RdfFormat.TURTLE)
    schemes = {row["s"].value for row in ontology.query(
        "SELECT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }")}
    assert schemes == {scheme_iri(scheme) for scheme in VOCAB_SCHEMES}
    assert all(PREFIXES[scheme] == scheme_iri(scheme) + "/" for scheme in VOCAB_SCHEMES)


def test_every_scheme_shape_the_shapes_name_is_generated(tmp_path):
    """A misspelt sh:node shape:In-<scheme> would name no shape and check nothing."""
    shapes = ox.Store()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.load(path=str(path), format=ox.RdfFormat.TURTLE)
    named = {row["n"].value for row in shapes.query(f"""PREFIX sh: <{SH}> SELECT DISTINCT ?n WHERE {{
        ?s sh:node ?n FILTER (STRSTARTS(STR(?n), "https://w3id.org/atlaskg/shapes#In-")) }}""")}
    generated = ox.Store()
    generated.load(path=str(write_scheme_shapes(tmp_path / SCHEMES_FILE)), format=ox.RdfFormat.TURTLE)
    defined = {row["s"].value for row in generated.query(f"PREFIX sh: <{SH}> SELECT ?s WHERE {{ ?s a sh:NodeShape }}")}
    assert len(named) >= 18 and named <= defined
    assert defined == {f"https://w3id.org/atlaskg/shapes#In-{scheme}" for scheme in VOCAB_SCHEMES}
