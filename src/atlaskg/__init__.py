"""atlaskg: a sourced, checked knowledge graph of AI models.

The Python API mirrors the command line:

>>> import atlaskg
>>> catalog = atlaskg.load(store=None)  # the curated records (load(): the built atlas)
>>> atlaskg.validate(catalog).conforms
True
>>> rows = atlaskg.query(catalog, "model-card", model="GPT-4.1")
>>> rows[0]["contextWindowTokens"]
1047576

`validate`, `validate_changed` and `serialize` are imported on first use: every command imports
this package, and the SHACL engines and the exporters would double the time of a query.
"""

import importlib
from typing import TYPE_CHECKING

# The subpackage atlaskg.check before the function `check`: importing it later (validate, on first
# use) would rebind the package's name `check` to the subpackage.
from atlaskg import check as _check_subpackage  # noqa: F401
from atlaskg.api import check, describe, diff, evidence, reconcile
from atlaskg.core.errors import AtlasError
from atlaskg.core.version import VERSION
from atlaskg.query import query, sparql
from atlaskg.query.rows import Rows
from atlaskg.store import Catalog, load

if TYPE_CHECKING:
    from atlaskg.check.incremental import validate_changed
    from atlaskg.check.shacl import validate
    from atlaskg.publish.export import serialize

_ON_FIRST_USE = {"validate": "atlaskg.check.shacl", "validate_changed": "atlaskg.check.incremental",
                 "serialize": "atlaskg.publish.export"}


def __getattr__(name: str):
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
    globals()[name] = value
    return value


__version__ = VERSION
__all__ = ["AtlasError", "Catalog", "Rows", "check", "describe", "diff", "evidence", "load", "query", "reconcile",
           "serialize", "sparql", "validate", "validate_changed", "__version__"]
