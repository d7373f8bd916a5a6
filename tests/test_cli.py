"""The command line, run in-process through kzturk.cli.main against the mini store."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from conftest import MINI, MINI_STORE, Result, Runner, ids, sha256, strict_json

from kzturk import __version__
from kzturk.cli.app import COMMAND_MODULES
from kzturk.model import FACT_FIELDS, SECTORS, SOURCE_FIELDS
from kzturk.render import FORMATS
from kzturk.render.views import FACT_CSV_HEADER, SOURCE_CSV_HEADER

FACT_RECORD_FIELDS = {*FACT_FIELDS, "source_count", "edtf", "party_ids"}
SOURCE_RECORD_FIELDS = {*SOURCE_FIELDS, "fact_count", "kind"}

# command line -> what its records are
FACT_LISTINGS = [
    ("deals",),
    ("timeline",),
    ("timeline", "--context"),
    ("trade",),
    ("search", "kazakh*"),
    ("deals", "--sector", "science"),  # an empty result
]
ALL_COMMANDS = [
    *FACT_LISTINGS,
    ("show", "F102"),
    ("sources",),
    ("sources", "alpha"),
    ("sectors",),
]


def assert_ok(result: Result) -> None:
    assert result.code == 0, result.err
    assert result.err == ""


def assert_one_trailing_newline(text: str) -> None:
    assert text.endswith("\n"), text[-40:]
    assert not text.endswith("\n\n"), text[-40:]


def assert_usage_error(result: Result, *fragments: str) -> None:
    assert result.code == 2, (result.code, result.err)
    assert_one_line_error(result, *fragments)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.out == ""
    assert result.err.startswith("kzturk: error: "), result.err
    assert result.err.count("\n") == 1, result.err
    assert result.err.endswith("\n")
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment.casefold() in result.err.casefold(), (fragment, result.err)


def command_id(argv: tuple[str, ...]) -> str:
    return " ".join(argv)


# ---- every command in every format ----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("argv", ALL_COMMANDS, ids=command_id)
def test_every_command_in_every_format_succeeds(
    run_mini: Runner, argv: tuple[str, ...], fmt: str
) -> None:
    result = run_mini(*argv, "--format", fmt)
    assert_ok(result)
    if fmt != "jsonl" or result.out:
        assert_one_trailing_newline(result.out)


@pytest.mark.parametrize("argv", FACT_LISTINGS, ids=command_id)
def test_fact_listing_json_is_a_list_of_complete_records(
    run_mini: Runner, argv: tuple[str, ...]
) -> None:
    result = run_mini(*argv, "--json")
    assert_ok(result)
    records = strict_json(result.out)
    assert isinstance(records, list)
    for record in records:
        assert isinstance(record, dict)
        assert set(record) >= FACT_RECORD_FIELDS, FACT_RECORD_FIELDS - set(record)
        assert record["source_count"] == len({ref["source"] for ref in record["sources"]})


@pytest.mark.parametrize("argv", FACT_LISTINGS, ids=command_id)
def test_fact_listing_jsonl_is_one_record_a_line_same_as_json(
    run_mini: Runner, argv: tuple[str, ...]
) -> None:
    as_json = run_mini(*argv, "--json").json
    result = run_mini(*argv, "--jsonl")
    assert_ok(result)
    lines = result.out.splitlines()
    assert len(lines) == len(as_json)
    assert [strict_json(line) for line in lines] == as_json


@pytest.mark.parametrize("argv", FACT_LISTINGS, ids=command_id)
def test_fact_listing_csv_has_the_documented_header(
    run_mini: Runner, argv: tuple[str, ...]
) -> None:
    result = run_mini(*argv, "--format", "csv")
    assert_ok(result)
    rows = list(csv.reader(io.StringIO(result.out)))
    extra = ("matched",) if argv[0] == "search" else ()  # where each result matched
    assert tuple(rows[0]) == (*FACT_CSV_HEADER, *extra)
    assert len(rows) - 1 == len(run_mini(*argv, "--json").json)
    for row in rows[1:]:
        assert len(row) == len(rows[0])


@pytest.mark.parametrize("argv", ALL_COMMANDS, ids=command_id)
def test_markdown_starts_with_a_heading(run_mini: Runner, argv: tuple[str, ...]) -> None:
    result = run_mini(*argv, "--format", "md")
    assert_ok(result)
    assert result.out.startswith("## ")


def test_format_markdown_is_an_alias_of_md(run_mini: Runner) -> None:
    assert run_mini("deals", "--format", "markdown").out == run_mini("deals", "-f", "md").out


def test_format_is_case_insensitive(run_mini: Runner) -> None:
    assert run_mini("deals", "--format", "JSON").out == run_mini("deals", "--json").out


def test_empty_result_is_success_in_every_format(run_mini: Runner) -> None:
    argv = ("deals", "--sector", "science")
    assert run_mini(*argv, "--json").out == "[]\n"
    assert run_mini(*argv, "--jsonl").out == ""
    assert run_mini(*argv, "--format", "csv").out == ",".join(FACT_CSV_HEADER) + "\n"
    assert "Nothing matches" in run_mini(*argv).out


def test_show_json_is_one_complete_object(run_mini: Runner) -> None:
    record = run_mini("show", "F102", "--json").json
    assert isinstance(record, dict)
    assert set(record) == {*FACT_RECORD_FIELDS, "linked_from"}
    assert record["id"] == "F102"
    assert record["source_count"] == 2
    assert [ref["source"] for ref in record["sources"]] == ["alpha", "beta"]


def test_show_accepts_lowercase_and_spaces(run_mini: Runner) -> None:
    assert run_mini("show", " f102 ", "--json").json["id"] == "F102"


def test_show_table_has_every_source_and_quote(run_mini: Runner) -> None:
    out = run_mini("show", "F102").out
    for text in ("Source 1", "Source 2", "joint energy programme", "energy programme of 2022"):
        assert text in out
    assert "only the year is given" in out


def test_sources_json_lists_sources_with_fact_counts(run_mini: Runner) -> None:
    records = run_mini("sources", "--json").json
    assert isinstance(records, list)
    assert [r["id"] for r in records] == ["alpha", "beta", "gamma"]
    for record in records:
        assert set(record) == SOURCE_RECORD_FIELDS
    assert {r["id"]: r["fact_count"] for r in records} == {"alpha": 5, "beta": 6, "gamma": 1}


def test_sources_csv_header(run_mini: Runner) -> None:
    rows = list(csv.reader(io.StringIO(run_mini("sources", "--format", "csv").out)))
    assert tuple(rows[0]) == SOURCE_CSV_HEADER
    assert len(rows) == 4


def test_source_detail_json_and_lookup_case(run_mini: Runner) -> None:
    record = run_mini("sources", "ALPHA", "--json").json
    assert isinstance(record, dict)
    assert set(record) == SOURCE_RECORD_FIELDS
    assert record["id"] == "alpha"
    assert record["fact_count"] == 5
    table = run_mini("sources", "gamma").out
    assert "F108" in table
    assert "Facts citing it" in table


def test_sectors_json_has_every_sector(run_mini: Runner) -> None:
    records = run_mini("sectors", "--json").json
    assert [r["sector"] for r in records] == list(SECTORS)
    assert all(set(r) == {"sector", "count"} for r in records)
    assert {r["sector"]: r["count"] for r in records}["trade"] == 2


def test_schema_is_json_with_both_tables(run: Runner) -> None:
    result = run("schema")
    assert_ok(result)
    schema = result.json
    assert schema["required"] == ["sources", "facts"]
    assert set(schema["$defs"]["Fact"]["properties"]) == set(FACT_FIELDS)
    assert set(schema["$defs"]["Source"]["properties"]) == set(SOURCE_FIELDS)
    assert_one_trailing_newline(result.out)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(run: Runner, flag: str) -> None:
    result = run(flag)
    assert_ok(result)
    assert result.out == f"kzturk {__version__}\n"


def test_help_exits_zero(run: Runner) -> None:
    result = run("deals", "--help")
    assert_ok(result)
    assert "--sector" in result.out


def every_command() -> list[tuple[str, ...]]:
    """Each command and each subcommand of a group, as argv."""
    from kzturk.cli.app import load_commands

    app = load_commands()
    found: list[tuple[str, ...]] = [(name,) for name in COMMAND_MODULES]
    for group in app.registered_groups:
        assert group.typer_instance is not None and group.name is not None
        found += [(group.name, str(info.name)) for info in group.typer_instance.registered_commands]
    return found


def test_every_help_shows_its_examples_as_written(run: Runner) -> None:
    """Click's \\b marks a paragraph not to rewrap; a docstring that escapes it twice prints a
    literal backslash-b, and one that doubles the line continuation prints two backslashes."""
    commands = every_command()
    assert ("entity", "add") in commands and ("occasion", "edit") in commands
    for argv in commands:
        result = run(*argv, "--help")
        assert_ok(result)
        assert "\\b" not in result.out and "\\\\" not in result.out and "\b" not in result.out, argv


def test_no_arguments_prints_readable_help(run: Runner) -> None:
    """`kzturk` alone shows the help as help: several lines listing the commands, not one
    'kzturk: error: Usage: ...' line with the whole help squashed into it."""
    result = run()
    shown = result.out + result.err
    assert "kzturk: error: Usage" not in shown
    assert "\n  deals " in shown or "\n│ deals " in shown, shown[:300]
    assert result.code in (0, 2)


# ---- filters --------------------------------------------------------------------------------


def test_deals_lists_only_deals_and_hides_retracted(run_mini: Runner) -> None:
    records = run_mini("deals", "--json").json
    assert ids(records) == MINI["deals"]
    assert {r["kind"] for r in records} == {"deal"}
    with_retracted = run_mini("deals", "--include-retracted", "--json").json
    assert "F111" in ids(with_retracted)


@pytest.mark.parametrize("value", ["defense", "DEFENSE", "Defense", " defense "])
def test_sector_is_case_insensitive(run_mini: Runner, value: str) -> None:
    assert ids(run_mini("deals", "--sector", value, "--json").json) == ["F101"]


def test_sector_repeatable(run_mini: Runner) -> None:
    found = run_mini("deals", "-s", "defense", "--sector", "transport", "--json").json
    assert ids(found) == ["F101", "F103"]


def test_status_filter(run_mini: Runner) -> None:
    assert ids(run_mini("deals", "--status", "signed", "--json").json) == ["F101"]
    assert ids(run_mini("deals", "--status", "PLANNED", "--json").json) == ["F103"]


def test_party_filter_is_accent_insensitive(run_mini: Runner) -> None:
    assert ids(run_mini("deals", "--party", "erdogan", "--json").json) == ["F102"]
    assert ids(run_mini("timeline", "-p", "ERDOGAN", "--json").json) == ["F102", "F107"]


def test_year_only_fact_matches_overlapping_range(run_mini: Runner) -> None:
    found = ids(run_mini("deals", "--since", "2022-06", "--json").json)
    assert found == ["F102", "F103", "F110"]  # F102 is "2022"; F101 (10 May 2022) is out
    assert ids(run_mini("deals", "--until", "2022-05-09", "--json").json) == ["F102"]


def test_date_range_excludes_undated(run_mini: Runner) -> None:
    assert "F104" in ids(run_mini("timeline", "--json").json)
    assert "F104" not in ids(run_mini("timeline", "--since", "1900", "--json").json)


def test_min_sources_and_as_of(run_mini: Runner) -> None:
    assert ids(run_mini("deals", "--min-sources", "2", "--json").json) == ["F102"]
    as_of = run_mini("deals", "--as-of", "2023", "--json").json
    assert ids(as_of) == ["F102", "F101"]
    assert as_of[0]["source_count"] == 1  # beta was not out yet


def test_timeline_hides_context_by_default(run_mini: Runner) -> None:
    default = ids(run_mini("timeline", "--json").json)
    assert "F105" not in default
    assert default == [i for i in MINI["chronological"] if i not in ("F105", "F109", "F111")]
    with_context = ids(run_mini("timeline", "--context", "--json").json)
    assert with_context == [i for i in MINI["chronological"] if i not in ("F109", "F111")]
    everything = ids(run_mini("timeline", "--context", "--analysis", "--json").json)
    assert everything == [i for i in MINI["chronological"] if i != "F111"]
    footer = " ".join(run_mini("timeline").out.split())
    assert (
        "1 context fact, 1 analysis and 1 retracted fact not shown: --context, --analysis, "
        "--include-retracted" in footer
    )
    assert ids(run_mini("timeline", "--kind", "context", "--json").json) == ["F105"]
    assert "Uzbekistan" not in run_mini("timeline").out
    assert "Uzbekistan" in run_mini("timeline", "--context").out


def test_timeline_kind_filter(run_mini: Runner) -> None:
    found = run_mini("timeline", "--kind", "deal", "-k", "TARGET", "--json").json
    assert {r["kind"] for r in found} == {"deal", "target"}
    assert ids(found) == ["F102", "F101", "F107", "F103", "F110"]


def test_timeline_table_groups_by_year_with_undated_last(run_mini: Runner) -> None:
    out = run_mini("timeline").out
    positions = [out.index(label) for label in ("2022\n", "2023\n", "2024\n", "Undated\n")]
    assert positions == sorted(positions)
    assert "Mar 2024" in out  # month precision shown as such
    assert "10 May 2022" in out


def test_search_finds_quotes_and_context(run_mini: Runner) -> None:
    assert ids(run_mini("search", "middle corridor", "--json").json) == ["F103"]
    assert ids(run_mini("search", "Uzbekistan", "--json").json) == ["F105"]
    assert ids(run_mini("search", "erdogan", "--json").json) == ["F102", "F107"]


def test_trade_shows_targets_apart_from_actuals(run_mini: Runner) -> None:
    records = run_mini("trade", "--json").json
    assert [(r["id"], r["kind"]) for r in records] == [("F106", "trade"), ("F107", "target")]
    assert "progress" not in records[0]
    progress = records[1]["progress"]
    assert progress["latest_actual"] == "F106"
    assert progress["progress_pct"] == 63.0
    assert (progress["actual_year"], progress["actual_reporter"]) == (2022, None)
    out = run_mini("trade").out
    actual_at = out.index("Trade by year")
    targets_at = out.index("Trade targets")
    assert actual_at < out.index("2022") < out.index("F106") < targets_at < out.rindex("F107")
    assert "F107" not in out[:targets_at]
    assert progress["progress_pct"] == 63.0
    assert "Measured against" in out[targets_at:] and "63%" in out[targets_at:]
    md = run_mini("trade", "--format", "md").out
    assert "### Trade by year" in md
    assert "### Trade targets" in md


def test_trade_by_year_is_the_series_contract(run_mini: Runner) -> None:
    records = run_mini("trade", "--by-year", "--json").json
    years = sorted({r["year"] for r in records})
    assert years == list(range(1992, 2026))  # gaps included
    assert {r["metric"] for r in records} == {"turnover", "exports", "imports"}
    [year] = [r for r in records if r["year"] == 2022 and r["metric"] == "turnover"]
    [figure] = year["figures"]
    assert figure["id"] == "F106" and figure["amount_usd"] == 6.3e9
    assert figure["sources"] == ["alpha"] and figure["period"] == "2022"
    assert figure["reported_change_pct"] == 40.4 and figure["change_pct"] is None
    assert all(not r["figures"] for r in records if r["year"] != 2022)
    rows = run_mini("trade", "--by-year", "--format", "csv").out.splitlines()
    assert rows[0].startswith("year,metric,full_year,ids,amounts_usd")
    assert len(rows) == 1 + len(records)


def test_investment_lists_investment_figures_apart_from_trade(run: Runner) -> None:
    figures = run("investment", "--json").json
    assert len(figures) >= 20 and {f["kind"] for f in figures} == {"investment"}
    assert {f["measure"] for f in figures} == {"stock", "flow", "project"}
    flows = run("investment", "--measure", "flow", "--json").json
    assert flows and all(f["measure"] == "flow" for f in flows)
    assert not {f["id"] for f in figures} & {f["id"] for f in run("trade", "--json").json}
    early = run("investment", "--as-of", "2010-12-31", "--json").json
    assert early and all(f["date"] < "2011" for f in early)
    result = run("investment", "--measure", "stok")
    assert result.code == 2 and "did you mean 'stock'" in result.err.lower()


def test_trade_metric_filter(run_mini: Runner) -> None:
    assert run_mini("trade", "--metric", "exports", "--json").json == []
    assert ids(run_mini("trade", "-m", "Turnover", "--json").json) == ["F106", "F107"]


def test_trade_chart(run_mini: Runner) -> None:
    result = run_mini("trade", "--chart")
    assert_ok(result)
    assert "? Unattributed" in result.out  # F106 names no reporter
    assert "target" in result.out
    assert "$10 bn" in result.out
    assert "?" in result.out.split("target")[1].split("$5 bn")[0]  # $6.3 bn: above $5 bn


# ---- the store: --db, KZTURK_DB, bundled ---------------------------------------------------


def test_kzturk_db_environment_variable_is_honoured(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZTURK_DB", str(MINI_STORE))
    assert ids(run("deals", "--json").json) == MINI["deals"]


def test_db_option_beats_environment(
    run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KZTURK_DB", str(tmp_path / "missing.json"))
    result = run("deals", "--json", "--db", str(MINI_STORE))
    assert_ok(result)
    assert ids(result.json) == MINI["deals"]


@pytest.mark.parametrize("argv", [*ALL_COMMANDS[:5], ("sources",), ("sectors",)], ids=command_id)
def test_every_listing_works_on_the_bundled_store(run: Runner, argv: tuple[str, ...]) -> None:
    result = run(*argv, "--json")
    assert_ok(result)
    assert isinstance(result.json, list)


def test_bundled_store_has_facts(run: Runner) -> None:
    assert len(run("timeline", "--context", "--include-retracted", "--json").json) > 0


def test_reading_never_changes_the_store(run: Runner, mini_store_copy: Path) -> None:
    before = sha256(mini_store_copy)
    for argv in ALL_COMMANDS:
        assert run(*argv, "--db", str(mini_store_copy)).code == 0
    assert sha256(mini_store_copy) == before


# ---- usage errors (exit 2) ------------------------------------------------------------------


def test_unknown_sector_suggests_the_closest(run_mini: Runner) -> None:
    result = run_mini("deals", "--sector", "defence")
    assert_usage_error(result, "--sector", "'defence'", "did you mean 'defense'")
    assert "energy" in result.err  # lists the valid values


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (("deals", "--sector", ""), ("--sector needs a value",)),
        (("deals", "--sector", "  "), ("--sector needs a value",)),
        (("deals", "--status", "signd"), ("--status", "did you mean 'signed'")),
        (("timeline", "--kind", "deals"), ("--kind", "did you mean 'deal'")),
        (("trade", "--metric", "export"), ("--metric", "did you mean 'exports'")),
        (("deals", "--since", "2022-13"), ("--since", "month 13")),
        (("deals", "--since", "2022-02-30"), ("--since", "02-30")),
        (("deals", "--until", "22"), ("--until", "'22' is not a date")),
        (("deals", "--since", "yesterday"), ("--since", "'yesterday'")),
        (("deals", "--since", ""), ("--since needs a date",)),
        (("deals", "--since", "2023", "--until", "2022"), ("--since 2023 is after --until 2022",)),
        (("timeline", "--as-of", "2022-00"), ("--as-of",)),
        (("deals", "--json", "--format", "csv"), ("csv and json",)),
        (("deals", "--json", "--jsonl"), ("json and jsonl",)),
        (("deals", "--format", "xml"), ("--format", "'xml'")),
        (("trade", "--chart", "--json"), ("--chart",)),
        (("search", "  "), ("has no letters or digits",)),
        (("deals", "--min-sources", "-1"), ("--min-sources",)),
        (("deals", "--min-sources", "two"), ("--min-sources",)),
        (("sources", "nope"), ("unknown source id 'nope'",)),
        (("bogus",), ("no such command", "bogus")),
        (("deals", "--bogus"), ("no such option", "--bogus")),
        (("show",), ("missing argument",)),
        (("deals", "extra"), ("extra",)),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_usage_errors_exit_2_with_one_line(
    run_mini: Runner, argv: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert_usage_error(run_mini(*argv), *fragments)


def test_option_without_its_value(run: Runner) -> None:
    assert_usage_error(run("deals", "--sector"), "--sector", "requires an argument")


def test_unknown_fact_id_suggests_the_closest(run_mini: Runner) -> None:
    result = run_mini("show", "F1O1")  # letter O for zero
    assert_usage_error(result, "unknown fact id 'F1O1'", "did you mean", "F101")


def test_unknown_fact_id_without_near_match(run_mini: Runner) -> None:
    assert_usage_error(run_mini("show", "zzzzzzzz"), "unknown fact id 'zzzzzzzz'")


def test_usage_error_does_not_read_the_store(run: Runner, tmp_path: Path) -> None:
    """A bad option is reported as such even when the store is missing."""
    result = run("deals", "--sector", "defence", "--db", str(tmp_path / "missing.json"))
    assert_usage_error(result, "did you mean 'defense'")


# ---- runtime errors (exit 1) ----------------------------------------------------------------


@pytest.mark.parametrize("argv", ALL_COMMANDS, ids=command_id)
def test_missing_store_exits_1(run: Runner, tmp_path: Path, argv: tuple[str, ...]) -> None:
    missing = tmp_path / "missing.json"
    result = run(*argv, "--db", str(missing))
    assert result.code == 1
    assert_one_line_error(result, str(missing), "no such file")
    assert not missing.exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b'{"sources": {}, "facts": {', "invalid JSON at line 1 column"),
        (b"[]", "not a kzturk store"),
        (b"\xff\xfe{}", "not UTF-8"),
        (('{"sources": {}, "facts": ' + "[" * 100000 + "]" * 100000 + "}").encode(), ""),
    ],
    ids=["empty", "truncated", "list", "not utf-8", "deep"],
)
def test_broken_store_exits_1(run: Runner, tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    result = run("deals", "--db", str(path))
    assert result.code == 1
    assert_one_line_error(result, str(path), fragment)
    assert path.read_bytes() == content


def test_broken_store_through_environment_exits_1(
    run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"sources": {}, "facts": {"1": {"id": "F1"}}}', encoding="utf-8")
    monkeypatch.setenv("KZTURK_DB", str(path))
    result = run("timeline")
    assert result.code == 1
    assert_one_line_error(result, str(path), "missing field")


def test_out_of_range_number_is_a_store_error_not_an_internal_error(
    run: Runner, tmp_path: Path
) -> None:
    """`"amount_usd": 1e400` is read by Python as inf; the store must be refused with its
    path, not crash later with 'internal error (ValueError: Out of range float ...)'."""
    text = MINI_STORE.read_text(encoding="utf-8")
    path = tmp_path / "facts.json"
    path.write_text(text.replace('"amount_usd": 6300000000', '"amount_usd": 1e400'), "utf-8")
    assert path.read_text(encoding="utf-8") != text
    for argv in (("trade", "--json"), ("trade",)):
        result = run(*argv, "--db", str(path))
        assert result.code == 1, result
        assert_one_line_error(result, str(path))
        assert "internal error" not in result.err


def test_directory_as_store_exits_1(run: Runner, tmp_path: Path) -> None:
    result = run("sectors", "--db", str(tmp_path))
    assert result.code == 1
    assert_one_line_error(result, "is a directory")


class VanishedReader(io.StringIO):
    """A stdout whose reader has gone away (`kzturk ... | head`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")

    @property
    def buffer(self) -> VanishedReader:
        return self


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_broken_pipe_is_quiet_exit_141(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    from kzturk.cli import main

    monkeypatch.setattr("sys.stderr", sys.stderr)  # Typer may wrap it; put it back after
    monkeypatch.setattr("sys.stdout", VanishedReader())
    with pytest.raises(SystemExit) as info:
        main(["deals", "--format", fmt, "--db", str(MINI_STORE)])
    assert info.value.code == 141
    assert capsys.readouterr().err == ""


# ---- output hygiene -------------------------------------------------------------------------


def test_json_output_is_utf8_not_escaped(run_mini: Runner) -> None:
    out = run_mini("deals", "--json").out
    assert "Recep Tayyip Erdoğan" in out
    assert "\\u011f" not in out


def test_json_keeps_store_text_exactly(run_mini: Runner) -> None:
    record = run_mini("show", "F108", "--json").json
    stored = json.loads(MINI_STORE.read_text(encoding="utf-8"))["facts"]["108"]
    assert record["summary"] == stored["summary"]  # data formats are not cleaned
    assert "\x1b" in record["summary"]


def test_csv_lists_are_joined_and_quotes_have_their_column(run_mini: Runner) -> None:
    rows = list(csv.DictReader(io.StringIO(run_mini("show", "F102", "--format", "csv").out)))
    assert len(rows) == 1
    row = rows[0]
    assert row["sources"] == "alpha; beta"
    assert row["quotes"] == "a joint energy programme was announced; the energy programme of 2022"
    assert row["parties"] == "Recep Tayyip Erdoğan; Kassym-Jomart Tokayev"
    assert row["values"] == "160000000000 KZT; 295000000 USD"
    assert row["source_count"] == "2"
    assert row["status"] == "announced"
    assert row["metric"] == ""


def test_table_output_has_no_escape_codes_when_not_a_terminal(run_mini: Runner) -> None:
    for argv in ALL_COMMANDS:
        assert "\x1b" not in run_mini(*argv).out, argv


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_human_formats_strip_control_characters_from_store_text(run_mini: Runner, fmt: str) -> None:
    """The hostile fact F108 holds ESC[31m; no format printed for people may pass ESC on."""
    for argv in (("show", "F108"), ("timeline",), ("search", "markup")):
        out = run_mini(*argv, "--format", fmt).out
        assert "\x1b" not in out, (argv, fmt)
        assert "[31m" in out, (argv, fmt)


def test_columns_environment_sets_table_width(
    run_mini: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    for width in (40, 70, 120):
        monkeypatch.setenv("COLUMNS", str(width))
        out = run_mini("deals").out
        assert max(len(line) for line in out.splitlines()) <= width


def test_entities_finds_by_any_part_of_any_name(run: Runner) -> None:
    one = run("entities", "Kassym", "--json")
    assert one.code == 0 and one.json["id"] == "tokayev"
    assert run("entities", "ERDOG", "--json").json["id"] == "erdogan"
    assert run("entities", "Туймебаев", "--json").json["id"] == "zhanseit-tuimebayev"
    several = run("entities", "turkic", "--json")
    assert several.code == 0 and len(several.json) > 1
    assert all(
        any("turkic" in n.casefold() for n in [e["name"], *(a["name"] for a in e["aliases"])])
        for e in several.json
    )


def test_entities_suggests_the_closest_names_when_none_has_the_text(run: Runner) -> None:
    # Not "tokaev": that is the Russian alias Токаев, folded to Latin letters.
    result = run("entities", "tokajev")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert "Did you mean" in result.err and "Kassym-Jomart Tokayev" in result.err
