"""Atlas models that only a result dataset catalogues.

models.dev keeps a record per model (`models/<developer>/<model>.toml`) and AI Atlas Nexus one per
model it evaluates (`ibm-granite/granite-4.1-30b`), whether or not anyone sells it. A result of
such a record that resolves to no atlas model is about a model the atlas lacks, not about an
unknown run: the record becomes an atlas model of its own, named as its dataset names it, its
developer the namespace of its identifier, derived from that dataset. This is no merge: the model
is minted only where the offerings' resolution found nothing (an identifier that names two
models stays ambiguous and reported), and only from an identifier of the form `owner/model`.
aider's results name command lines and local quantisations, not catalogue records, so they
never mint a model.
"""

from __future__ import annotations

from atlaskg.importers.common import Triples
from atlaskg.importers.result_sources import MODEL_CATALOGUES
from atlaskg.importers.terms import ATLAS, PROV, RDF, SDO, NamedNode, iri, literal
from atlaskg.link.identity import IdentityRules
from atlaskg.link.resolution import Developers, minted_model, namespace_spelling, organization, read_identifier
from atlaskg.link.results import ModelLink
from atlaskg.query import internal_query, run
from atlaskg.query.lookup import RESOLUTION_GRAPH
from atlaskg.store import Catalog


class CataloguedModels:
    """The models minted for result datasets' records, and their triples (in the resolution's
    graph of models no curated file describes)."""

    def __init__(self, catalog: Catalog, developers: Developers | None = None, rules: IdentityRules | None = None):
        self.developers = developers or Developers.bundled()
        self.rules = rules or IdentityRules.bundled()
        self.existing = {row[0].value for row in run(catalog, internal_query("link-atlas-nodes").text).rows}
        self.triples = Triples(RESOLUTION_GRAPH)

    def link(self, dataset: str, result: dict, found: ModelLink, source: NamedNode) -> ModelLink:
        """`found` where it names a model or cannot be minted from; else the catalogued model."""
        identifier = result.get("identifier") or ""
        if found.model or found.rule != "unresolved" or dataset not in MODEL_CATALOGUES or identifier.count("/") != 1:
            return found
        reading = read_identifier(identifier, self.developers.namespaces, rules=self.rules)
        if reading.namespace is None or reading.tier is not None:
            return found
        developer = self.developers.namespaces.get(reading.namespace, reading.namespace)
        model = minted_model(developer, reading.key)
        if model in self.existing and (iri(model), RDF.type, ATLAS.Model) not in self.triples:
            return found  # the IRI is some other model's: never reuse it
        self._describe(model, developer, reading.namespace, result, reading.key, source)
        return ModelLink(model, "catalogued", f"{found.reason}; {dataset} catalogues '{identifier}' as a model "
                                              f"of its own ({MODEL_CATALOGUES[dataset]})")

    def _describe(self, model: str, developer: str, namespace: str, result: dict, model_key: str,
                  source: NamedNode) -> None:
        node, developer_node = iri(model), iri(organization(developer))
        if (node, RDF.type, ATLAS.Model) in self.triples:  # named by its first record: one name, every source
            self.triples.add((node, PROV.wasDerivedFrom, source))
            return
        for triple in ((node, RDF.type, ATLAS.Model), (node, SDO.name, literal(result.get("model_name") or model_key)),
                       (node, SDO.identifier, literal(model_key)), (node, SDO.creator, developer_node),
                       (node, PROV.wasDerivedFrom, source)):
            self.triples.add(triple)
        if developer_node.value not in self.existing:  # a developer only this dataset names
            for triple in ((developer_node, RDF.type, SDO.Organization),
                           (developer_node, SDO.name, literal(namespace_spelling(namespace))),
                           (developer_node, PROV.wasDerivedFrom, source)):
                self.triples.add(triple)
