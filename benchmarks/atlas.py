"""Building the whole atlas against the floor, each in a fresh process, process start included.

    python benchmarks/atlas.py                 # one run of each
    python benchmarks/atlas.py --repeat 3      # best of three

Not part of the tests (nothing is asserted). `atlaskg build` (the default: the curated records,
every dataset whose package is installed, converted from it, and their resolution; validated,
checked, written in five formats and as a store) is timed against two bare pyoxigraph scripts
that start from the atlas the build wrote (its N-Quads, so they skip the conversion and the
resolution):

- floor: load the N-Quads into a Store and validate them with pyshacl-turbo (the issue's goal:
  building and validating within 2x of this);
- floor + outputs: the same, plus the integrity queries and the Turtle, JSON-LD, N-Triples and
  TriG dumps a build writes (the work the build does beyond validating).

The build's own phases (from its progress messages) are printed below the table.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import ROOT, measure, worker_argv  # noqa: E402 (the shared measurement and floor worker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per measurement")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlaskg-atlas-") as tmp:
        work = Path(tmp)
        argv = [sys.executable, "-m", "atlaskg", "build", "-o", str(work / "dist")]
        build, _ = measure(argv, args.timeout, work, args.repeat)
        if build.seconds is None:
            raise SystemExit(f"atlaskg build failed: {build.error}")
        data = [str(work / "dist" / "atlaskg.nq")]
        floor, out = measure(worker_argv("oxigraph", {"op": "validate"}, data, work, work, 0), args.timeout, work,
                             args.repeat)
        full, _ = measure(worker_argv("oxigraph", {"op": "build"}, data, work, work, 1), args.timeout, work,
                          args.repeat)
        triples = sum(1 for _ in open(data[0], "rb"))
        print(f"the atlas: {triples:,} quads")
        print(f"{'measurement':<34}{'seconds':>9}{'peak MB':>9}{'build / it':>12}")
        for name, run in (("atlaskg build", build), ("floor: load + validate", floor),
                          ("floor + integrity and dumps", full)):
            ratio = f"{build.seconds / run.seconds:.2f}x" if run.seconds else "-"
            print(f"{name:<34}{run.seconds or 0:>9.2f}{run.peak_mb or 0:>9.0f}{ratio:>12}")
        found = re.search(r"violations=(\d+)", out)
        print(f"violations found by the floor: {found.group(1) if found else '?'} "
              "(all in the imported datasets; the build reports them in imported-findings.tsv)")
        phases(work)


def phases(work: Path) -> None:
    """The build's phases, timed in this process from its progress messages."""
    import time

    from atlaskg.publish.build import build

    marks: list[tuple[float, str]] = []
    build(work / "phases", progress=lambda message: marks.append((time.perf_counter(), message)))
    marks.append((time.perf_counter(), "done"))
    steps = [(m, b - a) for (a, m), (b, _) in zip(marks, marks[1:]) if not m.startswith("reading ")]
    print("phases of one build (in process): " + ", ".join(f"{m} {s:.1f}s" for m, s in steps if s >= 0.05))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
