"""Errors a user can act on: each names the file, line or node, and the rule broken."""


class AtlasError(Exception):
    """A failure reported to the user as one line; the CLI exits with `exit_code`."""

    exit_code = 2


class LoadError(AtlasError):
    """A data file cannot be read or parsed."""


class QueryError(AtlasError):
    """A query is unknown, malformed, refused, or given bad parameters."""


class OutputError(AtlasError):
    """A result cannot be written where the user asked."""
