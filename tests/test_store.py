"""The store's two ways in give one catalogue: N-Triples that Oxigraph loads itself, and files
parsed into Python quads. Same quads, same printed forms, same exports."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import atlaskg
from atlaskg.publish.synth import generate
from atlaskg.store import Catalog, user_graph
from atlaskg.store.parsing import read_file


def through_python(paths) -> Catalog:
    catalog = Catalog()
    for path in paths:
        parsed = read_file(path, ox.NamedNode(user_graph(path)))
        catalog.add_quads(parsed.quads())
    return catalog


def test_synthetic_ntriples_load_natively_and_keep_every_printed_form(tmp_path):
    files = generate(tmp_path, 120, seed=3).files
    assert all(read_file(p, ox.NamedNode(user_graph(p))).native is not None for p in files), "the fast path"
    native = Catalog()
    for path in files:
        native.add_file(path, user_graph(path))
    python = through_python(files)
    assert native.printed and native.printed == python.printed, "decimals as printed (96.0, 7.00) are kept"
    assert atlaskg.serialize(native, "nq") == atlaskg.serialize(python, "nq")


@pytest.mark.parametrize("text, native", [
    ('<http://x/a> <http://x/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', True),
    ('<http://x/a> <http://x/p> _:b .\n', False),  # a blank node needs a stable label
    ('<http://x/a> <http://www.w3.org/2002/07/owl#imports> <http://x/o> .\n', False),  # refused on the way
    ('<http://x/a> <http://x/p> "a \\"quoted\\" word"^^<http://www.w3.org/2001/XMLSchema#string> .\n', False),
])
def test_what_takes_the_native_path(tmp_path, text, native):
    path = tmp_path / "f.nt"
    path.write_text(text)
    try:
        parsed = read_file(path, ox.NamedNode(user_graph(path)))
    except atlaskg.AtlasError:
        assert not native
        return
    assert (parsed.native is not None) == native


def test_a_syntax_error_in_native_ntriples_names_the_line_and_adds_nothing(tmp_path):
    path = tmp_path / "broken.nt"
    path.write_text('<http://x/a> <http://x/p> "1" .\n<http://x/a> <http://x/p> "2 .\n')
    catalog = Catalog()
    with pytest.raises(atlaskg.AtlasError, match=r"broken.nt:2: malformed nt"):
        catalog.add_file(path, user_graph(path))
    assert catalog.triple_count() == 0
