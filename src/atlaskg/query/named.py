"""The named queries: the bundled `queries/*.rq` files, each with a comment header giving its
title, description and typed parameters (`# param: model (model, example: GPT-4.1) ...`).

The package's own queries, the ones its modules run to build the atlas, the site and the reports,
are files of the same form in `queries/internal/` (`<package>-<purpose>.rq`), loaded by
`internal_query(name)`: written, headed and checked by the tests like the named ones, but not
questions for people, so `atlaskg queries` does not list them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from atlaskg.core.errors import QueryError
from atlaskg.core.resources import bundled_dir
from atlaskg.query.lookup import KINDS

PARAM_TYPES = ("string", "integer", "decimal", "date", "iri", *KINDS)
_PARAM_LINE = re.compile(r"^#\s*param:\s*(\w+)\s*\(([^)]*)\)\s*(.*)$")
_HEADER_LINE = re.compile(r"^#\s*(title|description):\s*(.*)$")
# a line that stands for an internal query's WHERE group, so that a rule has one text wherever it runs
_RULE_LINE = re.compile(r"^[ \t]*# the rule of queries/internal/([\w-]+)\.rq here$", flags=re.MULTILINE)

# a string parameter's "values: KIND" -> the internal query giving the values the data hold for it
VALUES = {"modality": lambda: internal_query("query-values-modality"),
          "developer": lambda: internal_query("query-values-developer"),
          "benchmark": lambda: internal_query("query-values-benchmark"),
          "setting": lambda: internal_query("query-values-setting"),
          "provider": lambda: internal_query("query-values-provider"),
          "dataset": lambda: internal_query("query-values-dataset")}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    example: str | None
    doc: str
    choices: tuple[str, ...] = ()  # the values a string parameter may take (header: "one of: a|b"), any case
    values: str | None = None  # the data's values it may take besides its default (header: "values: modality")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """Every bundled query by name (its file name without .rq)."""
    return {name: _read_once(path) for name, path in _query_files().items()}


def get_named_query(name: str) -> NamedQuery:
    """One bundled query, its file alone read (a command asks for one or a few of the 68)."""
    files = _query_files()
    if name not in files:
        raise QueryError(f"unknown query '{name}' (known: {', '.join(files)})")
    return _read_once(files[name])


def _query_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(bundled_dir("queries").glob("*.rq"))}


def internal_query(name: str) -> NamedQuery:
    """The package's own query `name` (queries/internal/<name>.rq); its parameters, if it declares
    any, are given as terms: `run(catalog, query.text, {"term": [...]})`."""
    return _read_once(bundled_dir("queries") / "internal" / f"{name}.rq")


@functools.cache
def _read_once(path: Path) -> NamedQuery:
    """A query file read and parsed once per process: they are part of the code, and some run in
    every build, the site and each resolution."""
    return read_named_query(path)


def read_named_query(path: Path) -> NamedQuery:
    """Parse the comment header of a .rq file: title, description and typed parameters."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAM_LINE.match(line):
            params.append(_param(path, *match.groups()))
        elif match := _HEADER_LINE.match(line):
            fields[match.group(1)] = match.group(2).strip()
    if "title" not in fields:
        raise QueryError(f"{path}:1: a named query needs a '# title:' header line")
    text = _RULE_LINE.sub(lambda line: _where_group(path, line.group(1)), text)
    return NamedQuery(path.stem, fields["title"], fields.get("description", ""), tuple(params), text)


def _where_group(path: Path, name: str) -> str:
    """The inside of internal query `name`'s WHERE group, for a query that applies the same rule
    (its prefixes are atlaskg's, added before a query runs)."""
    try:
        text = internal_query(name).text
    except FileNotFoundError:
        raise QueryError(f"{path}: no internal query '{name}' to take the rule of") from None
    match = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if match is None:
        raise QueryError(f"{path}: internal query '{name}' has no WHERE group to take the rule of")
    return text[match.end():text.rindex("}")].strip("\n")


def _param(path: Path, name: str, spec: str, doc: str) -> Param:
    parts = [part.strip() for part in spec.split(",")]
    options = dict(part.split(":", 1) for part in parts[1:] if ":" in part)
    if parts[0] not in PARAM_TYPES:
        raise QueryError(f"{path}: parameter '{name}' has unknown type '{parts[0]}'")
    choices = tuple(c.strip().lower() for c in options.get("one of", "").split("|") if c.strip())
    values = _strip(options.get("values"))
    if values is not None and values not in VALUES:
        raise QueryError(f"{path}: parameter '{name}' takes values of unknown kind '{values}' (known: {', '.join(VALUES)})")
    return Param(name, parts[0], _strip(options.get("default")), _strip(options.get("example")), doc.strip(), choices,
                 values)


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None else None
