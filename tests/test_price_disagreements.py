"""The price-disagreements query (issue 25), on a small catalogue of three datasets: which prices
of two catalogues are compared (the list prices in force of each dataset's best-ranked record at
one provider, per million tokens, at 12 decimal places), the rows it gives, largest first, its
dataset parameter, and the site's page of the same rows. On the built atlas: tests/test_atlas.py."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

import atlaskg
from atlaskg.check.shacl import Report
from atlaskg.core.errors import QueryError
from atlaskg.publish.data import gather
from atlaskg.publish.pages.disagreements import disagreements_page, percent, prices

PREFIXES = """@prefix atlas: <https://w3id.org/atlaskg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix pricecomp: <https://w3id.org/atlaskg/vocab/pricecomp/> .
@prefix model: <https://w3id.org/atlaskg/model/> .
@prefix platform: <https://w3id.org/atlaskg/platform/> .
"""
EXT = "https://w3id.org/atlaskg/ext/"
ATLAS_SIDE = """
model:m a atlas:Model ; schema:name "Model M" .
model:n a atlas:Model ; schema:name "Model N" .
platform:acme a atlas:Platform ; schema:name "Acme" .
"""


def record(dataset: str, key: str, provider: str, model: str, rank: int, priced: list[tuple]) -> tuple[str, str]:
    """A dataset's record of an atlas model at a provider, resolved with `rank`, with its prices
    (component, amount, tokens it is per, extra Turtle on the price)."""
    node, where = f"<{EXT}{dataset}/model/{key}>", f"<{EXT}{dataset}/platform/{provider}>"
    specs = ", ".join(f"<{EXT}{dataset}/price/{key}-{n}>" for n in range(len(priced)))
    text = f"""{node} a atlas:Model ; schema:identifier "{key}" .
<{EXT}{dataset}/offering/{key}> a atlas:Offering ; schema:itemOffered {node} ; atlas:platform {where}
    {"; schema:priceSpecification " + specs if priced else ""} .
{where} a atlas:Platform ; schema:identifier "{provider}" .
"""
    for n, (component, amount, per, extra) in enumerate(priced):
        text += f"""<{EXT}{dataset}/price/{key}-{n}> a schema:UnitPriceSpecification ;
    atlas:priceComponent pricecomp:{component} ; schema:price {amount} ; schema:priceCurrency "USD" ;
    schema:referenceQuantity [ schema:value {per} ] {extra} .
"""
    resolved = f"model:{model} skos:exactMatch {node} . {node} atlas:recordRank {rank} ."
    return text, resolved


def per_million(component: str, amount: str, extra: str = "") -> tuple:
    return component, amount, 1000000, extra


# (dataset, identifier, provider, atlas model, rank, prices)
RECORDS = [
    ("alpha", "m-alpha", "acme-alpha", "m", 1, [
        per_million("input", "2.00"), per_million("output", "8"), per_million("cached-input", "0.5"),
        per_million("input", "1", '; atlas:priceCondition "processing=batch"'),  # a condition: not compared
        per_million("input", "10", '; schema:validThrough "2025-01-01"^^xsd:date'),  # closed: not compared
        per_million("input", "4", "; atlas:appliesAboveTokens 200000")]),  # a long-context tier: not compared
    ("alpha", "m-alpha-old", "acme-alpha", "m", 2, [per_million("input", "99")]),  # not alpha's best record
    ("beta", "m-beta", "ACME", "m", 3, [
        per_million("input", "3"), per_million("output", "8.0"),  # the same output, written otherwise
        per_million("cached-input", "0.5000000000000001")]),  # binary noise: no disagreement
    ("gamma", "m-gamma", "zeta", "m", 1, [per_million("input", "50")]),  # another provider: not compared
    ("alpha", "n-alpha", "acme-alpha", "n", 1, [("input", "0.001", 1000, ""), per_million("output", "1.5")]),
    ("beta", "n-beta", "acme", "n", 2, [per_million("input", "4"), per_million("output", "1"),
                                        per_million("output", "2")]),
]


@pytest.fixture(scope="module")
def catalog():
    catalog = atlaskg.load(bundled=False, store=None)  # the ontology: the components' names
    quads = list(ox.parse(PREFIXES + ATLAS_SIDE, format=ox.RdfFormat.TURTLE))
    resolution = ""
    for dataset, key, provider, model, rank, priced in RECORDS:
        text, resolved = record(dataset, key, provider, model, rank, priced)
        graph = ox.NamedNode(f"https://w3id.org/atlaskg/graph/ext/{dataset}/1.0")
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph)
                  for t in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]
        resolution += resolved + "\n"
    quads += list(ox.parse(PREFIXES + resolution + f"<{EXT}alpha/platform/acme-alpha> skos:exactMatch platform:acme .",
                           format=ox.RdfFormat.TURTLE))
    catalog.add_quads(quads)
    return catalog


def disagreements(catalog, **params) -> list[tuple]:
    return [(r["name"], r["provider"], r["component"], r["first"], r["firstIdentifier"], r["firstValue"],
             r["second"], r["secondIdentifier"], r["secondValue"], r.get("difference"))
            for r in atlaskg.query(catalog, "price-disagreements", **params)]


EXPECTED = [
    ("Model N", "acme", "Input tokens", "alpha", "n-alpha", "1 USD", "beta", "n-beta", "4 USD", Decimal("0.75")),
    ("Model M", "acme", "Input tokens", "alpha", "m-alpha", "2 USD", "beta", "m-beta", "3 USD", None),
    ("Model N", "acme", "Output tokens", "alpha", "n-alpha", "1.5 USD", "beta", "n-beta", "1 USD | 2 USD", None),
]


def test_the_list_prices_of_each_datasets_best_record_at_one_provider_are_compared(catalog):
    """Both datasets' identifiers and values, the largest relative difference first and none where
    a record states several prices; batch, closed and long-context prices, a worse-ranked record,
    another provider and a value that differs only by binary noise make no row."""
    found = disagreements(catalog)
    assert [row[:9] for row in found] == [row[:9] for row in EXPECTED]
    assert found[0][9] == Decimal("0.75") and found[2][9] is None
    assert abs(found[1][9] - Decimal(1) / 3) < Decimal("1e-15")


def test_the_dataset_parameter_keeps_one_datasets_disagreements(catalog):
    assert len(disagreements(catalog, dataset="BETA")) == 3
    assert disagreements(catalog, dataset="gamma") == []
    with pytest.raises(QueryError, match="did you mean 'alpha'"):
        disagreements(catalog, dataset="alpah")


def test_the_site_page_lists_the_querys_rows(catalog):
    page = disagreements_page(gather(catalog, Report([])))
    assert [(r["model"], r["difference"], [(s["identifier"], s["value"]) for s in r["sides"]]) for r in page["rows"]] == [
        ("Model N", "75%", [("n-alpha", "$1"), ("n-beta", "$4")]),
        ("Model M", "33.3%", [("m-alpha", "$2"), ("m-beta", "$3")]),
        ("Model N", "", [("n-alpha", "$1.50"), ("n-beta", "$1, $2")])]
    assert page["datasets"] == ["alpha", "beta"]


@pytest.mark.parametrize("fraction, shown", [("1", "100%"), ("0.285714285714286", "28.6%"),
                                             ("0.00000039999984", "0.00004%"), ("0.05", "5%")])
def test_a_difference_reads_as_a_percentage_of_three_digits(fraction, shown):
    assert percent(fraction) == shown


def test_several_prices_read_as_money():
    assert prices("0.035 USD | 0.07 USD") == "$0.035, $0.07"
