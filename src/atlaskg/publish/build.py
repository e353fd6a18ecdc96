"""The main job: load, validate, check, and write the graph in every format, its description, and
the built store that later commands open instead of parsing every file."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib.namespace import VOID

from atlaskg.check import integrity
from atlaskg.check.origins import imported_origins, imported_summary
from atlaskg.check.shacl import Report, validate
from atlaskg.core.collecting import fewer_collections
from atlaskg.core.errors import IntegrityErrors, NotABuildDirectory, NotConforming
from atlaskg.core.files import staged_directory, write_atomic
from atlaskg.core.version import VERSION
from atlaskg.link.atlas import Atlas, add_atlas
from atlaskg.link.reports import atlas_reports, findings_report, resolution_mappings
from atlaskg.publish.export import FORMATS, serialize_each
from atlaskg.publish.void import DATASET, describe
from atlaskg.query import Result, run_named
from atlaskg.query.lookup import search_index
from atlaskg.query.output import render
from atlaskg.store import MAX_FILE_BYTES, load, save_built
from atlaskg.store.built import CHECKS_FILE, INTEGRITY_FILE, SEARCH_FILE
from atlaskg.store.last_build import STORE_DIR
from atlaskg.store.sssom import write_sssom

PRICE_DISAGREEMENTS = "price-disagreements.tsv"
STEM = "atlaskg"
SITE_DIR = "site"
MARKER = "void.ttl"  # every build writes it: a directory holding it may be replaced


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    triples: int
    report: Report
    atlas: Atlas


@fewer_collections()
def build(out_dir: Path, paths=(), progress=lambda message: None,
          max_file_bytes: int = MAX_FILE_BYTES, atlas: bool = True, site: bool = False) -> BuildResult:
    """Publish only a conforming catalogue without integrity errors: the outputs are written into
    a staging directory while the checks run beside them, and the whole output directory
    switches over at once when they pass; a failed, killed or interrupted build leaves the
    previous one as it was. The built store is written when the catalogue is the bundled one
    alone (extra PATHS make a one-off build).

    With `atlas` (the default) the imported datasets and the resolution of their entries join
    the curated records. What the checks find in a dataset (converted here or given as a file
    written by `atlaskg import`) describes that source: it is counted per dataset and rule in
    imported-findings.tsv and never fails the build. With `site`, the static website is written
    into the same output (site/), switched over with the rest."""
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    progress("loading")
    catalog = load(paths, max_file_bytes=max_file_bytes, store=None, progress=progress)
    added = add_atlas(catalog, date.today(), progress) if atlas else Atlas()
    dumps = [STEM + extension for extension in FORMATS.values()]
    with staged_directory(out_dir) as staging:
        lines = catalog.nquads()  # read once, by the validation and the dumps
        progress("validating, checking integrity, writing the dumps and the store")
        with _Jobs() as jobs:  # two at a time, longest first: each spends most of its time outside the GIL
            origins = jobs.run(imported_origins, catalog)  # started first: the next two wait for it
            validated = jobs.run(lambda: validate(catalog, None, "turbo", lines, origins.result()))
            checked = jobs.run(lambda: integrity.report(catalog, origins.result()))
            jobs.run(_write_dumps, catalog, lines, staging, ("turtle", "jsonld", "nt"))
            if not paths:
                jobs.run(save_built, catalog, staging / STORE_DIR)
                indexed = jobs.run(search_index, catalog)
            jobs.run(_write_dumps, catalog, lines, staging, ("nq", "trig"))
            described = jobs.run(describe, catalog, VERSION, sorted(dumps))
            reports = jobs.run(_write_resolution_reports, added, staging) if atlas else None
            disagreements = jobs.run(_write_price_disagreements, catalog, staging) if atlas else None  # its rows
            report, problems = validated.result(), checked.result()
            if not report.conforms:
                raise NotConforming(report)
            if integrity.fails(problems.problems, "ERROR"):
                raise IntegrityErrors(problems.problems)
        description = described.result()
        small = {"integrity.tsv": integrity.to_tsv(problems.problems).encode("utf-8"),
                 MARKER: description.serialize(format="turtle", encoding="utf-8"), CHECKS_FILE: report.to_json()}
        if atlas or origins.result():  # the datasets, converted here or given as files (atlaskg import)
            small["imported-findings.tsv"] = findings_report(
                imported_summary(report.imported, problems.imported, origins.result()))
        for name, data in small.items():
            write_atomic(staging / name, data)
        if not paths:  # later commands that open the store read its verdicts there
            write_atomic(staging / STORE_DIR / CHECKS_FILE, small[CHECKS_FILE])
            write_atomic(staging / STORE_DIR / INTEGRITY_FILE, problems.to_json())
            write_atomic(staging / STORE_DIR / SEARCH_FILE, indexed.result())
        if site:
            _write_site(catalog, report, staging / SITE_DIR, progress, disagreements.result() if disagreements else None)
    written = [out_dir / name for name in [*small, *dumps, *(reports.result() if reports else []),
                                           *([PRICE_DISAGREEMENTS] if disagreements else [])]]
    written += [out_dir / STORE_DIR] if not paths else []
    written += [out_dir / SITE_DIR] if site else []
    return BuildResult(out_dir, written, int(description.value(DATASET, VOID.triples)), report, added)


def _write_resolution_reports(added: Atlas, staging: Path) -> list[str]:
    """The resolution's tables and its SSSOM mapping set; their names."""
    tables = atlas_reports(added)
    for name, data in tables.items():
        write_atomic(staging / name, data)
    write_sssom(resolution_mappings(added.outcomes, VERSION), staging / "resolution.sssom.tsv")
    return [*tables, "resolution.sssom.tsv"]


def _write_price_disagreements(catalog, staging: Path) -> Result:
    """Where two catalogues price one model at one provider differently, the largest difference
    first: the rows `atlaskg query price-disagreements --format tsv` gives, so that the query
    (queries/price-disagreements.rq) is the one statement of what counts as a disagreement. Its
    answer, which the site shows too."""
    answer = run_named(catalog, "price-disagreements", timeout=None, max_rows=None)
    write_atomic(staging / PRICE_DISAGREEMENTS, render(answer, "tsv").encode("utf-8"))
    return answer


def _write_dumps(catalog, lines: list[bytes], staging: Path, formats: tuple[str, ...]) -> None:
    """These formats, one in memory at a time (a million triples make half a gigabyte per format)."""
    for fmt, data in serialize_each(catalog, formats, lines):
        write_atomic(staging / (STEM + FORMATS[fmt]), data)


class _Jobs:
    """The build's independent steps (validation, integrity checks, dumps, store), two at a time
    in threads: on two cores they take the time of the longest chain instead of the sum. On
    leaving, a failure cancels the jobs not started; every job is waited for and the first error
    raised."""

    def __enter__(self):
        self._pool, self._jobs = ThreadPoolExecutor(max_workers=2), []
        return self

    def run(self, job, *args) -> Future:
        self._jobs.append(self._pool.submit(job, *args))
        return self._jobs[-1]

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            for job in self._jobs:
                job.cancel()
        self._pool.shutdown(wait=True)
        for job in self._jobs if kind is None else []:
            job.result()


def _write_site(catalog, report: Report, directory: Path, progress, price_disagreements: Result | None) -> None:
    from atlaskg.publish.data import gather  # imported here: Jinja2 and the templates load only for --site
    from atlaskg.publish.site import render

    directory.mkdir()
    render(gather(catalog, report, progress, price_disagreements), directory, progress, date.today().isoformat())


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise NotABuildDirectory(out_dir, MARKER)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotABuildDirectory(out_dir, MARKER)
