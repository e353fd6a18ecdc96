"""The files an atlas build writes beside the graph: how every dataset entry was resolved, what
the checks found in each imported source, and which source fields found no home."""

from __future__ import annotations

from atlaskg.link.atlas import Atlas
from atlaskg.link.resolution import Outcome, summary
from atlaskg.output import records

OUTCOME_FIELDS = ["dataset", "provider", "identifier", "status", "model", "developer", "key", "rule", "confidence",
                  "reason", "entry"]
SUMMARY_FIELDS = ["dataset", "entries", "resolved", "ambiguous", "unresolved", "models"]
FINDING_FIELDS = ["dataset", "kind", "level", "rule", "count", "example"]


def atlas_reports(atlas: Atlas, imported_findings: list[dict]) -> dict[str, bytes]:
    unmapped = [{"dataset": c.name, "version": c.version, "field": name, "count": count}
                for c in atlas.datasets for name, count in sorted(c.unmapped.items())]
    unmapped += [{"dataset": name, "version": "", "field": f"(not converted: {why})", "count": ""}
                 for name, why in sorted(atlas.skipped.items())]
    tables = {
        "resolution.tsv": records([o.as_row() for o in atlas.outcomes], "tsv", OUTCOME_FIELDS),
        "resolution-summary.tsv": records(summary(atlas.outcomes), "tsv", SUMMARY_FIELDS),
        "imported-findings.tsv": records(imported_findings, "tsv", FINDING_FIELDS),
        "unmapped.tsv": records(unmapped, "tsv", ["dataset", "version", "field", "count"]),
    }
    return {name: text.encode("utf-8") for name, text in tables.items()}


def summary_lines(outcomes: list[Outcome]) -> list[str]:
    """One line per dataset, for the build's stderr."""
    return [f"{row['dataset']}: {row['entries']} entries, {row['resolved']} resolved to {row['models']} models, "
            f"{row['ambiguous']} ambiguous, {row['unresolved']} unresolved" for row in summary(outcomes)]
