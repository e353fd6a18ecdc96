"""The built wheel carries ontology, shapes, data and queries, and works outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_installed_wheel_works_from_another_directory(tmp_path):
    wheel_dir, site, elsewhere = tmp_path / "wheel", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(wheel_dir), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("atlaskg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ontology", "shapes", "data", "queries", "integrity", "mappings"):
        assert any(n.startswith(f"atlaskg/{folder}/") for n in names), folder
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import atlaskg, atlaskg.resources as r; print(r.bundled_dir('data'))"],
        cwd=elsewhere, env=env, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().startswith(str(site))
    run = subprocess.run([sys.executable, "-m", "atlaskg", "query", "model-card", "--param", "model=gpt-4.1",
                          "--format", "csv"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "1047576" in run.stdout
    validate = subprocess.run([sys.executable, "-m", "atlaskg", "validate"], cwd=elsewhere, env=env,
                              capture_output=True, text=True)
    assert validate.returncode == 0, validate.stderr
