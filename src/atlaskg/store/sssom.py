"""Reading and writing the SSSOM mapping sets that link atlaskg's models to the same models in other datasets.

The links live in SSSOM TSV files (https://mapping-commons.github.io/sssom/), not in the Turtle
data, because each one carries its own evidence (justification, creator, comment) in a format
that mapping tools read and review as a table: a YAML metadata block on `#` lines, then a
tab-separated table with one mapping per row.

The SSSOM model is sssom-pydantic's: the metadata is its `MappingSetRecord`, each row its `Record`
(values the metadata propagates filled in), each row checked by turning it into its
`SemanticMapping`; CURIEs are expanded by a `curies.Converter` made of the set's curie_map and
SSSOM's built-in prefixes; files are written by its TSV writer. This module adds what a reader of
hand-edited files needs and the library's reader does not do: it stops at the first error and names
the file, the line and the rule (the library's reader skips a bad row, and numbers rows without
the header and blank lines), and it refuses what the library would drop without a word: a
metadata key given twice or that is no SSSOM slot, a column that is no SSSOM slot and not declared
in extension_definitions, a row with more or fewer fields than the header, YAML anchors. A file
it writes is read back the same, by this module and by the library.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from atlaskg.core.errors import LoadError, LoadOverLimit

if TYPE_CHECKING:
    import curies
    from rdflib import Graph, URIRef
    from sssom_pydantic import MappingSetRecord, Record, SemanticMapping

# the columns a table must have: a mapping is subject, predicate, object and why
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
# SSSOM requires these of every mapping set (sssom-pydantic leaves license optional)
REQUIRED_METADATA = ("mapping_set_id", "license")
# the other slots whose values sssom-pydantic reads as a CURIE or an IRI of a known prefix
_CURIE_OR_IRI_SLOTS = ("record_id", "author_id", "creator_id", "reviewer_id", "subject_category", "object_category",
                       "subject_match_field", "object_match_field", "subject_preprocessing", "object_preprocessing",
                       "subject_source", "object_source", "mapping_tool_id", "curation_rule", "issue_tracker_item",
                       "mapping_source", "derived_from")
_ABSOLUTE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass
class MappingSet:
    """One SSSOM mapping set: its metadata and its mappings, as sssom-pydantic models.

    `records` are the rows as SSSOM defines them (`subject_id`, `predicate_id`, `object_id`,
    `mapping_justification`, `confidence`, `comment`, `creator_label`...), with the values the
    metadata propagates filled in; `row_lines` gives the line each was read from."""

    set_record: MappingSetRecord
    records: list[Record]
    path: Path | None = None
    row_lines: list[int] = field(default_factory=list)

    @property
    def metadata(self) -> dict:
        """The metadata block as plain values (curie_map included), as the file states it."""
        return self.set_record.model_dump(mode="json", exclude_none=True, exclude_unset=True)

    @property
    def curie_map(self) -> dict[str, str]:
        """The prefixes the set declares (SSSOM's built-in prefixes need no declaration)."""
        return dict(self.set_record.curie_map or {})

    @property
    def converter(self) -> curies.Converter:
        """The set's curie_map, then SSSOM's built-in prefixes, as one converter."""
        return _set_converter(self.set_record)

    @property
    def rows(self) -> list[dict[str, str]]:
        """Each mapping as the TSV columns it fills, each value as text ('|' joins a list)."""
        return [_row_text(record) for record in self.records]

    def mappings(self) -> list[SemanticMapping]:
        """The mappings as sssom-pydantic's SemanticMapping, CURIEs parsed (labels of creators,
        authors and reviewers are not kept there: see `records`)."""
        _load_library()
        from sssom_pydantic.io import record_to_semantic_mapping

        converter = self.converter
        return [record_to_semantic_mapping(record, converter) for record in self.records]


def read_sssom(path, max_file_bytes: int | None = None) -> MappingSet:
    """Read an SSSOM TSV file; a LoadError names the file, the line and the rule at the first error."""
    from atlaskg.store.parsing import MAX_FILE_BYTES, read_text  # here: atlaskg.store imports this module

    _load_library()
    path = Path(path)
    lines = read_text(path, max_file_bytes or MAX_FILE_BYTES).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header_index = next((i for i, line in enumerate(lines) if not line.startswith("#")), None)
    if header_index is None:
        raise LoadError(f"{path}:{max(len(lines), 1)}: no mapping table after the metadata block")
    set_record = _read_metadata(path, lines[:header_index])
    columns = _read_header(path, header_index + 1, lines[header_index], set_record)
    records, row_lines = _read_rows(path, header_index + 1, lines[header_index + 1:], columns, set_record)
    return MappingSet(set_record, records, path, row_lines)


def write_sssom(mapping_set: MappingSet, path) -> None:
    """Write `mapping_set` as SSSOM TSV with sssom-pydantic's writer, replacing `path` whole
    (a failed or interrupted write leaves the previous file). A value every mapping shares and
    SSSOM propagates (mapping_tool, mapping_date...) goes into the metadata block."""
    from atlaskg.core.files import write_atomic

    _load_library()
    from sssom_pydantic.constants import BUILTIN_CONVERTER
    from sssom_pydantic.io import write_unprocessed

    text = io.StringIO()
    if mapping_set.set_record.curie_map:
        write_unprocessed(mapping_set.records, text, metadata=mapping_set.set_record)
    else:  # the writer wants a prefix map: give it the built-in one, written as no curie_map at all
        write_unprocessed(mapping_set.records, text, metadata=mapping_set.set_record,
                          converter=BUILTIN_CONVERTER, prefixes=set())
    write_atomic(Path(path), text.getvalue().encode("utf-8"))


def expand(curie: str, prefixes) -> URIRef:
    """The IRI of `prefix:local` by `prefixes` (a curie_map dict or a curies.Converter); a
    string that is not a CURIE, or whose prefix is not there, is a LoadError."""
    prefix, colon, _ = curie.partition(":")
    if not colon or not prefix:
        raise LoadError(f"not a CURIE: {curie!r}")
    if isinstance(prefixes, dict):
        prefixes = _converter(tuple(prefixes.items()))
    iri = prefixes.expand(curie, strict=False)
    if iri is None:
        raise LoadError(f"unknown prefix {prefix!r} in CURIE {curie!r}: not in curie_map"
                        " (nor among SSSOM's built-in prefixes)")
    from rdflib import URIRef  # here, not above: opening the built store lists these files without rdflib

    return URIRef(iri)


def to_graph(mapping_set: MappingSet) -> Graph:
    """One triple `subject predicate object` per mapping, every CURIE expanded, the curie_map's
    prefixes bound. A negated mapping (predicate_modifier Not) states that the match does not
    hold, so it gives no triple."""
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in mapping_set.curie_map.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    converter = mapping_set.converter
    for index, record in enumerate(mapping_set.records):
        if record.predicate_modifier is not None:
            continue
        try:
            subject, predicate, obj = (expand(getattr(record, slot), converter)
                                       for slot in ("subject_id", "predicate_id", "object_id"))
            graph.add((subject, predicate, obj))
        except LoadError as error:
            raise LoadError(f"{_where(mapping_set, index)}: {error}") from error
    return graph


def _where(mapping_set: MappingSet, index: int) -> str:
    line = mapping_set.row_lines[index] if index < len(mapping_set.row_lines) else "?"
    return f"{mapping_set.path or '<mapping set>'}:{line}"


# -- the library ---------------------------------------------------------------------------------
_LIBRARY_MODELS = ("MappingSetRecord", "Record", "SemanticMapping")


def __getattr__(name: str):
    """`from atlaskg.store.sssom import MappingSetRecord, Record, SemanticMapping`: sssom-pydantic's
    models, imported the safe way (below) when first asked for."""
    if name in _LIBRARY_MODELS:
        return getattr(sssom_library(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sssom_library():
    """The sssom_pydantic module, imported the safe way (below): import it through this."""
    _load_library()
    return importlib.import_module("sssom_pydantic")


@functools.lru_cache(maxsize=1)
def _load_library() -> None:
    """Import sssom_pydantic (here, not at the top: it takes ~0.2 s). It imports pystow, whose
    import creates ~/.data and writes a README there (and fails where home is read-only); atlaskg
    writes nothing it was not asked to, so that import runs with pystow's home in a temporary
    directory, removed after. pystow is not used after."""
    if "pystow" not in sys.modules:
        import tempfile

        saved = os.environ.get("PYSTOW_HOME")
        with tempfile.TemporaryDirectory(prefix="atlaskg-pystow-") as home:
            os.environ["PYSTOW_HOME"] = home
            try:
                importlib.import_module("pystow")
            finally:
                if saved is None:
                    os.environ.pop("PYSTOW_HOME", None)
                else:
                    os.environ["PYSTOW_HOME"] = saved
    importlib.import_module("sssom_pydantic")


@functools.lru_cache(maxsize=64)
def _converter(prefix_map: tuple[tuple[str, str], ...]) -> curies.Converter:
    import curies

    return curies.Converter.from_prefix_map(dict(prefix_map))


def _set_converter(set_record: MappingSetRecord) -> curies.Converter:
    import curies

    _load_library()
    from sssom_pydantic.constants import BUILTIN_CONVERTER

    if not set_record.curie_map:
        return BUILTIN_CONVERTER
    return curies.chain([_converter(tuple(set_record.curie_map.items())), BUILTIN_CONVERTER])


def _row_text(record: Record) -> dict[str, str]:
    values = record.model_dump(mode="json", exclude_none=True, exclude={"extensions"})
    row = {key: "|".join(map(str, value)) if isinstance(value, list) else str(value) for key, value in values.items()}
    for name, slot in (record.extensions or {}).items():
        row[name] = slot.value.curie if hasattr(slot.value, "curie") else str(slot.value)
    return row


# -- reading -------------------------------------------------------------------------------------
def _read_metadata(path: Path, block: list[str]) -> MappingSetRecord:
    """The `#` lines as YAML (the text after the '#'s, as sssom-pydantic reads it), one line of
    YAML per line of the file, so that every error has its line."""
    import yaml
    from pydantic import ValidationError
    from sssom_pydantic import MappingSetRecord

    text = "\n".join(line.lstrip("#").rstrip() for line in block)
    try:
        _check_events(path, yaml.parse(text, Loader=yaml.SafeLoader))
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise LoadError(f"{path}:1: no metadata block: SSSOM requires {' and '.join(REQUIRED_METADATA)}")
        if not isinstance(node, yaml.MappingNode):
            raise LoadError(f"{path}:{node.start_mark.line + 1}: the metadata block is not a YAML mapping "
                            "('key: value' lines)")
        _check_unique_keys(path, node)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise LoadError(f"{path}:{mark.line + 1 if mark else 1}: the metadata block is not valid YAML: "
                        f"{' '.join(problem.split())}") from None
    key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    for key in data:
        if key not in MappingSetRecord.model_fields:
            raise LoadError(f"{path}:{key_lines.get(key, 1)}: metadata key {key!r} is not an SSSOM mapping set slot")
    for key in REQUIRED_METADATA:
        if not data.get(key):
            raise LoadError(f"{path}:1: the metadata block has no {key}, which SSSOM requires")
    if not (isinstance(data["mapping_set_id"], str) and _ABSOLUTE_IRI.match(data["mapping_set_id"])):
        raise LoadError(f"{path}:{key_lines['mapping_set_id']}: mapping_set_id must be an absolute IRI, "
                        f"got {data['mapping_set_id']!r}")
    try:
        set_record = MappingSetRecord.model_validate(data)
        try:
            converter = _set_converter(set_record)
        except ValueError as error:
            raise LoadError(f"{path}:{key_lines.get('curie_map', 1)}: metadata curie_map cannot be used: "
                            f"{' '.join(str(error).split())}") from None
        for creator in set_record.creator_id or ():
            if converter.parse_curie(creator, strict=False) is None:
                raise LoadError(f"{path}:{key_lines['creator_id']}: metadata creator_id: {creator!r} is not a CURIE "
                                "of a prefix in curie_map (or among SSSOM's built-in prefixes)")
        set_record.process(converter)  # extension definitions and creators: their CURIEs
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        raise LoadError(f"{path}:{key_lines.get(key, 1)}: metadata {_location(first['loc'])}: {first['msg']}") from None
    except ValueError as error:  # from curies, in the CURIEs of extension_definitions
        where = "extension_definitions" if "extension_definitions" in key_lines else "the metadata block"
        raise LoadError(f"{path}:{key_lines.get('extension_definitions', 1)}: {where}: cannot read "
                        f"{' '.join(str(error).split())!r} as a CURIE of a prefix in curie_map (or among "
                        "SSSOM's built-in prefixes)") from None
    return set_record


def _check_events(path: Path, events) -> None:
    """No anchors or aliases (a handful of them can stand for an exponential amount of data) and
    no nesting deeper than the limit, checked on the parser's events before anything is built."""
    import yaml

    from atlaskg.core.limits import LIMITS

    depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise LoadError(f"{path}:{event.start_mark.line + 1}: YAML anchors and aliases are not allowed "
                            "in SSSOM metadata")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > LIMITS.max_depth:
                assert event.start_mark is not None  # the parser marks every event
                raise LoadOverLimit(f"{path}:{event.start_mark.line + 1}: the metadata nests deeper than the "
                                    f"limit of {LIMITS.max_depth} levels", "max_depth", LIMITS.max_depth)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _check_unique_keys(path: Path, node) -> None:
    """YAML says that keys are unique; PyYAML keeps the last of two without a word."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise LoadError(f"{path}:{key.start_mark.line + 1}: metadata key {key.value!r} given twice")
                seen.add(key.value)
            _check_unique_keys(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_unique_keys(path, item)


def _read_header(path: Path, number: int, line: str, set_record: MappingSetRecord) -> list[str]:
    from sssom_pydantic import Record

    columns = [column.strip() for column in line.split("\t")]
    if len(set(columns)) != len(columns) or "" in columns:
        raise LoadError(f"{path}:{number}: table header has empty or repeated column names")
    known = (set(Record.model_fields) - {"extensions"}) | {
        definition.slot_name for definition in set_record.extension_definitions or ()}
    for column in columns:
        if column not in known:
            raise LoadError(f"{path}:{number}: column {column!r} is not an SSSOM slot (declare a column of "
                            "your own in extension_definitions)")
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise LoadError(f"{path}:{number}: the table has no {column} column, which SSSOM requires")
    return columns


def _read_rows(path: Path, header_number: int, lines: list[str], columns: list[str],
               set_record: MappingSetRecord) -> tuple[list[Record], list[int]]:
    """The rows, read as the library's writer quotes them (csv, tab-separated), each made a
    Record by the library (values the metadata propagates added where the row has none) and
    checked by making it a SemanticMapping."""
    import csv

    from pydantic import ValidationError
    from sssom_pydantic.api import row_to_record
    from sssom_pydantic.io import record_to_semantic_mapping

    converter = _set_converter(set_record)
    definitions = set_record.process(converter).extension_definitions
    propagated = set_record.get_propagatable()
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t", strict=True)
    records, row_lines = [], []
    consumed = 0
    try:
        for values in reader:
            number, consumed = header_number + 1 + consumed, reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(columns):
                raise LoadError(f"{path}:{number}: {len(values)} fields where the header has {len(columns)}")
            row: dict[str, str | list[str]] = {column: value.strip() for column, value in zip(columns, values)
                                               if value.strip()}
            try:
                record = row_to_record(row, converter=converter, extension_definitions=definitions,
                                       propagatable={k: v for k, v in propagated.items() if k not in row})
                _check_curies(path, number, record, converter)
                record_to_semantic_mapping(record, converter)
            except ValidationError as error:
                first = error.errors()[0]
                raise LoadError(f"{path}:{number}: {_location(first['loc'])}: {first['msg']}") from None
            except (ValueError, NotImplementedError) as error:
                raise LoadError(f"{path}:{number}: not a valid SSSOM mapping: {' '.join(str(error).split())}") from None
            records.append(record)
            row_lines.append(number)
    except csv.Error as error:
        raise LoadError(f"{path}:{header_number + 1 + consumed}: malformed table row: {error}") from None
    return records, row_lines


def _check_curies(path: Path, number: int, record: Record, converter: curies.Converter) -> None:
    """The CURIEs of a row expand by the set's prefixes (the library's own error names neither
    the column nor the rule); where SSSOM allows an IRI instead, it must be under one of them."""
    for slot in REQUIRED_COLUMNS:
        try:
            expand(getattr(record, slot), converter)
        except LoadError as error:
            raise LoadError(f"{path}:{number}: {slot}: {error}") from None
    for slot in _CURIE_OR_IRI_SLOTS:
        value = getattr(record, slot, None)
        for item in value if isinstance(value, list) else [value] if value else []:
            if converter.parse(item, strict=False) is None:
                raise LoadError(f"{path}:{number}: {slot}: {item!r} is neither a CURIE nor an IRI of a prefix "
                                "in curie_map (or among SSSOM's built-in prefixes)")


def _location(loc) -> str:
    return ".".join(str(part) for part in loc) or "value"


__all__ = ["MappingSet", "MappingSetRecord", "Record", "SemanticMapping", "expand",
           "read_sssom", "sssom_library", "to_graph", "write_sssom"]
