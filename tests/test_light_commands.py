"""The commands people wait for stay light: asking the built store (a named query, search,
compare, describe) and `--help` import neither rdflib, nor a SHACL engine, nor tabulate, each of which
takes longer to import than the built store takes to answer (issue 26, benchmarks/commands.py);
and what replaced tabulate lays tables out as it did."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from tabulate import tabulate

from atlaskg.query.output import _markdown, table
from conftest import ROOT

HEAVY = ("rdflib", "pyshacl", "pyshacl_turbo", "tabulate", "curies", "pydantic", "yaml", "jinja2")
# Runs the command line as the console script does and says, on its last line of stderr, which
# of HEAVY the command imported.
PROBE = """import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr))
from atlaskg.cli import main
main()
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("light") / "dist"
    built = subprocess.run([sys.executable, "-m", "atlaskg", "build", "--curated", "-o", str(out)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return out / "store"


@pytest.mark.parametrize("command", [
    ["query", "cheapest-offerings", "--param", "model=GPT-4.1"],
    ["query", "models-matching", "--param", "modality=image", "--format", "md"],
    ["search", "gpt-4.1"],
    ["compare", "GPT-4.1", "Claude 3.7 Sonnet"],
    ["describe", "GPT-4.1"],
    ["describe", "GPT-4.1", "--format", "jsonld"],
    ["--help"],
])
def test_asking_the_built_store_imports_nothing_heavy(store, command):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), "--store", str(store), *command],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the command answered"
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_the_heavy_modules_are_imported_where_they_are_used(store):
    """The probe sees an import when there is one: validating a file needs the SHACL engine."""
    case = ROOT / "tests/cases/valid/Model-disclosed-parameter-count.ttl"
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), "--store", str(store), "validate",
                           str(case)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert {"rdflib", "pyshacl_turbo"} <= set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_each_command_is_found_in_the_module_that_defines_it():
    """A command imports its own module alone (base.COMMAND_MODULES): the map names every command
    of the command line, each with the module that defines it."""
    import click

    from atlaskg.cli.base import COMMAND_MODULES, cli

    context = click.Context(cli)
    defined = {name: cli.get_command(context, name).callback.__module__ for name in cli.list_commands(context)}
    assert defined == {name: f"atlaskg.cli.{module}" for name, module in COMMAND_MODULES.items()}


def test_a_query_imports_no_other_command():
    probe = ("import atexit, sys\n"
             "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith('atlaskg.cli.')), file=sys.stderr))\n"
             "from atlaskg.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe, "queries"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "['atlaskg.cli.base', 'atlaskg.cli.querying']"


def test_the_package_keeps_its_functions_when_its_subpackages_load():
    """`atlaskg.check` and `atlaskg.query` are functions of the API and subpackages too: importing
    the subpackages later (validate is imported on first use) leaves the functions in place."""
    done = subprocess.run([sys.executable, "-c", "import atlaskg, atlaskg.check.shacl, atlaskg.query.card; "
                           "print(callable(atlaskg.check), callable(atlaskg.query), atlaskg.validate.__module__)"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "atlaskg.check.shacl"]


def test_tables_are_laid_out_as_tabulate_laid_them_out():
    """Random tables, with wide (CJK), combining and zero-width characters, emoji, pipes, empty
    cells, no rows and no columns: the same text as tabulate's simple and GitHub tables."""
    pieces = ["a", "Z", "1", " ", "-", ".", "|", "中", "文", "é", "e\u0301", "\U0001f600", "\u200b", "ﾊ", "…"]
    chosen = random.Random(26)

    def text(most: int) -> str:
        return " ".join("".join(chosen.choice(pieces) for _ in range(chosen.randint(0, most))).split())

    for _ in range(2000):
        columns, rows = chosen.randint(0, 4), chosen.randint(0, 4)
        header = [text(6) or "h" for _ in range(columns)]
        cells = [[text(9) for _ in range(columns)] for _ in range(rows)]
        count = f"({rows} row{'s' if rows != 1 else ''})"
        assert table(header, cells) == tabulate(cells, headers=header, tablefmt="simple",
                                                disable_numparse=True) + "\n" + count + "\n"
        escaped = [[cell.replace("|", "\\|") for cell in row] for row in cells]
        assert _markdown(header, cells) == tabulate(escaped, headers=header, tablefmt="github",
                                                    disable_numparse=True) + "\n"
