"""The static catalogue website: an index of every model (a table that sorts and filters with a
little script and reads as a plain table without it, and a price against context window chart), a
page per model with its Turtle beside it (and, on request, its framed JSON-LD, referencing the
site's one context file; the page carries only the schema.org summary search engines read), a
leaderboard per benchmark, a page per platform, per source and one of the check findings.

The catalogue is read in one pass (`data.gather`: a fixed number of SPARQL queries and store
lookups, whatever its size), then every page is rendered from Jinja2 templates (autoescaped) into
a staging directory that replaces the previous site in one step (`fileio.staged_directory`): an
interrupted run leaves the previous site whole. Building twice on the same day gives the same
bytes (the index shows the prices in force on the day it is built)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from atlaskg.check.shacl import validate
from atlaskg.core.collecting import fewer_collections
from atlaskg.core.errors import NotConforming, OutputError
from atlaskg.core.version import VERSION
from atlaskg.names.namespaces import BASE, PREFIXES
from atlaskg.publish.charts import scatter
from atlaskg.publish.data import ATLAS, DCT, SDO, SiteData, gather
from atlaskg.publish.jsonld import document_text, framed_document, shipped_context
from atlaskg.publish.pages.benchmark import benchmark_page
from atlaskg.publish.pages.checks import checks_page
from atlaskg.publish.pages.disagreements import disagreements_page
from atlaskg.publish.pages.formats import anchor, human_date, integer, linkable, money
from atlaskg.publish.pages.index import index_benchmarks, index_rows, price_points
from atlaskg.publish.pages.model import NEIGHBOURS, model_page, search_summary
from atlaskg.publish.pages.nodes import labels
from atlaskg.publish.pages.platform import platform_page
from atlaskg.publish.pages.source import source_page
from atlaskg.query.output import visible
from atlaskg.query.server import die_with_parent
from atlaskg.store import Catalog

TEMPLATES = Path(__file__).resolve().with_name("templates")
CONTEXT_URL = "../context.jsonld"  # the models' documents share the site's one context, beside index.html
MARKER = "site.json"  # every site has it: a non-empty directory without it is never replaced
_CONTEXT_STEPS = ((8_000, "8K tokens"), (32_000, "32K tokens"), (128_000, "128K tokens"), (200_000, "200K tokens"),
                  (1_000_000, "1M tokens"))
_SORTED_PREFIXES = dict(sorted(PREFIXES.items()))
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_XSD_STRING = ox.NamedNode(PREFIXES["xsd"] + "string")
# the IRIs of an imported dataset's nodes, <BASE>ext/<dataset>/<kind>/...: a third of a model's
# Turtle spells them out unless a prefix per dataset and kind shortens them
_DATASET_NAMESPACE = re.compile(re.escape(BASE + "ext/") + r"([A-Za-z][A-Za-z0-9-]*/[A-Za-z][A-Za-z0-9-]*)/")


@dataclass
class SiteResult:
    out_dir: Path
    models: int
    pages: int
    files: int
    seconds: float


def environment():
    """The Jinja2 environment of the site's templates: autoescaping on, undefined names refused."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=lambda value: visible(value) if type(value) is str else value)  # not Markup
    env.filters.update(integer=integer, human_date=human_date, anchor=anchor,
                       money=lambda value: money(value, "USD"))
    env.tests["linkable"] = linkable
    return env


@fewer_collections()
def write_site(catalog: Catalog, out_dir: Path, progress=lambda message: None, today: str | None = None,
               jsonld: bool = False) -> SiteResult:
    """Generate the site for `catalog` into `out_dir`, replacing a previous site whole. A
    catalogue that breaks a shape (a `javascript:` URL, say) is refused as `build --site` refuses
    it, and nothing is written; what the shapes find in an imported dataset describes that source.
    With `jsonld`, each model's framed JSON-LD is written beside its Turtle (see `render`)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    progress("validating")  # a catalogue opened from a build's store has the build's verdict
    report = validate(catalog)
    if not report.conforms:
        raise NotConforming(report)
    data = gather(catalog, report, progress)
    from atlaskg.core.files import staged_directory

    with staged_directory(out_dir) as staging:
        counts = render(data, staging, progress, today or date.today().isoformat(), jsonld)
    return SiteResult(out_dir, len(data.models), counts["pages"], counts["files"], time.perf_counter() - started)


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise OutputError(f"{out_dir}: not empty and not a site written by 'atlaskg site' (no {MARKER}); "
                          "choose a new or empty directory")


class _Writer:
    files: list[str]

    def __init__(self, root: Path):
        self.root, self.files, self.pages = root, [], 0

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.files.append(relative)
        self.pages += relative.endswith(".html")


def render(data: SiteData, directory: Path, progress=lambda message: None, today: str | None = None,
           jsonld: bool = False) -> dict:
    """Write every page of the site into `directory` (which must exist). Each model's description
    in RDF is its Turtle beside its page; with `jsonld`, its framed JSON-LD too, every document
    referencing the site's one context.jsonld (the atlas's documents would add 54 MB to a site of
    about 90: one format is the default, the other on request)."""
    env = environment()
    today = today or date.today().isoformat()
    out = _Writer(Path(directory))
    common = {"version": VERSION}
    for asset in sorted((TEMPLATES / "assets").iterdir()):
        (out.root / "assets").mkdir(exist_ok=True)
        shutil.copyfile(asset, out.root / "assets" / asset.name)
        out.files.append(f"assets/{asset.name}")
    if jsonld:
        out.write("context.jsonld", json.dumps(shipped_context(), ensure_ascii=False, indent=1) + "\n")
    with _Documents(data, out, jsonld) as documents:  # each model's Turtle (and JSON-LD), in a second process
        model_pages = []
        for number, model in enumerate(data.models, 1):
            if number % 200 == 1:
                progress(f"model pages {number}/{len(data.models)}")
            page = model_page(data, model)
            data.anchored |= page["anchors"]
            model_pages.append(page)
        progress("index")
        _index_page(data, env, out, common, today)
        progress("benchmark, platform and source pages")
        _entity_pages(data, env, out, common)
        out.write("checks.html", env.get_template("checks.html").render(**common, **checks_page(data)))
        out.write("price-disagreements.html",
                  env.get_template("disagreements.html").render(**common, **disagreements_page(data)))
        progress("writing the model pages")
        model_template = env.get_template("model.html")
        for model, page in zip(data.models, model_pages):
            out.write(data.href("models", model, ""), model_template.render(
                **common, **page, model_anchor=anchor(model), has_jsonld=jsonld,
                jsonld=script_json(json.dumps(search_summary(data, model, today), ensure_ascii=False)),
                neighbours=NEIGHBOURS))
        documents.finish()
    manifest = {"generator": f"atlaskg {VERSION}", "models": len(data.models), "pages": out.pages + 0,
                "files": sorted(out.files + [MARKER])}
    out.write(MARKER, json.dumps(manifest, indent=1) + "\n")
    return {"pages": out.pages, "files": len(out.files)}


def _index_page(data: SiteData, env, out: _Writer, common: dict, today: str | None) -> None:
    benchmarks = index_benchmarks(data)
    rows = index_rows(data, today, benchmarks)
    points = price_points(rows)
    chart = scatter("price-context", "Input price against context window",
                    f"{len(points)} model(s) with a context window and a list price in USD today: price per million "
                    "input tokens (vertical) against context window in tokens (horizontal), both logarithmic.", points)
    modalities = sorted({(m.lower().replace(" ", "-"), m) for r in rows for m in r["modalities"]})
    developers = sorted({d for r in rows for d in r["developer"].split(", ") if d})
    out.write("index.html", env.get_template("index.html").render(
        **common, root="", rows=rows, developers=developers, modalities=modalities, context_steps=_CONTEXT_STEPS,
        scatter=chart, points=len(points), result_count=len(data.results),
        benchmarks=[data.facts.label(b) for b in benchmarks],
        source_count=len(data.entities.get(ATLAS + "Source", ()))))


def _entity_pages(data: SiteData, env, out: _Writer, common: dict) -> None:
    facts = data.facts
    listing = env.get_template("listing.html")
    benchmarks = sorted(data.entities.get(ATLAS + "Benchmark", ()), key=lambda b: (facts.label(b).lower(), b))
    template = env.get_template("benchmark.html")
    for benchmark in benchmarks:
        page = benchmark_page(data, benchmark)
        out.write(data.href("benchmarks", benchmark, ""), template.render(**common, **page))
    results_per = {b: sum(len(rows) for group, rows in data.by_group.items() if group[0] == b) for b in benchmarks}
    out.write("benchmarks/index.html", listing.render(
        **common, root="../", heading="Benchmarks", columns=["Benchmark", "Metric", "Results"],
        intro=f"{len(benchmarks)} benchmarks; each page is a leaderboard of every setting.",
        rows=[{"name": facts.label(b) or b, "href": f"{data.pages['benchmarks'][b]}.html", "lang": "",
               "cells": [", ".join(labels(facts, b, ATLAS + "metric")), results_per[b]]} for b in benchmarks]))
    platforms = sorted(data.entities.get(ATLAS + "Platform", ()), key=lambda p: (facts.label(p).lower(), p))
    template = env.get_template("platform.html")
    offered = {}
    for platform in platforms:
        page = platform_page(data, platform)
        offered[platform] = len(page["offerings"])
        out.write(data.href("platforms", platform, ""), template.render(**common, **page))
    out.write("platforms/index.html", listing.render(
        **common, root="../", heading="Platforms and providers", columns=["Platform", "Provider", "Offerings"],
        intro=f"{len(platforms)} platforms through which models are offered, each with its offerings and prices.",
        rows=[{"name": facts.label(p) or p, "href": f"{data.pages['platforms'][p]}.html", "lang": "",
               "cells": [", ".join(labels(facts, p, SDO + "provider")), offered[p]]} for p in platforms]))
    sources = sorted(data.entities.get(ATLAS + "Source", ()), key=lambda s: (facts.label(s).lower(), s))
    template = env.get_template("source.html")
    backed = {}
    for source in sources:
        page = source_page(data, source)
        backed[source] = page["backed"]
        out.write(data.href("sources", source, ""), template.render(**common, **page))
    rows = []
    for s in sources:
        title = facts.value(s, DCT + "title")
        rows.append({"name": facts.label(s) or s, "href": f"{data.pages['sources'][s]}.html",
                     "lang": title.language if title is not None and title.language not in (None, "en") else "",
                     "cells": [", ".join(labels(facts, s, ATLAS + "sourceKind")),
                               ", ".join(labels(facts, s, SDO + "publisher")), backed[s]]})
    out.write("sources/index.html", listing.render(
        **common, root="../", heading="Sources", columns=["Source", "Kind", "Publisher", "Facts backed"],
        intro=f"{len(sources)} documents the facts are read from or cited for.", rows=rows))


class _Documents:
    """Each model's Turtle (and framed JSON-LD when asked), written beside its page: most of the
    work of a model's files, and independent of the pages. Where processes can fork, a second
    process does it (sharing the graphs read) while this one builds the pages; `finish` waits for it."""

    def __init__(self, data: SiteData, out: _Writer, jsonld: bool):
        self.data, self.root, self.jsonld = data, out.root, jsonld
        suffixes = ("jsonld", "ttl") if jsonld else ("ttl",)
        for model in data.models:
            out.files += [f"models/{data.pages['models'][model]}.{suffix}" for suffix in suffixes]
        (self.root / "models").mkdir(parents=True, exist_ok=True)
        self.worker = None
        self.parent = os.getpid()
        if "fork" in multiprocessing.get_all_start_methods():
            self.worker = multiprocessing.get_context("fork").Process(target=self._write_all, daemon=True)
            self.worker.start()

    def __enter__(self):
        return self

    def __exit__(self, *failure) -> None:
        """Stop the worker when the site failed (or was interrupted): nothing may write into the
        staging directory once it is being removed."""
        if self.worker is not None and self.worker.is_alive():
            self.worker.terminate()
            self.worker.join()

    def _write_all(self) -> None:
        if sys.platform == "linux":  # a worker left alone by a killed parent would wait forever
            die_with_parent()
            if os.getppid() != self.parent:  # the parent died before the request took effect
                return
        for model in self.data.models:
            self._write(model)

    def _write(self, model: str) -> None:
        graph, name = self.data.graphs.graphs[model], self.data.pages["models"][model]
        if self.jsonld:
            text = document_text(framed_document(model, graph), CONTEXT_URL)
            (self.root / "models" / f"{name}.jsonld").write_text(text, encoding="utf-8")
        (self.root / "models" / f"{name}.ttl").write_text(turtle(graph), encoding="utf-8")

    def finish(self) -> None:
        """Every document written: by the worker (an error if it stopped short), else here."""
        if self.worker is None:
            self._write_all()
            return
        self.worker.join()
        if self.worker.exitcode != 0:
            raise OutputError(f"{self.root}: the process writing the models' Turtle and JSON-LD "
                              f"stopped (exit code {self.worker.exitcode})")


def script_json(document: str) -> str:
    """A document's JSON text for a <script type="application/ld+json"> element: '<' escaped, so
    no text in the data can close the element."""
    return document.replace("<", "\\u003c")


def turtle(graph: set[tuple]) -> str:
    """A model's graph as Turtle, subjects and triples sorted, with those of atlaskg's prefixes
    that its IRIs use (all fifty would repeat 3 KB in each of two thousand files)."""
    triples = sorted((ox.Triple(*t) for t in graph), key=str)
    # cast: with no output, ox.serialize returns bytes (its stub says bytes | None)
    return cast(bytes, ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                    prefixes=_prefixes_used(graph))).decode("utf-8")


def _prefixes_used(graph: set[tuple]) -> dict[str, str]:
    """The prefixes whose namespace starts an IRI of the graph (a datatype's included; not what
    Turtle writes its own way: rdf:type as a predicate, `a`; strings, plain or tagged), and one
    per imported dataset and kind of node it has there. Every namespace ends in '/' or '#', so an
    IRI's candidates are its beginnings up to one of those."""
    iris = {term.value for s, p, o in graph for term in ((s, o) if p == _RDF_TYPE else (s, p, o))
            if isinstance(term, ox.NamedNode)}
    iris |= {term.datatype.value for triple in graph for term in triple[2:]
             if isinstance(term, ox.Literal) and not term.language and term.datatype != _XSD_STRING}
    used: set[str] = set()
    for iri in iris:
        used.update(iri[:at + 1] for at, char in enumerate(iri) if char in "/#")
    prefixes = {prefix: namespace for prefix, namespace in _SORTED_PREFIXES.items() if namespace in used}
    for namespace in sorted(used):  # a dataset's kind of node: litellm-price: for .../ext/litellm/price/
        named = _DATASET_NAMESPACE.fullmatch(namespace)
        if named:
            prefixes.setdefault(named[1].replace("/", "-"), namespace)
    return prefixes
