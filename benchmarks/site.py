"""The time to generate the catalogue website, as a ratio against `atlaskg build`, in one process.

    python benchmarks/site.py                            # the bundled catalogue, 500 and 2,000 synthetic models
    python benchmarks/site.py --sizes bundled,2000,atlas --repeat 3

For each size, in this process (best of --repeat, after one unmeasured warm-up of the bundled
catalogue, which imports the engines and the templates): `atlaskg build` (atlaskg.publish.build.build:
load, validate, integrity checks, five formats, the store when the catalogue is the bundled one)
and `atlaskg site` (load, then atlaskg.publish.site.write_site: validate for the check page, read
the catalogue in one pass, render every page into a staging directory and switch it in), each
into a fresh temporary directory. Sizes: `bundled` (the curated records), N (the bundled records
plus N synthetic models from atlaskg.synth, about 120 triples each, with offerings, prices and
results), `atlas` (the curated records with every imported dataset whose package is installed,
as `atlaskg build` makes it; the site is then generated from the store that build wrote, as
`atlaskg site` does after `atlaskg build`: it reads the build's findings there instead of
validating again). Printed: triples, models, pages, the two times, their ratio, and
where the site's time goes (validate / read / render). Not part of the tests (nothing is asserted).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from atlaskg.publish import site as site_module  # noqa: E402
from atlaskg.publish.build import build  # noqa: E402
from atlaskg.publish.synth import generate  # noqa: E402
from atlaskg.store import load  # noqa: E402
from atlaskg.store.built import open_built  # noqa: E402
from incremental import best_of  # noqa: E402 (the benchmarks' one timing helper)


class Steps:
    """Where write_site's time goes: the progress messages it sends, timed."""

    def __init__(self):
        self.marks: list[tuple[str, float]] = []

    def __call__(self, message: str) -> None:
        self.marks.append((message, time.perf_counter()))

    def summary(self, end: float) -> str:
        spans: dict[str, float] = {}
        names = {"validating": "validate", "reading": "read", "model pages": "render", "index": "render",
                 "benchmark": "render", "writing": "render"}
        for (message, start), (_, stop) in zip(self.marks, self.marks[1:] + [("", end)]):
            key = next((v for k, v in names.items() if message.startswith(k)), "other")
            spans[key] = spans.get(key, 0.0) + stop - start
        return " / ".join(f"{k} {spans.get(k, 0.0):.2f}" for k in ("validate", "read", "render"))


def run_size(label: str, repeat: int, work: Path) -> None:
    paths: list[Path] = []
    atlas = label == "atlas"
    if label not in ("bundled", "atlas"):
        models = int(label)
        paths = generate(work / f"synth-{models}", models, seed=0).files

    counter = iter(range(10**6))
    builds: list[Path] = []

    def load_catalog():
        if atlas:  # as a user runs it: `atlaskg site` opens the store `atlaskg build` wrote
            return open_built(builds[-1] / "store")
        return load(paths, max_file_bytes=2**34)

    def run_build():
        builds.append(work / f"build-{label}-{next(counter)}")
        return build(builds[-1], paths, atlas=atlas, max_file_bytes=2**34)

    def run_site():
        steps = Steps()
        catalog = load_catalog()
        steps("validating")  # write_site announces its own steps after this
        result = site_module.write_site(catalog, work / f"site-{label}-{next(counter)}", progress=steps)
        return result, steps, time.perf_counter()

    build_seconds, built = best_of(repeat, run_build)
    site_seconds, (result, steps, end) = best_of(repeat, run_site)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:>8} {built.triples:>10,} {result.models:>7,} {result.pages:>7,} {build_seconds:>9.2f} "
          f"{site_seconds:>9.2f} {site_seconds / build_seconds:>6.2f}x   {steps.summary(end)}   (peak {peak:,.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="bundled,500,2000",
                        help="comma-separated: bundled, atlas, or a number of synthetic models")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs of each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlaskg-site-bench-") as tmp:
        work = Path(tmp)
        site_module.write_site(load(), work / "warm-up")  # imports, templates, first queries
        build(work / "warm-up-build", atlas=False)
        print(f"{'size':>8} {'triples':>10} {'models':>7} {'pages':>7} {'build s':>9} {'site s':>9} {'ratio':>7}"
              "   site: validate / read / render s")
        for label in args.sizes.split(","):
            try:
                run_size(label.strip(), args.repeat, work)
            except ImportError as missing:
                print(f"{label:>8} skipped: {missing}")


if __name__ == "__main__":
    main()
