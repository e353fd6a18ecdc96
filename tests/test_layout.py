"""The package's layout holds: one package per capability, each saying what it owns, and each
importing only from the layers below it (or its own), so a change low down never waits on one
high up, and no import cycle can form between capabilities."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "atlaskg"
# Lowest first. A module may import its own layer and the layers before it, never a later one.
LAYERS = ("core", "names", "store", "importers", "query", "check", "link", "publish", "api", "cli")


def _modules():
    return sorted(path for path in PACKAGE.rglob("*.py") if path.parent != PACKAGE or path.stem == "api")


def _layer(path) -> str:
    part = path.relative_to(PACKAGE).parts[0]
    return part[:-3] if part.endswith(".py") else part


def _runtime_imports(tree: ast.Module):
    """Every `atlaskg...` module imported when the module runs (imports for type checkers only,
    under `if TYPE_CHECKING:`, are left out: they load nothing)."""
    skipped = {id(node) for stmt in ast.walk(tree) if isinstance(stmt, ast.If)
               and isinstance(stmt.test, ast.Name) and stmt.test.id == "TYPE_CHECKING"
               for body in stmt.body for node in ast.walk(body)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "atlaskg":
            yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "atlaskg":
                    yield node.lineno, alias.name, []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    layer = _layer(path)
    assert layer in LAYERS, f"{path.name}: every module belongs to a layer of LAYERS"
    for line, module, names in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        parts = module.split(".")
        targets = parts[1:2] or names
        assert targets and all(target in LAYERS for target in targets), \
            f"{path.relative_to(PACKAGE)}:{line}: imports the package root (atlaskg's public API is for users)"
        for target in targets:
            assert LAYERS.index(target) <= LAYERS.index(layer), \
                f"{path.relative_to(PACKAGE)}:{line}: {layer} imports atlaskg.{target}, a layer above it"


def test_every_package_says_what_it_owns():
    for init in sorted(PACKAGE.rglob("__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 80, f"{init.relative_to(PACKAGE)} needs a docstring saying what it owns"


def test_the_top_level_holds_only_the_entry_points():
    """Everything else lives in a capability's package."""
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py", "api.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(
        name for name in LAYERS if name != "api")
