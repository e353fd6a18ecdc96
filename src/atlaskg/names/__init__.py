"""The names of atlaskg: its namespaces, the IRIs of its graphs and the one prefix map from which
every other copy (SPARQL PREFIX lines, the JSON-LD context, the SHACL prefix declarations) is
generated (`namespaces`), and the SHACL shapes generated from its list of concept schemes
(`shapes`: shape:In-<scheme>). Resolving what a person types into IRIs needs the store, so it lives
above it, in `query.lookup`."""
