"""kzturk.cli.direct: the direct path reads a plain command line of each command in its
table (`deals`, `timeline`, `trade`, `search`, `show`, `sources`, `sectors`, `conflicts`)
exactly as Typer does, and leaves every other one to Typer."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MINI_STORE, Result, Runner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzturk.cli import direct, listing
from kzturk.cli.app import typer_run
from kzturk.cli.values import Output

MINI = str(MINI_STORE)


class _Handed(Exception):
    """Raised in place of running the command: what Typer handed it."""

    def __init__(self, reading: direct.Reading) -> None:
        self.reading = reading


class _Recorder:
    """Stands for `Listing`: records what Typer read; a command without positional
    arguments or switches stops here, one with them (search, show, sources, trade) when its
    body is handed them."""

    def __init__(
        self, command: str, filters: dict[str, Any], output: Output, layout: str = ""
    ) -> None:
        self.reading = direct.Reading(command, dict(filters), output)
        row = direct.DIRECT[command]
        if not row.arguments and not row.switches:
            raise _Handed(self.reading)


def _handed(options: _Recorder, *arguments: Any, **switches: bool) -> None:
    """A body's stand-in: the reading with what the command's Typer wrapper handed it."""
    (given,) = arguments or (None,)
    listed = given if isinstance(given, list) else [] if given is None else [given]
    row = direct.DIRECT[options.reading.command]
    raise _Handed(
        options.reading._replace(
            arguments=tuple(listed),
            switches=tuple((s.param, switches[s.param]) for s in row.switches),
        )
    )


def typer_reading(args: list[str]) -> direct.Reading | None:
    """What Typer hands the command for `args`, or None where it refuses them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "Listing", _Recorder)
        for name, row in direct.DIRECT.items():
            if row.arguments or row.switches:  # a wrapper in its module calls `direct.NAME`
                patch.setattr(direct, name, _handed)
        try:
            typer_run(args)()
        except _Handed as handed:
            return handed.reading
        except Exception:  # Click's usage errors, kzturk's own UsageError
            return None
    raise AssertionError(f"{args}: Typer ran without handing the command its options")


def _flags() -> list[str]:
    return sorted({flag for name in direct.DIRECT for flag in direct.options_of(name)})


_VALUES = [
    *("defense", "energy", "2022", "2022-03", "two words", "", "0", "3", "03", "١", "-"),
    *("-1", "--json", "--sector", "=", "a=b", "Türkiye", "F101", MINI, "md", "json"),
]
_JUNK = [
    *("pos", "--", "-", "--nope", "-fjson", "-f=json", "--sector=energy", "--json=1"),
    *("--limit=2", "-o=x", "--db=" + MINI, "-h", "--help", "-x"),
]
token = st.sampled_from(_flags()) | st.sampled_from(_VALUES) | st.sampled_from(_JUNK)


@settings(max_examples=400, deadline=None)
@given(command=st.sampled_from(sorted(direct.DIRECT)), tail=st.lists(token, max_size=8))
@example(command="deals", tail=["--sector", "defense", "--json"])
@example(
    command="timeline",
    tail=["--since", "2022", "--until=2023", "--kind", "event", "--kind", "deal"],
)
@example(command="deals", tail=["-f", "md", "-o", "-"])  # '-': standard output, Typer's to read
@example(command="deals", tail=["--party", "--json"])  # an option as a value: Typer refuses it
@example(command="timeline", tail=["--limit", "3", "--limit", "1"])
@example(command="search", tail=["anka", "--sector", "defense", "two words", "--json"])
@example(command="search", tail=["--since", "2022", "-x"])  # a term that starts with a dash
@example(command="search", tail=["--json"])  # no term: Typer says it is missing
@example(command="show", tail=["F101", "--json"])
@example(command="show", tail=["F101", "F102"])  # two ids: Typer says the second is extra
def test_the_direct_path_reads_as_typer_does_or_leaves_it(command: str, tail: list[str]) -> None:
    args = [command, *tail]
    mine = direct.read(args)
    if mine is None:
        return  # Typer reads it, as before
    assert mine == typer_reading(args), args


@pytest.mark.parametrize(
    "args",
    [
        ["deals", "--help"],
        ["deals", "-h"],
        ["timeline", "extra"],
        ["deals", "-o", "-"],
        ["deals", "-fjson"],
        ["deals", "--sector"],
        ["deals", "--limit", "+3"],
        ["search"],
        ["search", "--json"],
        ["search", "--", "-anka"],
        ["search", "anka", "-"],
        ["show"],
        ["show", "F101", "F102"],
        ["show", "-F101"],
        ["sources", "alpha", "beta"],
        ["trade", "--chart=yes"],
        ["sectors", "energy"],
        ["--version"],
        [],
    ],
)
def test_what_the_direct_path_leaves_to_typer(args: list[str]) -> None:
    assert direct.read(args) is None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KZTURK_COMPLETE", "complete_bash")
    assert direct.read(["deals", "--json"]) is None


def test_every_direct_command_is_a_typer_listing_with_the_same_options() -> None:
    """Each option the direct path knows, given alone, is read by Typer the same way."""
    for name in direct.DIRECT:
        for flag, (_, takes) in direct.options_of(name).items():
            value = "2" if takes == "count" else "x"
            args = [name, flag] if takes == "flag" else [name, flag, value]
            if direct.DIRECT[name].arguments:
                args.append("anka")
            mine = direct.read(args)
            assert mine is not None, args
            theirs = typer_reading(args)
            if theirs is not None:  # a value Typer's own check refuses is refused alike below
                assert mine == theirs, args


@pytest.mark.parametrize(
    "args",
    [
        ("deals", "--sector", "defense", "--json"),
        ("deals", "--sector", "nonsense"),
        ("timeline", "--since", "2022", "--format", "md"),
        ("timeline", "--since", "2022-13"),
        ("deals", "--format", "nope"),
        ("search", "anka", "--json"),
        ("search", "erdogan", "--since", "2022", "visit"),
        ("search", "nosuchword"),
        ("search", "anka", "--until", "2022-02-30"),
        ("show", "F101"),
        ("show", "f101", "--json"),
        ("show", "F9999"),
        ("trade",),
        ("trade", "--by-year", "--json", "--metric", "turnover"),
        ("trade", "--chart", "--since", "2000"),
        ("trade", "--format", "svg"),  # a chart's format without --chart
        ("trade", "--chart", "--format", "csv"),
        ("sources",),
        ("sources", "alpha", "--json"),
        ("sources", "nosuch"),
        ("sectors", "--format", "md"),
        ("conflicts",),
        ("conflicts", "--as-of", "2023", "--json"),
    ],
)
def test_both_paths_print_and_fail_alike(
    args: tuple[str, ...], run_mini: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert direct.read([*args, "--db", MINI]) is not None
    fast = run_mini(*args)
    monkeypatch.setattr(direct, "direct_run", lambda args: None)  # every command line to Typer
    slow = run_mini(*args)
    assert fast == slow


@pytest.mark.parametrize("flag", direct.VERSION_FLAGS)
def test_the_version_alone_is_the_direct_paths_and_reads_as_typers(
    flag: str, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kzturk import __version__

    assert direct.direct_run([flag]) is direct.version
    assert direct.direct_run([flag, "deals"]) is None  # the root option before a command
    fast = run(flag)
    monkeypatch.setattr(direct, "direct_run", lambda args: None)  # every command line to Typer
    assert fast == run(flag) == Result(0, f"kzturk {__version__}\n", "")
