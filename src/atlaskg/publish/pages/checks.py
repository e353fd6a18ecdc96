"""The page of the check findings: every finding of the shapes with its severity, counted, each
linked to the page that shows its focus node."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from atlaskg.publish.data import SiteData, expand
from atlaskg.publish.pages.nodes import node_href


def checks_page(data: SiteData, root: str = "") -> dict:
    rows: list[dict[str, Any]] = []
    for finding in data.report.findings:
        node = expand(finding.focus)
        rows.append({"severity": finding.severity, "focus": finding.focus, "path": finding.path,
                     "value": finding.value, "message": finding.message, "component": finding.component,
                     "location": finding.location, "href": node_href(data, node, root) if node else None})
    counts: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["severity"]] += 1
    return {"rows": rows, "counts": dict(sorted(counts.items())), "root": root,
            "conforms": data.report.conforms}
