"""Agreements through their lives (kzturk.agreements): status on a day from the steps dated
by then, and `kzturk agreements` in every format, with --in-force, --as-of and the filters."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from agreement_helpers import LIVES, agreement, agreement_store, step
from conftest import Runner

from kzturk.agreements import life_on, steps_known


def by_id(agreement_id: str) -> dict:
    return next(a for a in LIVES if a["id"] == agreement_id)


def test_status_follows_the_steps_dated_by_the_day() -> None:
    customs = by_id("customs")
    assert life_on(customs, date(2003, 1, 1)).status == "not yet approved"
    assert life_on(customs, date(2003, 6, 1)).status == "signed"
    assert life_on(customs, date(2004, 6, 1)).status == "ratified by kazakhstan"
    # Turkey's ratification is dated only '2004': it counts once the whole year has passed.
    assert life_on(customs, date(2004, 12, 30)).status == "ratified by kazakhstan"
    assert life_on(customs, date(2004, 12, 31)).status == "ratified by all parties"
    assert life_on(customs, date(2005, 3, 1)).is_in_force
    assert life_on(customs).status == "in force"


def test_an_ended_agreement_is_no_longer_in_force() -> None:
    visas = by_id("visas-1992")
    assert life_on(visas, date(2000, 1, 1)).is_in_force
    life = life_on(visas)
    assert life.status == "superseded" and not life.is_in_force
    assert life.ended is not None and life.ended["agreement"] == "visits-2001"


def test_amendment_keeps_an_agreement_in_force() -> None:
    amended = agreement(
        "a",
        step("signed", "2000"),
        step("in-force", "2001"),
        step("amended", "2010", agreement="b"),
    )
    assert life_on(amended).status == "amended" and life_on(amended).is_in_force


def test_undated_steps_count_today_only() -> None:
    undated = agreement("a", step("signed", "2000-01-01"), step("in-force", None))
    assert life_on(undated).is_in_force
    assert not life_on(undated, date(2030, 1, 1)).is_in_force
    assert [s["kind"] for s in steps_known(undated, None)] == ["signed", "in-force"]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return agreement_store(tmp_path)


def test_listing_json_carries_the_steps_and_the_status(run: Runner, store: Path) -> None:
    result = run("agreements", "--json", "--db", str(store))
    assert result.code == 0, result.err
    records = {r["id"]: r for r in result.json}
    customs = records["customs"]
    assert [s["kind"] for s in customs["steps"]] == ["signed", "ratified", "ratified", "in-force"]
    assert customs["signed"] == "2003-05-22" and customs["signed_place"] == "Ankara"
    assert customs["in_force"] is True and customs["in_force_since"] == "2005-03-01"
    # a year-only date sorts by its first day
    assert [r["party"] for r in customs["ratified"]] == ["turkey", "kazakhstan"]
    assert records["visas-1992"]["ended"] == "2001-11-26"
    assert result.json[0]["id"] == "visas-1992"  # oldest signed first


def test_in_force_as_of_a_day(run: Runner, store: Path) -> None:
    then = run("agreements", "--in-force", "--as-of", "2000-01-01", "--json", "--db", str(store))
    assert [r["id"] for r in then.json] == ["visas-1992"]
    assert then.json[0]["as_of"] == "2000-01-01"
    now = run("agreements", "--in-force", "--json", "--db", str(store))
    assert [r["id"] for r in now.json] == ["customs"]
    before = run("agreements", "--as-of", "1990", "--db", str(store))
    assert "No agreement matches." in before.out


def test_since_until_select_by_signing(run: Runner, store: Path) -> None:
    result = run("agreements", "--since", "2001", "--until", "2003", "--json", "--db", str(store))
    assert [r["id"] for r in result.json] == ["visits-2001", "customs"]


def test_a_bad_as_of_is_a_usage_error(run: Runner, store: Path) -> None:
    result = run("agreements", "--as-of", "2010-13", "--db", str(store))
    assert result.code == 2 and "--as-of" in result.err and "Traceback" not in result.err


def test_csv_has_a_row_per_agreement_and_its_steps_as_text(run: Runner, store: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(run("agreements", "--format", "csv", "--db", str(store)).out))
    )
    customs = next(r for r in rows if r["id"] == "customs")
    assert customs["in_force"] == "yes"
    assert "ratified 2004-05-10 by kazakhstan (No. 549-II)" in customs["steps"]


def test_show_prints_the_life_as_a_timeline(run: Runner, store: Path) -> None:
    result = run("agreements", "customs", "--db", str(store))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    signed = next(i for i, line in enumerate(lines) if "22 May 2003" in line)
    in_force = next(
        i for i, line in enumerate(lines) if "1 Mar 2005" in line and "in-force" in line
    )
    assert signed < in_force
    assert "Status today" in result.out and "in force since 1 Mar 2005" in result.out
    assert "F101" in result.out  # the fact attached to it


def test_show_of_an_unknown_agreement_names_the_closest(run: Runner, store: Path) -> None:
    result = run("agreements", "custom", "--db", str(store))
    assert result.code == 2 and "customs" in result.err


def test_store_text_is_not_markup(run: Runner, tmp_path: Path) -> None:
    hostile = agreement(
        "x", step("signed", "2000", place="[red]Ankara[/red] <b>"), title="<script>"
    )
    path = agreement_store(tmp_path, [hostile])
    table = run("agreements", "--db", str(path)).out
    assert "[red]Ankara[/red]" in table
    page = run("agreements", "x", "--format", "html", "--db", str(path)).out
    assert "<script>" not in page.split("<script", 1)[0] + page.split("</script>")[-1]
    assert "&lt;script&gt;" in page


def test_sqlite_export_has_a_steps_table(run: Runner, store: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    assert run("export", "sqlite", str(target), "--db", str(store)).code == 0
    with sqlite3.connect(target) as db:
        steps = db.execute(
            "SELECT kind, date, party, date_start FROM agreement_steps "
            "WHERE agreement = 'customs' ORDER BY position"
        ).fetchall()
        status = db.execute("SELECT status FROM agreements WHERE id = 'visas-1992'").fetchone()
        facts = db.execute("SELECT * FROM agreements_facts").fetchall()
    assert steps[1] == ("ratified", "2004", "turkey", "2004-01-01")
    assert steps[2] == ("ratified", "2004-05-10", "kazakhstan", "2004-05-10")
    assert status == ("superseded",)
    assert facts == [("customs", "F101")]


def test_export_json_holds_the_agreements(run: Runner, store: Path) -> None:
    whole = run("export", "json", "--db", str(store)).json
    assert {a["id"] for a in whole["agreements"]} == {a["id"] for a in LIVES}


def test_a_store_without_the_table_reads_and_lists_none(run: Runner, tmp_path: Path) -> None:
    from store_helpers import make_store

    path = make_store(tmp_path)
    assert "agreements" not in path.read_text(encoding="utf-8")
    assert run("check", "--db", str(path)).code == 0
    result = run("agreements", "--json", "--db", str(path))
    assert result.code == 0 and result.json == []


def test_a_bill_sent_to_parliament_is_a_step_before_ratification() -> None:
    life = agreement(
        "a",
        step("signed", "2003-05-22"),
        step("ratified", "2003-12", party="turkey"),
        step("submitted", "2004-02-26", party="kazakhstan"),
    )
    assert life_on(life, date(2003, 6, 1)).status == "signed"
    assert life_on(life).status == "ratified by turkey"  # not set back by the later bill
    sent = agreement("b", step("signed", "2003-05-22"), step("submitted", "2004-02-26"))
    assert life_on(sent).status == "submitted for ratification"


def test_an_approval_after_the_signing_leaves_the_status() -> None:
    life = agreement(
        "a", step("signed", "2001-11-26"), step("approved", "2001-11-30", party="kazakhstan")
    )
    assert life_on(life).status == "signed"
    draft = agreement("b", step("approved", "2018-09-12"), step("signed", "2018-09-13"))
    assert life_on(draft, date(2018, 9, 12)).status == "approved for signing"


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "jsonl", "html"])
def test_every_format_of_the_listing_and_the_life(run: Runner, store: Path, fmt: str) -> None:
    for argv in (("agreements",), ("agreements", "customs")):
        result = run(*argv, "--format", fmt, "--db", str(store))
        assert result.code == 0, (argv, result.err)
        assert result.out.endswith("\n") and not result.out.endswith("\n\n")
        assert "customs" in result.out
        if fmt == "json":
            assert isinstance(result.json, list if len(argv) == 1 else dict)


def test_show_of_a_fact_names_its_agreement(run: Runner, store: Path) -> None:
    result = run("show", "F101", "--db", str(store))
    assert "Agreement customs (customs)" in result.out
    other = run("show", "F102", "--db", str(store))
    assert "(customs)" not in other.out
