"""JSON-LD done properly: the `@context` shipped with the package, and one framed document per model.

The context (context.jsonld beside this module) is generated from the prefix map
(`atlaskg.names.namespaces.PREFIXES`), the ontology and the terms the bundled data uses: every prefix, a
readable key for every property and class of our namespace and of the vocabularies we reuse (its
local name; where two namespaces share a local name, or a local name is also a prefix such as
`platform`, the compact IRI `atlas:platform` is the key), each property typed as its values are
(`@id` for links; xsd:date, xsd:integer, xsd:decimal, xsd:boolean for literals), and the reverse
terms a model document nests by (`results`, `claims`, `evidence`...). `atlaskg context` prints it;
a test holds the shipped file to what the generator makes.

A model document is the model's graph framed (JSON-LD 1.1 Framing, by pyld) around the model:
its offerings with their prices, its results with the claims about them, its lifecycle events
and safety findings, the evidence behind each, and the label of everything they point at; the
sources every node names follow the model in `@graph`. The graph is the catalogue's triples about
those nodes plus the schema.org view search engines read (`schema:offers`, the inverse of
`schema:itemOffered`, and the schema.org classes that the ontology makes our classes subclasses
of: `schema:SoftwareApplication` for `atlas:Model`, `schema:Offer` for `atlas:Offering`...), and
the document expands to exactly that graph.
Decimals keep the lexical form the source printed ("2.00" stays "2.00"), so they are strings typed
by the context; integers and booleans are JSON numbers and booleans. No context is ever fetched
from the network: a document carries its context inline or, on the website, references the one
file beside its pages that holds it by a relative URL; the document loader refuses every other URL.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from atlaskg.names.namespaces import PREFIXES
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog
from atlaskg.store.printed import nquad, restore

CONTEXT_FILE = Path(__file__).resolve().with_name("context.jsonld")
_XSD = PREFIXES["xsd"]
_RDF = PREFIXES["rdf"]
_RDF_TYPE = _RDF + "type"
_LANG_STRING = _RDF + "langString"
_SCHEMA = PREFIXES["schema"]
_ATLAS = PREFIXES["atlas"]
_PROV = PREFIXES["prov"]
# the reverse terms a model document nests by: a node's results, the claims about a result or a
# price, the evidence and inference markers about any node, lifecycle events and safety findings
NESTING = {
    "results": "dqv:computedOn",
    "claims": "atlas:subject",
    "evidenceRecords": "atlas:evidenceFor",
    "lifecycleAndSafety": "atlas:aboutModel",
    "aliases": "atlas:pointsTo",
}
# links to the documents facts are read from: sources are listed once, after the model, never nested
SOURCE_LINKS = (_PROV + "wasDerivedFrom", _PROV + "hadPrimarySource")
# what a node that a document only points at brings along: its type and its labels
LABELS = (_RDF_TYPE, _SCHEMA + "name", PREFIXES["skos"] + "prefLabel", PREFIXES["dcterms"] + "title",
          PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "notation")
_TYPED = {_XSD + name for name in (
    "date", "dateTime", "gYearMonth", "gYear", "integer", "decimal", "boolean", "double", "nonNegativeInteger",
    "positiveInteger", "anyURI")}


# -- the context ---------------------------------------------------------------------------------
def generate_context(catalog: Catalog) -> dict:
    """The `@context` for `catalog` (the shipped one is generated from the bundled catalogue)."""
    observed: dict[str, set[str]] = defaultdict(set)
    for p, kind, _ in run(catalog, internal_query("publish-predicate-kinds").text).rows:
        observed[p.value].add(kind.value)
    declared: dict[str, tuple[str, set[str]]] = {}
    for p, kind, rng in run(catalog, internal_query("publish-declared-properties").text).rows:
        entry = declared.setdefault(p.value, (kind.value, set()))
        if rng is not None:
            entry[1].add(rng.value)
    observed[_SCHEMA + "offers"].add("@id")  # the schema.org view (see schema_view)
    properties = {iri for iri in set(observed) | set(declared) if iri != _RDF_TYPE and _curie(iri)}
    classes = {row[0].value for row in run(catalog, internal_query("publish-classes").text).rows if _curie(row[0].value)}
    context: dict = dict(sorted(PREFIXES.items()))
    assert not set(NESTING) & set(context), "a nesting term is also a prefix"
    taken = set(context) | set(NESTING)
    terms: dict[str, dict | str] = {}
    for iri in sorted(properties | classes, key=_priority):
        local = _local(iri)
        key = local if local and local not in taken and local.isidentifier() else _curie(iri)
        taken.add(key)
        if iri in classes:
            terms[key] = _curie(iri)
            continue
        coercion = _coercion(iri, declared.get(iri), observed.get(iri, set()))
        if key == _curie(iri) and coercion is None:
            continue  # a compact IRI needs no definition
        definition = {"@id": _curie(iri)}
        if coercion is not None:
            definition["@type"] = coercion if coercion == "@id" else _curie(coercion)
        terms[key] = definition
    context.update(sorted(terms.items(), key=lambda item: item[0].lower()))
    context.update({key: {"@reverse": iri, "@type": "@id"} for key, iri in NESTING.items()})
    return context


def _priority(iri: str) -> tuple[int, str]:
    """Our terms first, then the reused vocabularies in the prefix map's order: the first to
    claim a local name keeps it as its key."""
    order = list(PREFIXES)
    prefix = _curie(iri).split(":", 1)[0]
    return order.index(prefix), iri


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


@functools.lru_cache(maxsize=4096)
def _curie(iri: str) -> str:
    """`prefix:local` for an IRI of a prefix-map namespace (longest namespace wins), else ''."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            local = iri[len(namespace):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else ""


def _coercion(iri: str, declared: tuple[str, set[str]] | None, observed: set[str]) -> str | None:
    """How a property's values are typed: the ontology's declaration first (an object property
    links, a datatype property with one XSD range is typed by it), else what the data holds."""
    if declared is not None:
        kind, ranges = declared
        if kind.endswith("ObjectProperty"):
            return "@id"
        if len(ranges) == 1 and next(iter(ranges)) in _TYPED:
            return next(iter(ranges))
        if ranges & {_XSD + "string", _LANG_STRING}:
            return None
    if observed == {"@id"}:
        return "@id"
    if len(observed) == 1 and next(iter(observed)) in _TYPED:
        return next(iter(observed))
    return None


@functools.lru_cache(maxsize=1)
def _shipped_text() -> str:
    return CONTEXT_FILE.read_text(encoding="utf-8")


def shipped_context() -> dict:
    """The context shipped with the package (context.jsonld), a fresh copy."""
    return json.loads(_shipped_text())


def context_text(context: dict) -> str:
    """The context file's text: `{"@context": ...}`, one term per line, stable."""
    lines = [f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in context.items()]
    return '{"@context": {\n' + ",\n".join(lines) + "\n}}\n"


def refuse_remote(url: str, options: dict | None = None):
    """pyld document loader: no context or document is ever fetched, whatever the URL."""
    from pyld.jsonld import JsonLdError

    raise JsonLdError(f"refused to load {url!r}: atlaskg never fetches JSON-LD contexts or documents",
                      "jsonld.LoadDocumentError", {"url": url}, code="loading document failed")


def _options(**more) -> dict:
    return {"documentLoader": refuse_remote, **more}


# -- the documents -------------------------------------------------------------------------------
# the nodes a model's document describes whole, one query per way of belonging to a model (one
# query of their UNION joined with the models takes 40 times longer on Oxigraph at 2,000 models)
_MEMBERS = (
    "SELECT ?model ?node WHERE { ?model a atlas:Model . BIND (?model AS ?node) }",
    "SELECT ?model ?node WHERE { ?node schema:itemOffered|dqv:computedOn|atlas:aboutModel|atlas:pointsTo ?model }",
    "SELECT ?model ?node WHERE { ?offering schema:itemOffered ?model ; schema:priceSpecification ?node }",
    "SELECT ?model ?node WHERE { ?offering schema:itemOffered ?model ; "
    "schema:priceSpecification/schema:referenceQuantity ?node }",
    "SELECT ?model ?node WHERE { ?node atlas:subject/dqv:computedOn ?model }",
    "SELECT ?model ?node WHERE { ?offering schema:itemOffered ?model ; schema:priceSpecification ?spec . "
    "?node atlas:subject ?spec }",
    # the dataset records resolved to an atlas model, with their offerings and prices
    "SELECT ?model ?node WHERE { ?model skos:exactMatch ?node . ?node atlas:recordRank ?rank }",
    "SELECT ?model ?node WHERE { ?model skos:exactMatch ?record . ?record atlas:recordRank ?rank . "
    "?node schema:itemOffered ?record }",
    "SELECT ?model ?node WHERE { ?model skos:exactMatch ?record . ?record atlas:recordRank ?rank . "
    "?offering schema:itemOffered ?record ; schema:priceSpecification ?node }",
)


class Triples:
    """Triples as (subject, predicate, object) of pyoxigraph terms, indexed by subject, with the
    lexical forms the sources printed."""

    def __init__(self):
        self.by_subject: dict[ox.NamedNode | ox.BlankNode | ox.Triple, set[tuple]] = defaultdict(set)  # Triple: pyoxigraph types subjects so

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        for quad in quads:
            self.by_subject[quad.subject].add((quad.subject, quad.predicate, quad.object))


def restored(catalog: Catalog, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with the printed forms of their literals put back (Oxigraph stores values)."""
    lines = restore([nquad(q).encode() for q in quads], catalog.printed)
    if not lines:
        return []
    return list(ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_QUADS))


@dataclass
class ModelGraphs:
    """Each model's document graph, and the nodes each document describes whole (its members:
    the model, its offerings, prices, results, claims, events, findings, aliases, evidence)."""

    graphs: dict[str, set[tuple]]
    members: dict[str, set[str]]
    superclasses: dict[str, set[str]]


def model_graphs(catalog: Catalog, models: Iterable[str] | None = None) -> ModelGraphs:
    """For every model (or those given), the graph of its document, in one pass over the
    catalogue: its own nodes whole, the evidence and inference markers about them (of a marker
    shared with other models, what it says of this one's nodes), the sources they name whole, the
    type and labels of everything else they point at, and the schema.org view."""
    wanted = set(models) if models is not None else None
    members: dict[str, set] = defaultdict(set)
    atlas_models = run(catalog, internal_query("publish-atlas-models").text, timeout=None, max_rows=None)
    models = {row[0].value for row in atlas_models.rows}  # a dataset's records are on their own pages
    for text in _MEMBERS:
        for model, node in run(catalog, text, timeout=None, max_rows=None).rows:
            if model.value in models and (wanted is None or model.value in wanted):
                members[model.value].add(node)
    markers: dict = defaultdict(set)
    for marker, node in run(catalog, internal_query("publish-markers").text, timeout=None, max_rows=None).rows:
        markers[node].add(marker)
    for nodes in members.values():
        nodes.update(m for node in list(nodes) for m in markers.get(node, ()))
    whole = Triples()
    whole.add_quads(restored(catalog, catalog.quads_around({n for nodes in members.values() for n in nodes})))
    sources = {t[2] for node in {n for ns in members.values() for n in ns} for t in whole.by_subject.get(node, ())
               if t[1].value in SOURCE_LINKS and not isinstance(t[2], ox.Literal)}
    whole.add_quads(restored(catalog, catalog.quads_around(sources - set(whole.by_subject))))
    linked = {t[2] for triples in list(whole.by_subject.values()) for t in triples
              if isinstance(t[2], (ox.NamedNode, ox.BlankNode)) and t[1].value != _RDF_TYPE}
    labels = Triples()
    label_predicates = [ox.NamedNode(p) for p in LABELS]
    labels.add_quads(restored(catalog, catalog.quads_around(linked, predicates=label_predicates)))
    superclasses = schema_superclasses(catalog)
    every_member = {n for nodes in members.values() for n in nodes}
    graphs, member_ids = {}, {}
    for model, nodes in sorted(members.items()):
        member_ids[model] = {_id(node) for node in nodes}
        graph: set[tuple] = set()
        for node in nodes:
            graph |= {t for t in whole.by_subject.get(node, set())
                      if t[1].value != _EVIDENCE_FOR or t[2] in nodes or t[2] not in every_member}
        named = {t[2] for t in graph if t[1].value in SOURCE_LINKS and not isinstance(t[2], ox.Literal)}
        for source in named:
            graph |= whole.by_subject.get(source, set())
        full = {t[0] for t in graph}
        targets = {t[2] for t in graph if isinstance(t[2], (ox.NamedNode, ox.BlankNode)) and t[1].value != _RDF_TYPE}
        for target in targets - full:
            graph |= labels.by_subject.get(target, set())
        graph |= schema_view(model, graph, superclasses)
        graphs[model] = graph
    return ModelGraphs(graphs, member_ids, superclasses)


# A marker about the nodes of several models (one inference names the developer of every model of
# a developer the resolution met: 180 Google models) is described in each model's document by what
# it says of that model's nodes; what it says of another model's is in that model's document, which
# spares each document the other models' names (a third of the site's Turtle when they were kept).
_EVIDENCE_FOR = _ATLAS + "evidenceFor"
_SDO_OFFERS = ox.NamedNode(_SCHEMA + "offers")
_ITEM_OFFERED = _SCHEMA + "itemOffered"
_TYPE = ox.NamedNode(_RDF_TYPE)


def schema_superclasses(catalog: Catalog) -> dict[str, set[str]]:
    """Our classes' schema.org superclasses, as the ontology declares them (atlas:Model is a
    schema:SoftwareApplication, atlas:Offering a schema:Offer, atlas:ModelFamily a
    schema:CreativeWorkSeries...)."""
    found: dict[str, set[str]] = defaultdict(set)
    for cls, sup in run(catalog, internal_query("publish-schema-superclasses").text).rows:
        found[cls.value].add(sup.value)
    return dict(found)


def schema_view(model: str, graph: set[tuple], superclasses: dict[str, set[str]]) -> set[tuple]:
    """The schema.org description search engines read, as schema.org and the ontology entail it:
    the model `schema:offers` each offering (schema:offers is the inverse of schema:itemOffered),
    and the model and every node it reaches through schema.org properties carry the schema.org
    classes their own classes are subclasses of (the model a schema:SoftwareApplication, an
    offering a schema:Offer, the family a schema:CreativeWorkSeries), since search engines do not
    read the ontology."""
    node = ox.NamedNode(model)
    view: set[tuple] = set()
    links: dict = defaultdict(set)
    types: dict = defaultdict(set)
    for subject, predicate, obj in graph:
        if predicate.value == _RDF_TYPE:
            types[subject].add(obj.value)
        elif predicate.value.startswith(_SCHEMA) and not isinstance(obj, ox.Literal):
            links[subject].add(obj)
        if predicate.value == _ITEM_OFFERED and obj == node:
            view.add((node, _SDO_OFFERS, subject))
            links[node].add(subject)
    seen, todo = {node}, [node]
    while todo:
        current = todo.pop()
        for cls in sorted(types.get(current, ())):
            for schema_class in sorted(superclasses.get(cls, ())):
                view.add((current, _TYPE, ox.NamedNode(schema_class)))
        for target in links.get(current, ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return view


# -- framing ---------------------------------------------------------------------------------------
class Frame:
    """The frame every model document follows, and the compaction by the shipped context.

    Roots, in order: the model, then every source the graph names (sorted), then any node that
    cannot be reached from the model (none in the bundled catalogue). Below a node: its own facts
    and, nested, the nodes whose home it is. A node's home is where a breadth-first walk from the
    model first meets it, over links to nodes described in the graph and, backwards, over the
    nesting terms (a result's `computedOn` the model, so the model's `results` holds it); each is
    nested once, at its home, and referenced by its compact IRI elsewhere. Sources are never
    nested; a node the graph only labels (a benchmark, a platform, a concept) is nested wherever
    it is used, with its type and labels. JSON-LD 1.1 Framing expresses the same with `@reverse`
    sub-frames and `@embed` flags; it is done here directly because pyld's framing of this graph
    takes seconds per model, and pyld checks the result in the tests instead (every document
    expands to its graph)."""

    def __init__(self, context: dict):
        self.context = context
        self.keys: dict[str, str] = {}        # property IRI -> its key
        self.classes: dict[str, str] = {}     # class IRI -> its key
        self.nesting: dict[str, str] = {}     # reverse property IRI -> its nesting key
        for key, definition in context.items():
            if isinstance(definition, str):
                if ":" in definition and not definition.endswith(("/", "#")):
                    self.classes.setdefault(self._expand(definition), key)
            elif "@reverse" in definition:
                self.nesting[self._expand(definition["@reverse"])] = key
            elif "@id" in definition:
                self.keys.setdefault(self._expand(definition["@id"]), key)
        self.coercion = {key: self._expand(d["@type"]) if d.get("@type", "@id") != "@id" else d.get("@type")
                         for key, d in context.items() if isinstance(d, dict) and "@id" in d}

    def _expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        namespace = self.context.get(prefix)
        return namespace + local if isinstance(namespace, str) and not local.startswith("//") else curie

    def compact_iri(self, iri: str) -> str:
        """A compact IRI where a prefix of the context makes one, else the IRI."""
        return _curie(iri) or iri

    def document(self, model: str, graph: set[tuple]) -> dict:
        """The framed, compacted document of `model`'s graph."""
        facts: dict[str, list[tuple[str, object]]] = defaultdict(list)
        types: dict[str, list[str]] = defaultdict(list)
        for subject, predicate, obj in graph:
            if predicate.value == _RDF_TYPE and not isinstance(obj, ox.Literal):
                types[_id(subject)].append(_id(obj))
            else:
                facts[_id(subject)].append((predicate.value, obj))
        described = set(facts) | set(types)
        sources = {_id(o) for values in facts.values() for p, o in values
                   if p in SOURCE_LINKS and not isinstance(o, ox.Literal)} & described
        full = {_id(t[0]) for t in graph if t[1].value not in LABELS} | {model}
        homes = self._homes(model, facts, full - sources)
        children: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # home -> (key, link, node)
        for node, (home, key, link) in homes.items():
            children[home].append((key, link, node))
        roots = [model, *sorted(sources), *sorted((described & full) - set(homes) - sources - {model})]
        render = _Renderer(self, facts, types, children, full, set(roots))
        return {"@context": self.context, "@graph": [render.node(root, None) for root in roots]}

    def _homes(self, model: str, facts: dict, nestable: set[str]) -> dict[str, tuple[str, str, str]]:
        """node -> (home, key under which it nests there, the link it nests by)."""
        backward: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for subject, values in facts.items():
            for predicate, obj in values:
                if predicate in self.nesting and not isinstance(obj, ox.Literal):
                    backward[_id(obj)].append((predicate, subject))
        homes: dict[str, tuple[str, str, str]] = {}
        frontier = [model]
        seen = {model}
        while frontier:
            following = []
            for node in frontier:
                found = []
                for predicate, obj in sorted(facts.get(node, ()), key=_fact_order):
                    target = _id(obj) if not isinstance(obj, ox.Literal) else None
                    if target in nestable and target not in seen and predicate not in SOURCE_LINKS:
                        found.append((target, self.keys.get(predicate) or self.compact_iri(predicate), predicate))
                for predicate, subject in sorted(backward.get(node, ())):
                    if subject in nestable and subject not in seen:
                        found.append((subject, self.nesting[predicate], "^" + predicate))
                for target, key, link in found:
                    if target not in seen:
                        seen.add(target)
                        homes[target] = (node, key, link)
                        following.append(target)
            frontier = following
        return homes


def _fact_order(fact: tuple[str, object]) -> tuple[str, str]:
    return fact[0], str(fact[1])


class _Renderer:
    """Writes the node objects of one document (see Frame)."""

    def __init__(self, frame: Frame, facts, types, children, full: set[str], roots: set[str]):
        self.frame, self.facts, self.types, self.children = frame, facts, types, children
        self.full, self.roots = full, roots

    def node(self, node: str, parent_link: tuple[str, str] | None) -> dict:
        """The node object; `parent_link` (predicate, parent) is the triple its nesting stands for."""
        frame = self.frame
        output: dict = {"@id": frame.compact_iri(node) if not node.startswith("_:") else node}
        if self.types.get(node):
            kinds = sorted(frame.classes.get(t) or frame.compact_iri(t) for t in self.types[node])
            output["@type"] = kinds[0] if len(kinds) == 1 else kinds
        nested = {(link, child): key for key, link, child in self.children.get(node, ())}
        values: dict[str, list] = defaultdict(list)
        for predicate, obj in sorted(self.facts.get(node, ()), key=_fact_order):
            target = _id(obj) if not isinstance(obj, ox.Literal) else None
            if parent_link is not None and (predicate, target) == parent_link:
                continue  # stated by the nesting itself
            key = frame.keys.get(predicate) or frame.compact_iri(predicate)
            coercion = frame.coercion.get(key)
            if target is None:
                values[key].append(_literal(obj, coercion, frame))
            elif (predicate, target) in nested:
                values[key].append(self.node(target, None))
            elif target not in self.full and target not in self.roots and target in self.types | self.facts:
                values[key].append(self.node(target, None))  # a node the graph only labels
            else:
                reference = frame.compact_iri(target) if not target.startswith("_:") else target
                values[key].append(reference if coercion == "@id" else {"@id": reference})
        for (link, child), key in sorted(nested.items(), key=lambda item: (item[1], item[0][1])):
            if link.startswith("^"):
                values[key].append(self.node(child, (link[1:], node)))
        for key in sorted(values, key=str.lower):
            output[key] = values[key][0] if len(values[key]) == 1 else values[key]
        return output


def _literal(term: ox.Literal, coercion: str | None, frame: Frame):
    """A literal compacted under a key coerced to `coercion`: bare where the key types it (integers
    and booleans as JSON values), else a value object that says its type or language."""
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    native = _value(term)["@value"]
    if datatype == _XSD + "string":
        return term.value if coercion is None else {"@value": term.value}
    if coercion == datatype:
        return native
    if coercion is None and isinstance(native, (bool, int)):
        return native  # JSON's own integers and booleans are xsd:integer and xsd:boolean
    return {"@value": term.value, "@type": frame.compact_iri(datatype)}


def _id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value(term) -> dict:
    """A literal as an expanded value object: integers and booleans in their canonical form as JSON
    values (with their datatype), every other literal as printed."""
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == _XSD + "string":
        return {"@value": term.value}
    if datatype == _XSD + "integer" and term.value.lstrip("-").isdigit() and str(int(term.value)) == term.value:
        return {"@value": int(term.value), "@type": datatype}
    if datatype == _XSD + "boolean" and term.value in ("true", "false"):
        return {"@value": term.value == "true", "@type": datatype}
    return {"@value": term.value, "@type": datatype}


@functools.lru_cache(maxsize=1)
def _shipped_frame() -> Frame:
    frame = Frame(shipped_context()["@context"])
    global _SHIPPED_CONTEXT_JSON
    _SHIPPED_CONTEXT_JSON = _context_json(frame.context)
    return frame


_SHIPPED_CONTEXT_JSON = ""


def framed_document(model: str, graph: set[tuple], context: dict | None = None) -> dict:
    """One model's document: its graph framed around it, compacted with the shipped context."""
    frame = _shipped_frame() if context is None else Frame(context)
    return frame.document(model, graph)


def document_text(document: dict, context_url: str | None = None) -> str:
    """A document as stable JSON text: the context one term per line (or, given `context_url`, a
    reference to the file that holds it: the site's documents share one), then each node of
    `@graph` on a line of its own (so that two versions diff node by node)."""
    context = document["@context"]
    if context_url is not None:
        context_json = json.dumps(context_url)
    else:
        context_json = _SHIPPED_CONTEXT_JSON if context is _shipped_frame().context else _context_json(context)
    nodes = ",\n".join(json.dumps(node, ensure_ascii=False) for node in document["@graph"])
    return f'{{"@context": {context_json},\n"@graph": [\n{nodes}\n]}}\n'


def _context_json(context: dict) -> str:
    return "{\n" + ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                              for k, v in context.items()) + "\n}"


def document_triples(document: dict | list, base: str | None = None, local: dict[str, dict] | None = None) -> set[str]:
    """The triples a JSON-LD document expands to, as N-Triples lines, by pyld (an independent
    processor; nothing is fetched). A document read from `base` may reference contexts of
    `local` (URL -> the document already read there), as the site's documents reference its one
    context file; every other URL is refused."""
    from pyld import jsonld

    def load(url: str, options: dict | None = None):
        if local is not None and url in local:
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                    "document": local[url]}
        return refuse_remote(url, options)

    options = _options(format="application/n-quads", documentLoader=load)
    if base is not None:
        options["base"] = base
    nquads = jsonld.to_rdf(document, options)
    return {line for line in nquads.splitlines() if line}


def graph_lines(graph: set[tuple]) -> set[str]:
    """A graph as N-Triples lines, for comparing with `document_triples`."""
    return {f"{ox.Triple(*triple)} ." for triple in graph}
