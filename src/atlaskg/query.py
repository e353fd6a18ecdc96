"""Named competency queries and ad-hoc SPARQL, with parameters bound as RDF terms.

A parameter is never pasted into query text: it is bound with rdflib's initBindings, so
`x" } DROP ALL #` is only a string that matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

import rdflib.plugins.sparql
from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.query import Result

from atlaskg.catalog import Catalog
from atlaskg.errors import QueryError
from atlaskg.guard import allowing_hosts
from atlaskg.namespaces import PREFIXES
from atlaskg.resources import bundled_dir

# FROM <uri> names a graph of the catalogue; it never makes rdflib fetch or open anything.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

PARAM_TYPES = ("string", "integer", "decimal", "date", "iri")
_PARAM_LINE = re.compile(r"^#\s*param:\s*(\w+)\s*\(([^)]*)\)\s*(.*)$")
_HEADER_LINE = re.compile(r"^#\s*(title|description):\s*(.*)$")
_PREFIX_DECLS = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    example: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """Every bundled query by name (its file name without .rq)."""
    return {path.stem: read_named_query(path) for path in sorted(bundled_dir("queries").glob("*.rq"))}


def get_named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query '{name}' (run 'atlaskg queries' to list them)")
    return queries[name]


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
    return NamedQuery(path.stem, fields["title"], fields.get("description", ""), tuple(params), text)


def _param(path: Path, name: str, spec: str, doc: str) -> Param:
    parts = [part.strip() for part in spec.split(",")]
    options = dict(part.split(":", 1) for part in parts[1:] if ":" in part)
    if parts[0] not in PARAM_TYPES:
        raise QueryError(f"{path}: parameter '{name}' has unknown type '{parts[0]}'")
    return Param(name, parts[0], _strip(options.get("default")), _strip(options.get("example")), doc.strip())


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def bind(query: NamedQuery, given: dict[str, str]) -> dict[Variable, object]:
    """Typed RDF terms for the query's parameters; unknown, missing or ill-typed ones are errors."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise QueryError(f"query '{query.name}' has no parameter '{unknown[0]}' (parameters: {allowed})")
    bindings = {}
    for param in query.params:
        raw = given.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"query '{query.name}' needs --param {param.name}=<{param.type}>"
                             + (f" (e.g. {param.example})" if param.example else ""))
        bindings[Variable(param.name)] = to_term(param, raw)
    return bindings


def to_term(param: Param, raw: str):
    """Convert a command-line string to the RDF term of the parameter's type."""
    try:
        if param.type == "integer":
            return Literal(int(raw))
        if param.type == "decimal":
            return Literal(Decimal(raw), datatype=XSD.decimal)
        if param.type == "date":
            return Literal(date.fromisoformat(raw))
        if param.type == "iri":
            return _iri(raw)
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter '{param.name}' must be of type {param.type}, got '{raw}'") from None
    return Literal(raw)


def _iri(raw: str) -> URIRef:
    prefix, _, local = raw.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
        return URIRef(raw)
    raise ValueError(raw)


def run(catalog: Catalog, text: str, bindings: dict | None = None, allow_service: bool = False) -> Result:
    """Run SPARQL text against the catalogue; SERVICE is refused unless explicitly allowed."""
    full_text = with_prefixes(text)
    try:
        parsed = translateQuery(parseQuery(full_text), initNs={})
    except Exception as err:
        if _is_update(full_text):
            raise QueryError("SPARQL updates are refused: atlaskg answers queries and never changes "
                             "the catalogue") from None
        raise QueryError(f"malformed SPARQL query: {_user_position(str(err))}") from None
    if not allow_service and _uses_service(parsed.algebra):
        raise QueryError("query uses SERVICE, which would reach the network; "
                         "pass --allow-service to permit it")
    _refuse_unknown_dataset_graphs(catalog, parsed)
    service_hosts = _service_hosts(parsed.algebra) if allow_service else []
    try:
        with allowing_hosts(service_hosts):
            return catalog.dataset.query(parsed, initBindings=bindings or {})
    except Exception as err:
        raise QueryError(f"query failed: {' '.join(str(err).split())[:300]}") from None


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _user_position(message: str) -> str:
    """The parser's message with its line number counted in the user's text, not ours."""
    shift = _PREFIX_DECLS.count("\n")
    message = re.sub(r"line:(\d+)", lambda m: f"line:{int(m.group(1)) - shift}", " ".join(message.split()))
    return message[:300]


def with_prefixes(text: str) -> str:
    """The query with atlaskg's PREFIX declarations in front (queries may use them undeclared)."""
    return _PREFIX_DECLS + text


def _refuse_unknown_dataset_graphs(catalog: Catalog, parsed) -> None:
    """FROM / FROM NAMED may only name graphs of the catalogue: nothing is ever fetched."""
    known = {graph.identifier for graph in catalog.dataset.graphs()}
    for clause in getattr(parsed.algebra, "datasetClause", None) or []:
        iri = clause["default"] if "default" in clause else clause["named"]  # CompValue.get differs
        if iri not in known:
            raise QueryError(f"FROM <{iri}> names no graph of the catalogue; atlaskg never fetches "
                             "graphs (list them with: SELECT DISTINCT ?g WHERE { GRAPH ?g {} })")


def _service_patterns(node) -> list:
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        if getattr(item, "name", None) == "ServiceGraphPattern":
            found.append(item)
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


def _uses_service(node) -> bool:
    return bool(_service_patterns(node))


def _service_hosts(node) -> list[str]:
    """Hosts of the SERVICE endpoints a query names: the only ones --allow-service opens."""
    return [urlsplit(str(p.term)).hostname or "" for p in _service_patterns(node)]


def query(catalog: Catalog, name: str, **params) -> list[dict]:
    """Run a named query; rows as dicts of Python values (int, Decimal, date, str, URIRef)."""
    named = get_named_query(name)
    result = run(catalog, named.text, bind(named, {k: str(v) for k, v in params.items()}))
    return rows(result)


def sparql(catalog: Catalog, text: str, allow_service: bool = False) -> list[dict]:
    """Run ad-hoc SPARQL (atlaskg's prefixes are predeclared); rows as dicts of Python values."""
    return rows(run(catalog, text, allow_service=allow_service))


def rows(result: Result) -> list[dict]:
    return [{str(var): _python(row[var]) for var in result.vars if row[var] is not None} for row in result]


def _python(term):
    return term.toPython() if isinstance(term, Literal) else term
