"""Start-up stays lean: the data formats never import the table, schema or locking libraries.

Each command runs in a fresh interpreter, which reports `sys.modules` as it exits; a heavy
module on a path that does not need it fails the test, so a stray top-level import cannot
undo the gain unnoticed. (`python -X importtime` would miss modules loaded through
`importlib.import_module`, as the output formats are. Timings are for the benchmark,
tests/bench/bench_cli.py, not for the test suite: they depend on the machine.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

MINI_STORE = Path(__file__).parent / "data" / "mini_store.json"

# Tables (rich and what it pulls in), JSON Schema and validation (pydantic), write locks
# (filelock), SQLite, and kzturk's own modules that only `check`, `schema`, curation and
# the exports need. A name stands for its submodules too.
HEAVY = (
    "rich",
    "pygments",
    "markdown_it",
    "pydantic",
    "pydantic_core",
    "filelock",
    "sqlite3",
    "_sqlite3",
    "kzturk.schema",
    "kzturk.check",
    "kzturk.curate.changes",
    "kzturk.curate.session",
    "kzturk.store.write",
    "kzturk.export",
    "kzturk.render.export_views",
    "kzturk.render.change_views",
    "kzturk.render.changes_format",
    # A calendar's library is loaded for --format ics only; the readers the tests use never.
    "icalendar",
    "dateutil",
    "citeproc",
    "rispy",
    "bibtexparser",
    "pyld",
    "jsonschema",
)


# Runs `python -m kzturk ARGS` and, at exit, lists sys.modules: a lookup leaves through
# os._exit (kzturk.cli.output.end_process), anything else through SystemExit and atexit.
DRIVER = """
import atexit, os, runpy, sys
def report():
    sys.__stderr__.write("\\nMODULES " + " ".join(sys.modules) + "\\n")
    sys.__stderr__.flush()
atexit.register(report)
real_exit = os._exit
def leave(code):
    atexit.unregister(report)
    report()
    real_exit(code)
os._exit = leave
sys.argv = ["kzturk", *sys.argv[1:]]
runpy.run_module("kzturk", run_name="__main__", alter_sys=True)
"""


def imported_modules(*args: str) -> set[str]:
    """Every module `kzturk ARGS` has imported by the time it exits, in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k not in ("KZTURK_DB", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = [line for line in result.stderr.splitlines() if line.startswith("MODULES ")]
    assert len(report) == 1, result.stderr[-2000:]
    return set(report[0].split()[1:])


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


DATA_COMMANDS = [
    ("deals", "--sector", "defense", "--json"),
    ("deals", "--jsonl"),
    ("timeline", "--json"),
    ("trade", "--format", "csv"),
    ("search", "anka", "--json"),
    ("show", "F101", "--json"),
    ("sources", "--json"),
    ("sectors", "--json"),
    ("cite", "F101", "--style", "csl-json"),
    ("cite", "F101", "--style", "ris"),
    ("occasions", "--json"),
    ("stats", "--json"),
]


# Pages to share: HTML (every layout), the SVG chart, TimelineJS, and a page written to a file.
PAGE_COMMANDS = [
    ("timeline", "--format", "html"),
    ("deals", "--format", "html"),
    ("trade", "--format", "html"),
    ("conflicts", "--format", "html"),
    ("search", "anka", "--format", "html"),
    ("show", "F101", "--format", "html"),
    ("trade", "--chart", "--format", "svg"),
    ("timeline", "--format", "timelinejs"),
    ("stats", "--format", "html"),
    ("occasions", "--format", "html"),
]


@pytest.mark.parametrize("args", DATA_COMMANDS + PAGE_COMMANDS, ids=" ".join)
def test_data_formats_import_nothing_heavy(args: tuple[str, ...]) -> None:
    modules = imported_modules(*args, "--db", str(MINI_STORE))
    assert "kzturk.store" in modules  # the command did run
    assert heavy_in(modules) == []


def test_a_page_written_to_a_file_imports_nothing_heavy(tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    modules = imported_modules(
        "timeline", "--format", "html", "-o", str(out), "--db", str(MINI_STORE)
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "kzturk.store.atomic" in modules  # the write did happen
    assert heavy_in(modules) == []


@pytest.mark.parametrize("command", ["timeline", "occasions"])
def test_a_calendar_loads_icalendar_and_nothing_else_heavy(command: str) -> None:
    modules = imported_modules(command, "--format", "ics", "--db", str(MINI_STORE))
    assert "icalendar" in modules
    assert [m for m in heavy_in(modules) if not m.startswith(("icalendar", "dateutil"))] == []


def test_version_imports_nothing_heavy_and_no_typer() -> None:
    modules = imported_modules("--version")
    assert heavy_in(modules) == []
    assert typer_or_click(modules) == []


def test_the_check_is_real(tmp_path: Path) -> None:
    """The same report does name rich for a table, pydantic for `check`, and SQLite and the
    export modules for `export sqlite`."""
    assert "rich" in imported_modules("deals", "--db", str(MINI_STORE), "--format", "table")
    assert "pydantic" in imported_modules("schema")
    exported = imported_modules("export", "sqlite", str(tmp_path / "x.db"), "--db", str(MINI_STORE))
    assert {"sqlite3", "kzturk.export.sqlite", "kzturk.cli.export"} <= exported


def test_the_exports_and_changes_load_only_their_own_command_module() -> None:
    modules = imported_modules("export", "json", "--db", str(MINI_STORE))
    assert "kzturk.cli.export" in modules and "sqlite3" not in modules
    assert {"kzturk.cli.lookup", "kzturk.cli.facts", "rich"}.isdisjoint(modules)
    changes = imported_modules("changes", str(MINI_STORE), str(MINI_STORE), "--json")
    assert "sqlite3" not in changes and "rich" not in changes


def test_a_lookup_loads_only_its_own_command_module() -> None:
    # `-o -` (standard output) is left to Typer, which then registers `sources` alone
    modules = imported_modules("sources", "--json", "-o", "-", "--db", str(MINI_STORE))
    assert "kzturk.cli.lookup" in modules
    others = {"kzturk.cli.facts", "kzturk.cli.analysis", "kzturk.analysis", "kzturk.cli.export"}
    assert others.isdisjoint(modules)


def typer_or_click(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("typer", "click"))


@pytest.mark.parametrize(
    "args",
    [
        ("deals", "--sector", "defense", "--json"),
        ("deals", "--format", "csv", "--no-pager"),
        ("timeline", "--since", "2022"),
        ("timeline", "--json", "--kind", "event"),
        ("search", "anka", "--since", "2020", "--json"),
        ("show", "F101", "--format", "md"),
        ("trade", "--chart", "--since", "2000"),
        ("sources", "alpha", "--json"),
        ("sectors",),
        ("conflicts", "--json"),
    ],
    ids=" ".join,
)
def test_the_direct_commands_with_plain_options_never_import_typer(args: tuple[str, ...]) -> None:
    """The direct path (`kzturk.cli.direct`): Typer and Click take longer to import than the
    whole lookup; the command modules registering on Typer's app are not loaded either."""
    modules = imported_modules(*args, "--db", str(MINI_STORE))
    assert typer_or_click(modules) == []
    assert {"kzturk.cli.app", "kzturk.cli.lookup", "kzturk.cli.listing"}.isdisjoint(modules)


def test_a_command_line_the_direct_path_leaves_goes_to_typer() -> None:
    modules = imported_modules("deals", "--json", "-o", "-", "--db", str(MINI_STORE))
    assert "typer" in modules and "kzturk.cli.lookup" in modules


@pytest.mark.parametrize(
    "args", [("timeline",), ("deals",), ("search", "a"), ("show", "F101")], ids=" ".join
)
def test_text_without_colour_needs_no_rich_console(args: tuple[str, ...]) -> None:
    """Timelines, tables and cards without colour are written directly (Rich's console
    and tables take longer to import than the lookup)."""
    modules = imported_modules(*args, "--db", str(MINI_STORE))
    assert {"rich.console", "rich.table"}.isdisjoint(modules)


@pytest.mark.parametrize(
    "args", [("deals", "--sector", "defense", "--json"), ("timeline",)], ids=" ".join
)
def test_the_direct_path_imports_no_inspect_shutil_or_subprocess(args: tuple[str, ...]) -> None:
    """`dataclasses` imports `inspect` (with `ast`, `dis` and `tokenize`); `shutil` is
    needed only for a terminal's size, `subprocess` only for a pager on a terminal:
    together a fifth of a lookup's start-up. (A lookup that misses the cache writes an
    entry through `tempfile`, which imports `shutil`: the second run is the usual one.)"""
    imported_modules(*args, "--db", str(MINI_STORE))
    modules = imported_modules(*args, "--db", str(MINI_STORE))
    assert {"inspect", "dataclasses", "shutil", "subprocess"}.isdisjoint(modules)


def test_every_command_is_in_the_table_of_command_modules() -> None:
    from kzturk.cli.app import COMMAND_MODULES, _command_name, load_commands

    everything = load_commands()
    names = [_command_name(info) for info in everything.registered_commands]
    names += [info.name for info in everything.registered_groups]
    assert sorted(names) == sorted(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        lean = load_commands(name)
        assert len(lean.registered_commands) + len(lean.registered_groups) == 1, name
