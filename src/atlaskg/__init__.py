"""atlaskg: a sourced, checked knowledge graph of AI models.

The Python API mirrors the command line:

>>> import atlaskg
>>> catalog = atlaskg.load(store=None)  # the curated records (load(): the built atlas)
>>> atlaskg.validate(catalog).conforms
True
>>> rows = atlaskg.query(catalog, "model-card", model="GPT-4.1")
>>> rows[0]["contextWindowTokens"]
1047576
"""

from atlaskg.api import check, describe, diff, evidence, reconcile
from atlaskg.check.incremental import validate_changed
from atlaskg.check.shacl import validate
from atlaskg.core.errors import AtlasError
from atlaskg.core.version import VERSION
from atlaskg.publish.export import serialize
from atlaskg.query import query, sparql
from atlaskg.query.rows import Rows
from atlaskg.store import Catalog, load

__version__ = VERSION
__all__ = ["AtlasError", "Catalog", "Rows", "check", "describe", "diff", "evidence", "load", "query", "reconcile",
           "serialize", "sparql", "validate", "validate_changed", "__version__"]
