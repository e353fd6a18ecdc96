"""The SHACL shapes that say nothing but names: one `shape:In-<scheme>` node shape per SKOS concept
scheme of `namespaces.VOCAB_SCHEMES` (a value is a concept of that scheme), which the class shapes
name with `sh:node shape:In-<scheme>`. They were once copied by hand, one block per scheme; now
the scheme list is their one owner and shapes/schemes.ttl is generated from it, as
shapes/prefixes.ttl is from the prefix map: `write_scheme_shapes()` rewrites it, and
tests/test_prefixes.py fails when it differs from what the list gives (and when the list and the
ontology's `skos:ConceptScheme`s disagree).

Their messages are what the findings show for a value outside its scheme (check.shacl reads the
nested shape's message), so they are worded here once for every scheme.
"""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import SKOS

from atlaskg.names.namespaces import BASE, SH, SHAPES, VOCAB_SCHEMES

SCHEMES_FILE = "schemes.ttl"

_HEADER = f"""\
# Generated from the scheme list (VOCAB_SCHEMES) in atlaskg.names.namespaces: do not edit by hand. After changing
# the list, rewrite it with
#   python -c 'import atlaskg.names.shapes as s; s.write_scheme_shapes()'
# (tests/test_prefixes.py fails while this file and the list disagree).
@prefix sh:    <{SH}> .
@prefix shape: <{SHAPES}> .
@prefix skos:  <{SKOS}> .

# A value is a concept of one scheme: each class shape names these with sh:node shape:In-<scheme>.
"""


def scheme_iri(scheme: str) -> str:
    """The IRI of a concept scheme (its concepts live in the namespace of the same name plus '/')."""
    return f"{BASE}vocab/{scheme}"


def scheme_shapes_turtle() -> str:
    """shapes/schemes.ttl: `shape:In-<scheme>` for every scheme of the list, in its order."""
    blocks = []
    for scheme in VOCAB_SCHEMES:
        if not scheme.isidentifier():  # it goes into a prefixed name, an IRI and a quoted message as is
            raise AssertionError(f"scheme {scheme!r} cannot be written as is")
        message = f"Value must be a concept of the '{scheme}' scheme (ontology/vocab)."
        blocks.append(f"shape:In-{scheme} a sh:NodeShape ;\n"
                      f"    sh:class skos:Concept ;\n"
                      f"    sh:property [ sh:path skos:inScheme ; sh:hasValue <{scheme_iri(scheme)}> ;\n"
                      f'                  sh:message "{message}" ] ;\n'
                      f'    sh:message "{message}" .\n')
    return _HEADER + "\n" + "\n".join(blocks)


def write_scheme_shapes(path: Path | None = None) -> Path:
    """Write `scheme_shapes_turtle()` to `path` (default: schemes.ttl of the bundled shapes)."""
    from atlaskg.core.files import write_atomic
    from atlaskg.core.resources import bundled_dir

    target = Path(path) if path is not None else bundled_dir("shapes") / SCHEMES_FILE
    write_atomic(target, scheme_shapes_turtle().encode("utf-8"))
    return target
