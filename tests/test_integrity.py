"""Integrity checks (robot-report style), canonical files, and the no-hidden-I/O guard."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph

import atlaskg
from atlaskg.check import integrity
from atlaskg.check.canonical import unformatted
from atlaskg.check.shacl import load_shapes
from atlaskg.core.errors import AccessRefused
from atlaskg.core.files import write_atomic
from atlaskg.core.guard import guarded
from atlaskg.core.resources import bundled_dir
from atlaskg.names.namespaces import SH, SHAPES
from atlaskg.query.named import read_named_query
from conftest import ROOT

PREFIXES = """@prefix atlas: <https://w3id.org/atlaskg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix model: <https://w3id.org/atlaskg/model/> .
@prefix source: <https://w3id.org/atlaskg/source/> .
"""


def test_bundled_data_has_no_integrity_problem_above_info(catalog):
    problems = integrity.report(catalog).problems
    assert [p for p in problems if p.level != "INFO"] == []


@pytest.mark.parametrize("body, check", [
    ('model:test-x a atlas:Model ; schema:name "GPT-4.1" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .',
     "duplicate-label"),
    ('model:test-x a atlas:Model ; schema:name " Padded" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .',
     "label-whitespace"),
    ('model:test-x a atlas:Model ; schema:name "X" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 ; '
     'atlas:successor model:test-nowhere .', "dangling-reference"),
    ('model:gpt-4o a atlas:Model ; schema:name "GPT-4o" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .',
     "defined-in-two-files"),
    ('model:test-x a atlas:Model ; schema:name "X"@en , "Y"@en ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .',
     "multiple-labels"),
    ('model:test-old a atlas:Model ; schema:name "Old" ; owl:deprecated true ; '
     'prov:wasDerivedFrom source:robots-atlas-gpt-4.1 . '
     'model:test-x a atlas:Model ; schema:name "X" ; prov:wasDerivedFrom model:test-old .', "deprecated-reference"),
    ('model:test-x a atlas:Model ; <http://schema.org/name> "X" ; prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .',
     "http-schema-org"),
    ('<https://w3id.org/atlaskg/model/test!x> a atlas:Model ; schema:name "X" ; '
     'prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .', "invalid-entity-iri"),
    ('model:test-x a atlas:Model ; schema:name "X" .', "missing-source"),
])
def test_each_integrity_check_finds_its_problem(tmp_path, body, check):
    case = tmp_path / "case.ttl"
    case.write_text(PREFIXES + body + "\n")
    problems = integrity.report(atlaskg.load([case])).problems
    found = [p for p in problems if p.check == check]
    assert found and all(p.level == "ERROR" for p in found)
    assert integrity.fails(problems, "ERROR")


def test_missing_source_asks_a_source_of_the_classes_the_shapes_do():
    """"Needs a source" has one list, the shapes' (the classes whose shape names shape:Sourced):
    an unsourced node of every class of the ontology and the shapes is reported by the integrity
    check exactly when its class is on that list."""
    shapes = load_shapes()
    sourced = {str(c) for shape in shapes.subjects(SH.node, SHAPES.Sourced)
               for c in shapes.objects(shape, SH.targetClass)}
    classes = {str(c) for c in shapes.objects(None, SH.targetClass)}
    ontology = ox.Store()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        ontology.load(path=str(path), format=ox.RdfFormat.TURTLE)
    classes |= {row["c"].value for row in ontology.query(
        "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> FILTER isIRI(?c) }")}
    store = ox.Store()
    kind = ox.NamedNode(str(RDF.type))
    store.extend([ox.Quad(ox.NamedNode(f"{c}-instance"), kind, ox.NamedNode(c)) for c in classes])
    query = read_named_query(bundled_dir("integrity") / "missing-source.rq").text
    reported = {row["value"].value for row in store.query(query)}
    assert len(sourced) >= 15 and sourced <= classes
    assert reported == sourced


def test_report_command_writes_tsv_and_fails_on_error(run_cli, tmp_path):
    case = tmp_path / "case.ttl"
    case.write_text(PREFIXES + 'model:test-x a atlas:Model ; schema:name "X" .\n')
    out = tmp_path / "report.tsv"
    result = run_cli("report", "-o", out, case)
    assert result.exit_code == 1
    assert "missing-source" in out.read_text() and "ERROR" in result.stderr
    assert run_cli("report", "--fail-on", "none", case).exit_code == 0


def test_build_fails_on_integrity_error_and_writes_nothing(run_cli, tmp_path):
    case = tmp_path / "dup.ttl"
    case.write_text(PREFIXES + 'model:test-x a atlas:Model ; schema:name "GPT-4.1" ; '
                    'prov:wasDerivedFrom source:robots-atlas-gpt-4.1 .\n')
    out = tmp_path / "dist"
    result = run_cli("build", "--curated", "-o", out, case)
    assert result.exit_code == 1 and "integrity error" in result.stderr and "duplicate-label" in result.stderr
    assert not out.exists()
    assert "duplicate-label" in run_cli("report", "--format", "tsv", case).stdout


def test_committed_data_files_are_canonical():
    assert unformatted([bundled_dir("data")]) == []


def test_fmt_rewrites_a_file_into_canonical_form(run_cli, tmp_path):
    messy = tmp_path / "messy.ttl"
    messy.write_text("# kept header\n" + PREFIXES + 'model:test-x   schema:name "X" ; a atlas:Model .\n')
    assert run_cli("fmt", "--check", messy).exit_code == 1
    assert run_cli("fmt", messy).exit_code == 0
    assert run_cli("fmt", "--check", messy).exit_code == 0
    text = messy.read_text()
    assert text.startswith("# kept header\n") and "model:test-x a atlas:Model" in text
    assert "@prefix owl:" not in text, "only the prefixes the file uses"


# ---- no hidden I/O -------------------------------------------------------------------------

def test_guard_refuses_network_before_any_connection():
    with guarded():
        with pytest.raises(AccessRefused):
            urllib.request.urlopen("http://example.org/context.jsonld", timeout=1)
        with pytest.raises(AccessRefused):
            socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_guard_refuses_rdflib_fetching_a_remote_jsonld_context():
    document = json.dumps({"@context": "http://example.org/context.jsonld", "@id": "http://x/y",
                           "http://x/p": "v"})
    with guarded():
        with pytest.raises(Exception) as caught:
            Graph().parse(data=document, format="json-ld")
    assert "network access refused" in str(caught.value) or isinstance(caught.value, AccessRefused)


def test_guard_refuses_reading_a_file_nobody_named(tmp_path):
    secret = Path("/etc/passwd")  # exists, and is neither named nor bundled nor part of Python
    assert secret.exists()
    with guarded(read_paths=[tmp_path]):
        with pytest.raises(AccessRefused):
            secret.read_text()
        (tmp_path / "ok.txt").write_text("fine")
        assert (tmp_path / "ok.txt").read_text() == "fine"


def test_guard_refuses_a_file_of_the_temporary_directory_nobody_named():
    handle, name = tempfile.mkstemp(prefix="atlaskg-test-secret-")  # in /tmp, outside the tests' folders
    os.close(handle)
    try:
        with guarded(read_paths=[]):
            with pytest.raises(AccessRefused):
                Path(name).read_text()
    finally:
        os.unlink(name)


def test_guard_lets_outputs_be_written_where_it_refuses_reads(tmp_path, monkeypatch):
    """An output beside the user's files (tempfile.mkstemp opens it with os.open flags) is a
    write, not a read: `atlaskg import` into ./imports/ once failed on exactly this."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "elsewhere"))  # tmp_path is no root now
    target = tmp_path / "imports" / "data.trig"
    with guarded(read_paths=[]):
        write_atomic(target, b"written")
        with pytest.raises(AccessRefused):
            target.read_bytes()
    assert target.read_bytes() == b"written"


def test_local_file_jsonld_context_is_refused(run_cli, tmp_path):
    context = tmp_path / "context.jsonld"
    context.write_text(json.dumps({"@context": {"p": "http://x/p"}}))
    doc = tmp_path / "doc.jsonld"
    doc.write_text(json.dumps({"@context": context.as_uri(), "@id": "http://x/y", "p": "v"}))
    result = run_cli("validate", doc)
    assert result.exit_code == 2 and "refused external JSON-LD @context" in result.stderr


def test_owl_imports_in_a_data_file_is_refused(run_cli, tmp_path):
    case = tmp_path / "imports.ttl"
    case.write_text(PREFIXES + "<https://w3id.org/atlaskg/test> owl:imports <http://example.org/onto.ttl> .\n")
    result = run_cli("validate", case)
    assert result.exit_code == 2
    assert f"{case}:7: refused owl:imports" in result.stderr


def test_from_an_unknown_graph_is_refused(run_cli):
    result = run_cli("query", "--sparql", "SELECT * FROM <http://169.254.169.254/latest> WHERE { ?s ?p ?o }")
    assert result.exit_code == 2 and "names no graph of the catalogue" in result.stderr


def test_cli_process_makes_no_connection_for_a_service_query_even_when_allowed(tmp_path):
    hermetic = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "ATLASKG_STORE": os.environ["ATLASKG_STORE"],
                "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"]}  # the session's: no store, no last build
    """Without --allow-service a SERVICE query is refused before any engine sees it. With it, the
    user asked for the network: Oxigraph makes the request (here to a closed address, which fails
    as one line)."""
    code = ("import sys; from atlaskg.cli import main; sys.argv = ['atlaskg', 'query', '--sparql', "
            "'SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }']; main()")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env=hermetic)
    assert run.returncode == 2
    assert "pass --allow-service" in run.stderr
    allowed = code.replace("'--sparql',", "'--allow-service', '--sparql',")
    run = subprocess.run([sys.executable, "-c", allowed], cwd=tmp_path, capture_output=True, text=True,
                         env=hermetic)
    assert run.returncode == 2
    assert "query failed" in run.stderr and len(run.stderr.strip().splitlines()) == 1


# ---- origins cannot be forged ----------------------------------------------------------------

FORGED = '''@prefix schema: <https://schema.org/> .
<{graph}> {{ <https://w3id.org/atlaskg/model/gpt-4.1-2025-04-14> schema:alternateName "forged" . }}
'''


@pytest.mark.parametrize("graph", ["https://w3id.org/atlaskg/graph/data/models/gpt-4.1-2025-04-14.ttl",
                                   "https://w3id.org/atlaskg/graph/data/models/not-yet-a-file.ttl",
                                   "https://w3id.org/atlaskg/graph/ontology"])
def test_a_user_file_cannot_write_into_a_bundled_graph(run_cli, tmp_path, graph):
    forged = tmp_path / "forged.trig"
    forged.write_text(FORGED.format(graph=graph))
    result = run_cli("export", "--format", "trig", forged)
    assert result.exit_code == 2 and f"forged.trig: refused: it writes into the graph <{graph}>" in result.stderr


def test_a_user_file_cannot_write_into_the_graph_of_another_user_file(run_cli, tmp_path):
    first, second = tmp_path / "first.trig", tmp_path / "second.trig"
    first.write_text(FORGED.format(graph="https://example.org/mine"))
    second.write_text(FORGED.format(graph="https://example.org/mine"))
    result = run_cli("validate", first, second)
    assert result.exit_code == 2 and f"of {first}" in result.stderr


def test_user_graph_names_carry_no_local_path(run_cli, tmp_path):
    user_file = tmp_path / "mine.ttl"
    user_file.write_text((ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl").read_text())
    exported = run_cli("export", "--format", "trig", user_file).stdout
    assert str(tmp_path) not in exported and "file://" not in exported
    assert "<urn:atlaskg:user-file:" in exported and ":mine.ttl>" in exported


# ---- fmt never loses information -------------------------------------------------------------

FMT_BODY = '''@prefix ex: <https://example.org/> .
@prefix schema: <https://schema.org/> .
ex:a schema:name "A" ;
  schema:value {value} .
'''


@pytest.mark.parametrize("text, refusal", [
    ("# header\n" + FMT_BODY.format(value="7") + "# a closing note\n", "fmt would drop this comment"),
    (FMT_BODY.format(value='"007"^^<http://www.w3.org/2001/XMLSchema#integer>'), "fmt would change the triple"),
    (FMT_BODY.format(value='"1"^^<http://www.w3.org/2001/XMLSchema#boolean>'), "fmt would change the triple"),
])
def test_fmt_refuses_what_it_would_damage_and_leaves_the_file(run_cli, tmp_path, text, refusal):
    path = tmp_path / "data.ttl"
    path.write_text(text)
    result = run_cli("fmt", path)
    assert result.exit_code == 2 and refusal in result.stderr and str(path) in result.stderr
    assert path.read_text() == text


def test_fmt_keeps_the_files_own_prefix_names(run_cli, tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(FMT_BODY.format(value="7"))
    assert run_cli("fmt", path).exit_code == 0
    assert "@prefix ex: <https://example.org/> ." in path.read_text() and "ex:a " in path.read_text()


def test_fmt_names_a_file_that_is_not_utf8(run_cli, tmp_path):
    path = tmp_path / "latin.ttl"
    path.write_bytes(b'<https://example.org/a> <https://schema.org/name> "caf\xe9" .\n')
    result = run_cli("fmt", "--check", path)
    assert result.exit_code == 2 and f"{path}:1: malformed text: not UTF-8" in result.stderr
