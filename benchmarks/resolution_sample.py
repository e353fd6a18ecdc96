"""Draw the labelled sample that measures resolution: pairs of dataset entries, each to be
labelled by hand `same` or `different` model, drawn from the built atlas's entries with a fixed
seed and without looking at how the atlas resolved them (so the rules cannot choose their exam).

    python benchmarks/resolution_sample.py [--store dist/store] [--seed 22] > new-sample.tsv
    python benchmarks/resolution_sample.py --seed 7 --exclude benchmarks/resolution-labels.tsv \
        --exclude benchmarks/resolution-labels-heldout.tsv > benchmarks/resolution-labels-final.tsv
    python benchmarks/resolution_sample.py --seed 31 --pairs 360 --exclude benchmarks/resolution-labels.tsv \
        --exclude benchmarks/resolution-labels-heldout.tsv --exclude benchmarks/resolution-labels-final.tsv \
        --exclude benchmarks/resolution-labels-unseen.tsv > benchmarks/resolution-labels-check.tsv

Kinds of pair (the `kind` column):
- same-id:   a random entry and a random entry of another provider whose identifier ends in the
             same last path word (most are one model; generic words such as `edit` are not);
- nearest:   a random entry and the entry of another provider whose last path word is closest to
             its own but not equal (a dash for a dot, a vendor prefix, or another model: -mini);
- spelling:  two entries whose last path words differ only in punctuation and case;
- prefixed:  an entry whose last path word is another's behind a vendor or host prefix
             (`openai-gpt-4.1`, `fw-...`, `anthropic--claude-...`).

The labels (and a one-line reason for each) live in benchmarks/resolution-labels.tsv;
benchmarks/resolution.py scores a build against them. Re-drawing makes a new sample to label.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from atlaskg.link.resolution import Entry, read_entries
from atlaskg.store.built import open_built

COLUMNS = ("pair", "kind", "dataset_a", "provider_a", "identifier_a", "name_a",
           "dataset_b", "provider_b", "identifier_b", "name_b", "label", "reason")
COUNTS = {"same-id": 200, "nearest": 250, "spelling": 100, "prefixed": 80}


def last_word(entry: Entry) -> str:
    return entry.identifier.rsplit("/", 1)[-1].lower()


def squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def draw(entries: list[Entry], seed: int, pairs_wanted: int = sum(COUNTS.values())) -> list[tuple[str, Entry, Entry]]:
    """Pairs of each kind in the proportions of COUNTS, `pairs_wanted` in all (a smaller sample
    keeps every kind, the hard ones too, so that it can be labelled by hand in one sitting)."""
    rng = random.Random(seed)
    counts = {kind: round(count * pairs_wanted / sum(COUNTS.values())) for kind, count in COUNTS.items()}
    entries = sorted(entries, key=lambda e: (e.dataset, e.provider, e.identifier))
    by_word: dict[str, list[Entry]] = defaultdict(list)
    by_squash: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        by_word[last_word(entry)].append(entry)
        by_squash[squashed(last_word(entry))].add(last_word(entry))
    words = sorted(by_word)
    pairs: list[tuple[str, Entry, Entry]] = []
    seen: set[frozenset] = set()

    def take(kind: str, a: Entry, candidates: list[Entry]) -> bool:
        others = [b for b in candidates if (b.dataset, b.provider) != (a.dataset, a.provider)]
        if not others:
            return False
        b = rng.choice(others)
        key = frozenset({a.iri, b.iri})
        if key in seen:
            return False
        seen.add(key)
        pairs.append((kind, a, b))
        return True

    def fill(kind: str, attempt) -> None:
        wanted, tries = len(pairs) + counts[kind], 0
        while len(pairs) < wanted and tries < 50 * counts[kind]:
            tries += 1
            attempt()

    fill("same-id", lambda: take("same-id", a := rng.choice(entries), by_word[last_word(a)]))

    def nearest() -> None:
        a = rng.choice(entries)
        close = [w for w in difflib.get_close_matches(last_word(a), words, n=4, cutoff=0.6) if w != last_word(a)]
        if close:
            take("nearest", a, by_word[close[0]])
    fill("nearest", nearest)

    variants = sorted(group for group in by_squash.values() if len(group) > 1)
    def spelling() -> None:
        first, second = rng.sample(sorted(rng.choice(variants)), 2)
        take("spelling", rng.choice(by_word[first]), by_word[second])
    fill("spelling", spelling)

    suffixes = defaultdict(list)  # a known word -> the longer words that end in "-<word>"
    known = set(words)
    for word in words:
        for cut in re.finditer(r"-+", word):
            if word[cut.end():] in known and len(word[cut.end():]) > 4:
                suffixes[word[cut.end():]].append(word)
    prefixed_words = sorted(suffixes)
    def prefixed() -> None:
        short = rng.choice(prefixed_words)
        take("prefixed", rng.choice(by_word[rng.choice(suffixes[short])]), by_word[short])
    fill("prefixed", prefixed)
    return pairs


def pair_key(row: dict) -> frozenset:
    """The two entries of a labelled pair, in either order."""
    return frozenset({(row["dataset_a"], row["provider_a"], row["identifier_a"]),
                      (row["dataset_b"], row["provider_b"], row["identifier_b"])})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("dist/store"))
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="leave out the pairs of an earlier sample (repeatable)")
    parser.add_argument("--pairs", type=int, default=sum(COUNTS.values()),
                        help="pairs to draw, in the proportions of the kinds (default %(default)s)")
    args = parser.parse_args()
    entries = read_entries(open_built(args.store))
    earlier = {pair_key(row) for path in args.exclude
               for row in csv.DictReader(open(path, encoding="utf-8", newline=""), delimiter="\t")}
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, (kind, a, b) in enumerate(draw(entries, args.seed, args.pairs), 1):
        if frozenset({(a.dataset, a.provider, a.identifier), (b.dataset, b.provider, b.identifier)}) in earlier:
            continue
        writer.writerow([number, kind, a.dataset, a.provider, a.identifier, a.name or "",
                         b.dataset, b.provider, b.identifier, b.name or "", "", ""])


if __name__ == "__main__":
    main()
