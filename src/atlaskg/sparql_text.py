"""Reading SPARQL text without running it: what a query asks for (an update, SERVICE, FROM) and
whether it nests too deep for a parser are decided here, before any engine sees it, from the
query's tokens (strings, IRIs and comments skipped), so a keyword inside a string or an IRI
never counts."""

from __future__ import annotations

import re

_LEXEME = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}'''
                     r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*|[?$]\w+|[\w:.\-]+|\S''',
                     re.S)
_UPDATE_KEYWORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
_PROLOGUE = {"prefix", "base"}


def tokens(text: str) -> list[str]:
    """The query's tokens, comments dropped."""
    return [t for t in _LEXEME.findall(text) if not t.startswith("#")]


def is_update(text: str) -> bool:
    """True when the first keyword after the prologue starts a SPARQL Update operation."""
    return _first_keyword(text) in _UPDATE_KEYWORDS


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: what kind of answer the query asks for."""
    return _first_keyword(text).upper()


def _first_keyword(text: str) -> str:
    words = tokens(text)
    index = 0
    while index < len(words) and words[index].lower() in _PROLOGUE:
        index += 3 if words[index].lower() == "prefix" else 2
    return words[index].lower() if index < len(words) else ""


def service_targets(text: str) -> list[str]:
    """The endpoint of each SERVICE clause ('?var' when it is a variable)."""
    return _operands(tokens(text), "service", "silent")


def dataset_iris(text: str) -> list[str]:
    """The IRIs named by FROM and FROM NAMED."""
    return [iri.strip("<>") for iri in _operands(tokens(text), "from", "named")]


def _operands(words: list[str], keyword: str, modifier: str) -> list[str]:
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
    """The deepest nesting of brackets ((), {}, []) outside strings, IRIs and comments."""
    depth = deepest = 0
    for token in tokens(text):
        if token in ("(", "{", "["):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (")", "}", "]"):
            depth -= 1
    return deepest


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query declares itself."""
    words = tokens(text)
    return {words[i + 1].rstrip(":") for i, w in enumerate(words[:-1]) if w.lower() == "prefix"}
