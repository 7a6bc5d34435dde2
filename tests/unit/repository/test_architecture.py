"""The package's shape, as docs/architecture.md describes it: stages that import only the
stages below them (the contracts in pyproject.toml, checked by import-linter), no import
cycles between modules, small modules and a thin plugin."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.helpers.library import ROOT

PACKAGE = ROOT / "generator"
MAX_MODULE_LINES = 400
MAX_PLUGIN_LINES = 200


def _module_name(path: Path) -> str:
    parts = ["casebook", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports, wherever the import stands (in a function,
    under TYPE_CHECKING): a lazy import is still a dependency."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in modules}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(paths)
    return {name: _imports(path, modules) - {name} for name, path in paths.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, as the modules along it, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                return [*path[path.index(imported):], imported]
            if imported not in state and (found := visit(imported)):
                return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_module_imports_another_that_imports_it_back() -> None:
    cycle = _cycle(_graph())
    assert cycle == [], "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_nothing_imports_the_folder_name() -> None:
    """The package imports as `casebook`; `generator` is only its folder's name."""
    sources = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "tests").rglob("*.py"),
               *(PACKAGE.parent / "bench").rglob("*.py")]
    wrong = [str(p) for p in sources if "generator" in _top_level_imports(p)]
    assert wrong == []


def test_every_module_is_short_and_the_plugin_thin() -> None:
    lengths = {p.relative_to(PACKAGE.parent).as_posix(): len(p.read_text("utf-8").splitlines())
               for p in PACKAGE.rglob("*.py")}
    assert {p: n for p, n in lengths.items() if n > MAX_MODULE_LINES} == {}
    assert lengths["generator/render/plugin.py"] <= MAX_PLUGIN_LINES


def _top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8", errors="replace"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_every_sub_package_is_installed() -> None:
    """pyproject.toml lists the packages setuptools installs (the folder is mapped to a
    new name, so they cannot be found automatically): a new stage must be listed."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {_module_name(p) for p in PACKAGE.rglob("__init__.py")}
    assert found == listed


def test_the_import_contracts_hold() -> None:
    """The layer contract of pyproject.toml: stages import only the stages below them, and
    only render/ imports MkDocs."""
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")],
                            cwd=PACKAGE.parent, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
