"""Identity resolution: the one function that turns what a person types (a name, a snapshot id,
an alias, a prefixed name, a full IRI, in any case) into the IRIs of catalogue entities, with the
closest names suggested on a miss. Every command and the Python API use it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from atlaskg.core.errors import QueryError
from atlaskg.names.namespaces import GRAPHS, PREFIXES, sparql_prefixes
from atlaskg.store import Catalog
from atlaskg.store.built import SEARCH_FILE, stored_text

# kind -> (class, instance namespace, SPARQL patterns giving ?key for ?entity)
KINDS = {
    "model": ("atlas:Model", PREFIXES["model"],
              "{ ?entity schema:name|schema:alternateName|schema:identifier|atlas:snapshotId ?key } "
              "UNION { ?assignment atlas:alias ?key ; atlas:pointsTo ?entity } "
              "UNION { ?record schema:identifier ?key ; atlas:recordRank ?rank . ?entity skos:exactMatch ?record }"),
    "benchmark": ("atlas:Benchmark", PREFIXES["benchmark"], "?entity schema:name ?key"),
    "platform": ("atlas:Platform", PREFIXES["platform"],
                 "{ ?entity schema:name ?key } UNION { ?entity schema:identifier ?key }"),
    "organization": ("schema:Organization", PREFIXES["org"], "?entity schema:name ?key"),
}
# kind -> the patterns of its own names, tried before the others: a model's name before another
# model's alternate name (a dataset that misnames one record makes a model's name another's too)
OWN_NAMES = {"model": "{ ?entity schema:name|atlas:snapshotId ?key } "
                      "UNION { ?assignment atlas:alias ?key ; atlas:pointsTo ?entity }"}
RESOLUTION_GRAPH = GRAPHS + "atlas/resolution"
_PREFIX_LINES = sparql_prefixes()


def resolve(catalog: Catalog, kind: str, text: str, argument: str | None = None) -> list[str]:
    """The IRIs of the `kind` entities that `text` names, sorted; QueryError when none does."""
    cls, namespace, keys = KINDS[kind]
    wanted = text.strip()
    iri = _as_iri(wanted)
    if iri is not None:
        if _is_a(catalog, iri, cls):
            return [iri]
    else:
        found = _matching(catalog, cls, namespace, (OWN_NAMES.get(kind, keys), keys), wanted)
        if found:
            return found
    hint = did_you_mean(wanted, _all_keys(catalog, cls, namespace, keys))
    raise QueryError(f"{argument or kind} '{text}' matches no {kind} of the catalogue{hint}")


def resolve_any(catalog: Catalog, text: str, argument: str) -> list[str]:
    """The IRIs that `text` names: an IRI or prefixed name as it is, else the entities of any kind
    it names; QueryError (with suggestions) when none does."""
    iri = _as_iri(text.strip())
    if iri is not None:
        return [iri]
    found = sorted({entity for kind, (cls, namespace, keys) in KINDS.items()
                    for entity in _matching(catalog, cls, namespace, (OWN_NAMES.get(kind, keys), keys), text.strip())})
    if found:
        return found
    hint = did_you_mean(text.strip(), {key: spelling for cls, namespace, keys in KINDS.values()
                                        for key, spelling in _all_keys(catalog, cls, namespace, keys).items()})
    raise QueryError(f"{argument} '{text}' is neither an IRI nor the name of anything in the catalogue{hint}")


@dataclass(frozen=True)
class Hit:
    """One entity found by `search`; a model's developer and number of offerings tell apart two
    models of one name."""

    kind: str
    iri: str
    name: str
    developer: str = ""
    offerings: int | None = None


def search(catalog: Catalog, text: str, kinds=None) -> list[Hit]:
    """The atlas's own entities (not a dataset's records) whose name, id, alias or a provider's
    id for them contains `text` (any case), names first where the name itself starts with it.
    On a built store the names are read from the index the build stored beside it (search_index):
    the engine compares every name of the atlas in lower case (0.1 s), a list in Python 3 ms."""
    lowered = text.strip().lower()
    stored = stored_text(catalog, SEARCH_FILE)
    index = json.loads(stored) if stored is not None else None
    found: dict[tuple[str, str], str] = {}
    for kind in kinds or KINDS:
        matches = ([(entity, name) for entity, name, keys in index[kind] if any(lowered in key for key in keys)]
                   if index is not None else _matching_names(catalog, kind, lowered))
        for entity, name in matches:
            found.setdefault((kind, entity), name)
    details = _model_details(catalog, [iri for kind, iri in found if kind == "model"])
    hits = [Hit(kind, iri, name, *details.get(iri, ("", None))) for (kind, iri), name in found.items()]
    return sorted(hits, key=lambda hit: (hit.name.lower() != lowered, not hit.name.lower().startswith(lowered),
                                         hit.kind, hit.name.lower(), -(hit.offerings or 0), hit.iri))


def _matching_names(catalog: Catalog, kind: str, lowered: str) -> list[tuple[str, str]]:
    """(entity, name) of each `kind` entity with a key containing `lowered`, asked of the engine."""
    cls, namespace, keys = KINDS[kind]
    # a model's names that match are found first, in a subquery: joined with the class first,
    # Oxigraph evaluated the names once per model (100 s on the atlas instead of 0.1 s; so in
    # _all_keys). The few benchmarks, platforms and organizations are read class first: the
    # subquery would compare every name in the store (20-40 ms each, against 1 ms)
    wanted = ox.Literal(lowered)
    matching = (f"{{ SELECT DISTINCT ?entity WHERE {{ {{ {keys} }} FILTER (CONTAINS(LCASE(STR(?key)), {wanted})) }} }} "
                f"?entity a {cls} ." if kind == "model" else
                f"?entity a {cls} . {{ {keys} }} FILTER (CONTAINS(LCASE(STR(?key)), {wanted}))")
    rows = catalog.query(f"{_PREFIX_LINES}SELECT DISTINCT ?entity ?name WHERE {{ {matching} "
                         f"FILTER (STRSTARTS(STR(?entity), \"{namespace}\")) OPTIONAL {{ ?entity schema:name ?name }} }}")
    return [(row["entity"].value, row["name"].value if row["name"] is not None else "") for row in rows]


def search_index(catalog: Catalog) -> bytes:
    """What `search` compares, for the build to store beside the store (SEARCH_FILE): kind ->
    [entity, its name, its keys in lower case (LCASE, as the engine compares them)], from the
    same patterns (KINDS) and the same names (the first the engine gives) as the query above."""
    index: dict[str, list] = {}
    for kind, (cls, namespace, keys) in KINDS.items():
        within = f"?entity a {cls} . FILTER (STRSTARTS(STR(?entity), \"{namespace}\"))"
        names: dict[str, str] = {}
        for row in catalog.query(f"{_PREFIX_LINES}SELECT ?entity ?name WHERE {{ {within} "
                                 "OPTIONAL { ?entity schema:name ?name } }"):
            names.setdefault(row["entity"].value, row["name"].value if row["name"] is not None else "")
        keyed: dict[str, set[str]] = {entity: set() for entity in names}
        # every name first, in a subquery, then the class (as in _all_keys)
        for row in catalog.query(f"{_PREFIX_LINES}SELECT DISTINCT ?entity (LCASE(STR(?key)) AS ?lowered) WHERE {{ "
                                 f"{{ SELECT DISTINCT ?entity ?key WHERE {{ {keys} }} }} {within} }}"):
            if row["lowered"] is not None:  # a key that is a blank node has no text
                keyed[row["entity"].value].add(row["lowered"].value)
        index[kind] = [[entity, names[entity], sorted(keyed[entity])] for entity in sorted(names)]
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _model_details(catalog: Catalog, models: list[str]) -> dict[str, tuple[str, int]]:
    """model -> (its developer's name, how many offerings it and its records have)."""
    if not models:
        return {}
    values = " ".join(str(ox.NamedNode(iri)) for iri in models)  # written as RDF terms, never as raw text
    rows = catalog.query(f"{_PREFIX_LINES}SELECT ?model (SAMPLE(?developer) AS ?dev) (COUNT(DISTINCT ?offering) AS ?n) "
                         f"WHERE {{ VALUES ?model {{ {values} }} "
                         f"OPTIONAL {{ ?model schema:creator/schema:name ?developer }} "
                         f"OPTIONAL {{ {{ ?offering schema:itemOffered ?model }} UNION "
                         f"{{ ?model skos:exactMatch ?record . ?record atlas:recordRank ?rank . "
                         f"?offering schema:itemOffered ?record }} }} }} GROUP BY ?model")
    return {row["model"].value: (row["dev"].value if row["dev"] is not None else "", int(row["n"].value))
            for row in rows}


def did_you_mean(wanted: str, known: dict[str, str], cutoff: float = 0.5) -> str:
    """'; did you mean ...?' with the closest of the known names (lowercased -> spelling), or ''."""
    import difflib  # on a miss only

    close = difflib.get_close_matches(wanted.lower(), list(known), n=3, cutoff=cutoff)
    return f"; did you mean {', '.join(repr(known[key]) for key in close)}?" if close else ""


def _as_iri(text: str) -> str | None:
    """A full IRI, or the expansion of a prefixed name of atlaskg's prefix map; None otherwise."""
    if text.startswith(("http://", "https://")):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and local and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None


def _is_a(catalog: Catalog, iri: str, cls: str) -> bool:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        return False
    return bool(catalog.query(f"{_PREFIX_LINES}ASK {{ <{iri}> a {cls} }}"))


def _matching(catalog: Catalog, cls: str, namespace: str, key_sets: tuple[str, ...], text: str) -> list[str]:
    """The atlas's own entities (not a dataset's records) that the text names, in any case, by the
    first of the key patterns that finds any (an entity's own names, then every name); where
    curated ones are among them, those alone: "GPT-4.1" is the curated snapshot, not a model
    resolved from the datasets. A name or id as written is looked up in the indexes first (the
    common case, a few milliseconds); only a miss compares every name in lower case."""
    lowered = text.lower()
    curated_test = (f"BIND (NOT EXISTS {{ GRAPH ?g {{ ?entity a {cls} }} "
                    f"FILTER (!STRSTARTS(STR(?g), \"{RESOLUTION_GRAPH}\")) }} AS ?resolved) }}")
    written = " ".join(str(ox.Literal(variant)) for variant in sorted({text, lowered}))  # escaped RDF terms
    wanted = ox.Literal(lowered)
    queries = [f"{_PREFIX_LINES}SELECT DISTINCT ?entity ?resolved WHERE {{ VALUES ?key {{ {written} }} {{ {keys} }} "
               f"?entity a {cls} . FILTER (STRSTARTS(STR(?entity), \"{namespace}\")) {curated_test}"
               for keys in dict.fromkeys(key_sets)]
    queries += [f"{_PREFIX_LINES}SELECT DISTINCT ?entity ?resolved WHERE {{ ?entity a {cls} . OPTIONAL {{ {keys} }} "
                f"FILTER (STRSTARTS(STR(?entity), \"{namespace}\")) "
                f"FILTER (LCASE(STR(?key)) = {wanted} || LCASE(STRAFTER(STR(?entity), \"{namespace}\")) = {wanted}) "
                f"{curated_test}" for keys in dict.fromkeys(key_sets)]
    for query in queries:
        rows = list(catalog.query(query))
        if rows:
            curated = sorted(row["entity"].value for row in rows if row["resolved"].value == "false")
            return curated or sorted(row["entity"].value for row in rows)
    return []


def _all_keys(catalog: Catalog, cls: str, namespace: str, keys: str) -> dict[str, str]:
    """Every name of every entity of the class, lowercased, with its spelling: a name as written
    ("GPT-4.1") before a provider's lower-case id for it ("gpt-4.1")."""
    # every name first, in a subquery, then the class: the other way round took minutes on the atlas
    rows = catalog.query(f"{_PREFIX_LINES}SELECT DISTINCT ?key WHERE {{ "
                         f"{{ {{ SELECT DISTINCT ?entity ?key WHERE {{ {keys} }} }} ?entity a {cls} . }} UNION "
                         f"{{ ?entity a {cls} . BIND (STRAFTER(STR(?entity), \"{namespace}\") AS ?key) }} "
                         f"FILTER (STRSTARTS(STR(?entity), \"{namespace}\")) }}")
    spellings: dict[str, str] = {}
    for key in sorted((row["key"].value for row in rows if row["key"] is not None), key=lambda k: (k.islower(), k)):
        spellings.setdefault(key.lower(), key)
    return spellings
