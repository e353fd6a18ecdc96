"""The `atlaskg` command line: a thin layer over the library, one module per capability."""

from atlaskg.cli import building, checking, linking, publishing, querying, serving  # noqa: F401 (they register the commands)
from atlaskg.cli.base import cli, main

__all__ = ["cli", "main"]
