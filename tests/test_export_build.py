"""Export formats round-trip, and `atlaskg build` writes a complete, deterministic release."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import VOID, XSD

import atlaskg
from atlaskg.core.files import write_atomic
from atlaskg.publish import build as build_module
from atlaskg.publish.void import DATASET
from conftest import ROOT


def test_jsonld_parses_back_isomorphic_to_turtle(catalog):
    turtle = Graph().parse(data=atlaskg.serialize(catalog, "turtle"), format="turtle")
    jsonld = Graph().parse(data=atlaskg.serialize(catalog, "jsonld"), format="json-ld")
    assert len(turtle) == catalog.triple_count()
    assert isomorphic(turtle, jsonld)


def test_ntriples_and_trig_hold_the_same_triples(catalog):
    nt = Graph().parse(data=atlaskg.serialize(catalog, "nt"), format="nt")
    trig = Dataset()
    trig.parse(data=atlaskg.serialize(catalog, "trig"), format="trig")
    assert isomorphic(nt, catalog.to_rdflib())
    assert len({g.identifier for g in trig.graphs() if len(g)}) >= 2, "ontology and data stay apart"
    assert sum(len(g) for g in trig.graphs()) == len(nt)


def test_build_writes_every_format_and_a_dataset_description(run_cli, tmp_path, catalog):
    out = tmp_path / "dist"
    result = run_cli("build", "--curated", "-o", out)
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert names == {"atlaskg.ttl", "atlaskg.jsonld", "atlaskg.nt", "atlaskg.trig", "atlaskg.nq", "void.ttl",
                     "checks.json", "integrity.tsv", "store"}
    void = Graph().parse(out / "void.ttl")
    assert void.value(DATASET, VOID.triples) == Literal(catalog.triple_count(), datatype=XSD.integer)
    assert void.value(DATASET, VOID.classes).toPython() >= 10


def test_building_twice_gives_identical_bytes(run_cli, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("build", "--curated", "-o", first).exit_code == 0
    assert run_cli("build", "--curated", "-o", second).exit_code == 0
    for path in (p for p in first.iterdir() if p.is_file()):  # store/ is a database, not an output to diff
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_build_refuses_non_conforming_data_and_keeps_previous_outputs(run_cli, tmp_path):
    out = tmp_path / "dist"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix atlas: <https://w3id.org/atlaskg/ontology#> .\n"
                   "<https://w3id.org/atlaskg/model/test-bad> a atlas:Model .\n")
    result = run_cli("build", "--curated", "-o", out, bad)
    assert result.exit_code == 1
    assert "does not conform" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_later_commands_open_the_built_store_and_notice_when_it_is_stale(run_cli, tmp_path):
    out = tmp_path / "dist"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    store = out / "store"
    fresh = run_cli("--store", store, "query", "model-card", "--param", "model=gpt-4.1", "--format", "csv")
    assert fresh.exit_code == 0 and "gpt-4.1-2025-04-14" in fresh.stdout and "stale" not in fresh.stderr
    with_data = run_cli("--store", store, "query", "models", "--format", "csv",
                        "--data", ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl")
    assert with_data.stdout.count("\n") == 11, "a user file joins a private copy of the store"
    assert run_cli("--store", store, "query", "models", "--format", "csv").stdout.count("\n") == 10
    manifest, name = json.loads((store / "manifest.json").read_text()), "data/models/gpt-4.1-2025-04-14.ttl"
    manifest["stats"][name][1] += 1  # another time, the same bytes (a copy): read again, and current
    (store / "manifest.json").write_text(json.dumps(manifest))
    current = run_cli("--store", store, "query", "models", "--format", "csv")
    assert current.stdout.count("\n") == 10 and "stale" not in current.stderr
    manifest["inputs"][name] = "0" * 64  # and other bytes: the file changed since
    (store / "manifest.json").write_text(json.dumps(manifest))
    stale = run_cli("--store", store, "query", "models", "--format", "csv")
    assert stale.exit_code == 0 and stale.stdout.count("\n") == 10
    assert "is stale (data/models/gpt-4.1-2025-04-14.ttl changed" in stale.stderr and "atlaskg build" in stale.stderr


def test_serve_serves_the_built_store_itself_and_a_copy_only_with_files_added(run_cli, tmp_path):
    """`atlaskg serve` on an unchanged built store hands Oxigraph that store (read-only, no copy:
    it answers at once); a catalogue with user files is a private copy, served from a copy."""
    from atlaskg.store.built import database_of

    assert run_cli("build", "--curated", "-o", tmp_path / "dist").exit_code == 0
    store = tmp_path / "dist" / "store"
    assert database_of(atlaskg.load(store=store)) == store / "oxigraph"
    assert database_of(atlaskg.load([ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl"], store=store)) is None
    assert database_of(atlaskg.load(store=None)) is None


def test_a_damaged_store_is_refused_at_once_and_a_copied_one_is_read(run_cli, tmp_path):
    """Issue 27: 4 KiB zeroed inside a data file made a query grow to 6 GB and time out."""
    import shutil

    out = tmp_path / "dist"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    copied = tmp_path / "copied"
    shutil.copytree(out / "store", copied)  # new modification times: each file is read for its CRC
    assert run_cli("--store", copied, "query", "models", "--format", "csv").stdout.count("\n") == 10
    largest = max((out / "store" / "oxigraph").glob("*.sst"), key=lambda p: p.stat().st_size)
    size = largest.stat().st_size
    with largest.open("r+b") as data:  # zeroed in place: the size stays, the time and the CRC change
        data.seek(size // 4)
        data.write(bytes(min(4096, size // 2)))
    assert largest.stat().st_size == size
    started = time.monotonic()
    refused = run_cli("--store", out / "store", "query", "models", "--format", "csv")
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert f"the built store is damaged ({largest.name} is not what the build wrote)" in refused.stderr
    assert time.monotonic() - started < 10


# ---- the output directory switches over whole -------------------------------------------------

def snapshot(directory, database=True):
    """Every file under `directory` with its bytes. `database=False` leaves out the store's
    database files and what its manifest records of them (RocksDB writes logs with timestamps:
    two builds never match byte for byte)."""
    found = {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*"))
             if p.is_file() and (database or "oxigraph" not in p.relative_to(directory).parts)}
    if not database and "store/manifest.json" in found:
        manifest = json.loads(found["store/manifest.json"])
        manifest.pop("database", None)
        found["store/manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return found


def leftovers(parent):
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_an_output_written_in_pieces_replaces_the_file_whole_or_not_at_all(tmp_path):
    """write_atomic takes a large output in pieces as they come (synth's lines): a failure between
    two pieces leaves the previous file as it was, and no temporary file behind."""
    target = tmp_path / "out.nt"
    write_atomic(target, iter([b"a\n", b"b\n"]))
    assert target.read_bytes() == b"a\nb\n"

    def interrupted():
        yield b"c\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, interrupted())
    assert target.read_bytes() == b"a\nb\n" and leftovers(tmp_path) == []


@pytest.mark.parametrize("interrupted_in", ["serialize_each", "write_atomic", "save_built"])
def test_an_interrupted_build_leaves_the_previous_one_whole(run_cli, tmp_path, monkeypatch, interrupted_in):
    """Ctrl-C while serialising (nothing staged yet), while writing the outputs, or while writing
    the store (every other output staged)."""
    out = tmp_path / "dist"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    before = snapshot(out)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, interrupted_in, interrupt)
    result = run_cli("build", "--curated", "-o", out)
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_build_never_replaces_a_directory_it_did_not_write(run_cli, tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    result = run_cli("build", "--curated", "-o", out)
    assert result.exit_code == 2 and "not the output of 'atlaskg build'" in result.stderr
    assert snapshot(out) == {"mine.txt": b"keep me"}


def test_build_removes_what_a_killed_build_left_behind(run_cli, tmp_path):
    abandoned = tmp_path / ".dist.staging-999999999-x1"  # no such process
    abandoned.mkdir()
    (abandoned / "atlaskg.nt").write_text("half")
    assert run_cli("build", "--curated", "-o", tmp_path / "dist").exit_code == 0
    assert leftovers(tmp_path) == []


def test_a_killed_build_leaves_one_whole_build(tmp_path):
    """kill -9 at several moments of a build: the directory holds the previous build or the new
    one, never a mix (the previous one here is a one-off build with an extra file, so the two
    differ in every output)."""
    out = tmp_path / "dist"
    extra = ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl"
    command = [sys.executable, "-m", "atlaskg", "build", "--curated", "-o", str(out)]
    assert subprocess.run([*command, str(extra)], capture_output=True).returncode == 0
    previous = snapshot(out, database=False)
    started = time.monotonic()
    assert subprocess.run(command, capture_output=True).returncode == 0
    complete, duration = snapshot(out, database=False), time.monotonic() - started
    for fraction in (0.5, 0.8, 0.9, 0.95, 0.99):
        subprocess.run([*command, str(extra)], capture_output=True, check=True)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(out, database=False)
        assert now in (previous, complete), f"killed at {fraction:.0%}: a mix of two builds"
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert leftovers(tmp_path) == []


def test_every_named_query_answers_the_same_from_the_built_store_and_from_the_files(run_cli, tmp_path):
    """Row order and GROUP_CONCAT order included: the on-disk store scans in another order."""
    out = tmp_path / "dist"
    assert run_cli("build", "--curated", "-o", out).exit_code == 0
    for query in json.loads(run_cli("queries", "--format", "json").stdout):
        params = [arg for p in query["params"] if (p["example"] or p["default"]) is not None
                  for arg in ("--param", f"{p['name']}={p['example'] or p['default']}")]
        command = ["query", query["name"], *params, "--format", "csv"]
        built = run_cli("--store", out / "store", *command)
        parsed = run_cli("--store", tmp_path / "no-store", *command)
        assert built.exit_code == parsed.exit_code == 0, (query["name"], parsed.stderr)
        assert built.stdout == parsed.stdout, query["name"]


def test_commands_run_elsewhere_answer_from_the_last_build_and_say_so(tmp_path, monkeypatch):
    """`atlaskg build` records its store; a command run in another folder, and atlaskg.load(),
    answer from it and the command says so; ./dist/store, where there is one, comes first; with
    no build anywhere the command says that instead."""
    env = {key: value for key, value in os.environ.items() if key != "ATLASKG_STORE"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data-home")
    elsewhere, project = tmp_path / "elsewhere", tmp_path / "project"
    elsewhere.mkdir()
    project.mkdir()

    def run(*args, cwd=elsewhere):
        return subprocess.run([sys.executable, "-m", "atlaskg", *args], cwd=cwd, env=env, capture_output=True,
                              text=True)

    nothing = run("query", "models", "--format", "csv")
    assert nothing.returncode == 0 and "no built atlas" in nothing.stderr and "curated records alone" in nothing.stderr
    assert run("build", "--curated", cwd=project).returncode == 0
    built = run("build", "--curated", "-o", tmp_path / "out")
    store = (tmp_path / "out" / "store").resolve()
    assert built.returncode == 0 and f"answer from {store}" in built.stderr
    answered = run("query", "models", "--format", "csv")
    assert answered.returncode == 0 and f"answering from the last build, {store}" in answered.stderr
    assert answered.stdout == nothing.stdout, "the same catalogue, opened from the store instead of parsed"
    local = run("query", "models", "--format", "csv", cwd=project)
    assert local.returncode == 0 and local.stderr == "" and local.stdout == nothing.stdout
    monkeypatch.delenv("ATLASKG_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])
    monkeypatch.chdir(elsewhere)
    assert atlaskg.load().built_store == store


def test_commands_open_the_default_store_that_build_wrote(tmp_path):
    """`atlaskg build` then any command, in the same folder, with no --store: the command reads
    dist/store (the read guard lets it, though it is not named), and says when it is stale."""
    env = {key: value for key, value in os.environ.items() if key != "ATLASKG_STORE"}

    def atlaskg(*args):
        return subprocess.run([sys.executable, "-m", "atlaskg", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True)

    assert atlaskg("build", "--curated").returncode == 0
    manifest = tmp_path / "dist" / "store" / "manifest.json"
    built = json.loads(manifest.read_text(encoding="utf-8"))
    name = sorted(built["inputs"])[1]  # as if a data file had changed since: other bytes, another time
    built["inputs"][name], built["stats"][name][1] = "0" * 64, built["stats"][name][1] + 1
    manifest.write_text(json.dumps(built), encoding="utf-8")
    done = atlaskg("query", "models", "--format", "csv")
    assert done.returncode == 0 and "is stale" in done.stderr and "dist/store" in done.stderr
