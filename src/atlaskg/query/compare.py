"""Models side by side: their specifications, their cheapest paid list price across providers,
their curated list prices, and the benchmark results they share, each with its difference from
the first model. Built from the named queries, so it says
nothing they do not."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

from atlaskg.core import guard
from atlaskg.core.errors import QueryError
from atlaskg.query import run_named
from atlaskg.query.lookup import resolve
from atlaskg.store import Catalog

SPECIFICATION = ("developer", "released", "contextWindowTokens", "maxOutputTokens", "knowledgeCutoff",
                 "parameterCount", "weights", "license")
# The named queries asked of each model, in the order the table uses them.
_ASKED = ("model-card", "cheapest-offerings", "developer-prices", "prices-as-of", "model-results")
_AT_ONCE = 4  # questions asked at once: enough to keep two cores busy while a thread runs Python

TextRows = list[dict[str, str]]  # a named query's rows, each value as text


def compare(catalog: Catalog, models: list[str]) -> tuple[list[str], list[list[str]]]:
    """A table: one row per fact, one column per model (the name each model goes by)."""
    if len(models) < 2:
        raise QueryError("compare needs at least two models")
    iris = [_one(catalog, text) for text in models]
    today = date.today().isoformat()
    questions = [(name, {"model": iri, **({"as_of": today} if name == "prices-as-of" else {})})
                 for iri in iris for name in _ASKED]
    answers = _answers(catalog, questions)
    asked = [dict(zip(_ASKED, answers[i * len(_ASKED):])) for i in range(len(iris))]  # per model: name -> rows
    cards = [answer["model-card"] for answer in asked]
    names = [card[0]["name"] if card else iri for card, iri in zip(cards, iris)]
    table = [[field, *(_joined(card, field) for card in cards)] for field in SPECIFICATION]
    table += _cheapest(asked)
    table += _prices(asked)
    table += _shared_results(asked)
    return ["fact", *names], table


def _answers(catalog: Catalog, questions: list[tuple[str, dict[str, str]]]) -> list[TextRows]:
    """The rows of each question (a named query and its parameters), asked a few at a time:
    Oxigraph answers without holding the GIL, so on two cores the ten questions of two models take
    about half their sum (most of it cheapest-offerings'). Each thread follows the caller's guard
    (its policy is per thread); the first error raised is raised to the caller."""
    policy = guard.policy()
    answers: list[TextRows | BaseException] = [[] for _ in questions]
    pending = iter(enumerate(questions))
    taking = threading.Lock()

    def work() -> None:
        with guard.adopted(policy):
            while True:
                with taking:
                    item = next(pending, None)
                if item is None:
                    return
                index, (name, params) = item
                try:
                    answers[index] = _rows(catalog, name, **params)
                except BaseException as err:  # raised to the caller below
                    answers[index] = err

    threads = [threading.Thread(target=work, name="atlaskg-compare", daemon=True)
               for _ in range(min(_AT_ONCE, len(questions)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return [answer for answer in answers if not isinstance(answer, BaseException)]


def _one(catalog: Catalog, text: str) -> str:
    found = resolve(catalog, "model", text, argument="model")
    if len(found) > 1:
        raise QueryError(f"model '{text}' names {len(found)} models; name one: {', '.join(found)}")
    return found[0]


def _rows(catalog: Catalog, name: str, **params: str) -> TextRows:
    """A named query's rows with each value as text."""
    result = run_named(catalog, name, params)
    return [{var: term.value for var, term in zip(result.variables, row) if term is not None} for row in result.rows]


def _joined(rows: TextRows, field: str) -> str:
    return ", ".join(dict.fromkeys(row[field] for row in rows if field in row))


def _cheapest(asked: list[dict[str, TextRows]]) -> list[list[str]]:
    """Each model's cheapest paid list price today across every provider (`cheapest-offerings`
    without a condition), its developer's own list price (`developer-prices`), and how many
    providers list a paid price for it."""
    def first(rows: TextRows) -> str:
        return f"{rows[0]['input']} / {rows[0]['output']} ({rows[0]['platform']})" if rows else ""

    cells, own, counts = [], [], []
    for answer in asked:
        listed = [r for r in answer["cheapest-offerings"] if not r.get("condition")]
        cells.append(first(listed))
        own.append(first(answer["developer-prices"]))
        counts.append(str(len({r["platform"] for r in listed})) if listed else "")
    return [["cheapest paid list price: input / output USD per 1M tokens (where)", *cells],
            ["the developer's own list price: input / output USD per 1M tokens (where)", *own],
            ["providers with a paid list price", *counts]]


def _prices(asked: list[dict[str, TextRows]]) -> list[list[str]]:
    """One row per platform and price component that any of the models has a price for today."""
    per_model = [{(r["platform"], r["component"]): f"{r['price']} {r['currency']} / {r['per']}"
                  for r in answer["prices-as-of"]} for answer in asked]
    keys = sorted({key for prices in per_model for key in prices})
    return [[f"price: {component} ({platform})", *(prices.get((platform, component), "") for prices in per_model)]
            for platform, component in keys]


def _shared_results(asked: list[dict[str, TextRows]]) -> list[list[str]]:
    """Results on the same benchmark, setting and metric for every model, with the difference
    from the first model's score (results given as ranges have no single difference)."""
    per_model = [{(r["benchmark"], r.get("setting", ""), r.get("metric", "")): r for r in answer["model-results"]}
                 for answer in asked]
    shared = sorted(set.intersection(*(set(results) for results in per_model)))
    rows = []
    for benchmark, setting, metric in shared:
        cells = [per_model[0][(benchmark, setting, metric)]] + [m[(benchmark, setting, metric)] for m in per_model[1:]]
        first = _score(cells[0])
        shown = [_show(cells[0])]
        for cell in cells[1:]:
            score = _score(cell)
            difference = f" ({score - first:+})" if score is not None and first is not None else ""
            shown.append(_show(cell) + difference)
        label = " / ".join(part for part in (benchmark, setting, metric) if part)
        rows.append([label, *shown])
    return rows


def _score(row: dict[str, str]) -> Decimal | None:
    return Decimal(row["value"]) if "value" in row else None


def _show(row: dict[str, str]) -> str:
    unit = row.get("unit", "")
    value = row["value"] if "value" in row else f"{row.get('min', '?')}–{row.get('max', '?')}"
    return f"{value}{unit if unit == '%' else ' ' + unit if unit else ''}"
