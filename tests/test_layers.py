"""The package's shape: layers that import one way, typer and rich where they belong, one
output sink, modules of a readable size. Read from the source (ast), so a function-level
import counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kzturk"
MAX_LINES = 400

# model <- store <- query, analysis, check, curate, export <- render <- cli
LAYERS = {
    "kzturk": 0,
    "kzturk.errors": 0,
    "kzturk.suggest": 0,
    "kzturk.dates": 0,
    "kzturk.textfold": 0,
    "kzturk.model": 1,
    "kzturk.store": 2,
    "kzturk.query": 3,
    "kzturk.entities": 3,
    "kzturk.search": 3,
    "kzturk.schema": 3,
    "kzturk.analysis": 3,
    "kzturk.check": 3,
    "kzturk.curate": 3,
    "kzturk.export": 3,
    "kzturk.render": 4,
    "kzturk.cli": 5,
    "kzturk.__main__": 5,
}
RICH_MODULES = {
    "kzturk.render.console",
    "kzturk.render.table_format",
    "kzturk.render.timeline_format",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    while name not in LAYERS:
        name = name.rpartition(".")[0]
    return LAYERS[name]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("name", sorted(MODULES))
def test_layers_import_one_way(name: str) -> None:
    own = layer(name)
    upward = sorted(
        module
        for module in imports(MODULES[name])
        if module.startswith("kzturk") and layer(module) > own
    )
    assert upward == [], f"{name} (layer {own}) imports {upward}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_typer_only_in_the_cli_and_rich_only_in_terminal_renderers(name: str) -> None:
    modules = {module.split(".")[0] for module in imports(MODULES[name])}
    if not name.startswith("kzturk.cli"):
        assert "typer" not in modules, name
    if name not in RICH_MODULES:
        assert "rich" not in modules, name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_output_sink_prints(name: str) -> None:
    if name == "kzturk.cli.output":
        return
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"{name}: print() at line {node.lineno}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            where = f"{node.value.id}.{node.attr}"
            assert where not in ("sys.stdout", "typer.echo"), f"{name}: {where} at {node.lineno}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_under_400_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines < MAX_LINES, f"{name} has {lines} lines"
