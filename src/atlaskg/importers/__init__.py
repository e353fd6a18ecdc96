"""Converters of external datasets shipped in Python packages into atlaskg's ontology, and the
extraction of the result datasets kept in the project's datasets/ from repositories and wheels
(`result_sources`; `link.results_graph` converts them once the atlas is resolved). Converters
know the ontology's terms (`terms`) and the store's term types, nothing above them.

Each converter reads its package (no network), writes one named graph per dataset and version,
describes the dataset (name, version, licence, retrieval date, triple count), and counts every
source field that has no home in the ontology instead of dropping it silently.
"""

from atlaskg.importers.common import Conversion
from atlaskg.importers.genai_prices import convert as convert_genai_prices
from atlaskg.importers.litellm import convert as convert_litellm
from atlaskg.importers.models_dev import convert as convert_models_dev

# litellm is optional (pip install 'atlaskg[litellm]'): without it, its converter raises AtlasError
CONVERTERS = {"models-dev": convert_models_dev, "genai-prices": convert_genai_prices, "litellm": convert_litellm}

__all__ = ["CONVERTERS", "Conversion"]
