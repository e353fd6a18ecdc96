"""The built wheel carries ontology, shapes, data and queries, works outside the source tree, and
builds the edited data of a clone when run from inside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

BUNDLED = ("ontology", "shapes", "data", "queries", "integrity", "mappings", "datasets")


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """The wheel built from this checkout, unpacked as an installed package; its PYTHONPATH env."""
    base = tmp_path_factory.mktemp("wheel")
    wheel_dir, site = base / "wheel", base / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(wheel_dir), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("atlaskg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in BUNDLED:
        assert any(n.startswith(f"atlaskg/{folder}/") for n in names), folder
    internal = {n.rsplit("/", 1)[1] for n in names if n.startswith("atlaskg/queries/internal/")}
    assert internal == {p.name for p in (ROOT / "queries" / "internal").glob("*.rq")}, "the modules' own queries"
    zipfile.ZipFile(wheel).extractall(site)
    env = {key: value for key, value in os.environ.items() if key != "ATLASKG_ROOT"}
    return site, {**env, "PYTHONPATH": str(site)}


def run_python(code_or_args, cwd, env):
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_installed_wheel_works_from_another_directory(installed_wheel, tmp_path):
    site, env = installed_wheel
    probe = run_python("import atlaskg.core.resources as r; print(r.bundled_dir('data'))", tmp_path, env)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().startswith(str(site))
    run = run_python(["-m", "atlaskg", "query", "model-card", "--param", "model=gpt-4.1", "--format", "csv"],
                     tmp_path, env)
    assert run.returncode == 0, run.stderr
    assert "1047576" in run.stdout
    validate = run_python(["-m", "atlaskg", "validate"], tmp_path, env)
    assert validate.returncode == 0, validate.stderr


def test_installed_wheel_builds_the_edited_data_of_the_clone_it_runs_in(installed_wheel, tmp_path):
    """`pip install .`, edit data/ in the clone, `atlaskg build` from a folder of the clone."""
    _, env = installed_wheel
    clone = tmp_path / "clone"
    for folder in BUNDLED:
        shutil.copytree(ROOT / folder, clone / folder)
    shutil.copy(ROOT / "pyproject.toml", clone / "pyproject.toml")
    unedited = run_python(["-m", "atlaskg", "build", "--curated", "-o", str(tmp_path / "before")], clone, env)
    assert unedited.returncode == 0 and "checkout" not in unedited.stderr, "same files: nothing to say"
    model_file = clone / "data" / "models" / "gpt-4.1-2025-04-14.ttl"
    original = "GPT-4.1 is an OpenAI API model released April 14, 2025."
    model_file.write_text(model_file.read_text(encoding="utf-8").replace(original, "Edited in the clone."),
                          encoding="utf-8")
    (clone / "data" / "models" / "notes").mkdir()
    built = run_python(["-m", "atlaskg", "build", "--curated", "-o", str(tmp_path / "dist")], clone / "data" / "models" / "notes",
                       env)
    assert built.returncode == 0, built.stderr
    assert f"building the edited files of the checkout at {clone}" in built.stderr
    exported = (tmp_path / "dist" / "atlaskg.nt").read_text(encoding="utf-8")
    assert "\"Edited in the clone. Features a 1M token" in exported
    assert f"\"{original} Features" not in exported
