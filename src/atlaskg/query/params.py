"""A named query's parameters as RDF terms. Parameters are never pasted into query text as raw
strings: each becomes a term of its declared type (entity parameters are first resolved to IRIs
by `query.lookup`), and the terms go into VALUES blocks written in N-Triples syntax with every
quote escaped. The same text runs locally and on a remote endpoint, so both give the same rows."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from atlaskg.core.errors import QueryError
from atlaskg.names.namespaces import PREFIXES
from atlaskg.query.lookup import KINDS, did_you_mean, resolve, resolve_any
from atlaskg.query.named import VALUES, NamedQuery, Param
from atlaskg.store import Catalog

_XSD = "http://www.w3.org/2001/XMLSchema#"


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
    if param.values and catalog is not None and raw.strip().lower() != (param.default or "").lower():
        _check_value(catalog, param, raw.strip())
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


def _check_value(catalog: Catalog, param: Param, raw: str) -> None:
    """Refuse a value the data never hold (no row could match it: a silent empty answer), with
    the closest ones it does hold."""
    known = {row["value"].value.lower(): row["value"].value
             for row in catalog.query(VALUES[param.values or ""]().text) if row["value"] is not None}
    if raw.lower() not in known:
        raise QueryError(f"parameter '{param.name}': no {param.values} of the catalogue is '{raw}'"
                         + did_you_mean(raw, known, cutoff=0.6))


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
