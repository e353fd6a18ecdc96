"""Rendering query results: a table for people; SPARQL JSON, CSV, TSV or Markdown for programs.

Numbers print in one canonical form whatever engine computed them (a local Oxigraph, a remote
store), so the same question gives the same text everywhere."""

from __future__ import annotations

import io
import json
import re
from typing import cast

import pyoxigraph as ox

from atlaskg.core.numbers import meaningful
from atlaskg.names.namespaces import PREFIXES
from atlaskg.query import Result
from atlaskg.store import compact

FORMATS = ("table", "json", "csv", "tsv", "md")
GRAPH_FORMATS = {"table": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "json": ox.RdfFormat.JSON_LD,
                 "jsonld": ox.RdfFormat.JSON_LD}
_MAX_CELL = 80
_CUT = "…"  # ends a cell cut at _MAX_CELL; one column wide, as wcwidth measures it
_DECIMALS = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("decimal", "double", "float")}


def render(result: Result, fmt: str) -> str:
    """The result in `fmt`. CONSTRUCT/DESCRIBE give Turtle (or JSON-LD for json); ASK gives true/false."""
    if result.kind == "CONSTRUCT":
        return graph_text(result.triples, GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
    if result.kind == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n" if fmt == "json" else \
            str(result.boolean).lower() + "\n"
    if fmt == "json":
        return sparql_json(result)
    if fmt in ("csv", "tsv"):
        return _delimited(result, "," if fmt == "csv" else "\t")
    cells = [[_cell(term) for term in row] for row in result.rows]
    return _markdown(result.variables, cells) if fmt == "md" else table(result.variables, cells)


def graph_text(triples, fmt: ox.RdfFormat) -> str:
    """Triples, sorted, as Turtle (atlaskg's prefixes) or JSON-LD."""
    ordered = sorted(triples, key=str)
    # cast: with no output, ox.serialize returns bytes (its stub says bytes | None)
    return cast(bytes, ox.serialize(ordered, format=fmt, prefixes=dict(sorted(PREFIXES.items())))).decode("utf-8")


def sparql_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON, one binding per line (json's indenting encoder is pure
    Python, ten times slower than this at a hundred thousand rows)."""
    bindings = [json.dumps({name: _json_term(term) for name, term in zip(result.variables, row) if term is not None},
                           ensure_ascii=False) for row in result.rows]
    head = json.dumps({"vars": result.variables}, ensure_ascii=False)
    return f'{{"head": {head},\n "results": {{"bindings": [\n' + ",\n".join(bindings) + "\n]}}\n"


def records(rows: list[dict], fmt: str, fields: list[str]) -> str:
    """Rows of a report (findings, problems, comparisons) as JSON, CSV, TSV or a table."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "table":
        return table(fields, [[_shortened(str(row.get(f) or "")) for f in fields] for row in rows])
    import csv  # the tables people read need none of it

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def term_text(term) -> str:
    """A term's text: a literal's value (numbers with their meaningful digits), an IRI in full, a
    blank node as _:id."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal) and term.datatype.value in _DECIMALS:
        return meaningful(term.value)
    return term.value


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _delimited(result: Result, delimiter: str) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([term_text(term) for term in row])
    return buffer.getvalue()


def _cell(term) -> str:
    if term is None:
        return ""
    return _shortened(term_text(term) if isinstance(term, ox.Literal) else compact(term))


def _shortened(text: str) -> str:
    text = visible(" ".join(text.split()))
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + _CUT


_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Text for people: control characters (an escape sequence that sets a terminal's title) and
    the bidirectional controls that reorder what is shown, written as <U+XXXX>, never obeyed."""
    return _UNSEEN.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def table(header: list[str], cells: list[list[str]]) -> str:
    """A plain-text table with a header and a row count, for people: each column as wide as its
    widest cell and at least its header and two spaces, cells left-aligned two spaces apart, no
    trailing blanks (tabulate's "simple" table, which took longer to import than a query on the
    built store takes to answer; tests/test_output.py holds the two to the same text)."""
    count = f"({len(cells)} row{'s' if len(cells) != 1 else ''})"
    if not header:
        return "\n" + count + "\n"
    widths = _widths(header, cells)
    lines = ["  ".join(_padded(cell, width) for cell, width in zip(row, widths)).rstrip() for row in [header, *cells]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n" + count + "\n"


def _markdown(header: list[str], cells: list[list[str]]) -> str:
    """A GitHub Markdown table, laid out as `table` lays out its columns."""
    if not header:
        return "\n"
    escaped = [[c.replace("|", "\\|") for c in row] for row in cells]
    widths = _widths(header, escaped)
    lines = ["| " + " | ".join(_padded(cell, width) for cell, width in zip(row, widths)) + " |"
             for row in [header, *escaped]]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines) + "\n"


def _widths(header: list[str], cells: list[list[str]]) -> list[int]:
    return [max([_width(name) + 2, *(_width(row[column]) for row in cells)]) for column, name in enumerate(header)]


def _padded(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _width(text: str) -> int:
    """The columns `text` takes on a terminal: a wide (CJK) character two, a combining one none."""
    if text.isascii() or text.endswith(_CUT) and text[:-1].isascii():  # the common cells, without wcwidth's tables
        return len(text)
    from wcwidth import wcswidth  # here: a table of ASCII text needs none of its tables

    return wcswidth(text)
