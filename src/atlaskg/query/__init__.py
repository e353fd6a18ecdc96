"""Asking the catalogue: the named queries and their typed parameters (`named`, `params`), what
a person types turned into IRIs (`lookup`), SPARQL read before any engine runs it
(`sparql_text`), running it with limits (`run`) and rendering the answer (`rows`, `output`);
the named questions built on them (`card`, `compare`); and SPARQL over HTTP, as a client of the
endpoints a user names (`endpoint`) and as a read-only server (`server`).

The names below are the layer's interface for the rest of the package and for Python users.
"""

from atlaskg.query.named import NamedQuery, Param, get_named_query, internal_query, named_queries, read_named_query
from atlaskg.query.params import PARAMETERS_HERE, bind, to_terms, with_values
from atlaskg.query.run import (
                               DEFAULT_MAX_ROWS,
                               DEFAULT_TIMEOUT_S,
                               Result,
                               check,
                               graph_result,
                               materialize,
                               python_value,
                               query,
                               run,
                               run_named,
                               sparql,
                               within,
)
from atlaskg.query.sparql_text import with_prefixes

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_S", "PARAMETERS_HERE", "NamedQuery", "Param", "Result", "bind",
           "check", "get_named_query", "graph_result", "internal_query", "materialize", "named_queries", "python_value", "query",
           "read_named_query", "run", "run_named", "sparql", "to_terms", "with_prefixes", "with_values", "within"]
