"""The shape of the code: layered packages with no import circles, and short functions.

The film (``scenes``) is the bottom layer; building it (``pipeline``) stands on it, and
inspecting it (``checks``) stands on both: nothing that builds the film depends on a check.
Every import counts, including one inside a function: an import moved into a function to
dodge a circle is still a circle.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from pipeline.plan import imported_names, package_of

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scenes", "pipeline", "checks")
# Which packages each package may import from (besides the standard library and PyPI).
MAY_IMPORT = {
    "scenes": {"scenes"},
    "pipeline": {"scenes", "pipeline"},
    "checks": {"scenes", "pipeline", "checks"},  # the motion check reads the built film
}
MAX_FUNCTION_LINES = 60  # a chapter's beat reads as a story: pictures are built elsewhere


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every module of the three packages, by dotted name."""
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def import_graph() -> dict[str, set[str]]:
    """Edges between project modules: ``a -> b`` when ``a`` imports ``b`` (a module, or a
    name from it)."""
    modules = project_modules()
    return {
        name: {
            other
            for other in imported_names(path.read_text(), package_of(path, ROOT))
            if other in modules and other != name
        }
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The graph's import circles: its strongly connected components of more than one module
    (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle_and_passes_a_tree():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_relative_and_function_level_imports_are_edges(tmp_path):
    module = tmp_path / "mod.py"
    module.write_text("from . import theme\ndef f():\n    from scenes.voice import speak\n")
    names = imported_names(module.read_text(), "scenes")
    assert {"scenes.theme", "scenes.voice", "scenes.voice.speak"} <= set(names)


def test_no_import_circles():
    assert cycles(import_graph()) == []


def test_each_package_imports_only_the_layers_below_it():
    wrong = [
        f"{name} -> {other}"
        for name, others in import_graph().items()
        for other in others
        if other.split(".")[0] not in MAY_IMPORT[name.split(".")[0]]
    ]
    assert wrong == [], "imports against the layers (scenes < pipeline < checks)"


@pytest.mark.parametrize("name", sorted(project_modules()))
def test_every_module_imports_on_its_own(name):
    importlib.import_module(name)


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Functions and methods in ``path`` longer than ``limit`` lines, as ``line name (n)``."""
    return [
        f"{node.lineno} {node.name} ({length} lines)"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := node.end_lineno - node.lineno + 1) > limit
    ]


def test_the_length_check_names_a_long_function(tmp_path):
    (tmp_path / "long.py").write_text("class A:\n    def f(self):\n" + "        x = 1\n" * 59)
    (tmp_path / "short.py").write_text("def g():\n" + "    x = 1\n" * 59)
    assert long_functions(tmp_path / "long.py") == []  # 60 lines is allowed
    assert long_functions(tmp_path / "long.py", limit=59) == ["2 f (60 lines)"]
    assert long_functions(tmp_path / "short.py") == []


def test_no_function_in_scenes_is_longer_than_60_lines():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "scenes").rglob("*.py"))
        for line in long_functions(path)
    ]
    assert offenders == [], "split these into beats and picture classes"
