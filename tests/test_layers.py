"""The package's layers, read from its source (the AST), as test_startup.py reads imports.

model (records, vocabulary, the table of fields) ← store ← the library (query, search,
entities, analysis, check, curate, export, schema) ← render ← cli, one direction only; typer
only in the cli, rich only in the terminal renderers, pydantic only in the schema module;
nothing below the cli imports it; no import cycles; one output sink.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kzturk"
LAYERS = {
    "model": 0,
    "dates": 0,
    "errors": 0,
    "suggest": 0,
    "textfold": 0,
    "jsontext": 0,
    "wordforms": 0,
    "store": 1,
    "query": 2,
    "filters": 2,
    "search": 2,
    "entities": 2,
    "agreements": 2,
    "analysis": 2,
    "check": 2,
    "curate": 2,
    "export": 2,
    "schema": 2,
    "manual": 2,
    "render": 3,
    "cli": 4,
    "__main__": 5,  # `python -m kzturk`: the entry point, above the cli
}
TERMINAL_RENDERERS = {
    "kzturk.render.console",
    "kzturk.render.plain_layout",  # Rich's line breaking, without its console
    "kzturk.render.plain_table",  # tables and cards as Rich prints them, without its console
    "kzturk.render.table_format",
    "kzturk.render.timeline_format",
    "kzturk.render.document_format",
}
SINK = "kzturk.cli.output"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:  # kzturk itself: the lazy library API, above everything it names
        return 5
    return LAYERS[parts[1]]


@cache
def tree_of(path: Path) -> ast.Module:
    """The module's syntax tree, parsed once for all the checks here."""
    return ast.parse(path.read_text(encoding="utf-8"))


def imports(path: Path, *, top_level_only: bool = False) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import in the file (`top_level_only`: those run at
    import time, outside functions and TYPE_CHECKING blocks)."""
    return iter(_imports(path, top_level_only))


@cache
def _imports(path: Path, top_level_only: bool) -> tuple[tuple[str, int], ...]:
    """`imports`, found once for all the checks here."""
    tree = tree_of(path)
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])

    def visit(node: ast.AST, nested: bool) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                if not top_level_only:
                    yield from visit(child, True)
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                if not top_level_only:
                    yield from visit(child, True)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - child.level + 1])
                    base = f"{base}.{child.module}" if child.module else base
                yield base, child.lineno
                for alias in child.names:  # `from kzturk.curate import parse` is a module
                    yield f"{base}.{alias.name}", child.lineno
            else:
                yield from visit(child, nested)

    return tuple(visit(tree, False))


ALL = modules()


def ours(name: str) -> str | None:
    """The kzturk module `name` is (or is inside), or None for another package."""
    while name and name not in ALL:
        name = name.rpartition(".")[0]
    return name or None


@pytest.mark.parametrize("module", sorted(ALL))
def test_imports_go_down_the_layers_only(module: str) -> None:
    for imported, line in imports(ALL[module]):
        target = ours(imported)
        if target is None or target == module or not target.startswith("kzturk."):
            continue
        assert layer(target) <= layer(module), f"{module}:{line} imports {target} (a layer up)"


@pytest.mark.parametrize("module", sorted(ALL))
def test_heavy_libraries_stay_in_their_rooms(module: str) -> None:
    for imported, line in imports(ALL[module]):
        root = imported.split(".")[0]
        where = f"{module}:{line} imports {imported}"
        if root == "typer" or root == "click":
            assert module.startswith("kzturk.cli"), where
        if root == "rich":
            assert module in TERMINAL_RENDERERS, where
        if root in ("pydantic", "pydantic_core"):
            assert module == "kzturk.schema", where
        if imported.startswith("kzturk.cli"):
            assert module.startswith("kzturk.cli") or module == "kzturk.__main__", where


def test_there_is_no_import_cycle() -> None:
    """Imports inside functions count too: a lazy import defers a cycle, it does not
    remove it."""
    graph = {
        module: {t for name, _ in imports(path) if (t := ours(name)) and t != module}
        for module, path in ALL.items()
    }
    # A package's __init__ runs before its submodules: importing a submodule is importing
    # the package too, which is not a cycle of the code's own making.
    for module in graph:
        graph[module] = {t for t in graph[module] if not module.startswith(t + ".")}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if seen.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in seen:
                visit(target)
        stack.pop()
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module)


def _writes_to_the_terminal(path: Path) -> list[str]:
    """Calls of print(), typer.echo(), and any use of sys.stdout or sys.stderr."""
    found = []
    for node in ast.walk(tree_of(path)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        ):
            found.append(f"print() at line {node.lineno}")
        if isinstance(node, ast.Attribute) and node.attr in ("echo", "stdout", "stderr", "secho"):
            chain = ast.unparse(node)
            if chain in ("typer.echo", "sys.stdout", "sys.stderr", "click.echo", "typer.secho"):
                found.append(f"{chain} at line {node.lineno}")
    return found


@pytest.mark.parametrize("module", sorted(set(ALL) - {SINK}))
def test_only_the_output_sink_writes_to_the_terminal(module: str) -> None:
    assert _writes_to_the_terminal(ALL[module]) == [], module


def test_the_sink_check_is_real() -> None:
    assert _writes_to_the_terminal(ALL[SINK])  # it does find the sink's own writes


def test_no_module_is_over_400_lines() -> None:
    long = {
        m: n for m, p in ALL.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
