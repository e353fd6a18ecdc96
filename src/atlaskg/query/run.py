"""Running SPARQL on the catalogue with Oxigraph: what is refused before any engine sees it, the
time and row limits of every answer, and the answer as a Result (rows of terms, a boolean or
triples) or, for Python users, as Rows, a bool or an rdflib Graph."""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from atlaskg.core import guard
from atlaskg.core.errors import QueryError, QueryOverLimit
from atlaskg.core.limits import LIMITS
from atlaskg.names.namespaces import bind_prefixes
from atlaskg.query import sparql_text
from atlaskg.query.named import get_named_query
from atlaskg.query.params import bind, with_values
from atlaskg.query.rows import Rows
from atlaskg.query.sparql_text import with_prefixes
from atlaskg.store import Catalog

if TYPE_CHECKING:  # rdflib is imported where its terms are made: the command line renders pyoxigraph's own
    from rdflib import Graph

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 1_000_000


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
        from rdflib import Graph

        from atlaskg.store.terms import to_rdflib

        graph = Graph()
        bind_prefixes(graph)
        for triple in self.triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph


def check(catalog: Catalog | None, text: str, allow_service: bool = False) -> None:
    """Refuse what atlaskg never runs: updates, SERVICE (unless allowed), FROM of unknown graphs,
    brackets nested deeper than the limit (Oxigraph's parser would overflow its stack)."""
    depth = sparql_text.nesting_depth(text)
    if depth > LIMITS.max_depth:
        raise QueryOverLimit(f"refused: the query nests brackets {depth} levels deep, over the limit of "
                             f"{LIMITS.max_depth}", "max_depth", LIMITS.max_depth)
    if sparql_text.is_update(text):
        raise QueryError("SPARQL updates are refused: atlaskg answers queries and never changes the catalogue")
    targets = sparql_text.service_targets(text)
    if targets and not allow_service:
        raise QueryOverLimit("query uses SERVICE, which would reach the network", "allow_service", False,
                             "pass {} to permit it")
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
               QueryOverLimit(f"no answer within {seconds:g} s", "timeout", seconds))
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
    rows = (tuple(solution) for solution in answer)  # in the variables' order, None where unbound: a third
    # cheaper than looking each value up by its variable's name, at a few hundred thousand rows
    return Result("SELECT", variables, _at_most(rows, max_rows, "rows"))


def graph_result(triples, max_rows: int | None = None) -> Result:
    """CONSTRUCT or DESCRIBE triples (local, or parsed from an endpoint's N-Triples) as a Result."""
    return Result("CONSTRUCT", triples=_at_most(triples, max_rows, "triples"))


def _at_most(items, limit: int | None, what: str) -> list:
    taken = list(itertools.islice(items, None if limit is None else limit + 1))
    if limit is not None and len(taken) > limit:
        raise QueryOverLimit(f"the answer has more than {limit:,} {what}; add LIMIT to the query", "max_rows",
                             limit, "or raise the cap: {}")
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
    from atlaskg.store.terms import to_rdflib

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return to_rdflib(term).toPython()
    return to_rdflib(term)


def run_named(catalog: Catalog, name: str, given: dict[str, str] | None = None,
              timeout: float | None = DEFAULT_TIMEOUT_S, max_rows: int | None = DEFAULT_MAX_ROWS) -> Result:
    """The named query `name` run with the parameters `given` (the others at their defaults): what
    `atlaskg query NAME` answers, for the modules that publish or build on that same answer."""
    named = get_named_query(name)
    return run(catalog, named.text, bind(catalog, named, given or {}), timeout=timeout, max_rows=max_rows)


def query(catalog: Catalog, name: str, timeout: float | None = DEFAULT_TIMEOUT_S,
          **params: object) -> Rows | bool | Graph:
    """Run a named query. SELECT gives Rows (a list of dicts of Python values, with to_json() and
    to_dataframe()), ASK a bool, CONSTRUCT an rdflib Graph. Entity parameters (model=...) accept
    names, ids, aliases, prefixed names, IRIs."""
    return _python(run_named(catalog, name, {k: str(v) for k, v in params.items()}, timeout=timeout))


def sparql(catalog: Catalog, text: str, allow_service: bool = False,
           timeout: float | None = DEFAULT_TIMEOUT_S) -> Rows | bool | Graph:
    """Run ad-hoc SPARQL (atlaskg's prefixes are predeclared); same return types as `query`."""
    return _python(run(catalog, text, allow_service=allow_service, timeout=timeout))


def _python(result: Result) -> Rows | bool | Graph:
    if result.kind == "ASK":
        assert result.boolean is not None  # an ASK result always carries its boolean
        return result.boolean
    if result.kind == "CONSTRUCT":
        return result.graph()
    return result.records()
