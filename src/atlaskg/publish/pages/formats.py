"""How the pages write values: numbers with thousands separators, dates in words, money, a result as
its source gave it, the id of a node's block; and which URLs may become links. One place, so that a
figure reads the same on every page (the templates use them as filters too: publish/site.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

from atlaskg.core.numbers import meaningful
from atlaskg.names.namespaces import BASE
from atlaskg.publish.data import Facts, ResultRow
from atlaskg.store import compact

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_QUALIFIER_MARKS = {"approximate": "~", "at-least": "≥ ", "at-most": "≤ ", "estimate": "≈ "}


def integer(text) -> str:
    """1047576 -> '1,047,576' (text that is not an integer is shown as it is)."""
    try:
        return f"{int(str(text)):,}"
    except ValueError:
        return str(text)


def human_date(text: str) -> str:
    """'2025-04-14' -> '14 April 2025', '2024-06' -> 'June 2024'; anything else as written."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text or "")
    if not match:
        return text or ""
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return text
    if day is None:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def money(value: Decimal | None, currency: str) -> str:
    """$2, $0.50, $1,200; other currencies by their code."""
    if value is None:
        return ""
    value = Decimal(meaningful(str(value)))
    whole = value == value.to_integral_value()
    figure = f"{int(value):,}" if whole else f"{value:,.2f}" if abs(int(value.as_tuple().exponent)) <= 2 else f"{value:,f}"
    return f"${figure}" if currency == "USD" else f"{figure} {currency}"


def anchor(iri: str) -> str:
    """The id of a node's block on its model page: its compact IRI, else its IRI without atlaskg's
    base (a dataset's price is `ext-litellm-price-...`: a page carries thousands of them)."""
    name = compact(iri).strip("<>")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name[len(BASE):] if name.startswith(BASE) else name).strip("-")


def score(row: ResultRow, facts: Facts) -> str:
    """A result as the source gave it: '54.6%', '~64%', '62–63%', '1,234 Elo'."""
    unit = facts.notation(row.unit) if row.unit else ""
    mark = _QUALIFIER_MARKS.get((row.qualifier or "").rsplit("/", 1)[-1], "")
    suffix = unit if unit == "%" else f" {unit}" if unit else ""
    return f"{mark}{row.printed}{suffix}" if row.printed else ""


def yes_no(term) -> str:
    return "" if term is None else "yes" if term.value in ("true", "1") else "no"


def linkable(url: str) -> bool:
    """Whether a source's URL may become a link: http, https and mailto only; anything else
    (`javascript:`, `data:`) is shown as text, so a page runs no script a dataset wrote."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https", "mailto")


def int_or_none(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None
