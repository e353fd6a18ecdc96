"""Rendering query results: a table for people; SPARQL JSON, CSV, TSV or Markdown for programs."""

from __future__ import annotations

import csv
import io
import json

from rdflib import Literal
from rdflib.query import Result

from atlaskg.catalog import Catalog

FORMATS = ("table", "json", "csv", "tsv", "md")
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "json": "json-ld", "jsonld": "json-ld"}
_MAX_CELL = 80


def render(result: Result, fmt: str, catalog: Catalog) -> str:
    """The result in `fmt`. CONSTRUCT/DESCRIBE give Turtle (or JSON-LD for json); ASK gives true/false."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format=GRAPH_FORMATS.get(fmt, "turtle"))
    if result.type == "ASK":
        return result.serialize(format="json").decode() if fmt == "json" else str(result.askAnswer).lower()
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    header = [str(v) for v in result.vars]
    if fmt in ("csv", "tsv"):
        return _delimited(result, header, "," if fmt == "csv" else "\t")
    cells = [[_cell(catalog, row[v]) for v in result.vars] for row in result]
    return _markdown(header, cells) if fmt == "md" else _table(header, cells)


def records(rows: list[dict], fmt: str, fields: list[str]) -> str:
    """Rows of a report (findings, problems, comparisons) as JSON, CSV or TSV."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _delimited(result: Result, header: list[str], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in result:
        writer.writerow(["" if row[v] is None else str(row[v]) for v in result.vars])
    return buffer.getvalue()


def _cell(catalog: Catalog, term) -> str:
    if term is None:
        return ""
    text = str(term) if isinstance(term, Literal) else catalog.compact(term)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _table(header: list[str], cells: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(header: list[str], cells: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
    return "\n".join(lines) + "\n"
