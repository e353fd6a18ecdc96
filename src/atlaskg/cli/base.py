"""The command line's frame: the `atlaskg` group and its global options, the one place where
failures become one line and an exit code, and the helpers every command shares."""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from atlaskg.core.errors import AccessRefused, Adjustable, AtlasError
from atlaskg.core.guard import allowing_reads, guarded
from atlaskg.core.guard import install as install_guard
from atlaskg.core.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_JSONLD_WORK, LIMITS
from atlaskg.core.progress import Progress
from atlaskg.core.version import VERSION
from atlaskg.store import MAX_FILE_BYTES, load
from atlaskg.store.last_build import STORE_ENV, locate

INTERRUPTED = 130  # the shell's code for a command stopped by SIGINT
MAX_DEPTH_CEILING = 1000


class Seconds(click.FloatRange):
    """A time in seconds: a finite number within bounds (NaN passes a range's comparisons)."""

    def __init__(self, minimum: float = 0.1, maximum: float = 86400):
        super().__init__(min=minimum, max=maximum)

    def convert(self, value, param, ctx):
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


class Choices(click.Choice):
    """A choice among values that a heavier module owns (the importers, the SHACL engines), asked
    for when a value is checked or a command's help is shown, not when the command is defined:
    every command, and 'atlaskg --help', would otherwise import that module (and rdflib) first."""

    def __init__(self, values: Callable[[], Iterable[str]]):
        self.values, self.case_sensitive = values, True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]  # read-only: the owner's values, on each use
        return tuple(self.values())


def _engines() -> tuple[str, ...]:
    from atlaskg.check.shacl import ENGINES

    return ENGINES


DATA_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
ENGINE = click.option("--engine", type=Choices(_engines), default="turbo", show_default=True,
                      help="SHACL engine: pyshacl-turbo (fast) or pySHACL (reference).")


# The module that defines each command: a command imports its own module alone (a query needs
# none of the imports of the build, the checks or the server), `--help` imports them all.
COMMAND_MODULES = {**dict.fromkeys(("build", "export", "diff", "fmt", "synth"), "building"),
                   **dict.fromkeys(("validate", "check", "report"), "checking"),
                   **dict.fromkeys(("import", "snapshot", "extract-results", "reconcile"), "linking"),
                   **dict.fromkeys(("site", "context"), "publishing"),
                   **dict.fromkeys(("queries", "query", "search", "compare", "describe", "evidence"), "querying"),
                   **dict.fromkeys(("serve", "publish"), "serving")}


class _Group(click.Group):
    """Turns every failure into one line and a documented exit code; defines a command when it
    is asked for (click's lazily loaded subcommands)."""

    def get_command(self, ctx, cmd_name):
        if cmd_name in COMMAND_MODULES:
            importlib.import_module(f"atlaskg.cli.{COMMAND_MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx):
        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(f"atlaskg.cli.{module}")
        return super().list_commands(ctx)

    def main(self, *args, **kwargs):
        """click's own run, except that a usage error is one line too, with where to read more."""
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.UsageError as err:
            where = f" (see: {err.ctx.command_path} --help)" if err.ctx is not None else ""
            click.echo(f"atlaskg: error: {_printable(err.format_message())}{where}", err=True)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            click.echo(f"atlaskg: error: {_printable(err.format_message())}", err=True)
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("atlaskg: interrupted", err=True)
            sys.exit(INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx):
        try:
            with Progress("atlaskg") as progress:
                ctx.meta["atlaskg.core.progress"] = progress
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except AtlasError as err:
            click.echo(f"atlaskg: error: {_printable(_worded(ctx, err))}", err=True)
            ctx.exit(err.exit_code)
        except AccessRefused as err:
            click.echo(f"atlaskg: error: {_printable(err)}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("atlaskg: interrupted; every output is as it was or complete, none half-written",
                       err=True)
            ctx.exit(INTERRUPTED)
        except Exception as err:
            if ctx.meta.get("atlaskg.debug"):
                raise
            click.echo(f"atlaskg: internal error: {type(err).__name__}: {_printable(err)} (rerun with --debug)",
                       err=True)
            ctx.exit(2)


def _printable(error: Exception | str) -> str:
    """The message on one line: control characters from file names or IRIs (a newline, an
    escape sequence that would repaint the terminal) are shown escaped, never sent raw."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(error))


# Each setting a library error names (Adjustable.setting, the Python API's keyword) as the option
# that changes it here: atlaskg's own options before the command, the command's after it.
OPTIONS = {"timeout": "--timeout", "max_rows": "--max-rows", "allow_service": "--allow-service", "port": "--port",
           "max_depth": "atlaskg --max-depth", "max_file_bytes": "atlaskg --max-file-mb",
           "max_jsonld_work": "atlaskg --max-jsonld-work"}


def _worded(ctx: click.Context, error: AtlasError) -> str:
    """The error as the command line says it: a setting named by its option, when the command
    that ran has that option (a command without --timeout is not told to pass it)."""
    if not isinstance(error, Adjustable):
        return str(error)
    option = OPTIONS.get(error.setting)
    return error.worded(option) if option in _options(ctx) else error.message


def _options(ctx: click.Context) -> set[str]:
    """atlaskg's own options ('atlaskg --max-depth') and those of the command that ran ('--timeout')."""
    group = ctx.command
    assert isinstance(group, click.Group)
    command = group.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
    return ({f"atlaskg {opt}" for param in group.params for opt in param.opts}
            | {opt for param in (command.params if command else ()) for opt in param.opts})


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.option("--max-file-mb", type=click.IntRange(min=1), default=MAX_FILE_BYTES // 2**20, show_default=True,
              help="Refuse data files larger than this (MiB).")
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), envvar=STORE_ENV,
              default=None, help="Built store to open instead of parsing the bundled files (written by "
              "'atlaskg build'; env ATLASKG_STORE). Default: ./dist/store, else the last build's store (as "
              "said on stderr). Ignored when missing; a stale one is reported and not used.")
@click.option("--max-depth", type=click.IntRange(min=1, max=MAX_DEPTH_CEILING), default=DEFAULT_MAX_DEPTH,
              show_default=True, help="Refuse JSON-LD, blank nodes and SPARQL brackets nested deeper than this "
              f"(at most {MAX_DEPTH_CEILING}: Oxigraph's parser overflows its stack further on).")
@click.option("--max-jsonld-work", type=click.IntRange(min=1), default=DEFAULT_MAX_JSONLD_WORK, show_default=True,
              help="Refuse JSON-LD whose scoped contexts would apply more term definitions than this.")
@click.version_option(VERSION, prog_name="atlaskg")
@click.pass_context
def cli(ctx, debug, max_file_mb, store, max_depth, max_jsonld_work):
    """atlaskg: a sourced, SHACL-checked knowledge graph of AI models.

    Exit codes: 0 success, 1 data does not conform or a check fails, 2 usage or runtime error,
    130 interrupted (Ctrl-C).
    """
    ctx.meta["atlaskg.debug"] = debug
    ctx.meta["atlaskg.max_file_bytes"] = max_file_mb * 2**20
    located = locate(store)
    ctx.meta["atlaskg.store"], ctx.meta["atlaskg.store_note"] = located.store, located.note
    if located.store is not None:  # a build's store is the input of the command, as if named
        ctx.with_resource(allowing_reads([located.store]))
    LIMITS.configure(max_depth=max_depth, max_jsonld_work=max_jsonld_work)


def load_catalog(paths=(), may_differ=()):
    """The bundled catalogue (from the built store when it is current, apart from the files in
    `may_differ`) plus `paths`."""
    meta = click.get_current_context().meta
    warn = lambda message: click.echo(f"atlaskg: warning: {message}", err=True)  # noqa: E731
    if meta["atlaskg.store_note"]:
        click.echo(f"atlaskg: {meta['atlaskg.store_note']}", err=True)
    return load(paths, max_file_bytes=meta["atlaskg.max_file_bytes"], store=meta["atlaskg.store"], warn=warn,
                progress=status_line(), may_differ=may_differ)


def status_line() -> Progress:
    """The status line of this command (shown on a terminal only)."""
    return click.get_current_context().meta["atlaskg.core.progress"]


def main() -> None:
    """Console entry point: no network and no reads beyond the files named on the command line."""
    install_guard()
    with guarded(read_paths=_named_paths(sys.argv[1:])):
        cli(prog_name="atlaskg")


def _named_paths(args: list[str]) -> list[Path]:
    """The arguments that name existing files or folders (the guard lets atlaskg read them)."""
    candidates = [part for arg in args for part in (arg, arg.partition("=")[2]) if part]
    return [Path(c) for c in candidates if _exists(c)]


def _exists(candidate: str) -> bool:
    try:
        return Path(candidate).exists()
    except (OSError, ValueError):  # too long for a file name, or a NUL byte: not a path
        return False
