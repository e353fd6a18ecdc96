"""Incremental validation against full validation, on a large catalogue, in one process.

    python benchmarks/incremental.py --sizes 100k,1m

For each size: the bundled catalogue plus a synthetic one (atlaskg.synth) is loaded once (not
timed); then full SHACL validation and `validate_changed` of a few changed files are timed in
the same process (best of --repeat), and the findings of the incremental run are checked against
those of the full run on the same nodes (a difference is printed, not hidden). The changed files:
the bundled GPT-4.1 model file (an edit of a bundled file) and a new file with a planted
violation (compared with a full validation that includes it). Not part of the tests (nothing is
asserted).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atlaskg.check.incremental import graph_of, validate_changed  # noqa: E402
from atlaskg.check.shacl import validate  # noqa: E402
from atlaskg.publish.synth import generate  # noqa: E402
from atlaskg.store import compact, load, user_graph  # noqa: E402

CHANGED = [ROOT / "data" / "models" / "gpt-4.1-2025-04-14.ttl",
           ROOT / "tests" / "cases" / "invalid" / "BenchmarkResult-score-above-100.ttl"]
TRIPLES_PER_MODEL = 122  # atlaskg.synth's proportion, to turn a size into a number of models


def best_of(repeat: int, work):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def findings(report, focus) -> list[tuple]:
    nodes = {compact(node) for node in focus}
    return sorted((f.severity, f.focus, f.path, f.message) for f in report.findings if f.focus in nodes)


def run_size(size: int, repeat: int, work: Path) -> None:
    models = max(1, size // TRIPLES_PER_MODEL)
    synth = generate(work / f"synth-{size}", models, seed=0)
    catalog = load(synth.files, max_file_bytes=2**34)
    triples = catalog.triple_count()
    full_seconds, full = best_of(1, lambda: validate(catalog))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{triples:,} triples ({models} synthetic models): full validation {full_seconds:.2f} s, "
          f"{len(full.findings)} finding(s); process peak {peak_mb:.0f} MB so far")
    for path in CHANGED:
        seconds, (report, focus) = best_of(repeat, lambda path=path: validate_changed(catalog, path))
        if graph_of(catalog, path) not in catalog.files:  # a new file: full validation with it
            catalog.add_file(path, user_graph(path))
            full = validate(catalog)
        same = "same findings" if findings(report, focus) == findings(full, focus) else "FINDINGS DIFFER"
        print(f"  --changed {path.relative_to(ROOT)}: {seconds * 1000:.0f} ms, {len(focus)} focus node(s), "
              f"{len(report.findings)} finding(s), {full_seconds / seconds:.0f}x faster than full; {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated triple counts (10k, 100k, 1m)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N incremental runs")
    args = parser.parse_args()
    units = {"k": 10**3, "m": 10**6}
    sizes = [int(float(s[:-1]) * units[s[-1]]) if s[-1] in units else int(s)
             for s in args.sizes.lower().split(",") if s]
    with tempfile.TemporaryDirectory(prefix="atlaskg-incremental-") as work:
        for size in sizes:
            run_size(size, args.repeat, Path(work))


if __name__ == "__main__":
    main()
