"""atlaskg: a sourced, checked knowledge graph of AI models.

The Python API mirrors the command line:

>>> import atlaskg
>>> catalog = atlaskg.load()
>>> atlaskg.validate(catalog).conforms
True
>>> rows = atlaskg.query(catalog, "model-card", model="GPT-4.1")
>>> rows[0]["contextWindowTokens"]
1047576
"""

from atlaskg.api import check, describe, diff, evidence, reconcile
from atlaskg.errors import AtlasError
from atlaskg.export import serialize
from atlaskg.incremental import validate_changed
from atlaskg.query import query, sparql
from atlaskg.rows import Rows
from atlaskg.store import Catalog, load
from atlaskg.validate import validate

__version__ = "0.1.0"
__all__ = ["AtlasError", "Catalog", "Rows", "check", "describe", "diff", "evidence", "load", "query", "reconcile",
           "serialize", "sparql", "validate", "validate_changed", "__version__"]
