"""The checks read a query as Oxigraph does (issue 27): every escape the SPARQL grammar allows in
IRIs, prefixed names and strings is one token here exactly when the engine reads one term, and a
SERVICE written after such an escape is refused before anything leaves the machine."""

from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest

import atlaskg
from atlaskg.core.errors import QueryError, UnreadableQuery
from atlaskg.query import check, sparql_text

PN_LOCAL_ESCAPES = "_~.-!$&'()*+,;=/?#@%"
TERMS = ([f"ex:a\\{c}{'41' if c == '%' else ''}b" for c in PN_LOCAL_ESCAPES]  # a%41: a valid IRI
         + ["ex:a%41", "ex:", "ex:a.b", "<http://x/\\u0041#>", "<http://x/\\U0001F600>", "<http://x/a#b>",
            "<http://x/(a)>"]
         + [f'"a\\{c}b"' for c in 'tbnrf"\'\\'] + [f"'a\\{c}b'" for c in 'tbnrf"\'\\']
         + ['"\\u0022#"', "'#\"'", '"""a "b" ""c"""', "'''a\n'b' #c'''"])


@pytest.mark.parametrize("term", TERMS)
def test_a_term_the_engine_reads_as_one_is_read_whole(term):
    query = f"PREFIX ex: <http://example.org/> SELECT ?z WHERE {{ BIND({term} AS ?z) }}"
    assert len(list(ox.Store().query(query))) == 1  # the engine reads it
    assert sparql_text.tokens(term) == [term]


@pytest.mark.parametrize("text", ["SELECT ?z WHERE { BIND(1 AS ?z) } #x\rLIMIT 0",
                                  "SELECT ?z WHERE { BIND(1 AS ?z) } #x\nLIMIT 0"])
def test_a_comment_ends_at_cr_or_lf_as_in_the_engine(text):
    assert list(ox.Store().query(text)) == []
    assert sparql_text.tokens(text)[-2:] == ["LIMIT", "0"]


HIDDEN_SERVICE = [
    "PREFIX ex: <http://example.org/> SELECT * WHERE {{ BIND(ex:a\\# AS ?z) SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?z) SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND('\\'' AS ?z) SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(\"\\\"\" AS ?z) SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ FILTER(?a<'>') SERVICE <{target}> {{ ?s ?p ?o }} FILTER(?b='x') }}",
]


@pytest.mark.parametrize("template", HIDDEN_SERVICE)
def test_a_service_after_an_escape_is_refused_and_no_request_leaves(template):
    with socket.socket() as canary:
        canary.bind(("127.0.0.1", 0))
        canary.listen()
        canary.settimeout(0.5)
        query = template.format(target=f"http://127.0.0.1:{canary.getsockname()[1]}/sparql")
        with pytest.raises(QueryError, match="SERVICE|reads both"):
            atlaskg.sparql(atlaskg.load(), query)
        with pytest.raises(socket.timeout):
            canary.accept()


def test_deep_nesting_after_an_escaped_hash_is_refused_before_the_engine_sees_it():
    """20,000 brackets on the line after `\\#` overflowed Oxigraph's stack."""
    query = "PREFIX ex: <http://example.org/> ASK { BIND(ex:a\\# AS ?z) FILTER(" + "(" * 20_000 + "1" + ")" * 20_001 + " }"
    with pytest.raises(QueryError, match="nests brackets 20002 levels"):
        check(None, query)


def test_brackets_inside_what_may_be_an_iri_count_towards_the_depth():
    assert sparql_text.nesting_depth("ASK { FILTER(?a<((((>?b) }") == 6


@pytest.mark.parametrize("text, where", [("ASK { ~ }", "line 1, column 7"), ("ASK {\n  ?s ?p `x` }", "line 2, column 9")])
def test_a_character_that_starts_no_token_is_refused_with_its_place(text, where):
    with pytest.raises(UnreadableQuery, match=where):
        sparql_text.tokens(text)


def test_an_ordinary_comparison_and_iri_still_read():
    text = "SELECT ?x WHERE { ?x <http://p> ?y . FILTER(?y<=3 && ?y < 'b' && ?x != <http://q#r>) } # note"
    assert sparql_text.service_targets(text) == [] and sparql_text.nesting_depth(text) == 2
