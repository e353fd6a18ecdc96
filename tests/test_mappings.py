"""The SSSOM mapping set: valid per the SSSOM rules, every mapping between models that exist; the
reader's errors naming file, line and rule; and write_sssom / read_sssom round trips, checked
against sssom-pydantic's own reader."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from rdflib import RDF, SDO, Literal, URIRef

from atlaskg.core.errors import AtlasError, LoadError, OutputError
from atlaskg.importers import IMPORTERS
from atlaskg.names.namespaces import ATLAS
from atlaskg.store import bundled_mapping_files
from atlaskg.store.sssom import (
    MappingSet,
    MappingSetRecord,
    Record,
    expand,
    read_sssom,
    sssom_library,
    to_graph,
    write_sssom,
)
from conftest import ROOT

MODELS_SSSOM = ROOT / "mappings" / "models.sssom.tsv"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
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
    return {name: IMPORTERS[name].run(today).rdflib_graph for name in DATASET_OF_PREFIX.values()}


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
        triple = tuple(expand(row[column], mapping_set.curie_map)
                       for column in ("subject_id", "predicate_id", "object_id"))
        assert triple in graph


def test_expand():
    curie_map = {"skos": SKOS}
    assert expand("skos:exactMatch", curie_map) == URIRef(SKOS + "exactMatch")
    with pytest.raises(LoadError, match="unknown prefix 'owl'"):
        expand("owl:sameAs", curie_map)
    with pytest.raises(LoadError, match="not a CURIE"):
        expand("exactMatch", curie_map)


def _write(tmp_path, text: str, name: str = "bad.sssom.tsv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# a valid metadata block (lines 1-4), table header and row, to build each broken file from
HEAD = ("# curie_map:\n#   a: http://a/\n# mapping_set_id: https://example.org/set.sssom.tsv\n"
        "# license: https://creativecommons.org/licenses/by/4.0/\n")
COLUMNS = "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
ROW = "a:1\tskos:exactMatch\ta:2\tsemapv:ManualMappingCuration\n"


def test_a_minimal_file_is_valid(tmp_path):
    mapping_set = read_sssom(_write(tmp_path, HEAD + COLUMNS + ROW))
    assert mapping_set.row_lines == [6]
    assert set(to_graph(mapping_set)) == {(URIRef("http://a/1"), URIRef(SKOS + "exactMatch"), URIRef("http://a/2"))}


@pytest.mark.parametrize("text, line, rule", [
    ("# mapping_set_id x\n" + COLUMNS + ROW, 1, "not a YAML mapping"),
    ("# license: a\n#   nested: b\n" + COLUMNS, 2, "not valid YAML"),
    (HEAD + "# license: https://example.org/licence\n" + COLUMNS + ROW, 5, "metadata key 'license' given twice"),
    (HEAD.replace("#   a: http://a/\n", "#   a: http://a/\n#   a: http://b/\n") + COLUMNS + ROW, 3,
     "'a' given twice"),
    (HEAD + "# title: [a, b]\n" + COLUMNS + ROW, 5, "'title' is not an SSSOM mapping set slot"),
    (HEAD + "# mapping_set_confidence: 2\n" + COLUMNS + ROW, 5, "mapping_set_confidence: Input should be less"),
    (HEAD.replace("https://example.org/set.sssom.tsv", "set.sssom.tsv") + COLUMNS + ROW, 3,
     "mapping_set_id must be an absolute IRI"),
    ("# mapping_set_id: https://example.org/set\n" + COLUMNS + ROW, 1, "no license, which SSSOM requires"),
    ("# curie_map: &m\n#   a: http://a/\n# see_also: *m\n" + COLUMNS, 1, "anchors and aliases"),
    ("# " + "[" * 100 + "]" * 100 + "\n" + COLUMNS, 1, "nests deeper than the limit"),
    (HEAD, 4, "no mapping table"),
    (HEAD + "subject_id\tpredicate_id\tobject_id\tmapping_justification\tsubject_id\n", 5, "repeated column"),
    (HEAD + COLUMNS.replace("\n", "\tnote\n") + ROW, 5, "column 'note' is not an SSSOM slot"),
    (HEAD + "subject_id\tpredicate_id\tobject_id\n", 5, "no mapping_justification column"),
    (HEAD + COLUMNS + ROW + "a:3\tskos:exactMatch\n", 7, "2 fields where the header has 4"),
    (HEAD + COLUMNS + "\n" + ROW.replace("a:2", "z:2"), 7, "object_id: unknown prefix 'z'"),
    (HEAD + COLUMNS + ROW.replace("skos:exactMatch", "exactMatch"), 6, "predicate_id: not a CURIE"),
    (HEAD + COLUMNS.replace("\n", "\tconfidence\n") + ROW.replace("\n", "\t1.5\n"), 6,
     "confidence: Input should be less than or equal to 1"),
    (HEAD + COLUMNS.replace("\n", "\tpredicate_modifier\n") + ROW.replace("\n", "\tNo\n"), 6,
     "predicate_modifier: Input should be 'Not'"),
    (HEAD + COLUMNS.replace("\n", "\tauthor_id\n") + ROW.replace("\n", "\ta:3|zz:1\n"), 6,
     "author_id: 'zz:1' is neither a CURIE nor an IRI of a prefix in curie_map"),
    (HEAD + "# creator_id: q:1\n" + COLUMNS + ROW, 5, "creator_id: 'q:1' is not a CURIE of a prefix in curie_map"),
    (HEAD + COLUMNS + ROW + '"a:3\tskos:exactMatch\ta:4\tsemapv:ManualMappingCuration\n', 7,
     "malformed table row: unexpected end of data"),
])
def test_reader_errors_name_file_line_and_rule(tmp_path, text, line, rule):
    path = _write(tmp_path, text)
    with pytest.raises(LoadError, match=rf"bad\.sssom\.tsv:{line}: .*{rule}") as error:
        read_sssom(path)
    assert isinstance(error.value, AtlasError) and error.value.exit_code == 2


def test_a_broken_mapping_file_given_to_the_cli_exits_2_naming_file_and_line(run_cli, tmp_path):
    path = _write(tmp_path, HEAD + COLUMNS + ROW.replace("a:2", "z:2"))
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert "bad.sssom.tsv:6: object_id: unknown prefix 'z'" in result.stderr


def test_reader_parses_nested_curie_map_quotes_blank_lines_and_propagation(tmp_path):
    path = _write(tmp_path, "# curie_map:\n#   a: http://a/\n#   b: 'http://b/'\n"
                            "# mapping_set_id: \"https://example.org/set\"\n"
                            "# license: https://example.org/licence\n# mapping_date: 2025-01-02\n"
                            "subject_id\tpredicate_id\tobject_id\tmapping_justification\tmapping_date\tcreator_label\n"
                            "\n"
                            "a:1\tskos:exactMatch\tb:2\tsemapv:ManualMappingCuration\t\tx|y\n"
                            "a:3\tskos:closeMatch\tb:4\tsemapv:ManualMappingCuration\t2025-03-04\t\n")
    mapping_set = read_sssom(path)
    assert mapping_set.metadata == {"curie_map": {"a": "http://a/", "b": "http://b/"},
                                    "mapping_set_id": "https://example.org/set",
                                    "license": "https://example.org/licence", "mapping_date": "2025-01-02"}
    assert mapping_set.rows == [
        {"subject_id": "a:1", "predicate_id": "skos:exactMatch", "object_id": "b:2",
         "mapping_justification": "semapv:ManualMappingCuration", "creator_label": "x|y",
         "mapping_date": "2025-01-02"},
        {"subject_id": "a:3", "predicate_id": "skos:closeMatch", "object_id": "b:4",
         "mapping_justification": "semapv:ManualMappingCuration", "mapping_date": "2025-03-04"},
    ]
    assert mapping_set.records[0].creator_label == ["x", "y"]
    assert mapping_set.row_lines == [9, 10]
    assert set(to_graph(mapping_set)) == {
        (URIRef("http://a/1"), URIRef(SKOS + "exactMatch"), URIRef("http://b/2")),
        (URIRef("http://a/3"), URIRef(SKOS + "closeMatch"), URIRef("http://b/4"))}


def test_a_negated_mapping_gives_no_triple(tmp_path):
    text = (HEAD + COLUMNS.replace("\n", "\tpredicate_modifier\n") + ROW.replace("\n", "\tNot\n")
            + ROW.replace("\n", "\t\n"))
    mapping_set = read_sssom(_write(tmp_path, text.replace("a:1\t", "a:0\t", 1)))
    assert [record.predicate_modifier for record in mapping_set.records] == ["Not", None]
    assert set(to_graph(mapping_set)) == {(URIRef("http://a/1"), URIRef(SKOS + "exactMatch"), URIRef("http://a/2"))}


def test_to_graph_error_names_the_row(tmp_path):
    mapping_set = read_sssom(_write(tmp_path, HEAD + COLUMNS + ROW))
    broken = MappingSet(mapping_set.set_record, [mapping_set.records[0].model_copy(update={"object_id": "z:2"})],
                        mapping_set.path, mapping_set.row_lines)
    with pytest.raises(LoadError, match=r"bad\.sssom\.tsv:6: unknown prefix 'z'"):
        to_graph(broken)


# -- writing ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def written(mapping_set, tmp_path_factory):
    path = tmp_path_factory.mktemp("sssom") / "models.sssom.tsv"
    write_sssom(mapping_set, path)
    return path


def test_write_then_read_round_trips_the_bundled_set(mapping_set, written):
    again = read_sssom(written)
    assert again.set_record == mapping_set.set_record
    assert again.metadata == mapping_set.metadata
    assert again.records == mapping_set.records
    assert again.rows == mapping_set.rows
    assert set(to_graph(again)) == set(to_graph(mapping_set))
    write_sssom(again, written.with_name("again.sssom.tsv"))
    assert written.with_name("again.sssom.tsv").read_bytes() == written.read_bytes()


def test_the_library_reads_the_written_file_as_the_bundled_one(mapping_set, written):
    sssom_pydantic = sssom_library()
    mappings, _, metadata = sssom_pydantic.read(written)
    bundled_mappings, _, bundled_metadata = sssom_pydantic.read(MODELS_SSSOM)
    assert len(mappings) == len(mapping_set.records)
    assert mappings == bundled_mappings == mapping_set.mappings()
    assert metadata == bundled_metadata == mapping_set.set_record.process(mapping_set.converter)
    assert sssom_pydantic.read_unprocessed(written).records == mapping_set.records


def test_write_condenses_what_every_mapping_shares_and_reads_it_back(tmp_path):
    text = HEAD + COLUMNS.replace("\n", "\tmapping_tool\n") + ROW.replace("\n", "\tcurated by hand\n")
    mapping_set = read_sssom(_write(tmp_path, text + text.splitlines(keepends=True)[-1].replace("a:1", "a:3")))
    out = tmp_path / "out.sssom.tsv"
    write_sssom(mapping_set, out)
    assert "#mapping_tool: curated by hand\n" in out.read_text(encoding="utf-8")
    assert read_sssom(out).records == mapping_set.records


def test_a_declared_extension_column_is_kept_and_written_back(tmp_path):
    text = (HEAD + "# extension_definitions:\n#   - slot_name: note\n#     property: a:note\n"
            + COLUMNS.replace("\n", "\tnote\n") + ROW.replace("\n", "\thello\n"))
    mapping_set = read_sssom(_write(tmp_path, text))
    assert mapping_set.rows[0]["note"] == "hello"
    out = tmp_path / "out.sssom.tsv"
    write_sssom(mapping_set, out)
    assert read_sssom(out).records == mapping_set.records


def test_a_failed_write_leaves_the_previous_file(mapping_set, tmp_path, monkeypatch):
    import sssom_pydantic.io  # already imported, the safe way, by the fixture

    target = tmp_path / "models.sssom.tsv"
    target.write_text("previous\n", encoding="utf-8")

    def broken(records, file, **kwargs):
        file.write("#curie_map:\n")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sssom_pydantic.io, "write_unprocessed", broken)
    with pytest.raises(RuntimeError):
        write_sssom(mapping_set, target)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["models.sssom.tsv"]


def test_an_unwritable_target_is_an_output_error(mapping_set, tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OutputError):
        write_sssom(mapping_set, tmp_path / "file" / "out.sssom.tsv")


def test_a_mapping_set_made_in_code_is_written_and_read_back(tmp_path):
    """What an importer does: build the set from sssom-pydantic's models (taken from atlaskg.mappings)."""
    records = [Record(subject_id="a:1", predicate_id="skos:exactMatch", object_id="a:2", confidence=0.75,
                      mapping_justification="semapv:LexicalMatching", comment="same id", creator_label=["x", "y"])]
    made = MappingSet(MappingSetRecord(mapping_set_id="https://example.org/made.sssom.tsv", license=LICENSE,
                                       curie_map={"a": "http://a/"}), records)
    path = tmp_path / "made.sssom.tsv"
    write_sssom(made, path)
    again = read_sssom(path)
    assert again.records == records and again.set_record == made.set_record
    assert set(to_graph(again)) == set(to_graph(made))


def test_reading_writes_nothing_in_the_home_directory(tmp_path):
    """sssom-pydantic imports pystow, whose import writes ~/.data/README.md; atlaskg's reader must not."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    env.pop("PYSTOW_HOME", None)
    code = ("import sys; from atlaskg.store.sssom import read_sssom; read_sssom(sys.argv[1]); "
            "import os; assert 'PYSTOW_HOME' not in os.environ")
    subprocess.run([sys.executable, "-c", code, str(MODELS_SSSOM)], env=env, check=True, timeout=120)
    assert list(home.iterdir()) == []
