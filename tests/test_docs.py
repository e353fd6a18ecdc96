"""The documents say what the code and the data do: the generated references are what their
generators write today, every relative link leads to a file (and heading), and the README's tour
prints what the default build prints."""

from __future__ import annotations

import re
import shlex

import click
import pytest

from atlaskg.cli import cli
from conftest import ROOT

DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "CONTRIBUTING.md", ROOT / "data" / "README.md",
                    *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
ELIDED = "..."  # a line of a shown output that stands for lines left out


def test_the_cli_reference_is_the_commands_help():
    from atlaskg.cli.reference import reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), \
        "docs/cli.md is out of date: python -m atlaskg.cli.reference > docs/cli.md"


def test_the_data_model_reference_is_the_ontology():
    from atlaskg.publish.datamodel_doc import datamodel

    text = datamodel(sorted((ROOT / "ontology").rglob("*.ttl")))
    assert (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8") == text, \
        "docs/data-model.md is out of date: python -m atlaskg.publish.datamodel_doc > docs/data-model.md"
    assert "`atlas:Model`" in text and "`atlas:contextWindowTokens`" in text and "Price conditions" in text


def test_the_generated_references_do_not_depend_on_the_terminal(monkeypatch):
    from atlaskg.cli.reference import reference

    monkeypatch.setenv("COLUMNS", "200")
    assert reference() == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading(document):
    assert document.is_file(), f"{document.relative_to(ROOT)} is missing"
    for target in LINK.findall(_prose(document.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:: not followed (the tests run without a network)
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.relative_to(ROOT)} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{document.relative_to(ROOT)} links to {target}: no such heading"


def _prose(text: str) -> str:
    """The text outside code blocks (where brackets are code, not links)."""
    return re.sub(r"```.*?```", "", text, flags=re.S)


def _anchors(document) -> set[str]:
    """The anchors GitHub gives the headings of a markdown file."""
    headings = re.findall(r"^#+ (.+)$", _prose(document.read_text(encoding="utf-8")), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


# ---- the README's tour, on the default build ---------------------------------------------------

def tour() -> list[tuple[list[str], int | None, list[str]]]:
    """The README's console examples: (arguments after `atlaskg`, the N of a `| head -N`, the
    output lines shown, which may leave lines out with '...')."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", readme, flags=re.S):
        for command in re.split(r"^\$ ", block, flags=re.M)[1:]:
            line, *shown = command.rstrip("\n").split("\n")
            line, _, pipe = line.partition(" | ")
            head = re.fullmatch(r"head -(\d+)", pipe.strip())
            assert not pipe or head, f"the tour pipes only into head -N: {line} | {pipe}"
            args = shlex.split(line.rstrip(" &"))
            assert args[0] == "atlaskg", f"the tour runs atlaskg: {line}"
            examples.append((args[1:], int(head.group(1)) if head else None, shown))
    return examples


def test_the_tour_shows_the_questions_the_readme_promises():
    commands = [" ".join(args) for args, _, _ in tour()]
    for what in ("cheapest-offerings", "models-matching", "compare", "price-performance", "site", "serve"):
        assert any(what in command for command in commands), f"the tour shows no {what}"


@pytest.mark.parametrize("args", [args for args, _, shown in tour() if not shown], ids=" ".join)
def test_each_tour_command_without_output_is_a_valid_command_line(args):
    """The commands the tour shows without their output (the site, serve) take those options."""
    ctx = click.Context(cli, info_name="atlaskg")
    command = cli.get_command(ctx, args[0])
    assert command is not None, f"no command {args[0]}"
    command.make_context(args[0], list(args[1:]), parent=ctx)  # raises on an unknown option or value


@pytest.mark.datasets
@pytest.mark.parametrize("args, head, shown", [example for example in tour() if example[2]],
                         ids=[" ".join(args) for args, _, shown in tour() if shown])
def test_the_tour_prints_what_the_readme_shows(run_cli, atlas, args, head, shown):
    result = run_cli("--store", atlas / "store", *args)
    assert result.exit_code == 0, result.stderr
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    if head is not None:
        printed = printed[:head]
    wanted = [line.rstrip() for line in shown if line.strip() != ELIDED]
    missing = [line for line in wanted if line not in printed]
    assert not missing, f"atlaskg {' '.join(args)} no longer prints:\n" + "\n".join(missing)
    positions = [printed.index(line) for line in wanted]
    assert positions == sorted(positions), "the README shows the lines in the order they are printed"
    if ELIDED not in [line.strip() for line in shown]:
        assert printed == wanted, "the README shows the whole output (or marks what it leaves out with ...)"
