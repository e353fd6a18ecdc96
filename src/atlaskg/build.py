"""The main job: load, validate, check, and write the graph in every format, its description, and
the built store that later commands open instead of parsing every file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import VOID

from atlaskg import __version__, integrity
from atlaskg.describe_dataset import DATASET, describe
from atlaskg.errors import IntegrityErrors, NotABuildDirectory, NotConforming
from atlaskg.export import FORMATS, serialize
from atlaskg.fileio import staged_directory, write_atomic
from atlaskg.store import MAX_FILE_BYTES, load, save_built
from atlaskg.validate import Report, validate

STEM = "atlaskg"
STORE_DIR = "store"
MARKER = "void.ttl"  # every build writes it: a directory holding it may be replaced


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    triples: int
    report: Report


def build(out_dir: Path, paths=(), progress=lambda message: None,
          max_file_bytes: int = MAX_FILE_BYTES) -> BuildResult:
    """Validate first; write only a conforming catalogue without integrity errors. The whole
    output directory switches over at once: a failed, killed or interrupted build leaves the
    previous one as it was. The built store is written when the catalogue is the bundled one
    alone (extra PATHS make a one-off build)."""
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    progress("loading")
    catalog = load(paths, max_file_bytes=max_file_bytes, progress=progress)
    progress("validating")
    report = validate(catalog)
    if not report.conforms:
        raise NotConforming(report)
    progress("integrity checks")
    problems = integrity.report(catalog)
    if integrity.fails(problems, "ERROR"):
        raise IntegrityErrors(problems)
    dumps = [STEM + extension for extension in FORMATS.values()]
    description = describe(catalog, __version__, sorted(dumps))
    small = {"integrity.tsv": integrity.to_tsv(problems).encode("utf-8"),
             MARKER: description.serialize(format="turtle", encoding="utf-8"), "checks.json": _checks_json(report)}
    with staged_directory(out_dir) as staging:
        for fmt, name in zip(FORMATS, dumps):  # one format in memory at a time: a million triples
            progress(f"writing {name}")        # make half a gigabyte per format
            write_atomic(staging / name, serialize(catalog, fmt))
        for name, data in small.items():
            write_atomic(staging / name, data)
        if not paths:
            progress("writing the store")
            save_built(catalog, staging / STORE_DIR)
    written = [out_dir / name for name in [*small, *dumps]] + ([out_dir / STORE_DIR] if not paths else [])
    return BuildResult(out_dir, written, int(description.value(DATASET, VOID.triples)), report)


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise NotABuildDirectory(out_dir, MARKER)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotABuildDirectory(out_dir, MARKER)


def _checks_json(report: Report) -> bytes:
    """The consistency findings (warnings) of the build, for the release notes."""
    findings = [f.as_dict() for f in report.findings]
    return (json.dumps({"conforms": report.conforms, "findings": findings}, indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")
