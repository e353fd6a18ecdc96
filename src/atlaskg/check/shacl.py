"""SHACL validation of the catalogue against the bundled shapes, as a list of readable findings.

Two engines with the same API: pyshacl-turbo (Rust, the default: the SHACL-SPARQL checks run
~250x faster) and pySHACL, the reference implementation; tests assert that they agree. Both read
the catalogue's quads with the printed lexical forms restored, since the consistency checks take
their rounding tolerance from the decimals a source printed.
"""

from __future__ import annotations

import json
import logging
import re
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from atlaskg.check.origins import RESULT_DISAGREEMENT, imported_origins, split_by_origin
from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_files
from atlaskg.names.namespaces import SH, SHAPES, bind_prefixes
from atlaskg.query import query
from atlaskg.query.rows import Rows
from atlaskg.store import Catalog, compact, parse_file
from atlaskg.store.built import CHECKS_FILE, stored_text
from atlaskg.store.terms import to_rdflib

_IRI = re.compile(r"https?://[^\s<>\"'(){}]+[^\s<>\"'(){}.,;:]")
ENGINES = ("turbo", "pyshacl")
_DISAGREEMENTS = "result-disagreements"  # the named query that owns the rule of two results disagreeing
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Finding:
    """One validation result: where it is, which rule it breaks, and what the rule says.

    `rule` names the rule's one owner: the constraint or shape of shapes/ it comes from
    (`shape:check-numeric-claim-holds`; for a property shape, which has no name of its own, the
    named shape holding it, e.g. `shape:Model`, with `path` and `component` saying which of its
    properties), or the query file of a rule a shape cannot word. A report written before findings
    named their rule reads with an empty one."""

    severity: str
    focus: str
    path: str
    value: str
    message: str
    component: str
    location: str
    rule: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        where = f"{self.location}: " if self.location else ""
        path = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        rule = f" {self.rule}" if self.rule else ""
        return f"{where}{self.severity}: {self.focus}{path}{value}: {self.message} [{self.component}{rule}]"


@dataclass
class Report:
    """The verdict on a catalogue: `findings` on the curated and user files decide it; `imported`
    holds what the shapes find in imported datasets, which describes those sources and never
    makes the catalogue fail (see check.origins)."""

    findings: list[Finding]
    imported: list[Finding] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no finding on the curated and user files is a violation (warnings and infos
        are reported, not fatal)."""
        return not any(f.severity == "violation" for f in self.findings)

    def of_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    def to_json(self) -> bytes:
        """The report as a build writes it (checks.json: for the release notes, and for later
        commands that open the built store instead of validating it again)."""
        document = {"conforms": self.conforms, "findings": [f.as_dict() for f in self.findings],
                    "imported": [f.as_dict() for f in self.imported]}
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, text: str) -> Report:
        document = json.loads(text)
        return cls([Finding(**finding) for finding in document["findings"]],
                   [Finding(**finding) for finding in document.get("imported", [])])


def load_shapes(directory: str = "shapes") -> Graph:
    """The bundled shapes graph, files in sorted order."""
    shapes = Graph()
    bind_prefixes(shapes)
    for path in bundled_files(directory):
        for quad in parse_file(path, ox.NamedNode(path.resolve().as_uri())):
            shapes.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return shapes


@contextmanager
def quiet_ill_typed_literals():
    """rdflib logs a traceback for every ill-typed literal ('2025-02-31'^^xsd:date); atlaskg keeps
    such values as the source wrote them and lets SHACL report them, once, as findings."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _data_graph(catalog: Catalog, engine: str, nquads: list[bytes] | None):
    """What each engine reads: turbo the N-Quads text natively, pySHACL an rdflib graph."""
    if engine == "turbo":
        from pyshacl_turbo.rdf import Input as TurboInput  # the engine's own N-Quads input: no rdflib graph

        lines = catalog.nquads() if nquads is None else nquads
        return TurboInput((b"\n".join(lines) + b"\n").decode("utf-8"), "nquads", None, {})
    return catalog.to_rdflib()


def validate(catalog: Catalog, shapes: Graph | None = None, engine: str = "turbo",
             nquads: list[bytes] | None = None, origins: dict[str, str] | None = None) -> Report:
    """Validate the union of the catalogue's graphs; never follows owl:imports or runs SHACL-JS.
    A catalogue opened from a build's store, unchanged, has the build's verdict (the same graphs,
    validated then by the same engine and shapes), which is read instead of validating again.
    `nquads`: the catalogue's N-Quads lines (Catalog.nquads()), when the caller has them already;
    `origins`: check.origins.imported_origins(catalog), when the caller has it already."""
    if engine not in ENGINES:
        raise AtlasError(f"unknown SHACL engine '{engine}' (choose from {', '.join(ENGINES)})")
    stored = stored_text(catalog, CHECKS_FILE) if shapes is None and engine == "turbo" else None
    if stored is not None:
        return Report.from_json(stored)
    if engine == "turbo":  # imported here: the engines cost a tenth of a second to import
        from pyshacl_turbo import validate as run
    else:
        from pyshacl import validate as run
    shapes = shapes if shapes is not None else load_shapes()
    with quiet_ill_typed_literals():
        data = _data_graph(catalog, engine, nquads)
        _conforms, results, text = run(
            data,
            shacl_graph=shapes,
            inference="none",
            do_owl_imports=False,
            advanced=False,
            js=False,
            allow_warnings=True,
        )
    if not isinstance(results, Graph):  # the engine refused the shapes or the data
        raise AtlasError(f"SHACL validation could not run: {' '.join(str(text).split())[:300]}")
    findings = [_finding(catalog, results, shapes, node) for node in results.subjects(RDF.type, SH.ValidationResult)
                if (None, SH.detail, node) not in results]
    findings += result_disagreements(catalog)
    own, imported = split_by_origin(findings, imported_origins(catalog) if origins is None else origins)
    return Report(sorted(own, key=_order), sorted(imported, key=_order))


def _order(finding: Finding) -> tuple:
    return finding.severity != "violation", finding.location, finding.focus, finding.path, finding.message




def result_disagreements(catalog: Catalog) -> list[Finding]:
    """Each pair of benchmark results that disagree (queries/result-disagreements.rq, the one
    owner of that rule: it names both scores and both sources, which a shape's message cannot) as
    a warning, placed in the curated file that states the first where one does."""
    findings = []
    rows = query(catalog, _DISAGREEMENTS)
    assert isinstance(rows, Rows)  # a SELECT query
    for row in rows:
        setting = f" ({row['setting']})" if row.get("setting") else ""
        first = _stated(row["value"], row.get("asNamed"), row["sources"])
        second = _stated(row["otherValue"], row.get("otherAsNamed"), row["otherSources"])
        findings.append(Finding("warning", compact(URIRef(row["result"])), "dqv:value", str(row["value"]),
                                f"Conflicting values: sources disagree on {row['model']} in {row['benchmark']}"
                                f"{setting}: {first}; {second} ({compact(URIRef(row['other']))})",
                                RESULT_DISAGREEMENT, catalog.locate(ox.NamedNode(row["result"])),
                                f"queries/{_DISAGREEMENTS}.rq"))
    return findings


def _stated(value, as_named, sources) -> str:
    named = f" as '{as_named}'" if as_named else ""
    return f"{value}{named} per {sources}"


def _compact_iris(text: str) -> str:
    """Messages substitute full IRIs; show them as prefixed names, as everywhere else."""
    return _IRI.sub(lambda match: compact(URIRef(match.group(0))), text)


def _finding(catalog: Catalog, results: Graph, shapes: Graph, node) -> Finding:
    def one(predicate):
        return results.value(node, predicate)

    focus = one(SH.focusNode)
    path = one(SH.resultPath)
    where = (catalog.locate(ox.NamedNode(str(focus)), ox.NamedNode(str(path)) if isinstance(path, URIRef) else None)
             if isinstance(focus, URIRef) else "")
    value = one(SH.value)
    component = one(SH.sourceConstraintComponent)
    worded = _worded_by(results, node)
    return Finding(
        severity=SEVERITIES.get(one(SH.resultSeverity), "violation"),
        focus=compact(focus),
        path=_path_text(results, path),
        value=compact(value) if value is not None and value != focus else "",
        message=_compact_iris(str(results.value(worded, SH.resultMessage) or "")),
        component=str(component).removeprefix(str(SH)),
        location=where,
        rule=_rule(results, shapes, worded),
    )


def _worded_by(results: Graph, node):
    """The result whose message and rule a finding shows: its own, or where it only says that a
    value does not conform to a nested shape (sh:node shape:In-<scheme>), that shape's (its detail)."""
    message = str(results.value(node, SH.resultMessage) or "")
    details = sorted((d for d in results.objects(node, SH.detail) if results.value(d, SH.resultMessage) is not None),
                     key=lambda d: str(results.value(d, SH.resultMessage)))
    return details[0] if details and message.startswith("Value does not conform to Shape") else node


def _rule(results: Graph, shapes: Graph, node) -> str:
    """The named constraint or shape a validation result comes from (sh:sourceConstraint, else
    sh:sourceShape), or for an unnamed property shape the named shape holding it."""
    for term in (results.value(node, SH.sourceConstraint), results.value(node, SH.sourceShape)):
        if isinstance(term, URIRef):
            return _shape_name(term)
    holder = shapes.value(None, SH.property, results.value(node, SH.sourceShape))
    return _shape_name(holder) if isinstance(holder, URIRef) else ""


def _shape_name(iri: URIRef) -> str:
    """shape:<name>, as the shapes files write it (the shapes namespace is no prefix of the data)."""
    return "shape:" + iri.removeprefix(str(SHAPES)) if iri.startswith(str(SHAPES)) else compact(iri)


def _path_text(results: Graph, path) -> str:
    if path is None:
        return ""
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + compact(inverse)
    return compact(path)


def summarize(findings: list[Finding], examples: int = 3) -> list[dict]:
    """Findings grouped by rule (severity, component, path and the rule they name), largest group
    first: the data-quality profile of a dataset too large to read finding by finding. A group's
    message is its findings' one wording, or the first's where they quote their own values."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        key = (finding.severity, finding.component, finding.path, finding.rule or finding.message)
        groups.setdefault(key, []).append(finding)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [{"severity": severity, "component": component, "path": path, "rule": members[0].rule,
             "message": _wording(members), "count": len(members),
             "examples": [f"{m.focus}{' = ' + m.value if m.value else ''}" for m in members[:examples]]}
            for (severity, component, path, _), members in ordered]


def _wording(members: list[Finding]) -> str:
    wordings = {m.message for m in members}
    return members[0].message if len(wordings) == 1 else f"{members[0].message} (e.g.; {len(wordings)} wordings)"
