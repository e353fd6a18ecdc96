"""Reading the SSSOM mapping sets that link atlaskg's models to the same models in other datasets.

The links live in SSSOM TSV files (https://mapping-commons.github.io/sssom/), not in the Turtle
data, because each one carries its own evidence (justification, creator, comment) in a format
that mapping tools read and review as a table. This module reads such a file, expands its
CURIEs and turns the mappings into triples that can be loaded next to the catalogue.

The metadata block is read by a small parser of the plain `key: value` lines and the one nested
`curie_map:` mapping that the bundled files use, so PyYAML is not needed; anything else is an
error that names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from atlaskg.errors import LoadError
from atlaskg.resources import bundled_dir

_COMMENT = "#"


@dataclass
class MappingSet:
    """One SSSOM file: its metadata and its mappings, each a dict from column to value."""

    metadata: dict
    rows: list[dict]
    path: Path | None = None
    row_lines: list[int] = field(default_factory=list)

    @property
    def curie_map(self) -> dict[str, str]:
        return self.metadata.get("curie_map", {})


def bundled_mapping_files() -> list[Path]:
    """The bundled SSSOM files, sorted so that loading order is deterministic."""
    return sorted(bundled_dir("mappings").glob("*.sssom.tsv"))


def read_sssom(path) -> MappingSet:
    """Parse an SSSOM TSV file: a `# `-prefixed YAML metadata block, then a tab-separated table."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{path}: cannot read mapping file: {error}") from error
    header_index = next((i for i, line in enumerate(lines) if not line.startswith(_COMMENT)), None)
    if header_index is None:
        raise LoadError(f"{path}:{len(lines)}: no mapping table after the metadata block")
    metadata = _parse_metadata(path, lines[:header_index])
    rows, row_lines = _parse_table(path, lines, header_index)
    return MappingSet(metadata, rows, path, row_lines)


def expand(curie: str, curie_map: dict[str, str]) -> URIRef:
    """The IRI of `prefix:local` by the set's curie_map; an unknown prefix is an error."""
    prefix, colon, local = curie.partition(":")
    if not colon:
        raise LoadError(f"not a CURIE: {curie!r}")
    if prefix not in curie_map:
        raise LoadError(f"unknown prefix {prefix!r} in CURIE {curie!r}: not in curie_map")
    return URIRef(curie_map[prefix] + local)


def to_graph(mapping_set: MappingSet) -> Graph:
    """One triple `subject predicate object` per mapping, with every CURIE expanded."""
    graph = Graph()
    for prefix, namespace in mapping_set.curie_map.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for index, row in enumerate(mapping_set.rows):
        try:
            triple = tuple(expand(row[column], mapping_set.curie_map)
                           for column in ("subject_id", "predicate_id", "object_id"))
        except (KeyError, LoadError) as error:
            raise LoadError(f"{_where(mapping_set, index)}: {error}") from error
        graph.add(triple)
    return graph


def _where(mapping_set: MappingSet, index: int) -> str:
    line = mapping_set.row_lines[index] if index < len(mapping_set.row_lines) else "?"
    return f"{mapping_set.path or '<mapping set>'}:{line}"


def _parse_metadata(path: Path, comment_lines: list[str]) -> dict:
    """The `key: value` lines of the block, with `key:` followed by indented lines as a dict."""
    metadata: dict = {}
    nested: dict | None = None
    for number, raw in enumerate(comment_lines, start=1):
        text = raw[1:].removeprefix(" ")
        if not text.strip():
            continue
        indented = text.startswith((" ", "\t"))
        key, value = _key_value(path, number, text.strip())
        if indented:
            if nested is None:
                raise LoadError(f"{path}:{number}: indented metadata line without a parent key")
            target = nested
        else:
            target, nested = metadata, None
        if key in target:
            raise LoadError(f"{path}:{number}: metadata key {key!r} given twice")
        if value == "" and not indented:
            nested = target[key] = {}
        else:
            target[key] = value
    return metadata


def _key_value(path: Path, number: int, text: str) -> tuple[str, str]:
    key, colon, value = text.partition(":")
    if not colon or not key or key != key.strip() or (value and not value.startswith(" ")):
        raise LoadError(f"{path}:{number}: metadata line is not 'key: value': {text!r}")
    return key, _unquote(path, number, value.strip())


def _unquote(path: Path, number: int, value: str) -> str:
    if value[:1] in ("'", '"'):
        if len(value) < 2 or value[-1] != value[0]:
            raise LoadError(f"{path}:{number}: unterminated quoted metadata value")
        return value[1:-1]
    if value.startswith(("[", "{", "|", ">", "&", "*", "!")) or " #" in value or ": " in value:
        raise LoadError(f"{path}:{number}: metadata value needs YAML this reader does not support: {value!r}")
    return value


def _parse_table(path: Path, lines: list[str], header_index: int) -> tuple[list[dict], list[int]]:
    columns = lines[header_index].split("\t")
    if len(set(columns)) != len(columns) or "" in columns:
        raise LoadError(f"{path}:{header_index + 1}: table header has empty or repeated column names")
    rows, row_lines = [], []
    for index in range(header_index + 1, len(lines)):
        if not lines[index].strip():
            continue
        values = lines[index].split("\t")
        if len(values) != len(columns):
            raise LoadError(f"{path}:{index + 1}: {len(values)} fields where the header has {len(columns)}")
        rows.append(dict(zip(columns, values)))
        row_lines.append(index + 1)
    return rows, row_lines


__all__ = ["MappingSet", "bundled_mapping_files", "expand", "read_sssom", "to_graph"]
