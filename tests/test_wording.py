"""The library speaks no front end's language: outside `cli/`, no message names an option of the
command line. A limit or a switch reaches the user as fields of the error (core.errors.Adjustable),
and each front end says how to change it: the CLI with its option, the Python API with the keyword
argument, the SPARQL server for an HTTP client. A message naming `--timeout` from library code
would tell a Python caller or an HTTP client to pass an option it has no way to pass."""

from __future__ import annotations

import ast
import re

import click
import pytest

from atlaskg.cli import cli
from atlaskg.cli.base import OPTIONS
from atlaskg.core.errors import Adjustable, QueryError
from conftest import ROOT

PACKAGE = ROOT / "src" / "atlaskg"
# (module, option): strings that hold an option of atlaskg's and are no message to a user.
EXCEPTIONS = {
    ("importers/result_sources.py", "--format"),  # git's own option (git log --format=%H %cs), run to date a checkout
}
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _options(command: click.Command) -> set[str]:
    """Every long option of the command line, of atlaskg itself and of each command."""
    found = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            found |= _options(command.get_command(context, name))
    return found


def _strings(tree: ast.Module):
    """The string constants of a module that are not docstrings (a docstring may point a reader
    to the option that sets what it documents), with their line numbers."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


LIBRARY = sorted(path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] != "cli")


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_library_messages_name_no_command_line_option(path):
    module = str(path.relative_to(PACKAGE))
    options = _options(cli)
    for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
        for option in set(_OPTION.findall(text)) & options:
            assert (module, option) in EXCEPTIONS, \
                f"{module}:{line}: names the command line's {option}; raise an Adjustable error with the " \
                "setting instead, and let the front end word it (cli/base.py OPTIONS)"


def test_the_grep_sees_an_option_in_a_message():
    """The check above finds what it looks for: an f-string's literal part naming an option."""
    tree = ast.parse('def f(n):\n    """--timeout is fine here."""\n    raise E(f"no answer within {n} s (--timeout)")\n')
    assert [text for _, text in _strings(tree)] == ["no answer within ", " s (--timeout)"]
    assert "--timeout" in _options(cli)


def test_every_setting_the_library_names_has_its_option_on_the_command_line():
    options = _options(cli)
    assert all(option.removeprefix("atlaskg ") in options for option in OPTIONS.values())


def test_each_front_end_words_a_limit_its_own_way():
    err = Adjustable("no answer within 2 s", "timeout", 2.0)
    assert str(err) == "no answer within 2 s (raise the limit: timeout=)", "the Python API names the keyword"
    assert err.worded(OPTIONS[err.setting]) == "no answer within 2 s (raise the limit: --timeout)"
    switch = Adjustable("query uses SERVICE", "allow_service", False, "pass {} to permit it")
    assert str(switch) == "query uses SERVICE (pass allow_service=True to permit it)"
    assert (switch.message, switch.setting, switch.value) == ("query uses SERVICE", "allow_service", False)


def test_the_server_names_no_setting_to_its_clients():
    from atlaskg.query.run import check
    from atlaskg.query.server import _for_client

    with pytest.raises(QueryError) as refused:
        check(None, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert _for_client(refused.value) == "query uses SERVICE, which would reach the network; this endpoint never does"
    with pytest.raises(QueryError) as deep:
        check(None, "SELECT * WHERE " + "{ " * 100 + "}" * 100)
    assert _for_client(deep.value).endswith("over the limit of 64") and deep.value.setting == "max_depth"
