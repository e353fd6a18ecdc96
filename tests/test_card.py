"""A model's card (`atlaskg describe`) is read from pyoxigraph's terms, not an rdflib graph, and
says what the rdflib graph said: the same triples as `atlaskg.describe` (the API's graph), each
node's facts in rdflib's order of terms."""

from __future__ import annotations

import random

import pyoxigraph as ox

import atlaskg
from atlaskg.query.card import Card, card_text, describe_model, order
from atlaskg.store.terms import to_ox, to_rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_terms_sort_as_rdflib_sorts_them():
    """Random facts of one kind each, as a card's facts are (the atlas states a property of a node
    in one datatype): numbers of two datatypes by value, strings with and without a language,
    dates, IRIs and blank nodes mixed: the same order as rdflib's terms."""
    chosen = random.Random(6)
    words = ["a", "B", "ab", "é", "10", "9", "", "z z"]

    def literals(kind: str) -> list:
        if kind == "numbers":
            return [ox.Literal(str(chosen.choice([0, 1, 9, 10, -2, 100])) + chosen.choice(["", ".5", ".05", ".50"]),
                               datatype=ox.NamedNode(XSD + "decimal")) if chosen.random() < 0.5 else
                    ox.Literal(str(chosen.randint(-20, 120)), datatype=ox.NamedNode(XSD + "integer"))
                    for _ in range(6)]
        if kind == "strings":
            return [ox.Literal(chosen.choice(words), language=chosen.choice(["en", "de"])) if chosen.random() < 0.4
                    else ox.Literal(chosen.choice(words)) for _ in range(6)]
        return [ox.Literal(f"20{chosen.randint(10, 30)}-0{chosen.randint(1, 9)}-1{chosen.randint(0, 9)}",
                           datatype=ox.NamedNode(XSD + "date")) for _ in range(6)]

    for _ in range(500):
        terms = literals(chosen.choice(["numbers", "strings", "dates"]))
        terms += [ox.NamedNode(f"https://example.org/{chosen.choice(words).replace(' ', '_')}") for _ in range(3)]
        terms += [ox.BlankNode(f"b{chosen.randint(0, 30)}") for _ in range(2)]
        terms = list(dict.fromkeys(terms))
        chosen.shuffle(terms)
        expected = sorted(to_rdflib(term) for term in terms)
        assert [to_rdflib(term) for term in sorted(terms, key=order)] == expected


def test_the_card_holds_the_graph_of_the_api(catalog):
    """The command line's card and `atlaskg.describe` hold the same triples (so the same Turtle and
    JSON-LD: the triples are sorted before they are written)."""
    for model in ("GPT-4.1", "Claude 3.7 Sonnet"):
        card = Card(describe_model(catalog, model).triples)
        graph = atlaskg.describe(catalog, model)
        assert {ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph} == set(card.triples)
        assert len(card.triples) == len(graph) > 10  # each triple once, as in the graph


def test_each_node_lists_its_facts_in_order_with_its_sources(catalog):
    text = card_text(catalog, Card(describe_model(catalog, "GPT-4.1").triples))
    lines = text.splitlines()
    assert lines[0] == "Model (1)" and lines[1] == "  model:gpt-4.1-2025-04-14"
    facts = lines[2:lines.index(next(line for line in lines[2:] if not line.startswith("    ")))]
    assert facts[-1].startswith("    [read in: ") or facts[-1].startswith("    [cited source: ")
    assert "    release date: 2025-04-14" in facts
