"""The table of filters: each row gives its options, reader, predicate, words and commands.

What is checked here is that the surfaces follow the rows (help, the usage errors, titles,
footers, the manual's list); what each filter keeps is in tests/test_query.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINI_STORE, Runner

from kzturk.cli.app import COMMAND_MODULES
from kzturk.errors import UsageError
from kzturk.filters import (
    FILTER_TABLE,
    HIDING,
    FactFilter,
    Filter,
    Option,
    describe,
    filters_of,
    read_filters,
    reference,
)
from kzturk.render.views import footer

MANUAL = Path(__file__).resolve().parent.parent / "kzturk" / "manual" / "filters.md"
OPTIONS = [(row, option) for row in FILTER_TABLE for option in row.options]
COMMANDS = sorted({command for row in FILTER_TABLE for command in row.commands})
# A value each kind of option reads, and one it refuses.
GOOD = {"words": ["x"], "text": "2022", "flag": True, "count": 2}


def test_one_field_of_fact_filter_per_row() -> None:
    assert [row.field for row in FILTER_TABLE] == sorted(
        FactFilter._fields, key=[row.field for row in FILTER_TABLE].index
    )
    assert len(FILTER_TABLE) == len(FactFilter._fields)


def test_rows_name_real_commands_and_unique_options() -> None:
    assert set(COMMANDS) <= set(COMMAND_MODULES)
    flags = [flag for _, option in OPTIONS for flag in option.flags]
    assert len(flags) == len(set(flags))
    params = [option.param for _, option in OPTIONS]
    assert len(params) == len(set(params))
    assert all(option.takes in GOOD for _, option in OPTIONS)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_has_exactly_the_filters_of_its_rows(run: Runner, command: str) -> None:
    """Each filter option is on the commands its row names, with the row's help (a command
    may have an option of its own of the same name: `agreements --as-of`)."""
    import typer

    from kzturk.cli.app import load_commands

    assert run(command, "--help").code == 0
    click_command = typer.main.get_command(load_commands(command))
    params = getattr(click_command, "commands", {}).get(command, click_command).params
    taken = {row.field for row in filters_of(command)}
    for row, option in OPTIONS:
        helps = [p.help for p in params if option.flags[0] in getattr(p, "opts", ())]
        assert (option.help in helps) == (row.field in taken), (command, option.flags[0])


@pytest.mark.parametrize("command", COMMANDS)
def test_a_filter_the_command_does_not_take_is_a_usage_error(run: Runner, command: str) -> None:
    other = next(option for row, option in OPTIONS if command not in row.commands)
    argv = [other.flags[0]] if other.takes == "flag" else [other.flags[0], "2022"]
    extra = ("anka",) if command == "search" else ()
    result = run(command, *extra, *argv, "--db", str(MINI_STORE))
    assert result.code == 2
    assert other.flags[0] in result.err


@pytest.mark.parametrize(
    ("row", "option"),
    [(r, o) for r, o in OPTIONS if o.takes in ("words", "text") and r.field != "party"],
    ids=lambda x: getattr(x, "param", ""),
)
def test_a_bad_value_is_a_usage_error_naming_its_option(row: Filter, option: Option) -> None:
    bad = ["no such word"] if option.takes == "words" else "the day after tomorrow"
    command = row.commands[0]
    unset = {o.param: {"flag": False, "count": 0}.get(o.takes) for _, o in OPTIONS}
    with pytest.raises(UsageError, match=option.flags[0]):
        read_filters(command, {**unset, option.param: bad}.__getitem__)


def test_every_filter_with_a_value_is_said_in_the_title() -> None:
    """describe() asks every row: a spec that sets all of them is said by each."""
    spec = read_filters(
        "timeline",
        {
            "since": "2022",
            "until": "2023-06",
            "kind": ["event"],
            "sector": ["energy"],
            "party": "Tokayev",
            "context": True,
            "analysis": False,
            "min_sources": 2,
            "quoted": True,
            "include_retracted": True,
            "as_of": "2024",
        }.__getitem__,
    )
    assert describe(spec) == [
        "since 2022",
        "until 2023-06",
        "kind event",
        "sector energy",
        "party Tokayev",
        "2+ sources",
        "quoted only",
        "retracted included",
        "as of 2024",
    ]
    assert describe(FactFilter()) == []


def test_footers_name_each_hiding_filter_by_its_option() -> None:
    hidden = {row.hides.reason: 2 for row in HIDING if row.hides is not None}
    text = footer("1 fact", hidden)
    for row in HIDING:
        assert row.options[0].flags[0] in text
        assert row.hides is not None and f"2 {row.hides.many}" in text


def test_a_default_hides_only_what_it_says(run: Runner) -> None:
    """Background kinds leave the timeline by default, and --kind naming them brings them
    back (so the footer has nothing to say about them)."""
    plain = run("timeline", "--db", str(MINI_STORE), "--json").json
    assert "context" not in {r["kind"] for r in plain}
    named = run("timeline", "--kind", "context", "--db", str(MINI_STORE), "--json").json
    assert {r["kind"] for r in named} == {"context"}
    shown = run("timeline", "--kind", "context", "--db", str(MINI_STORE), "--format", "md")
    assert "context fact" not in shown.out


def test_the_manual_lists_every_filter_as_the_table_says() -> None:
    """kzturk/manual/filters.md holds the table's list; KZTURK_UPDATE_GOLDEN=1 rewrites it."""
    text = MANUAL.read_text(encoding="utf-8")
    start = text.index("| option | commands |")
    end = text.index("\n\n", start) + 1
    if os.environ.get("KZTURK_UPDATE_GOLDEN") == "1":
        text = text[:start] + reference() + text[end:]
        MANUAL.write_text(text, encoding="utf-8")
    assert text[start:end] == reference()
    assert text.startswith("# Filters\n")
