"""The SSSOM mapping set: valid per the SSSOM rules, every mapping between models that exist, and
the reader's errors naming file and line."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT
from rdflib import RDF, SDO, Literal, URIRef

from atlaskg.errors import LoadError
from atlaskg.importers import CONVERTERS
from atlaskg.mappings import bundled_mapping_files, expand, read_sssom, to_graph
from atlaskg.namespaces import ATLAS

MODELS_SSSOM = ROOT / "mappings" / "models.sssom.tsv"
REQUIRED_METADATA = ("mapping_set_id", "license", "curie_map")
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
CURIE_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
SKOS = "http://www.w3.org/2004/02/skos/core#"
SEMAPV = "https://w3id.org/semapv/vocab/"
PREDICATES = {f"skos:{name}" for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
# The semapv terms SSSOM allows as mapping_justification.
JUSTIFICATIONS = {f"semapv:{name}" for name in (
    "LexicalMatching", "LogicalReasoning", "CompositeMatching", "UnspecifiedMatching",
    "SemanticSimilarityThresholdMatching", "LexicalSimilarityThresholdMatching", "MappingChaining",
    "MappingReview", "ManualMappingCuration", "MappingInversion", "StructuralMatching",
    "InstanceBasedMatching", "BackgroundKnowledgeBasedMatching")}
EXPECTED_CURIE_MAP = {
    "atlaskg": "https://w3id.org/atlaskg/model/",
    "mdev": "https://w3id.org/atlaskg/ext/models-dev/model/",
    "gprice": "https://w3id.org/atlaskg/ext/genai-prices/model/",
    "skos": SKOS,
    "semapv": SEMAPV,
}
# The converted dataset each object prefix points into.
DATASET_OF_PREFIX = {"mdev": "models-dev", "gprice": "genai-prices"}


@pytest.fixture(scope="module")
def mapping_set():
    return read_sssom(MODELS_SSSOM)


@pytest.fixture(scope="module")
def converted():
    today = date.today()
    return {name: CONVERTERS[name](today).graph for name in DATASET_OF_PREFIX.values()}


def test_bundled_files_include_the_models_set():
    assert MODELS_SSSOM.resolve() in [path.resolve() for path in bundled_mapping_files()]


def test_required_metadata(mapping_set):
    for key in REQUIRED_METADATA:
        assert mapping_set.metadata.get(key), key
    assert mapping_set.metadata["mapping_set_id"] == "https://w3id.org/atlaskg/mappings/models.sssom.tsv"
    assert mapping_set.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert mapping_set.metadata["mapping_set_version"] == "0.1.0"
    assert mapping_set.metadata["mapping_set_description"]


def test_curie_map(mapping_set):
    assert mapping_set.curie_map == EXPECTED_CURIE_MAP


def test_required_columns_are_filled(mapping_set):
    assert mapping_set.rows
    for row in mapping_set.rows:
        for column in REQUIRED_COLUMNS:
            assert row.get(column), (column, row)


def test_every_curie_prefix_is_in_the_curie_map(mapping_set):
    for row in mapping_set.rows:
        for column in CURIE_COLUMNS:
            prefix, colon, local = row[column].partition(":")
            assert colon and local and prefix in mapping_set.curie_map, (column, row[column])


def test_predicates_are_skos_mapping_relations(mapping_set):
    assert {row["predicate_id"] for row in mapping_set.rows} <= PREDICATES


def test_justifications_are_semapv_terms(mapping_set):
    assert {row["mapping_justification"] for row in mapping_set.rows} <= JUSTIFICATIONS


def test_manual_curations_state_their_evidence(mapping_set):
    for row in mapping_set.rows:
        assert row["creator_label"] == "atlaskg"
        assert row["comment"].strip(), row["subject_id"]


def test_no_duplicate_mappings(mapping_set):
    keys = [(row["subject_id"], row["predicate_id"], row["object_id"]) for row in mapping_set.rows]
    assert len(keys) == len(set(keys))
    pairs = [(row["subject_id"], row["object_id"]) for row in mapping_set.rows]
    assert len(pairs) == len(set(pairs)), "one subject and object linked by two predicates"


def test_subjects_are_catalogue_models_with_their_labels(mapping_set, graph):
    for row in mapping_set.rows:
        subject = expand(row["subject_id"], mapping_set.curie_map)
        assert (subject, RDF.type, ATLAS.Model) in graph, row["subject_id"]
        assert Literal(row["subject_label"]) in set(graph.objects(subject, SDO.name)), row["subject_id"]


def test_objects_are_converted_models_with_their_labels(mapping_set, converted):
    for row in mapping_set.rows:
        dataset = converted[DATASET_OF_PREFIX[row["object_id"].partition(":")[0]]]
        obj = expand(row["object_id"], mapping_set.curie_map)
        assert (obj, RDF.type, ATLAS.Model) in dataset, row["object_id"]
        assert Literal(row["object_label"]) in set(dataset.objects(obj, SDO.name)), row["object_id"]


def test_to_graph_gives_one_triple_per_row(mapping_set):
    graph = to_graph(mapping_set)
    assert len(graph) == len(mapping_set.rows)
    for row in mapping_set.rows:
        triple = tuple(expand(row[column], mapping_set.curie_map) for column in ("subject_id", "predicate_id", "object_id"))
        assert triple in graph


def test_expand():
    curie_map = {"skos": SKOS}
    assert expand("skos:exactMatch", curie_map) == URIRef(SKOS + "exactMatch")
    with pytest.raises(LoadError, match="unknown prefix 'owl'"):
        expand("owl:sameAs", curie_map)
    with pytest.raises(LoadError, match="not a CURIE"):
        expand("exactMatch", curie_map)


def _write(tmp_path, text: str):
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, line", [
    ("# mapping_set_id x\nsubject_id\tpredicate_id\tobject_id\n", 1),
    ("# license: a\n#   nested: b\nsubject_id\n", 2),
    ("# license: a\n# license: b\nsubject_id\n", 2),
    ("# curie_map:\n#   skos: http://x/\n# title: [a, b]\nsubject_id\n", 3),
    ("# license: a\nsubject_id\tobject_id\nx:1\n", 3),
    ("# license: a\n", 1),
])
def test_reader_errors_name_file_and_line(tmp_path, text, line):
    path = _write(tmp_path, text)
    with pytest.raises(LoadError, match=rf"bad\.sssom\.tsv:{line}:"):
        read_sssom(path)


def test_reader_parses_nested_curie_map_and_quotes(tmp_path):
    path = _write(tmp_path, "# curie_map:\n#   a: http://a/\n#   b: 'http://b/'\n# mapping_set_id: \"http://set\"\n"
                            "subject_id\tpredicate_id\tobject_id\n\na:1\ta:p\tb:2\n")
    mapping_set = read_sssom(path)
    assert mapping_set.metadata == {"curie_map": {"a": "http://a/", "b": "http://b/"}, "mapping_set_id": "http://set"}
    assert mapping_set.rows == [{"subject_id": "a:1", "predicate_id": "a:p", "object_id": "b:2"}]
    assert mapping_set.row_lines == [7]
    assert set(to_graph(mapping_set)) == {(URIRef("http://a/1"), URIRef("http://a/p"), URIRef("http://b/2"))}


def test_to_graph_error_names_the_row(tmp_path):
    path = _write(tmp_path, "# curie_map:\n#   a: http://a/\nsubject_id\tpredicate_id\tobject_id\na:1\ta:p\tz:2\n")
    with pytest.raises(LoadError, match=r"bad\.sssom\.tsv:4: unknown prefix 'z'"):
        to_graph(read_sssom(path))
