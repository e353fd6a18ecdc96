"""Commands that check the data: SHACL validation (whole or incremental), the consistency
checks, the integrity report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from atlaskg import api
from atlaskg.cli.base import DATA_PATHS, ENGINE, cli, load_catalog, status_line
from atlaskg.core.files import write_atomic
from atlaskg.query.output import records

if TYPE_CHECKING:  # the checks are imported by the commands that run them (rdflib and the SHACL engines)
    from atlaskg.check.shacl import Finding, Report


@cli.command("validate")
@DATA_PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--summary", is_flag=True, help="Count findings per rule, with examples (for large imports).")
@click.option("--changed", type=click.Path(path_type=Path, dir_okay=False),
              help="Validate only what this edited or new file can break: its nodes and the nodes that "
                   "point at them, against the built store (much faster on a large catalogue).")
@ENGINE
def validate_command(paths, fmt, summary, changed, engine):
    """SHACL-validate the bundled catalogue, together with PATHS (files or folders) if given.

    Prints one line per violation (file:line, focus node, path, message, rule) and exits 1 if
    there is any. Warnings (consistency checks) are counted here, listed by 'atlaskg check', and
    included in --format json.
    """
    from atlaskg.check.shacl import summarize

    report = validate_catalog(paths, engine) if changed is None else validate_changed_file(paths, changed, engine)
    imported = report.imported
    violations = report.of_severity("violation")
    warnings = len(report.findings) - len(violations)
    if summary:
        print_summary(summarize(report.findings + imported), fmt)
    else:
        print_findings(report.findings if fmt == "json" else violations, fmt)
    if fmt == "text":
        verdict = "conforms" if report.conforms else "does not conform"
        click.echo(f"{verdict}: {len(violations)} violation(s), {warnings} warning(s) "
                   "(warnings are listed by 'atlaskg check')", err=True)
        if imported:
            click.echo(f"{len(imported)} finding(s) on the imported datasets describe those sources, not the "
                       "catalogue (listed by --summary, and per dataset in the build's imported-findings.tsv)",
                       err=True)
    sys.exit(0 if report.conforms else 1)


@cli.command("check")
@DATA_PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["finding", "never"]), default="finding", show_default=True,
              help="Exit 1 when any claim or consistency check fails ('never': report only).")
@ENGINE
def check_command(paths, fmt, fail_on, engine):
    """Recompute every stated gain and look for conflicting statements.

    Reports each claim that does not hold, with the stated figure, the stored values, the
    recomputed figure and the source. The data is never changed.
    """
    catalog = load_catalog(paths)
    status_line()(f"validating with {engine}")
    findings = api.check(catalog, engine)
    print_findings(findings, fmt)
    if fmt == "text":
        click.echo(f"{len(findings)} check finding(s)", err=True)
    sys.exit(1 if findings and fail_on == "finding" else 0)


@cli.command("report")
@DATA_PATHS
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default="table", show_default=True)
@click.option("--fail-on", type=click.Choice(["ERROR", "WARN", "INFO", "none"]), default="ERROR", show_default=True,
              help="Exit 1 when a problem at this level or worse is found.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Also write the TSV report here.")
def report_command(paths, fmt, fail_on, output):
    """Integrity checks (robot-report style): dangling references, duplicate labels, entities
    defined in two files, missing sources, deprecated references, label whitespace, IRI forms.
    Each check is a SPARQL query in integrity/ with its level in integrity/profile.tsv."""
    from atlaskg.check import integrity

    found = integrity.report(load_catalog(paths))
    problems = found.problems
    if output is not None:
        write_atomic(output, integrity.to_tsv(problems).encode("utf-8"))
    if fmt in ("json", "tsv"):
        click.echo(records([vars(p) for p in problems], fmt, list(integrity.Problem.__dataclass_fields__)), nl=False)
    else:
        for p in problems:
            click.echo(f"{p.location}: {p.level} {p.check}: {p.entity} {p.property} {p.value}")
    click.echo(integrity.summary(problems), err=True)
    if found.imported:
        click.echo(f"{len(found.imported)} problem(s) in the imported datasets describe those sources, not the "
                   "catalogue (per dataset and check in the build's imported-findings.tsv)", err=True)
    sys.exit(1 if integrity.fails(problems, fail_on) else 0)


def validate_changed_file(paths, changed: Path, engine):
    from atlaskg.check.incremental import validate_changed

    catalog = load_catalog(paths, may_differ=[changed])
    status_line()(f"validating the nodes around {changed.name} with {engine}")
    report, focus = validate_changed(catalog, changed, engine=engine,
                                     max_file_bytes=click.get_current_context().meta["atlaskg.max_file_bytes"])
    click.echo(f"validated {len(focus)} node(s) that {changed} describes or that point at them", err=True)
    return report


def validate_catalog(paths, engine) -> Report:
    from atlaskg.check.shacl import validate

    catalog = load_catalog(paths)
    status_line()(f"validating with {engine}")
    return validate(catalog, engine=engine)


def print_summary(groups: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(groups, indent=2, ensure_ascii=False))
        return
    for group in groups:
        rule = f" {group['rule']}" if group["rule"] else ""
        click.echo(f"{group['count']:6} {group['severity']} [{group['component']}{rule}] {group['path']}: "
                   f"{group['message']}")
        click.echo(f"       e.g. {'; '.join(group['examples'])}")


def print_findings(findings: list[Finding], fmt: str) -> None:
    from atlaskg.check.shacl import Finding

    if fmt in ("json", "csv"):
        click.echo(records([f.as_dict() for f in findings], fmt, list(Finding.__dataclass_fields__)), nl=False)
    else:
        for finding in findings:
            click.echo(finding.line())
