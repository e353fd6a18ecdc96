"""Strict parsing of data files into quads: the format follows the extension, text must be UTF-8 in
Unicode NFC, JSON must be strict JSON with inline contexts only, and `owl:imports` is refused.

Turtle, N-Triples, TriG and JSON-LD are all parsed by Oxigraph, which rejects what the
specifications reject (IRIs with spaces, a literal with both a language and a datatype, bad escapes,
relative IRIs) and never loads a remote JSON-LD context. Blank nodes get labels derived from the
graph they belong to and their order of appearance, so the same file always yields the same quads:
outputs are byte-identical from build to build without graph canonicalization.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from atlaskg.core.errors import LoadError, LoadOverLimit
from atlaskg.core.limits import LIMITS
from atlaskg.store.printed import changed_by_store

FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG,
           ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}
MAX_FILE_BYTES = 32 * 1024 * 1024
RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")  # list spines are not nesting
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")
OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_NT_TYPED_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"\^\^<(http://www\.w3\.org/2001/XMLSchema#[^>\n]*)>')


@dataclass
class ParsedFile:
    """A checked file: its quads as parsed (default-graph triples not yet given their graph), or,
    for N-Triples with no blank node to relabel, its bytes for Oxigraph's own loader (`native`)
    and, parsed, only the triples whose printed literal the store would change."""

    path: Path
    graph: ox.NamedNode
    parsed: list[ox.Quad]
    has_blank_nodes: bool
    native: bytes | None = None

    def quads(self) -> list[ox.Quad]:
        """The quads, triples in the file's graph, blank nodes relabelled stably."""
        if self.native is not None:
            return [ox.Quad(t.subject, t.predicate, t.object, self.graph)
                    for t in _parse(self.path, self.native, ox.RdfFormat.N_TRIPLES)]
        default = ox.DefaultGraph()
        quads = [ox.Quad(q.subject, q.predicate, q.object, self.graph) if q.graph_name == default else q
                 for q in self.parsed]
        return _relabelled(quads, self.graph) if self.has_blank_nodes else quads


def read_file(path: Path, graph: ox.NamedNode, max_file_bytes: int = MAX_FILE_BYTES) -> ParsedFile:
    """Read and check one file: known extension, size, UTF-8 NFC text, strict JSON, valid syntax,
    no owl:imports. Raises LoadError naming the file (and the line where known)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(f"{path}: unsupported file extension '{path.suffix}' "
                        f"(expected one of {', '.join(sorted(FORMATS))})")
    text = read_text(path, max_file_bytes)
    if fmt == ox.RdfFormat.N_TRIPLES:
        printed_lines = _native_plan(text)
        if printed_lines is not None:
            parsed = _parse(path, "\n".join(printed_lines).encode("utf-8"), fmt)
            return ParsedFile(path, graph, parsed, False, native=text.encode("utf-8"))
    if fmt == ox.RdfFormat.JSON_LD:
        _check_strict_json(path, text)
    parsed = _parse(path, text.encode("utf-8"), fmt)
    _refuse_imports(path, text, parsed)
    blank = any(type(q.subject) is ox.BlankNode or type(q.object) is ox.BlankNode
                or type(q.graph_name) is ox.BlankNode for q in parsed)
    if blank:
        _refuse_deep_nesting(path, parsed)
    return ParsedFile(path, graph, parsed, blank)


def parse_file(path: Path, graph: ox.NamedNode, max_file_bytes: int = MAX_FILE_BYTES) -> list[ox.Quad]:
    """The quads of one file: triples go into `graph`, a TriG or N-Quads file's named graphs keep
    their names; blank nodes get stable labels."""
    return read_file(path, graph, max_file_bytes).quads()


def read_text(path: Path, max_file_bytes: int = MAX_FILE_BYTES) -> str:
    """The file as NFC text; a byte order mark is dropped, anything else unusual is an error."""
    try:
        # non-blocking open: opening a FIFO would wait for a writer; a FIFO or /dev/zero never ends
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise LoadError(f"{path}: not a regular file")
            data = handle.read(max_file_bytes + 1)  # what is read counts, not what the file system says
        if len(data) > max_file_bytes:
            raise LoadOverLimit(f"{path}: file is over the limit of {max_file_bytes / 2**20:.0f} MiB",
                                "max_file_bytes", max_file_bytes)
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a directory") from None
    except OSError as err:
        raise LoadError(f"{path}: cannot read ({err.strerror or err})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(f"{path}:{line}: malformed text: not UTF-8 ({err.reason} at byte {err.start})") from None
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark carries no meaning
    import unicodedata  # parsing files: not on the way of a query on the built store

    if not unicodedata.is_normalized("NFC", text):
        line = next(n for n, row in enumerate(text.splitlines(), 1) if not unicodedata.is_normalized("NFC", row))
        raise LoadError(f"{path}:{line}: malformed text: not in Unicode NFC (the same words could then "
                        "have two spellings); normalise the file to NFC")
    return text


def _parse(path: Path, data: bytes, fmt: ox.RdfFormat) -> list[ox.Quad]:
    try:
        return list(ox.parse(data, format=fmt))
    except SyntaxError as err:
        raise syntax_error(path, err) from None


def syntax_error(path: Path, err: SyntaxError) -> LoadError:
    """Oxigraph's syntax error as a one-line LoadError with the file and line."""
    message = re.sub(r"^Parser error at line \d+ (between columns \d+ and \d+|column \d+): ", "", str(err))
    message = re.sub(r" \(line \d+\)$", "", " ".join(message.split()))[:300]
    line = f":{err.lineno}" if err.lineno else ""
    return LoadError(f"{path}{line}: malformed {path.suffix[1:]}: {message}")


def _native_plan(text: str) -> list[str] | None:
    """For N-Triples that Oxigraph may load itself (three times faster than Python objects at a
    million triples: no blank node to relabel, no owl:imports to refuse), the lines whose typed
    literal the store would print differently (one triple per line in N-Triples); else None.
    A false None only costs time."""
    if "_:" in text or "owl#imports" in text:
        return None
    matches = list(_NT_TYPED_LITERAL.finditer(text))
    found = {(m.group(1), m.group(2)) for m in matches}
    if any("\\" in lexical for lexical, _ in found):
        return None
    changed = changed_by_store([ox.Literal(lexical, datatype=ox.NamedNode(datatype)) for lexical, datatype in found])
    keys = {(literal.value, literal.datatype.value) for literal in changed}
    return [text[text.rfind("\n", 0, m.start()) + 1: _line_end(text, m.end())] for m in matches
            if (m.group(1), m.group(2)) in keys]


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _relabelled(quads: list[ox.Quad], graph: ox.NamedNode) -> list[ox.Quad]:
    """Blank nodes renamed `b<graph digest>n<order of appearance>`: stable across runs, distinct
    across files (a parser's own labels are random for anonymous nodes)."""
    import hashlib

    stem = "b" + hashlib.sha1(graph.value.encode()).hexdigest()[:12] + "n"
    names: dict[str, ox.BlankNode] = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"{stem}{len(names)}"))
        return term

    return [ox.Quad(stable(q.subject), q.predicate, stable(q.object), stable(q.graph_name)) for q in quads]


def _refuse_imports(path: Path, text: str, quads: list[ox.Quad]) -> None:
    """owl:imports would make a reasoner or validator fetch the target; it is never followed."""
    target = next((q.object for q in quads if q.predicate == OWL_IMPORTS), None)
    if target is None:
        return
    line = next((n for n, row in enumerate(text.splitlines(), 1)
                 if "imports" in row and not row.lstrip().startswith("#")), None)
    where = f"{path}:{line}" if line else str(path)
    shown = f"<{target.value}>" if isinstance(target, ox.NamedNode) else str(target)
    raise LoadError(f"{where}: refused owl:imports {shown} (imports are never followed; "
                    "add the needed file to the command line instead)")


def _check_strict_json(path: Path, text: str) -> None:
    """RFC 8259 JSON (no NaN, no repeated keys), shallow enough, with inline contexts only."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as err:
        raise LoadError(f"{path}:{err.lineno}: malformed jsonld: {err.msg}") from None
    except _NotStrictJson as err:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if err.token in row), 1)
        raise LoadError(f"{path}:{line}: malformed jsonld: {err}") from None
    except RecursionError:
        raise LoadError(f"{path}: malformed jsonld: nested too deeply") from None
    _refuse_external_contexts(path, document, text)
    _refuse_costly_scoped_contexts(path, document)


class _NotStrictJson(ValueError):
    """Python's json accepts NaN and repeated keys; RFC 8259 JSON-LD does not."""

    def __init__(self, message: str, token: str):
        super().__init__(message)
        self.token = token


def _refuse_constant(name: str):
    raise _NotStrictJson(f"{name} is not JSON", name)


def _refuse_duplicate_keys(pairs: list[tuple]) -> dict:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise _NotStrictJson(f"duplicate key '{duplicates[0]}' in one object (only one would be kept)",
                             f'"{duplicates[0]}"')
    return dict(pairs)


def _refuse_external_contexts(path: Path, document, text: str) -> None:
    """JSON-LD may only carry inline contexts (a string @context would be fetched or opened), and
    node IRIs must be valid and, without a @base, absolute."""
    limit, has_base = LIMITS.max_depth, '"@base"' in text
    stack = [(document, 0, False)]  # (item, depth, inside a context: term definitions, not nodes)
    while stack:
        item, depth, in_context = stack.pop()
        if depth > limit:
            raise LoadOverLimit(f"{path}: refused: JSON-LD nested deeper than {limit} levels", "max_depth", limit)
        if isinstance(item, dict):
            context = item.get("@context")
            for entry in context if isinstance(context, list) else [context]:
                if isinstance(entry, str):
                    raise LoadError(f"{path}: refused external JSON-LD @context '{entry}' "
                                    "(only inline contexts are loaded; nothing is fetched)")
            if not in_context:
                _check_node_iri(path, text, item.get("@id"), relative_ok=has_base)
                types = item.get("@type")
                for name in [*item, *(types if isinstance(types, list) else [types])]:
                    _check_term_iri(path, text, name)
            else:
                for definition in item.values():
                    _check_term_iri(path, text, definition.get("@id") if isinstance(definition, dict) else definition)
            if "@import" in item:
                raise LoadError(f"{path}: refused JSON-LD @import '{item['@import']}' (nothing is fetched)")
            stack.extend((value, depth + 1, in_context or key == "@context") for key, value in item.items())
        elif isinstance(item, list):
            stack.extend((value, depth + 1, in_context) for value in item)


def _refuse_costly_scoped_contexts(path: Path, document) -> None:
    """Refuse a document whose contexts would apply more term definitions than the limit allows:
    each inline context where it stands, each type- or property-scoped one at every node using it."""
    scoped: dict[str, int] = {}  # term -> number of definitions its scoped context brings
    nodes: list[dict] = []
    work = 0  # every inline context is processed where it stands, once per occurrence
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            contexts = item.get("@context")
            work += _definitions(contexts) if contexts is not None else 0
            for context in contexts if isinstance(contexts, list) else [contexts]:
                if isinstance(context, dict):
                    for term, definition in context.items():
                        if isinstance(definition, dict) and isinstance(definition.get("@context"), (dict, list)):
                            scoped[term] = scoped.get(term, 0) + _definitions(definition["@context"])
                            stack.append(definition["@context"])
            nodes.append(item)
            stack.extend(value for key, value in item.items() if key != "@context")
    for node in nodes if scoped else ():
        types = node.get("@type")
        for key in [*node, *(types if isinstance(types, list) else [types] if isinstance(types, str) else [])]:
            work += scoped.get(key, 0)
    if work > LIMITS.max_jsonld_work:
        raise LoadOverLimit(f"{path}: refused: its JSON-LD contexts would apply {work:,} term definitions, over "
                            f"the limit of {LIMITS.max_jsonld_work:,}", "max_jsonld_work", LIMITS.max_jsonld_work)


def _definitions(context) -> int:
    contexts = context if isinstance(context, list) else [context]
    return sum(len(c) for c in contexts if isinstance(c, dict))


def _check_node_iri(path: Path, text: str, value, relative_ok: bool) -> None:
    """JSON-LD processors drop a node whose @id is not a valid IRI, and resolve a relative one
    against wherever the file happens to be: refuse both rather than lose or invent data."""
    if not isinstance(value, str) or value.startswith("_:"):
        return
    quoted = json.dumps(value, ensure_ascii=False)
    if any(c.isspace() or c in '<>"{}|^`\\' for c in value):
        raise LoadError(f"{path}:{_line_of(text, quoted)}: malformed jsonld: @id {quoted} is not an IRI "
                        "(spaces or reserved characters)")
    if not relative_ok and not _ABSOLUTE_IRI.match(value):
        raise LoadError(f"{path}:{_line_of(text, quoted)}: malformed jsonld: @id {quoted} is a relative IRI "
                        "and the document has no @base (it would resolve against the file's location)")


def _check_term_iri(path: Path, text: str, value) -> None:
    """A property, a type or a term's IRI with a space or a reserved character is not an IRI: a
    JSON-LD processor drops what it names without a word, so the file is refused instead."""
    if not isinstance(value, str) or value.startswith("@") or ":" not in value:
        return
    if any(c.isspace() or c in '<>"{}|^`\\' for c in value):
        quoted = json.dumps(value, ensure_ascii=False)
        raise LoadError(f"{path}:{_line_of(text, quoted)}: malformed jsonld: {quoted} is not an IRI "
                        "(spaces or reserved characters); what it names would be dropped")


def _line_of(text: str, fragment: str) -> int:
    position = text.find(fragment)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _refuse_deep_nesting(path: Path, quads: list[ox.Quad]) -> None:
    """Blank nodes nested deeper than the limit (`[ ex:p [ ex:p [ ...`) are refused."""
    children: dict[ox.BlankNode, set] = {}
    inner = set()
    for q in quads:
        if type(q.subject) is ox.BlankNode and type(q.object) is ox.BlankNode and q.predicate != RDF_REST:
            children.setdefault(q.subject, set()).add(q.object)
            inner.add(q.object)
    level = {node for node in children if node not in inner} or set(children)
    seen = set(level)
    for _ in range(LIMITS.max_depth):  # the roots are level 1
        level = {child for node in level for child in children.get(node, ())} - seen
        if not level:
            return
        seen |= level
    raise LoadOverLimit(f"{path}: refused: blank nodes nested deeper than {LIMITS.max_depth} levels", "max_depth",
                        LIMITS.max_depth)


def expand(paths) -> list[Path]:
    """Files as given; a directory stands for the data files inside it, in sorted order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS)
        else:
            files.append(path)
    return files
