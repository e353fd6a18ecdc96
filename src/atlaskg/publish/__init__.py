"""Publishing the catalogue for people and programs: the JSON-LD `@context` shipped with the
package and one framed JSON-LD document per model (`jsonld`), and a static website generated from
the graph in one pass (`site`, with its SVG charts in `charts` and Jinja2 templates in
`templates/`). Everything here reads the catalogue through SPARQL and the Catalog's own methods;
nothing is fetched."""
