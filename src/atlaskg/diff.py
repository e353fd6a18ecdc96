"""What changed between two builds of the catalogue: facts added, removed, changed, and closed
(a validity or availability end added), so that a release can carry a readable changelog."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph
from rdflib.namespace import SDO

from atlaskg.catalog import Catalog, parse_file

CLOSING = {SDO.validThrough, SDO.availabilityEnds}
BUILD_FILE = "atlaskg.nt"


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


def read_build(path: Path) -> Graph:
    """A build directory (its atlaskg.nt) or one RDF file, as one graph with canonical blank nodes."""
    path = Path(path)
    parsed = parse_file(path / BUILD_FILE if path.is_dir() else path, max_file_bytes=2**31)
    union = Graph()
    for triple in parsed.triples((None, None, None)):
        union.add(triple)
    return to_canonical_graph(union)


def diff(old: Graph, new: Graph, names: Catalog) -> list[Change]:
    """Changes from `old` to `new`, per subject and property, in a stable order."""
    changes = []
    old_subjects, new_subjects = set(old.subjects()), set(new.subjects())
    for subject in sorted(old_subjects | new_subjects):
        for prop in sorted(set(old.predicates(subject)) | set(new.predicates(subject))):
            before, after = set(old.objects(subject, prop)), set(new.objects(subject, prop))
            if before == after:
                continue
            kind = _kind(subject in old_subjects, subject in new_subjects, prop, before, after)
            shown_before = ", ".join(sorted(names.compact(o) for o in before - after))
            shown_after = ", ".join(sorted(names.compact(o) for o in after - before))
            changes.append(Change(kind, names.compact(subject), names.compact(prop), shown_before, shown_after))
    return changes


def _kind(in_old: bool, in_new: bool, prop, before: set, after: set) -> str:
    if not in_old:
        return "added"
    if not in_new:
        return "removed"
    if prop in CLOSING and not before:
        return "closed"
    if before and after:
        return "changed"
    return "added" if after else "removed"
