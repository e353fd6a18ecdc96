"""The `atlaskg` command line: a thin layer over the library, one module per capability, each
imported when one of its commands runs (base.COMMAND_MODULES)."""

from atlaskg.cli.base import cli, main

__all__ = ["cli", "main"]
