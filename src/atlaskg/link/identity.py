"""How the atlas reads a dataset's model identifier: the rules of mappings/identity-rules.tsv
(tiers, host decorations, generic path words, spellings) and of mappings/identity-overrides.tsv
(entries kept apart by hand), each with its comment; the resolution uses nothing else to decide
which entries are one model.

Two keys come of an identifier: the key, lower case and otherwise as the dataset writes it (shown,
and minted into a model's IRI), and the match key, the key with every spelling rule applied, which
decides identity: `claude-opus-4.6` and `claude-opus-4-6` have one match key, `gpt-4.1` and
`gpt-4.1-mini` do not."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from atlaskg.core.errors import AtlasError
from atlaskg.core.resources import bundled_dir
from atlaskg.link.tables import table_rows

KINDS = ("tier", "host", "generic", "spelling")


@dataclass(frozen=True)
class Rule:
    kind: str
    scope: re.Pattern | None  # the providers it applies to; None = every provider
    pattern: re.Pattern
    replacement: str
    comment: str

    def applies_at(self, provider: str) -> bool:
        return self.scope is None or bool(self.scope.search(provider.lower()))


@dataclass(frozen=True)
class Override:
    """An entry whose identifier misleads: it takes `key` instead, or with no key it is kept
    apart (never merged, reported with the reason)."""

    dataset: str
    provider: str
    identifier: str
    key: str
    reason: str


@dataclass(frozen=True)
class IdentityRules:
    rules: tuple[Rule, ...]
    overrides: dict[tuple[str, str, str], Override]

    @classmethod
    def bundled(cls) -> IdentityRules:
        return _bundled(bundled_dir("mappings"))

    @classmethod
    def read(cls, rules_file: Path, overrides_file: Path) -> IdentityRules:
        rules = []
        for number, row in table_rows(rules_file):
            where = f"{rules_file}: line {number}"
            if row.get("kind") not in KINDS or not row.get("pattern") or not row.get("comment"):
                raise AtlasError(f"{where}: kind must be one of {', '.join(KINDS)}, with a pattern and a comment")
            try:
                scope = re.compile(row["scope"]) if row.get("scope") else None
                pattern = re.compile(rf"^(?:{row['pattern']})$" if row["kind"] == "generic" else row["pattern"])
            except re.error as bad:
                raise AtlasError(f"{where}: not a regular expression: {bad}") from None
            rules.append(Rule(row["kind"], scope, pattern, row.get("replacement") or "", row["comment"]))
        overrides = {}
        for _, row in table_rows(overrides_file, ("dataset", "provider", "identifier", "reason")):
            override = Override(row["dataset"], row["provider"], row["identifier"], (row.get("key") or "").lower(),
                                row["reason"])
            overrides[(override.dataset, override.provider, override.identifier)] = override
        return cls(tuple(rules), overrides)

    def _of(self, kind: str, provider: str = "") -> list[Rule]:
        return [rule for rule in self.rules if rule.kind == kind and rule.applies_at(provider)]

    def tier(self, key: str, provider: str = "") -> tuple[str, str | None]:
        """(the key without a tier suffix, the tier or None): `gpt-4.1:batch` -> (gpt-4.1, batch).
        A scoped rule reads a suffix as a tier only at its providers (Nebius' `-fast`), since the
        same suffix names a model elsewhere (Z.ai's GLM-5.3-Fast, xAI's Grok 4 Fast); the tier may
        take a group of the suffix (`o3-mini-low` -> reasoning_effort=low)."""
        for rule in self._of("tier", provider):
            found = rule.pattern.search(key)
            if found:
                return key[:found.start()] + key[found.end():], found.expand(rule.replacement)
        return key, None

    def without_host(self, key: str, provider: str) -> str:
        """The key without what the provider writes around the developer's identifier."""
        for rule in self._of("host", provider):
            key = rule.pattern.sub(rule.replacement, key)
        return key

    def is_generic(self, word: str) -> bool:
        """Whether a path word never names a model alone (`edit`, `v3`)."""
        return any(rule.pattern.match(word.lower()) for rule in self._of("generic"))

    def match_key(self, key: str, provider: str = "") -> str:
        """The key with every spelling rule applied: equal match keys of one developer are one model."""
        for rule in self._of("spelling", provider):
            key = rule.pattern.sub(rule.replacement, key)
        return key


_OWNER_PREFIX = re.compile(r"^[^:()]{1,40}:\s+(?=\S)")  # OpenRouter's "Anthropic: Claude 3.7 Sonnet"
_TIER_SUFFIX = re.compile(r"\s*\((free|batch|flex|priority|extended|nitro|floor)\)$", re.I)


def plain_name(name: str) -> str:
    """A dataset's model name without the developer written before it (OpenRouter's
    "Anthropic: Claude 3.7 Sonnet") or the tier after it ("GPT-4.1 (batch)")."""
    return _TIER_SUFFIX.sub("", _OWNER_PREFIX.sub("", name.strip())).strip() or name.strip()


def owner_written(name: str) -> str | None:
    """The developer a dataset writes before a model's name ("Anthropic" in OpenRouter's
    "Anthropic: Claude 3.7 Sonnet"), or None."""
    found = _OWNER_PREFIX.match(name.strip())
    return found.group(0).rstrip().removesuffix(":").strip() if found else None


@functools.lru_cache(maxsize=4)
def _bundled(mappings: Path) -> IdentityRules:
    return IdentityRules.read(mappings / "identity-rules.tsv", mappings / "identity-overrides.tsv")
