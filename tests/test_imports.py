"""Imports: every module imports on its own, and no two modules import each other.

The pairs that did (``citations``/``stream`` -> ``api`` for ``decode``, ``styles`` <->
``csl.loaded``, ``engine`` <-> ``sorting``) only worked through imports deferred into
functions or ``TYPE_CHECKING``: importing one of them first could fail at any change.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bibexport"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> set[str]:
    """The bibexport modules ``module`` imports anywhere (in functions too), but under TYPE_CHECKING."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = ".".join(package[: len(package) - child.level + 1] + ([child.module] if child.module else []))
                else:
                    base = child.module or ""
                for alias in child.names:
                    name = f"{base}.{alias.name}"
                    found.add(name if name in MODULES else base)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name in MODULES and name != module}


def test_no_two_modules_import_each_other():
    graph = {module: _imports(module, path) for module, path in MODULES.items()}
    assert "bibexport.text" in graph["bibexport.citations"]  # the analysis sees imports
    pairs = sorted((a, b) for a in graph for b in graph[a] if a < b and a in graph[b])
    assert pairs == []


@pytest.mark.parametrize("module", [
    "bibexport.citations", "bibexport.stream", "bibexport.styles", "bibexport.csl.loaded",
    "bibexport.writers.formatted.sorting", "bibexport.writers.formatted.engine", "bibexport.csl.processor",
])
def test_module_imports_alone_in_a_fresh_interpreter(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stderr
