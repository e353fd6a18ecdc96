"""What changed between two builds of the catalogue: facts added, removed, changed, and closed
(a validity or availability end added), so that a release can carry a readable changelog.

Builds carry no graph canonicalization: blank nodes have labels derived from their file and
position, so comparing the terms themselves is enough."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from atlaskg.core.errors import LoadError
from atlaskg.store import compact, parse_file

CLOSING = {"https://schema.org/validThrough", "https://schema.org/availabilityEnds"}
BUILD_FILE = "atlaskg.nt"
Facts = dict[ox.NamedNode | ox.BlankNode | ox.Triple, dict[ox.NamedNode, set]]  # Triple: pyoxigraph types subjects so


@dataclass(frozen=True)
class Change:
    change: str
    subject: str
    property: str
    old: str
    new: str

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        values = f"{self.old} -> {self.new}" if self.old and self.new else (self.new or self.old)
        return f"{self.change:8} {self.subject} {self.property} {values}".rstrip()


def read_build(path: Path) -> Facts:
    """A build directory (its atlaskg.nt) or one RDF file, as objects per subject and property."""
    path = Path(path)
    if path.is_dir() and not (path / BUILD_FILE).is_file():
        raise LoadError(f"{path}: not a build folder (no {BUILD_FILE}; write one with 'atlaskg build -o {path}')")
    if not path.exists():
        raise LoadError(f"{path}: no such build folder or file")
    facts: Facts = {}
    for quad in parse_file(path / BUILD_FILE if path.is_dir() else path, ox.NamedNode("urn:atlaskg:diff"),
                           max_file_bytes=2**31):
        facts.setdefault(quad.subject, {}).setdefault(quad.predicate, set()).add(quad.object)
    return facts


def diff(old: Facts, new: Facts) -> list[Change]:
    """Changes from `old` to `new`, per subject and property, in a stable order."""
    changes = []
    for subject in sorted(set(old) | set(new), key=str):
        before_props, after_props = old.get(subject, {}), new.get(subject, {})
        for prop in sorted(set(before_props) | set(after_props), key=str):
            before, after = before_props.get(prop, set()), after_props.get(prop, set())
            if before == after:
                continue
            kind = _kind(subject in old, subject in new, prop.value, before, after)
            shown_before = ", ".join(sorted(compact(o) for o in before - after))
            shown_after = ", ".join(sorted(compact(o) for o in after - before))
            changes.append(Change(kind, compact(subject), compact(prop), shown_before, shown_after))
    return changes


def _kind(in_old: bool, in_new: bool, prop: str, before: set, after: set) -> str:
    if not in_old:
        return "added"
    if not in_new:
        return "removed"
    if prop in CLOSING and not before:
        return "closed"
    if before and after:
        return "changed"
    return "added" if after else "removed"
