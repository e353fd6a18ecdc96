"""A source's page: what it is (title, kind, publishers, dates), the sources it cites and those
citing it, and the facts it backs, each linked to where the site shows it (up to SOURCE_ROWS: a
dataset can back a hundred thousand)."""

from __future__ import annotations

from collections import defaultdict

from atlaskg.names.namespaces import PREFIXES
from atlaskg.publish.data import ATLAS, DCT, PROV, SDO, SKOS, SiteData
from atlaskg.publish.pages.nodes import labels, node_href, node_label
from atlaskg.store import compact

SOURCE_ROWS = 1000  # nodes listed on a source's page (a dataset can back a hundred thousand)


def source_page(data: SiteData, source: str, root: str = "../") -> dict:
    facts = data.facts
    title = facts.value(source, DCT + "title")
    backed = defaultdict(list)
    for relation, label in ((PROV + "wasDerivedFrom", "read in this document"),
                            (PROV + "hadPrimarySource", "this document is cited for it")):
        for node in facts.subjects(relation, source):
            if node in data.entities.get(ATLAS + "Source", ()):
                continue
            backed[node].append(label)
    rows = []
    shown = sorted(backed, key=lambda n: (not n.startswith(PREFIXES["model"]), n))[:SOURCE_ROWS]
    for node in shown:
        relations = backed[node]
        markers = ATLAS + "Evidence" in facts.types(node) or ATLAS + "Inference" in facts.types(node)
        if markers:
            targets = facts.links(node, ATLAS + "evidenceFor")
            properties = ", ".join(facts.label(p) or compact(p) for p in facts.links(node, ATLAS + "evidenceProperty"))
            quote = facts.text(node, ATLAS + "quote")
            what = "; ".join(node_label(data, t) for t in targets)
            rows.append({"kind": "inference" if ATLAS + "Inference" in facts.types(node) else "quote",
                         "what": f"{what} — {properties}", "quote": quote or facts.text(node, SKOS + "editorialNote"),
                         "href": node_href(data, node, root)
                         or (node_href(data, targets[0], root) if targets else None),
                         "relation": ", ".join(relations)})
        else:
            kinds = sorted(facts.label(t) or compact(t) for t in facts.types(node) if t.startswith(ATLAS) or
                           t.startswith(SDO))
            rows.append({"kind": ", ".join(k.split(":")[-1] for k in kinds) or "node", "what": node_label(data, node),
                         "quote": "", "href": node_href(data, node, root), "relation": ", ".join(relations)})
    rows.sort(key=lambda r: (r["kind"], r["what"]))
    cites = facts.links(source, DCT + "references")
    cited_by = facts.subjects(DCT + "references", source)
    return {"iri": source, "curie": compact(source), "title": title.value if title is not None else compact(source),
            "lang": title.language if title is not None and title.language not in (None, "en") else "",
            "kind": ", ".join(labels(facts, source, ATLAS + "sourceKind")),
            "publishers": ", ".join(labels(facts, source, SDO + "publisher")),
            "authors": ", ".join(labels(facts, source, SDO + "author")), "url": facts.text(source, SDO + "url"),
            "date": facts.text(source, DCT + "date") or facts.text(source, SDO + "datePublished"),
            "accessed": facts.text(source, ATLAS + "accessedOn"),
            "cites": [{"title": facts.label(s) or compact(s), "href": data.href("sources", s, root)} for s in cites
                      if s in data.entities.get(ATLAS + "Source", ())],
            "cited_by": [{"title": facts.label(s) or compact(s), "href": data.href("sources", s, root)}
                         for s in cited_by if s in data.entities.get(ATLAS + "Source", ())],
            "rows": rows, "more": len(backed) - len(shown), "backed": len(backed), "root": root}
