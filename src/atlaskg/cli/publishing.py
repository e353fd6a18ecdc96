"""Commands that publish the catalogue for people and search engines: the static website and the
JSON-LD context."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from atlaskg.cli.base import DATA_PATHS, cli, load_catalog, status_line


@cli.command("site")
@click.option("-o", "--out-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("dist") / "site",
              show_default=True, help="Directory of the website (replaced whole; never a non-empty directory "
                                      "that is not a previous site).")
@click.option("--jsonld", is_flag=True, help="Also write each model's framed JSON-LD beside its Turtle, with the "
                                             "site's one context.jsonld (about 54 MB more on the atlas).")
@DATA_PATHS
def site_command(out_dir, jsonld, paths):
    """Generate the static catalogue website from the graph: an index of every model (sortable and
    filterable), a page per model with its Turtle beside it, a leaderboard per benchmark, a page
    per platform, per source, and the check findings. No server needed: open OUT_DIR/index.html.
    Written into a staging directory that replaces OUT_DIR in one step."""
    from atlaskg.publish.site import write_site

    catalog = load_catalog(paths)
    result = write_site(catalog, out_dir, progress=status_line(), jsonld=jsonld)
    click.echo(str(out_dir / "index.html"))
    click.echo(f"[site] {result.pages} pages for {result.models} models ({result.files} files) in "
               f"{result.seconds:.2f} s", err=True)


@cli.command("context")
@click.option("--check", is_flag=True, help="Exit 1 when the shipped context differs from the generated one.")
def context_command(check):
    """Print the JSON-LD @context generated from the prefix map, the ontology and the bundled data
    (the package ships it as atlaskg/publish/context.jsonld; the site copies it to context.jsonld)."""
    from atlaskg.publish.jsonld import CONTEXT_FILE, context_text, generate_context, shipped_context
    from atlaskg.store import load

    generated = generate_context(load(max_file_bytes=click.get_current_context().meta["atlaskg.max_file_bytes"], store=None))
    if check:
        same = generated == shipped_context()["@context"]
        click.echo(f"{CONTEXT_FILE}: {'up to date' if same else 'differs from the generated context'}", err=True)
        sys.exit(0 if same else 1)
    click.echo(context_text(generated), nl=False)
