"""Errors a user can act on: each names the file, line or node, and the rule broken. Every error
class of the package is here; the CLI turns each into one line and its exit code.

An error that a setting of the caller's would have avoided (a limit, a switch, a port) carries the
setting as fields, not as any front end's wording: the library speaks no command-line option, and
each front end (the Python API, the CLI, the SPARQL server) says how to change the setting its
own way (see `Adjustable`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atlaskg.check.shacl import Report


class AtlasError(Exception):
    """A failure reported to the user as one line; the CLI exits with `exit_code`."""

    exit_code = 2


class LoadError(AtlasError):
    """A data file cannot be read or parsed."""


class QueryError(AtlasError):
    """A query is unknown, malformed, refused, or given bad parameters."""


class Adjustable(AtlasError):
    """A failure that a setting would have avoided: `setting` names it as the Python API's keyword
    argument (timeout, max_rows, max_depth, max_file_bytes, max_jsonld_work; allow_service, a
    switch that was off; port), `value` is its value in force, `message` says what happened in no
    front end's terms, and `advice` how to change it, with {} where a front end names the setting.
    str() is the Python API's wording (`timeout=`, `allow_service=True`); the CLI words it with its
    option (`--timeout`), the server for an HTTP client, who changes no setting of the server's."""

    def __init__(self, message: str, setting: str, value, advice: str = "raise the limit: {}"):
        self.message, self.setting, self.value, self.advice = message, setting, value, advice
        super().__init__(self.worded(f"{setting}=True" if value is False else f"{setting}="))

    def worded(self, how: str) -> str:
        """The message and how to change the setting, `how` naming it as a front end does."""
        return f"{self.message} ({self.advice.format(how)})"


class QueryOverLimit(Adjustable, QueryError):
    """A query or its answer goes past a limit (time, rows, nesting) or needs a switch that is off."""


class LoadOverLimit(Adjustable, LoadError):
    """A data file goes past a limit (size, nesting, JSON-LD work): it is refused before parsing ends."""


class UnreadableQuery(QueryError):
    """A query's text is not made of SPARQL tokens, or reads two ways in a way that matters: it is
    refused before any engine sees it."""


class OutputError(AtlasError):
    """A result cannot be written where the user asked."""


class EndpointError(AtlasError):
    """The endpoint is unreachable, answered with an HTTP error, or sent something unusable."""


class CredentialsError(AtlasError):
    """Credentials were offered where they would leak, or cannot be read."""


class NotConforming(AtlasError):
    """The catalogue breaks a shape; nothing was written."""

    exit_code = 1

    def __init__(self, report: Report):
        self.report = report
        count = len(report.of_severity("violation"))
        super().__init__(f"the catalogue does not conform ({count} violation{'s' if count != 1 else ''}); "
                         "nothing was written (run 'atlaskg validate' for the report)")


class IntegrityErrors(AtlasError):
    """An integrity check at level ERROR failed; nothing was written."""

    exit_code = 1

    def __init__(self, problems):
        errors = [p for p in problems if p.level == "ERROR"]
        first = errors[0]
        super().__init__(f"{len(errors)} integrity error(s), e.g. {first.check}: {first.entity} "
                         f"{first.property} {first.value}; nothing was written (run 'atlaskg report')")


class NotABuildDirectory(AtlasError):
    """The output directory holds something other than a previous build: never replace it."""

    def __init__(self, out_dir: Path, marker: str):
        super().__init__(f"{out_dir}: not empty and not the output of 'atlaskg build' (no {marker}); "
                         "choose a new or empty directory")


class WouldDamage(AtlasError):
    """fmt refuses to rewrite a file whose canonical form would lose something."""


class AccessRefused(PermissionError):
    """Raised inside the audit hook; the CLI reports it as a one-line error."""
