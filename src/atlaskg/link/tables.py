"""The curated tables of mappings/ (developers, providers, identity rules and overrides): tab-
separated, with `#` comment lines, read with each row's line number so that a bad row is named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from atlaskg.core.errors import AtlasError


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
