"""The lexical forms the sources printed, kept beside the store.

Oxigraph stores typed literals as values: "72.0"^^xsd:decimal comes back as "72". The printed form
is information (a figure printed with one decimal stands for 71.95..72.05, which the consistency
checks use), so every literal whose form the store would change is recorded here, keyed by the
N-Quads line the store gives back, and restored in every export, in validation input and in
`Catalog.to_rdflib()`. Queries see the store's values; numbers compare the same either way.
"""

from __future__ import annotations

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
_AS_WRITTEN = {_XSD + "string", _XSD + "anyURI", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_PROBE = ox.NamedNode("urn:atlaskg:printed")


def printed_forms(quads: list[ox.Quad]) -> dict[str, list[str]]:
    """{line the store returns: [line as printed, ...]} for the quads whose literal the store rewrites."""
    candidates = list({o for o in (q.object for q in quads) if type(o) is ox.Literal
                       and o.datatype.value.startswith(_XSD) and o.datatype.value not in _AS_WRITTEN})
    if not candidates:
        return {}
    changed = _store_forms(candidates)
    forms: dict[str, list[str]] = {}
    for quad in quads:
        stored = changed.get(quad.object) if type(quad.object) is ox.Literal else None
        if stored is not None:
            key = nquad(ox.Quad(quad.subject, quad.predicate, stored, quad.graph_name))
            forms.setdefault(key, []).append(nquad(quad))
    return forms


def restore(lines: list[bytes], forms: dict[str, list[str]]) -> list[bytes]:
    """UTF-8 N-Quads lines with the printed forms put back."""
    if not forms:
        return lines
    printed = {stored.encode(): [form.encode() for form in as_printed] for stored, as_printed in forms.items()}
    restored: list[bytes] = []
    for line in lines:
        restored.extend(printed.get(line, (line,)))
    return restored


def nquad(quad: ox.Quad) -> str:
    """The N-Quads line of a quad, as Store.dump writes it (without the newline)."""
    return f"{quad} ."


def changed_by_store(literals: list[ox.Literal]) -> set[ox.Literal]:
    """The literals among these that the store gives back in another form."""
    return set(_store_forms([literal for literal in literals if literal.datatype.value not in _AS_WRITTEN]))


def _store_forms(literals: list[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal the store would give back differently, with the form it gives back."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:atlaskg:l{i}"), _PROBE, literal) for i, literal in enumerate(literals))
    changed = {}
    for quad in scratch:
        original = literals[int(quad.subject.value[len("urn:atlaskg:l"):])]
        if quad.object != original:
            changed[original] = quad.object
    return changed
