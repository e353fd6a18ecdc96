"""How well the atlas resolves dataset entries to models, measured on the labelled sample.

    atlaskg build && python benchmarks/resolution.py             # scores dist/resolution.tsv
    python benchmarks/resolution.py --resolution OTHER.tsv --errors

benchmarks/resolution-labels.tsv holds 630 pairs of entries drawn from the three datasets with a
fixed seed (benchmarks/resolution_sample.py), each labelled by hand `same` or `different` model
(or `unsure`, left out) with a one-line reason. A pair is predicted `same` when both entries are
resolved to one atlas model. Precision: of the pairs predicted same, the share labelled same.
Recall: of the pairs labelled same, the share predicted same. Both are printed overall and per
dataset (a pair counts for each dataset it involves). The goals (issue 22): precision >= 99.5%,
recall >= 97%. Nothing is asserted here; the numbers are for the README and the maintainers.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "resolution-labels.tsv"


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def score(labels: list[dict], resolution: list[dict]) -> tuple[dict, list[tuple[str, dict]]]:
    """({scope: {tp, fp, fn, tn}}, [(error kind, label row)]); scope 'all' or a dataset."""
    model = {(r["dataset"], r["provider"], r["identifier"]): r["model"] for r in resolution}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    errors = []
    for row in labels:
        if row["label"] not in ("same", "different"):
            continue
        a = model.get((row["dataset_a"], row["provider_a"], row["identifier_a"]))
        b = model.get((row["dataset_b"], row["provider_b"], row["identifier_b"]))
        if a is None or b is None:
            raise SystemExit(f"pair {row['pair']}: an entry is not in the resolution report (another build?)")
        predicted = bool(a) and a == b
        outcome = {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}[
            (predicted, row["label"] == "same")]
        for scope in {"all", row["dataset_a"], row["dataset_b"]}:
            counts[scope][outcome] += 1
        if outcome in ("fp", "fn"):
            errors.append(("merged, labelled different" if outcome == "fp" else "apart, labelled same", row))
    return dict(counts), errors


def ratio(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.1f}%" if denominator else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resolution", type=Path, default=Path("dist/resolution.tsv"))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--errors", action="store_true", help="list every pair the resolution gets wrong")
    args = parser.parse_args()
    labels = read_tsv(args.labels)
    counts, errors = score(labels, read_tsv(args.resolution))
    unsure = sum(row["label"] == "unsure" for row in labels)
    print(f"{len(labels)} labelled pairs ({unsure} unsure, left out), scored against {args.resolution}")
    print(f"{'scope':<14}{'pairs':>7}{'same':>7}{'precision':>11}{'recall':>9}")
    for scope in ["all", *sorted(s for s in counts if s != "all")]:
        c = counts[scope]
        print(f"{scope:<14}{sum(c.values()):>7}{c['tp'] + c['fn']:>7}{ratio(c['tp'], c['tp'] + c['fp']):>11}"
              f"{ratio(c['tp'], c['tp'] + c['fn']):>9}")
    if args.errors:
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        for kind, row in errors:
            writer.writerow([kind, row["pair"], row["provider_a"], row["identifier_a"], row["provider_b"],
                             row["identifier_b"], row["reason"]])


if __name__ == "__main__":
    main()
