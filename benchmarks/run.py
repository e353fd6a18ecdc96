"""Performance of atlaskg's choices, each as a ratio against its baseline run in the same process.

    python benchmarks/run.py            # bundled catalogue, plus the models.dev import (~215k triples)

Measured: validation with pyshacl-turbo against pySHACL (the reference engine); strict parsing
with Oxigraph (into rdflib terms) against rdflib's own Turtle parser; and reconciling with the
union graph. Nothing here is asserted by the tests: speed goals live here, as ratios.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from rdflib import Dataset

import atlaskg
from atlaskg.catalog import parse_file, quiet_ill_typed_literals
from atlaskg.importers import CONVERTERS
from atlaskg.validate import validate


def timed(action, repeat: int = 3) -> float:
    """Best of `repeat` wall-clock runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, baseline: float, candidate: float, baseline_name: str, candidate_name: str) -> None:
    print(f"{name:42} {baseline_name} {baseline:8.3f} s   {candidate_name} {candidate:8.3f} s   "
          f"ratio {baseline / candidate:7.1f}x")


def _quietly(action):
    with quiet_ill_typed_literals():  # the source's impossible dates would log a traceback each
        return action()


def main() -> None:
    catalog = atlaskg.load()
    report("validate bundled catalogue", timed(lambda: validate(catalog, engine="pyshacl"), 1),
           timed(lambda: validate(catalog, engine="turbo")), "pyshacl", "turbo")

    conversion = CONVERTERS["models-dev"](date.today())
    with TemporaryDirectory() as tmp:
        trig = Path(tmp) / "models-dev.trig"
        trig.write_bytes(conversion.trig())
        report("parse models.dev TriG (strict vs rdflib)",
               timed(lambda: _quietly(lambda: Dataset().parse(trig, format="trig")), 1),
               timed(lambda: parse_file(trig, max_file_bytes=2**31), 1), "rdflib ", "oxigraph")
        big = atlaskg.load([trig])
        report("validate catalogue + models.dev", timed(lambda: validate(big, engine="pyshacl"), 1),
               timed(lambda: validate(big, engine="turbo"), 1), "pyshacl", "turbo")


if __name__ == "__main__":
    main()
