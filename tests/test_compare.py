"""compare asks its named queries a few at a time: the table is the one they give one by one, an
error of any of them is the caller's, and every thread works under the caller's guard."""

from __future__ import annotations

import importlib

import pytest

from atlaskg.core import guard
from atlaskg.core.errors import QueryError

compare = importlib.import_module("atlaskg.query.compare")  # atlaskg.query is also a function


def test_the_answers_are_those_asked_one_by_one_in_order(catalog):
    questions = [(name, {"model": model}) for model in ("GPT-4.1", "Claude 3.7 Sonnet", "GPT-4o")
                 for name in ("model-card", "model-results", "developer-prices")]
    assert compare._answers(catalog, questions) == [compare._rows(catalog, name, **params)
                                                    for name, params in questions]


def test_an_error_of_any_question_is_raised_to_the_caller(catalog):
    questions = [("model-card", {"model": "GPT-4.1"})] * 5 + [("model-card", {"modle": "GPT-4.1"})]
    with pytest.raises(QueryError, match="has no parameter 'modle'"):
        compare._answers(catalog, questions)


def test_every_thread_follows_the_callers_guard(catalog, monkeypatch):
    seen = []
    monkeypatch.setattr(compare, "_rows", lambda catalog, name, **params: seen.append(guard.policy()) or [])
    with guard.guarded():
        policy = guard.policy()
        compare._answers(catalog, [("model-card", {"model": "GPT-4.1"})] * 6)
    assert policy is not None and seen == [policy] * 6
