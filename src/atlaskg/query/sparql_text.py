r"""Reading SPARQL text without running it: what a query asks for (an update, SERVICE, FROM) and
whether it nests too deep for a parser are decided here, before any engine sees it.

The tokens follow the terminals of the SPARQL 1.1 grammar as Oxigraph reads them (codepoint
escapes only inside IRIs and strings, comments ending at CR or LF, `\#` and the other escapes
inside prefixed names), and a character that starts no token is an error, so a keyword the
engine would run is never hidden inside what this module takes for a string, an IRI or a
comment. The one terminal that needs the parser's context, `<` as an IRI or as "less than", is
read both ways where that matters: an apostrophe inside is refused (under one reading it starts
a string), brackets inside count towards the nesting depth. `with_prefixes` puts the PREFIX
lines of atlaskg's one prefix map in front of a query."""

from __future__ import annotations

import functools
import re

from atlaskg.core.errors import UnreadableQuery
from atlaskg.names.namespaces import sparql_prefixes

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf"'\\]"""
_STRINGS = (rf'''"""(?:[^"\\]|{_ECHAR}|{_UCHAR}|"(?!""))*"""''',
            rf"""'''(?:[^'\\]|{_ECHAR}|{_UCHAR}|'(?!''))*'''""",
            rf'''"(?:[^"\\\r\n]|{_ECHAR}|{_UCHAR})*"''',
            rf"""'(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*'""")
_TERMINALS = {
    "space": r"\s+",
    "comment": r"#[^\r\n]*",
    "string": "|".join(_STRINGS),
    "iri": rf"""<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>""",
    "variable": r"[?$]\w+",
    "language": r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*",
    "word": r"""(?:[\w.:\-\u00B7]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])+""",
    "operator": r"\^\^|&&|\|\||!=|<=|>=|[(){}\[\];,=<>!*/+\-^|?]",
}
_LEXEME = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TERMINALS.items()))
_OPENING, _CLOSING = "({[", ")}]"
_UPDATE_KEYWORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
_PROLOGUE = {"prefix", "base"}


def tokens(text: str) -> list[str]:
    """The query's tokens, whitespace and comments dropped. UnreadableQuery names the line and column
    of a character that starts no token, or of an IRI that may be "less than" and a string."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[str, ...]:
    """`tokens`, kept for the last few texts: checking a query before it runs reads them five times."""
    found = []
    position = 0
    while position < len(text):
        match = _LEXEME.match(text, position)
        if match is None:
            raise UnreadableQuery(f"refused: no SPARQL token starts at {_where(text, position)}")
        kind, lexeme = match.lastgroup, match.group()
        if kind == "iri" and "'" in lexeme:
            raise UnreadableQuery(f"refused: {lexeme[:40]!r} at {_where(text, position)} reads both as an IRI and as "
                             "'<' before a string; write an apostrophe in an IRI as \\u0027, or put "
                             "spaces around '<' when it compares")
        if kind not in ("space", "comment"):
            found.append(lexeme)
        position = match.end()
    return tuple(found)


def _where(text: str, position: int) -> str:
    line_start = text.rfind("\n", 0, position) + 1
    return f"line {text.count(chr(10), 0, position) + 1}, column {position - line_start + 1}"


def is_update(text: str) -> bool:
    """True when the first keyword after the prologue starts a SPARQL Update operation."""
    return _first_keyword(text) in _UPDATE_KEYWORDS


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: what kind of answer the query asks for."""
    return _first_keyword(text).upper()


def _first_keyword(text: str) -> str:
    words = _tokens(text)
    index = 0
    while index < len(words) and words[index].lower() in _PROLOGUE:
        index += 3 if words[index].lower() == "prefix" else 2
    return words[index].lower() if index < len(words) else ""


def service_targets(text: str) -> list[str]:
    """The endpoint of each SERVICE clause ('?var' when it is a variable)."""
    return _operands(_tokens(text), "service", "silent")


def dataset_iris(text: str) -> list[str]:
    """The IRIs named by FROM and FROM NAMED."""
    return [iri.strip("<>") for iri in _operands(_tokens(text), "from", "named")]


def _operands(words: tuple[str, ...], keyword: str, modifier: str) -> list[str]:
    """The token after each `keyword`, skipping an optional `modifier` ('' at the end of the text)."""
    found = []
    for index, word in enumerate(words):
        if word.lower() == keyword:
            following = words[index + 1: index + 3]
            if following and following[0].lower() == modifier:
                following = following[1:]
            found.append(following[0] if following else "")
    return found


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets ((), {}, []) outside strings and comments. Brackets inside
    an IRI count too: read as "less than", `<(((…>` opens them."""
    depth = deepest = 0
    for token in _tokens(text):
        for bracket in token if token.startswith("<") or token in _OPENING + _CLOSING else "":
            if bracket in _OPENING:
                depth += 1
                deepest = max(deepest, depth)
            elif bracket in _CLOSING:
                depth -= 1
    return deepest


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query declares itself."""
    words = _tokens(text)
    return {words[i + 1].rstrip(":") for i, w in enumerate(words[:-1]) if w.lower() == "prefix"}


def with_prefixes(text: str) -> str:
    """`text` with the PREFIX lines of atlaskg's prefix map in front, for the prefixes it does not
    declare itself (generated by atlaskg.names.namespaces.sparql_prefixes, in the map's order)."""
    return sparql_prefixes(skip=declared_prefixes(text)) + text
