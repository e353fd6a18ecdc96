"""Reading SPARQL text without running it: what a query asks for (an update, SERVICE, FROM) is
decided here, before any engine sees it, from the query's tokens (strings, IRIs and comments
skipped), so a keyword inside a string or an IRI never counts."""

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
    words = tokens(text)
    index = 0
    while index < len(words) and words[index].lower() in _PROLOGUE:
        index += 3 if words[index].lower() == "prefix" else 2
    return index < len(words) and words[index].lower() in _UPDATE_KEYWORDS


def service_targets(text: str) -> list[str]:
    """The endpoint of each SERVICE clause ('?var' when it is a variable)."""
    words = tokens(text)
    targets = []
    for index, word in enumerate(words):
        if word.lower() == "service":
            following = words[index + 1: index + 3]
            target = following[1] if following[:1] and following[0].lower() == "silent" else following[:1]
            targets.append(target if isinstance(target, str) else (target[0] if target else ""))
    return targets


def dataset_iris(text: str) -> list[str]:
    """The IRIs named by FROM and FROM NAMED."""
    words = tokens(text)
    found = []
    for index, word in enumerate(words):
        if word.lower() == "from":
            following = words[index + 1: index + 3]
            iri = following[1] if following[:1] and following[0].lower() == "named" else following[:1]
            iri = iri if isinstance(iri, str) else (iri[0] if iri else "")
            found.append(iri.strip("<>"))
    return found


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query declares itself."""
    words = tokens(text)
    return {words[i + 1].rstrip(":") for i, w in enumerate(words[:-1]) if w.lower() == "prefix"}
