"""Size and depth limits and --debug: every failure is one line and exit 2."""

from __future__ import annotations

import json
import os

import pytest

import atlaskg

TRIPLE = '<https://w3id.org/atlaskg/model/test-big> <https://schema.org/alternateName> "{:09d}" .\n'


def test_a_50_mb_file_is_refused_before_parsing(run_cli, tmp_path):
    big = tmp_path / "big.nt"
    line_count = 50 * 2**20 // len(TRIPLE.format(0)) + 1
    with big.open("w") as handle:
        handle.writelines(TRIPLE.format(n) for n in range(line_count))
    assert big.stat().st_size >= 50 * 2**20
    result = run_cli("validate", big)
    assert result.exit_code == 2
    assert "over the limit of 32 MiB" in result.stderr and "--max-file-mb" in result.stderr


def test_the_size_limit_is_an_option(run_cli, tmp_path):
    small = tmp_path / "small.nt"
    small.write_text(TRIPLE.format(1) * 20000)  # about 2 MiB
    assert run_cli("--max-file-mb", "1", "validate", small).exit_code == 2
    result = run_cli("--max-file-mb", "4", "validate", small)
    assert "over the limit" not in result.stderr


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_jsonld_is_refused(run_cli, tmp_path, depth):
    doc = tmp_path / "deep.jsonld"
    doc.write_text('{"@id": "http://x/a", "http://x/p": ' + "[" * depth + "1" + "]" * depth + "}")
    result = run_cli("validate", doc)
    assert result.exit_code == 2
    assert "nested" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback_others_do_not(run_cli, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("atlaskg.cli.building.serialize", broken)
    plain = run_cli("export")
    assert plain.exit_code == 2
    assert plain.stderr.strip() == "atlaskg: internal error: RuntimeError: boom (rerun with --debug)"
    with pytest.raises(RuntimeError):
        run_cli("--debug", "export")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_file_that_never_ends_is_refused_not_read(run_cli, tmp_path, kind):
    """A FIFO (opening it would wait for a writer) or a link to /dev/zero (reading it never ends)."""
    path = tmp_path / "data.ttl"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = run_cli("validate", path)
    assert result.exit_code == 2 and f"{path}: not a regular file" in result.stderr


def test_the_size_limit_counts_the_bytes_read(run_cli, tmp_path):
    big = tmp_path / "big.nt"
    big.write_text(TRIPLE.format(0) * (2 * 2**20 // len(TRIPLE.format(0)) + 1))
    result = run_cli("--max-file-mb", "1", "validate", big)
    assert result.exit_code == 2 and "over the limit of 1 MiB" in result.stderr


CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 7e9 rows to count


def test_a_local_query_is_held_to_its_timeout(run_cli):
    result = run_cli("query", "--sparql", CROSS_PRODUCT, "--timeout", "1")
    assert result.exit_code == 2 and "no answer within 1 s" in result.stderr


def test_the_python_api_is_held_to_its_timeout(catalog):
    with pytest.raises(atlaskg.AtlasError, match="no answer within 0.5 s"):
        atlaskg.sparql(catalog, CROSS_PRODUCT, timeout=0.5)
    assert atlaskg.sparql(catalog, "ASK { ?s ?p ?o }") is True, "the catalogue still answers"


def test_an_answer_over_the_row_cap_is_refused(run_cli):
    result = run_cli("query", "--sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "--max-rows", "1000")
    assert result.exit_code == 2 and "more than 1,000 rows" in result.stderr
    assert run_cli("query", "models", "--max-rows", "1000").exit_code == 0


def test_control_characters_in_a_file_name_never_reach_the_terminal_raw(run_cli, tmp_path):
    name = tmp_path / "a\nb\x1b[31m.ttl"
    result = run_cli("validate", name)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "\x1b" not in result.stderr and "a\\nb\\x1b[31m.ttl: no such file" in result.stderr


def scoped_context_document(terms: int, nodes: int) -> str:
    """A type-scoped context of `terms` terms, applied again at each of `nodes` nodes."""
    scoped = {f"t{i}": {"@id": f"https://example.org/t{i}"} for i in range(terms)}
    graph = [{"@id": f"https://example.org/n{j}", "@type": "T", "t0": "v"} for j in range(nodes)]
    return json.dumps({"@context": {"T": {"@id": "https://example.org/T", "@context": scoped}}, "@graph": graph})


def test_jsonld_whose_scoped_contexts_would_cost_too_much_is_refused(run_cli, tmp_path):
    doc = tmp_path / "scoped.jsonld"
    doc.write_text(scoped_context_document(terms=50, nodes=100))  # 5,000 definitions applied
    refused = run_cli("--max-jsonld-work", "1000", "validate", doc)
    assert refused.exit_code == 2 and "apply 5,001 term definitions, over the limit of 1,000" in refused.stderr
    assert run_cli("validate", doc).exit_code == 0, "under the default limit it loads"


@pytest.mark.timeout(60)  # graph canonicalization once made these run without end
@pytest.mark.parametrize("body", [
    "".join(f"_:a{i} ex:p _:b{i} .\n_:b{i} ex:p _:a{i} .\n" for i in range(8)),  # symmetric pairs
    '<https://example.org/s> ex:p ' + ", ".join('[ ex:p "same" ]' for _ in range(200)) + " .\n",
])
def test_symmetric_or_repeated_blank_nodes_export_and_build(run_cli, tmp_path, body):
    data = tmp_path / "blank.ttl"
    data.write_text("@prefix ex: <https://example.org/> .\n" + body)
    exported = run_cli("export", "--format", "nt", data)
    assert exported.exit_code == 0 and exported.stdout.count("\n") > 1900
    assert run_cli("build", "--curated", "-o", tmp_path / "dist", data).exit_code == 0
    again = run_cli("export", "--format", "nt", data)
    assert again.stdout == exported.stdout, "the same labels every time"


def test_jsonld_with_a_large_inline_context_on_every_node_is_refused(run_cli, tmp_path):
    context = {f"t{i}": f"https://example.org/t{i}" for i in range(100)}
    graph = [{"@context": context, "@id": f"https://example.org/n{j}", "t0": "v"} for j in range(50)]
    doc = tmp_path / "inline.jsonld"
    doc.write_text(json.dumps({"@graph": graph}))
    refused = run_cli("--max-jsonld-work", "1000", "validate", doc)
    assert refused.exit_code == 2 and "apply 5,000 term definitions" in refused.stderr


def test_vocabulary_relative_ids_inside_a_context_are_term_definitions_not_nodes(run_cli, tmp_path):
    doc = tmp_path / "vocab.jsonld"
    doc.write_text(json.dumps({"@context": {"@vocab": "https://schema.org/", "name": {"@id": "name"}},
                               "@id": "https://example.org/a", "name": "A"}))
    exported = run_cli("export", "--format", "nt", doc)
    assert exported.exit_code == 0 and '<https://example.org/a> <https://schema.org/name> "A" .' in exported.stdout


def test_a_link_out_of_a_named_folder_is_refused_with_the_reason(run_cli, tmp_path):
    """Issue 27: a data folder holding a link to /etc/passwd; the guard refuses the read and the
    message says so (it said 'cannot read (None)')."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "passwd.ttl").symlink_to("/etc/passwd")
    result = run_cli("validate", folder)
    assert result.exit_code == 2 and "file access refused: /etc/passwd" in result.stderr
    assert "root:" not in result.stderr + result.stdout
