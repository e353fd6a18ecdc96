"""Publishing the catalogue for people and programs: the main job that loads, checks and writes
every output (`build`), the serialisations (`export`), the dataset's VoID + DCAT description
(`void`), what changed between two builds (`diff`), the JSON-LD `@context` shipped with the
package and one framed JSON-LD document per model (`jsonld`), and a static website generated from
the graph in one pass (`site`, its pages in `pages`, the facts they show in `data`, its SVG charts
in `charts` and Jinja2 templates in `templates/`); and a reproducible synthetic catalogue for
scale tests (`synth`). Everything here reads the catalogue through SPARQL and the Catalog's own
methods; nothing is fetched."""
