"""How a page cites its sources: each source numbered in order of first use on the page, each fact
with the numbers of what backs it (a quote, an inference of the editors, else its node's sources),
and the list those numbers link to. Every page builder numbers its sources this way."""

from __future__ import annotations

from atlaskg.publish.data import ATLAS, DCT, PROV, SDO, Facts, SiteData
from atlaskg.publish.pages.nodes import names
from atlaskg.store import compact


class Sources:
    """The sources cited on one page, numbered in order of first use."""

    def __init__(self, data: SiteData, root: str):
        self.data, self.root = data, root
        self.numbers: dict[str, int] = {}

    def ref(self, source: str, note: str = "") -> dict:
        number = self.numbers.setdefault(source, len(self.numbers) + 1)
        return {"n": number, "href": f"#source-{number}", "note": note}

    def of_node(self, node: str) -> list[dict]:
        """The documents a node names: the one it was read from and the one that cites (prov)."""
        facts = self.data.facts
        refs = [self.ref(s) for s in facts.links(node, PROV + "wasDerivedFrom")]
        refs += [self.ref(s, "cited") for s in facts.links(node, PROV + "hadPrimarySource")]
        return _unique(refs)

    def of_fact(self, node: str, predicate: str) -> list[dict]:
        """What backs one fact: a quote of a source (its source, and the document the node cites),
        an inference of the editors (its source), else the node's own sources."""
        facts = self.data.facts
        refs, quoted = [], False
        for marker in markers_of(facts, node, predicate):
            quote = facts.text(marker, ATLAS + "quote")
            inferred = ATLAS + "Inference" in facts.types(marker)
            note = f"“{quote}”" if quote else "inferred by the editors: " + (
                facts.label(facts.link(marker, ATLAS + "inferenceRule") or "") or "see the evidence")
            refs += [self.ref(s, note) for s in facts.links(marker, PROV + "wasDerivedFrom")]
            quoted = quoted or not inferred
            if inferred:
                return _unique(refs)
        if quoted:
            return _unique(refs + [self.ref(s, "cited") for s in facts.links(node, PROV + "hadPrimarySource")])
        return self.of_node(node)

    def listing(self) -> list[dict]:
        facts = self.data.facts
        out = []
        for source, n in sorted(self.numbers.items(), key=lambda item: item[1]):
            title = facts.value(source, DCT + "title")
            out.append({"n": n, "id": f"source-{n}", "title": title.value if title is not None else compact(source),
                        "lang": title.language if title is not None and title.language not in (None, "en") else "",
                        "href": self.data.href("sources", source, self.root), "url": facts.text(source, SDO + "url"),
                        "publishers": ", ".join(names(facts, facts.links(source, SDO + "publisher")))})
        return out


def markers_of(facts: Facts, node: str, predicate: str) -> list[str]:
    """The evidence and inference markers of one fact (a marker names nodes and properties)."""
    return [marker for marker in facts.subjects(ATLAS + "evidenceFor", node)
            if predicate in [p.value for p in facts.values(marker, ATLAS + "evidenceProperty")]]


def _unique(refs: list[dict]) -> list[dict]:
    seen, out = set(), []
    for ref in refs:
        if ref["n"] not in seen:
            seen.add(ref["n"])
            out.append(ref)
    return out
