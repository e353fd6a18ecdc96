"""Named competency queries and ad-hoc SPARQL, run by Oxigraph, with parameters bound as RDF terms.

Parameters are never pasted into query text as raw strings: each becomes an RDF term (entity
parameters are first resolved to IRIs by atlaskg.resolve) and the terms go into a VALUES block,
written in N-Triples syntax with every quote escaped. The same text runs locally and on a remote
endpoint, so both give the same rows.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from atlaskg import guard, sparql_text
from atlaskg.errors import QueryError
from atlaskg.limits import LIMITS
from atlaskg.namespaces import PREFIXES, bind_prefixes
from atlaskg.resolve import KINDS, resolve, resolve_any
from atlaskg.resources import bundled_dir
from atlaskg.rows import Rows
from atlaskg.sparql_text import with_prefixes  # noqa: F401 (part of this module's API)
from atlaskg.store import Catalog
from atlaskg.store.terms import to_rdflib

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 1_000_000
PARAM_TYPES = ("string", "integer", "decimal", "date", "iri", *KINDS)
_PARAM_LINE = re.compile(r"^#\s*param:\s*(\w+)\s*\(([^)]*)\)\s*(.*)$")
_HEADER_LINE = re.compile(r"^#\s*(title|description):\s*(.*)$")
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    example: str | None
    doc: str
    choices: tuple[str, ...] = ()  # the values a string parameter may take (header: "one of: a|b"), any case


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


@dataclass
class Result:
    """What a query gives, whichever engine ran it: rows of terms (SELECT), a boolean (ASK) or
    triples (CONSTRUCT, DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)

    def records(self) -> Rows:
        """SELECT rows as dicts of Python values (int, Decimal, date, str...), unbound left out."""
        return Rows(self.variables, [{name: python_value(term) for name, term in zip(self.variables, row)
                                      if term is not None} for row in self.rows])

    def graph(self) -> Graph:
        """CONSTRUCT / DESCRIBE triples as an rdflib Graph with atlaskg's prefixes."""
        graph = Graph()
        bind_prefixes(graph)
        for triple in self.triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph


def named_queries() -> dict[str, NamedQuery]:
    """Every bundled query by name (its file name without .rq)."""
    return {path.stem: read_named_query(path) for path in sorted(bundled_dir("queries").glob("*.rq"))}


def get_named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query '{name}' (known: {', '.join(queries)})")
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
    choices = tuple(c.strip().lower() for c in options.get("one of", "").split("|") if c.strip())
    return Param(name, parts[0], _strip(options.get("default")), _strip(options.get("example")), doc.strip(), choices)


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def bind(catalog: Catalog | None, query: NamedQuery, given: dict[str, str]) -> dict[str, list]:
    """For each parameter, the RDF terms it stands for (an entity name may stand for several IRIs).
    Unknown, missing or ill-typed parameters and unknown entities are errors naming the parameter.
    Entity parameters need `catalog` to resolve names; without one only IRIs are accepted."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise QueryError(f"query '{query.name}' has no parameter '{unknown[0]}' (parameters: {allowed})")
    bindings = {}
    for param in query.params:
        raw = given.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"query '{query.name}' needs the parameter '{param.name}' ({param.type}"
                             + (f", e.g. {param.example})" if param.example else ")"))
        bindings[param.name] = to_terms(catalog, param, str(raw))
    return bindings


def to_terms(catalog: Catalog | None, param: Param, raw: str) -> list:
    """The RDF terms of one parameter value, by the parameter's type."""
    if param.choices and raw.strip().lower() not in param.choices:
        raise QueryError(f"parameter '{param.name}' must be one of {', '.join(param.choices)}, got '{raw}'")
    try:
        if param.type in KINDS:
            if catalog is None:
                return [ox.NamedNode(_iri(raw))]
            return [ox.NamedNode(iri) for iri in resolve(catalog, param.type, raw, argument=param.name)]
        if param.type == "integer":
            return [ox.Literal(str(int(raw)), datatype=ox.NamedNode(_XSD + "integer"))]
        if param.type == "decimal":
            return [ox.Literal(format(Decimal(raw), "f"), datatype=ox.NamedNode(_XSD + "decimal"))]
        if param.type == "date":
            day = date.today() if raw == "today" else date.fromisoformat(raw)
            return [ox.Literal(day.isoformat(), datatype=ox.NamedNode(_XSD + "date"))]
        if param.type == "iri":
            if catalog is None:
                return [ox.NamedNode(_iri(raw))]
            return [ox.NamedNode(iri) for iri in resolve_any(catalog, raw, argument=param.name)]
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter '{param.name}' must be of type {param.type}, got '{raw}'") from None
    return [ox.Literal(raw)]


def _iri(raw: str) -> str:
    prefix, _, local = raw.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", raw):
        return raw
    raise ValueError(raw)


PARAMETERS_HERE = "# the parameters here"


def with_values(text: str, bindings: dict[str, list]) -> str:
    """The query with its parameters as VALUES blocks, one per variable (their join is every
    combination; Virtuoso 7 fails on some queries given one block of several variables); each
    value an RDF term in N-Triples syntax, never raw text. The blocks go at the start of the
    outer WHERE group, or, where the query marks them with the comment line PARAMETERS_HERE, at
    each mark: a subquery is evaluated before the group around it, so it sees the parameters only
    when they are written inside it."""
    if not bindings:
        return text
    blocks = "".join(f"\n  VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}"
                     for name, terms in bindings.items())
    if PARAMETERS_HERE in text:
        return text.replace(PARAMETERS_HERE, blocks.strip())
    match = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return f"{text[:match.end()]}{blocks}{text[match.end():]}"


def check(catalog: Catalog | None, text: str, allow_service: bool = False) -> None:
    """Refuse what atlaskg never runs: updates, SERVICE (unless allowed), FROM of unknown graphs,
    brackets nested deeper than the limit (Oxigraph's parser would overflow its stack)."""
    depth = sparql_text.nesting_depth(text)
    if depth > LIMITS.max_depth:
        raise QueryError(f"refused: the query nests brackets {depth} levels deep, over the limit of "
                         f"{LIMITS.max_depth} (atlaskg --max-depth)")
    if sparql_text.is_update(text):
        raise QueryError("SPARQL updates are refused: atlaskg answers queries and never changes the catalogue")
    targets = sparql_text.service_targets(text)
    if targets and not allow_service:
        raise QueryError("query uses SERVICE, which would reach the network; pass --allow-service "
                         "(allow_service=True) to permit it")
    if catalog is not None:
        known = set(catalog.graph_names())
        for iri in sparql_text.dataset_iris(text):
            if iri not in known:
                raise QueryError(f"FROM <{iri}> names no graph of the catalogue; atlaskg never fetches "
                                 "graphs (list them with: SELECT DISTINCT ?g WHERE { GRAPH ?g {} })")


def run(catalog: Catalog, text: str, bindings: dict[str, list] | None = None, allow_service: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT_S, max_rows: int | None = DEFAULT_MAX_ROWS) -> Result:
    """Run SPARQL text (atlaskg's prefixes predeclared) on the catalogue, answering within
    `timeout` seconds and `max_rows` rows (or triples), else a QueryError."""
    full_text = with_prefixes(with_values(text, bindings or {}))
    check(catalog, full_text, allow_service)

    def evaluate() -> Result:
        try:
            return materialize(catalog.query(full_text), max_rows)
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL query: {_user_position(str(err), full_text, text)}") from None
        except OSError as err:
            raise QueryError(f"query failed: {' '.join(str(err).split())[:300]}") from None

    return within(timeout, evaluate)


def within(seconds: float | None, work, too_late=None):
    """`work()`, or the error `too_late()` gives (a QueryError by default) after `seconds`.
    Oxigraph cannot be stopped mid-query and a socket read cannot be bounded as a whole, but both
    release the GIL, so the work runs in a daemon thread, under the caller's guard, that the
    caller stops waiting for (it ends with the process; a long-lived caller should prefer
    `atlaskg serve`)."""
    if seconds is None:
        return work()
    outcome: dict = {}
    caller_policy = guard.policy()

    def target() -> None:
        try:
            with guard.adopted(caller_policy):
                outcome["result"] = work()
        except BaseException as err:  # handed to the caller's thread without the frames (and the
            err.__context__ = err.__cause__ = None  # chained errors' frames) that hold Oxigraph's
            outcome["error"] = err.with_traceback(None)  # iterators: those must be freed here

    worker = threading.Thread(target=target, name="atlaskg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise (too_late() if too_late else
               QueryError(f"no answer within {seconds:g} s (raise the limit: --timeout, or timeout=)"))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def materialize(answer, max_rows: int | None = None) -> Result:
    """A pyoxigraph answer (local or parsed from a remote endpoint) as a Result, refusing more
    than `max_rows` rows or triples (the answer is read lazily, so the excess is never built)."""
    if isinstance(answer, bool) or type(answer).__name__ == "QueryBoolean":
        return Result("ASK", boolean=bool(answer))
    if type(answer).__name__ == "QueryTriples":
        return graph_result(answer, max_rows)
    variables = [v.value for v in answer.variables]
    rows = (tuple(solution[v] for v in variables) for solution in answer)
    return Result("SELECT", variables, _at_most(rows, max_rows, "rows"))


def graph_result(triples, max_rows: int | None = None) -> Result:
    """CONSTRUCT or DESCRIBE triples (local, or parsed from an endpoint's N-Triples) as a Result."""
    return Result("CONSTRUCT", triples=_at_most(triples, max_rows, "triples"))


def _at_most(items, limit: int | None, what: str) -> list:
    taken = list(itertools.islice(items, None if limit is None else limit + 1))
    if limit is not None and len(taken) > limit:
        raise QueryError(f"the answer has more than {limit:,} {what}; add LIMIT to the query "
                         "(or raise the cap: --max-rows, or max_rows=)")
    return taken


def _user_position(message: str, full_text: str, text: str) -> str:
    """The parser's message with its line number counted in the user's text, not ours."""
    shift = full_text.count("\n") - text.count("\n")
    message = " ".join(message.split())
    message = re.sub(r"line (\d+)", lambda m: f"line {max(1, int(m.group(1)) - shift)}", message)
    message = re.sub(r"\bat (\d+):(\d+)", lambda m: f"at line {max(1, int(m.group(1)) - shift)}, column {m.group(2)}",
                     message)
    return message[:300]


def python_value(term):
    """A term as a Python value: literals by their datatype (int, Decimal, date...), IRIs as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return to_rdflib(term).toPython()
    return to_rdflib(term)


def query(catalog: Catalog, name: str, timeout: float | None = DEFAULT_TIMEOUT_S,
          **params: object) -> Rows | bool | Graph:
    """Run a named query. SELECT gives Rows (a list of dicts of Python values, with to_json() and
    to_dataframe()), ASK a bool, CONSTRUCT an rdflib Graph. Entity parameters (model=...) accept
    names, ids, aliases, prefixed names, IRIs."""
    named = get_named_query(name)
    return _python(run(catalog, named.text, bind(catalog, named, {k: str(v) for k, v in params.items()}),
                       timeout=timeout))


def sparql(catalog: Catalog, text: str, allow_service: bool = False,
           timeout: float | None = DEFAULT_TIMEOUT_S) -> Rows | bool | Graph:
    """Run ad-hoc SPARQL (atlaskg's prefixes are predeclared); same return types as `query`."""
    return _python(run(catalog, text, allow_service=allow_service, timeout=timeout))


def _python(result: Result) -> Rows | bool | Graph:
    if result.kind == "ASK":
        return result.boolean
    if result.kind == "CONSTRUCT":
        return result.graph()
    return result.records()
