"""The curated tables of mappings/ (developers, providers, identity rules and overrides): tab-
separated, with `#` comment lines, read with each row's line number so that a bad row is named;
and the platform each dataset's provider is (providers.tsv), which both the platforms and the
resolution (one identifier at one platform in two datasets) read."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_dir


def table_rows(path: Path, required: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """(line number, row) of every row below the header; AtlasError naming the file and line of
    a row that lacks one of the `required` columns."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    body = [(number, line) for number, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not body:
        return []
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in body)), delimiter="\t")
    rows = list(zip((number for number, _ in body[1:]), reader))
    for number, row in rows:
        missing = [column for column in required if not row.get(column)]
        if missing:
            raise AtlasError(f"{path}: line {number}: {', '.join(required)} are needed ({', '.join(missing)} missing)")
    return rows


def provider_platforms(providers: Iterable[tuple[str, str]], path: Path | None = None) -> dict[tuple[str, str], str]:
    """(dataset, provider id) -> platform key: mappings/providers.tsv's, else models.dev's id spelled
    the same but for '-' and '_' (LiteLLM's github_copilot is models.dev's github-copilot), else
    the provider's own id."""
    rows = table_rows(path or bundled_dir("mappings") / "providers.tsv", ("dataset", "provider", "platform", "comment"))
    table = {(row["dataset"], row["provider"]): row["platform"] for _, row in rows}
    providers = set(providers)
    models_dev = {_squashed(provider): provider for dataset, provider in providers if dataset == "models-dev"}
    return {(dataset, provider): table.get((dataset, provider)) or models_dev.get(_squashed(provider), provider)
            for dataset, provider in providers}


def _squashed(text: str) -> str:
    return re.sub(r"[-_]", "", text.lower())
