"""Integrity checks in the style of OBO's `robot report`: each check is a SPARQL query in
integrity/ returning ?entity ?property ?value, with a level (ERROR, WARN, INFO) set in
integrity/profile.tsv. ERROR in the curated and user files fails the build; the full report is
always written, with the problems of imported datasets apart."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from atlaskg.check.origins import imported_origins, split_by_origin
from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_dir
from atlaskg.query import read_named_query, run
from atlaskg.query.output import records
from atlaskg.store import Catalog, compact
from atlaskg.store.built import INTEGRITY_FILE, stored_text

LEVELS = ("ERROR", "WARN", "INFO")


@dataclass(frozen=True)
class Problem:
    level: str
    check: str
    entity: str
    property: str
    value: str
    location: str


def load_profile() -> list[tuple[str, str]]:
    """(level, check name) pairs, in profile order."""
    directory = bundled_dir("integrity")
    rows = list(csv.DictReader(io.StringIO((directory / "profile.tsv").read_text(encoding="utf-8")),
                               delimiter="\t"))
    for row in rows:
        if row["level"] not in LEVELS:
            raise AtlasError(f"{directory / 'profile.tsv'}: unknown level '{row['level']}' for {row['check']}")
    return [(row["level"], row["check"]) for row in rows]


@dataclass
class Integrity:
    """The problems in the curated and user files, which decide (`fails`), and those in imported
    datasets, which describe those sources (see check.origins)."""

    problems: list[Problem]
    imported: list[Problem] = field(default_factory=list)

    def to_json(self) -> bytes:
        document = {"problems": [asdict(p) for p in self.problems], "imported": [asdict(p) for p in self.imported]}
        return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, text: str) -> Integrity:
        document = json.loads(text)
        return cls([Problem(**p) for p in document["problems"]], [Problem(**p) for p in document["imported"]])


def report(catalog: Catalog, origins: dict[str, str] | None = None) -> Integrity:
    """Run every check of the profile; problems sorted by level, check and entity. A catalogue
    opened from a build's store, unchanged, has the build's report, read instead of checking
    again. `origins`: check.origins.imported_origins(catalog), when the caller has it already."""
    stored = stored_text(catalog, INTEGRITY_FILE)
    if stored is not None:
        return Integrity.from_json(stored)
    directory = bundled_dir("integrity")
    problems = []
    for level, check in load_profile():
        query = read_named_query(directory / f"{check}.rq")
        for entity, prop, value in run(catalog, query.text).rows:
            problems.append(Problem(level, check, compact(entity), compact(prop), compact(value),
                                    catalog.locate(entity)))
    problems.sort(key=lambda p: (LEVELS.index(p.level), p.check, p.entity, p.value))
    own, imported = split_by_origin(problems, imported_origins(catalog) if origins is None else origins,
                                    lambda problem: problem.entity)
    return Integrity(own, imported)


def fails(problems: list[Problem], fail_on: str) -> bool:
    """True when a problem is at `fail_on` level or worse ('none' never fails)."""
    if fail_on == "none":
        return False
    worst = LEVELS.index(fail_on)
    return any(LEVELS.index(p.level) <= worst for p in problems)


def to_tsv(problems: list[Problem]) -> str:
    return records([asdict(p) for p in problems], "tsv", list(Problem.__dataclass_fields__))


def summary(problems: list[Problem]) -> str:
    counts = {level: sum(p.level == level for p in problems) for level in LEVELS}
    return f"Violations: {len(problems)} (ERROR {counts['ERROR']}, WARN {counts['WARN']}, INFO {counts['INFO']})"
