"""Curation: kzturk add / edit / retract / source add, and the library behind them.

Every test works on a small store of its own in tmp_path, with its own archive/ folder.
"""

from __future__ import annotations

import difflib
import errno
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, Runner, strict_json
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from store_helpers import BETA_TEXT, ENTITIES, make_store, new_fact

from kzturk import curate
from kzturk.check import check_store
from kzturk.errors import StoreError, UsageError
from kzturk.model import FACT_FIELDS, SOURCE_FIELDS
from kzturk.model.shape import upgrade_tables
from kzturk.store import canonical_text, load_store, parse_store_text
from kzturk.textfold import fold

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

KZTURK = Path(sys.executable).with_name("kzturk")


def read(path: Path) -> dict[str, Any]:
    """The store's tables as the loader reads them (empty optional fields filled in)."""
    data = parse_store_text(path.read_bytes(), path)
    upgrade_tables(data)
    return data


def assert_valid(path: Path) -> None:
    problems = check_store(path)
    assert not problems, [str(p) for p in problems]


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.tmp"))


@pytest.fixture(autouse=True)
def no_lock_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(curate.LOCK_TIMEOUT_ENV, raising=False)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


# ---- the library: adding facts --------------------------------------------------------------


def test_add_fact_gives_the_next_id_and_keeps_the_store_valid(store: Path) -> None:
    outcome = curate.add_fact(store, new_fact())
    assert outcome.written and not outcome.reformatted
    assert outcome.record["id"] == "F103"
    data = read(store)
    assert data["facts"]["103"] == outcome.record
    assert data["meta"] == {"1": {"last_fact_number": 103}}
    assert set(outcome.record) == set(FACT_FIELDS)
    assert outcome.record["retracted"] is None
    assert store.read_text(encoding="utf-8") == canonical_text(data)
    assert_valid(store)
    assert load_store(store).fact("F103") is not None


def test_ids_are_never_reused_after_a_deletion(store: Path) -> None:
    curate.add_fact(store, new_fact())
    curate.add_fact(store, new_fact(summary="A second new fact."))
    data = read(store)
    del data["facts"]["104"]  # a curator deletes the newest fact by hand
    store.write_text(canonical_text(data), encoding="utf-8")
    assert curate.next_fact_id(store) == "F105"
    assert curate.add_fact(store, new_fact(summary="A third.")).record["id"] == "F105"


def test_next_number_is_the_higher_of_counter_and_store(tmp_path: Path) -> None:
    path = make_store(tmp_path, meta={"1": {"last_fact_number": 50}})  # counter behind
    assert curate.next_fact_id(path) == "F103"
    path = make_store(tmp_path, meta={"1": {"last_fact_number": 700, "note": "kept"}})
    outcome = curate.add_fact(path, new_fact())
    assert outcome.record["id"] == "F701"
    assert read(path)["meta"]["1"] == {"last_fact_number": 701, "note": "kept"}


def test_first_fact_of_an_empty_store_is_f001(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    data = read(path)
    data["facts"] = {}
    path.write_text(canonical_text(data), encoding="utf-8")
    assert curate.add_fact(path, new_fact()).record["id"] == "F001"
    assert_valid(path)


def test_a_broken_counter_is_a_store_error(tmp_path: Path) -> None:
    path = make_store(tmp_path, meta={"1": {"last_fact_number": "12"}})
    with pytest.raises(StoreError, match="last_fact_number must be a whole number"):
        curate.add_fact(path, new_fact())


def test_text_is_stripped_and_vocabulary_lower_cased(store: Path) -> None:
    outcome = curate.add_fact(
        store,
        new_fact(
            kind=" Event ",
            sectors=["Diplomacy", "diplomacy"],
            summary="  Erdoğan greeted Tokayev.  ",
            date_note="",
            parties=["  Turkey ", "", "Turkey"],
            values=[{"amount": 295000000.0, "currency": "usd", "unit": None}],
        ),
    )
    record = outcome.record
    assert record["kind"] == "event"
    assert record["sectors"] == ["diplomacy"]
    assert record["summary"] == "Erdoğan greeted Tokayev."
    assert record["date_note"] is None
    assert record["parties"] == ["Turkey"]
    assert record["values"] == [{"amount": 295000000, "currency": "USD", "unit": None}]
    assert isinstance(record["values"][0]["amount"], int)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "deel"}, "Did you mean 'deal'"),
        ({"sectors": ["defence"]}, "Did you mean 'defense'"),
        ({"date": "2022-02-30"}, "February 2022 has days 01 to 28"),
        ({"date": "May 2022"}, "is not a date"),
        ({"period": "2023-01/2022-01"}, "ends before it starts"),
        ({"summary": "   "}, "summary is empty"),
        ({"summary": "bell\x07"}, "control character U\\+0007"),
        ({"summary": "bad \udcff byte"}, "not valid UTF-8"),
        ({"amount_usd": float("nan")}, "finite number"),
        ({"amount_usd": True}, "must be a number"),
        ({"id": "F900"}, "ids are given out by kzturk"),
        ({"retracted": {"date": "2024", "reason": "x"}}, "use retract_fact"),
        ({"colour": "red"}, "unknown fact field 'colour'"),
        ({"sources": [{"source": "gamma", "quote": "x"}]}, "unknown source 'gamma'"),
        ({"sources": [{"source": "betta", "quote": "x"}]}, "Did you mean 'beta'"),
        ({"sources": []}, "a new fact needs sources"),
        ({"links": [{"fact": "F101", "relation": "contradicts"}]}, "unknown value"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_written(
    store: Path, fields: dict[str, Any], message: str
) -> None:
    before = store.read_bytes()
    with pytest.raises(UsageError, match=message):
        curate.add_fact(store, new_fact(**fields))
    assert store.read_bytes() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sources": [{"source": "beta", "quote": "Erdogan greeted him"}]}, "quote not found"),
        ({"kind": "deal"}, "a deal needs a status"),
        ({"status": "signed"}, "status is only for deals"),
        ({"kind": "trade", "sectors": ["trade"]}, "needs a metric"),
        ({"summary": "Tokayev visited Ankara."}, "same summary as F102"),
        ({"date": "2024"}, "after beta was published"),
        ({"links": [{"fact": "F999", "relation": "conflicts"}]}, "unknown fact 'F999'"),
        ({"sectors": []}, "a new fact needs sectors"),
    ],
)
def test_what_kzturk_check_would_refuse_is_refused(
    store: Path, fields: dict[str, Any], message: str
) -> None:
    before = store.read_bytes()
    with pytest.raises(UsageError, match=message) as caught:
        curate.add_fact(store, new_fact(**fields))
    if "new fact needs" not in message:
        assert "nothing was written" in str(caught.value)
    assert store.read_bytes() == before
    assert read(store).get("meta") is None  # the counter did not move either


def test_quotes_match_across_whitespace_only(store: Path) -> None:
    # The archive has "joint  energy programme worth\n160 billion": spacing may differ.
    outcome = curate.add_fact(
        store,
        new_fact(
            kind="deal",
            status="announced",
            sectors=["energy"],
            summary="The presidents announced an energy programme.",
            sources=[{"source": "alpha", "quote": "joint energy programme worth 160 billion"}],
        ),
    )
    assert outcome.written
    assert_valid(store)


def test_old_problems_do_not_block_new_facts(store: Path) -> None:
    data = read(store)
    data["facts"]["102"]["sources"][0]["quote"] = "not in the text"
    store.write_text(canonical_text(data), encoding="utf-8")
    assert len(check_store(store)) == 1
    curate.add_fact(store, new_fact())
    assert [p.record for p in check_store(store)] == ["F102"]


def test_a_non_canonical_store_is_rewritten_canonically(store: Path) -> None:
    store.write_text(json.dumps(read(store)), encoding="utf-8")  # one long line
    outcome = curate.add_fact(store, new_fact())
    assert outcome.reformatted
    assert_valid(store)


def test_adding_a_fact_changes_only_its_own_lines(store: Path) -> None:
    curate.add_fact(store, new_fact(summary="A first one."))
    old = store.read_text(encoding="utf-8").splitlines()
    outcome = curate.add_fact(store, new_fact())
    new = store.read_text(encoding="utf-8").splitlines()
    removed = [line for line in difflib.ndiff(old, new) if line.startswith("- ")]
    added = [line[2:] for line in difflib.ndiff(old, new) if line.startswith("+ ")]
    assert removed == ['-       "last_fact_number": 103']
    own = canonical_text({"facts": {"104": outcome.record}})
    own_lines = {*own.splitlines()[2:-2], "    },"}
    assert '      "summary": "Erdoğan greeted Tokayev in Ankara."' in own_lines
    assert set(added) - own_lines == {'      "last_fact_number": 104'}


def test_dry_run_validates_but_writes_nothing(store: Path) -> None:
    before = store.read_bytes()
    outcome = curate.add_fact(store, new_fact(), dry_run=True)
    assert not outcome.written and outcome.record["id"] == "F103"
    assert store.read_bytes() == before
    with pytest.raises(UsageError, match="quote not found"):
        curate.add_fact(
            store, new_fact(sources=[{"source": "beta", "quote": "nope"}]), dry_run=True
        )


# ---- edit and retract -----------------------------------------------------------------------


def test_edit_replaces_fields_and_keeps_the_id(store: Path) -> None:
    outcome = curate.edit_fact(
        store, "f102 ", {"date": "2022-05-20", "date_note": "", "parties": ["Tokayev"]}
    )
    assert outcome.written
    assert outcome.changed == ("date",)  # "Tokayev" is an alias: the name stays as it was
    fact = read(store)["facts"]["102"]
    assert fact["id"] == "F102"
    assert fact["date"] == "2022-05-20"
    assert fact["parties"] == ["Kassym-Jomart Tokayev"]
    assert_valid(store)


def test_edit_appends_a_source_and_a_link(store: Path) -> None:
    curate.edit_fact(
        store,
        "F102",
        {},
        append={
            "sources": [{"source": "beta", "quote": "“a new chapter”, he said"}],
            "links": [{"fact": "f101", "relation": "related"}],
        },
    )
    fact = read(store)["facts"]["102"]
    assert [ref["quote"] for ref in fact["sources"]] == [
        "Tokayev visited Ankara in May 2022",
        "“a new chapter”, he said",
    ]
    assert fact["links"] == [{"fact": "F101", "relation": "related", "about": None}]
    assert_valid(store)


def test_an_edit_that_changes_nothing_writes_nothing(store: Path) -> None:
    before = store.read_bytes()
    outcome = curate.edit_fact(store, "F102", {"summary": "Tokayev visited Ankara."})
    assert not outcome.written and outcome.changed == ()
    assert store.read_bytes() == before


@pytest.mark.parametrize(
    ("fact_id", "changes", "message"),
    [
        ("F999", {"summary": "x"}, "unknown fact id 'F999'"),
        ("F10", {"summary": "x"}, "Did you mean"),
        ("F102", {}, "nothing to change"),
        ("F102", {"id": "F1"}, "ids are given out"),
        ("F102", {"summary": ""}, "summary is empty"),
        ("F102", {"sources": []}, "sources"),
        ("F102", {"kind": "deal"}, "a deal needs a status"),
        ("F102", {"summary": "Kazakhstan agreed to assemble ANKA drones."}, "same summary"),
    ],
)
def test_bad_edits_are_refused(
    store: Path, fact_id: str, changes: dict[str, Any], message: str
) -> None:
    before = store.read_bytes()
    with pytest.raises(UsageError, match=message):
        curate.edit_fact(store, fact_id, changes)
    assert store.read_bytes() == before


def test_retract_keeps_the_fact_with_date_and_reason(store: Path) -> None:
    outcome = curate.retract_fact(
        store, "F101", "  the article was corrected  ", today=date(2025, 1, 2)
    )
    assert outcome.written
    fact = read(store)["facts"]["101"]
    assert fact["retracted"] == {"date": "2025-01-02", "reason": "the article was corrected"}
    assert fact["summary"] == "Kazakhstan agreed to assemble ANKA drones."
    assert_valid(store)
    with pytest.raises(UsageError, match="already retracted on 2025-01-02"):
        curate.retract_fact(store, "F101", "again")
    with pytest.raises(UsageError, match="reason is empty"):
        curate.retract_fact(store, "F102", " ")


def test_retract_dates_today_by_default(store: Path) -> None:
    outcome = curate.retract_fact(store, "F102", "wrong visit")
    today = date.today().isoformat()
    assert outcome.record["retracted"] == {"date": today, "reason": "wrong visit"}


# ---- sources --------------------------------------------------------------------------------


def test_add_source_archives_its_text_byte_for_byte(store: Path) -> None:
    text = "Almaty — 3 June 2024.\r\nKazakhstan and Türkiye signed a “roadmap” 🚆.\n"
    outcome = curate.add_source(
        store, {"id": "Trend-AZ", "title": " Rail ", "published": "2024-06-03"}, text
    )
    archived = store.parent / "archive" / "trend-az.txt"
    assert outcome.archived == archived
    assert archived.read_bytes() == text.encode("utf-8")
    record = read(store)["sources"]["3"]
    assert record["id"] == "trend-az" and record["title"] == "Rail"
    assert record["archive"] == "trend-az.txt"
    assert set(record) == set(SOURCE_FIELDS)
    added = curate.add_fact(
        store,
        new_fact(
            date="2024-06-03",
            summary="A rail roadmap was signed on 3 June 2024.",
            sources=[{"source": "trend-az", "quote": "signed a “roadmap” 🚆"}],
        ),
    )
    assert added.written
    assert_valid(store)


def test_add_source_reuses_an_existing_archive(store: Path) -> None:
    (store.parent / "archive" / "gamma.txt").write_text("Gamma text.", encoding="utf-8")
    outcome = curate.add_source(store, {"id": "gamma"})
    assert outcome.written and outcome.archived is None
    # the same text again is fine; a different one is refused
    curate.add_source(store, {"id": "delta"}, "Delta text.")
    with pytest.raises(UsageError, match="already exists"):
        curate.add_source(store, {"id": "delta"}, "Delta text.")
    assert_valid(store)


@pytest.mark.parametrize(
    ("fields", "text", "message"),
    [
        ({"id": "alpha"}, "x", "source 'alpha' already exists"),
        ({"id": "Bad_Id"}, "x", "source id 'Bad_Id'"),
        ({"id": "../up"}, "x", "lower-case letters"),
        ({"id": "gamma"}, None, "no archived text 'gamma.txt'"),
        ({"id": "gamma"}, "  \n", "the article text is empty"),
        ({"id": "gamma", "published": "2024-13"}, "x", "month 13"),
        ({"id": "gamma", "url": "example.com"}, "x", "http:// or https://"),
        ({"id": "gamma", "archive": "../x.txt"}, None, "plain file name"),
        ({"id": "gamma", "colour": "red"}, "x", "unknown source field"),
    ],
)
def test_bad_sources_are_refused(
    store: Path, fields: dict[str, Any], text: str | None, message: str
) -> None:
    before = store.read_bytes()
    with pytest.raises(UsageError, match=message):
        curate.add_source(store, fields, text)
    assert store.read_bytes() == before
    assert not (store.parent / "archive" / "gamma.txt").exists()


def test_a_different_text_under_the_same_name_is_refused(store: Path) -> None:
    (store.parent / "archive" / "gamma.txt").write_text("old text", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists with a different text"):
        curate.add_source(store, {"id": "gamma"}, "new text")
    assert (store.parent / "archive" / "gamma.txt").read_text(encoding="utf-8") == "old text"


def test_a_failed_store_write_removes_the_new_archive(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(path: Path, content: bytes, mode: int | None = None) -> None:
        raise StoreError(f"{path}: write failed, the store is unchanged: No space left on device")

    monkeypatch.setattr("kzturk.store.write.write_atomic", fail)
    with pytest.raises(StoreError, match="No space left"):
        curate.add_source(store, {"id": "gamma"}, "Gamma text.")
    assert not (store.parent / "archive" / "gamma.txt").exists()


def test_dry_run_source_leaves_no_archive(store: Path) -> None:
    before = store.read_bytes()
    outcome = curate.add_source(store, {"id": "gamma"}, "Gamma text.", dry_run=True)
    assert not outcome.written and outcome.archived is None
    assert store.read_bytes() == before
    assert not (store.parent / "archive" / "gamma.txt").exists()


def test_the_checkout_store_archives_into_the_package() -> None:
    from kzturk.store.paths import CHECKOUT_STORE, PACKAGE_ARCHIVE

    checkout = CHECKOUT_STORE
    assert curate.archive_folder(checkout) == PACKAGE_ARCHIVE
    assert curate.archive_folder(Path("/tmp/x/facts.json")) == Path("/tmp/x/archive")


# ---- where writes go, and when they cannot --------------------------------------------------


def test_the_installed_copy_is_never_written(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kzturk.store.write.is_installed_copy", lambda path: path == store)
    before = store.read_bytes()
    with pytest.raises(StoreError, match=r"inside the installed package is read-only.*--db"):
        curate.add_fact(store, new_fact())
    assert store.read_bytes() == before
    assert not Path(f"{store}.lock").exists()


def test_a_read_only_store_is_refused(store: Path) -> None:
    before = store.read_bytes()
    store.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="read-only; to change it: chmod u\\+w"):
            curate.add_fact(store, new_fact())
    finally:
        store.chmod(0o644)
    assert store.read_bytes() == before


def test_a_read_only_folder_is_refused(store: Path) -> None:
    before = store.read_bytes()
    store.parent.chmod(0o555)
    try:
        with pytest.raises(StoreError, match=r"folder .* is read-only"):
            curate.add_fact(store, new_fact())
    finally:
        store.parent.chmod(0o755)
    assert store.read_bytes() == before


def test_missing_store_or_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"folder .* does not exist"):
        curate.add_fact(tmp_path / "nowhere" / "facts.json", new_fact())
    assert not (tmp_path / "nowhere").exists()
    with pytest.raises(StoreError, match="no such file"):
        curate.add_fact(tmp_path / "facts.json", new_fact())
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(StoreError, match="is a directory"):
        curate.add_fact(tmp_path, new_fact())


def test_an_invalid_store_is_not_touched(store: Path) -> None:
    store.write_text('{"sources": {}, "facts": {', encoding="utf-8")
    with pytest.raises(StoreError, match="invalid JSON"):
        curate.add_fact(store, new_fact())
    assert store.read_text(encoding="utf-8") == '{"sources": {}, "facts": {'


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failing_write_leaves_the_old_file(
    store: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = store.read_bytes()

    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, full)
    with pytest.raises(StoreError, match="write failed, the store is unchanged: No space"):
        curate.add_fact(store, new_fact())
    monkeypatch.undo()
    assert store.read_bytes() == before
    assert temp_files(store.parent) == []


def test_temp_files_of_a_killed_writer_are_cleaned_up(store: Path) -> None:
    orphan = store.parent / ".facts.json.abc123.tmp"
    orphan.write_text('{"half": ', encoding="utf-8")
    archive_orphan = store.parent / "archive" / ".gamma.txt.x1.tmp"
    archive_orphan.write_text("half", encoding="utf-8")
    curate.add_fact(store, new_fact())
    assert temp_files(store.parent) == []


@pytest.fixture
def held_lock(store: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store's lock until its stdin closes."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom kzturk.store import store_lock\n"
        f"with store_lock(Path({str(store)!r})):\n"
        "    print('locked', flush=True)\n    sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield holder
    if holder.poll() is None:
        holder.kill()
    holder.wait()


def test_a_second_writer_waits_a_bounded_time(
    store: Path, held_lock: subprocess.Popen[str]
) -> None:
    before = store.read_bytes()
    started = time.monotonic()
    with pytest.raises(StoreError, match="another kzturk is writing it"):
        curate.add_fact(store, new_fact(), timeout=0.3)
    assert 0.25 < time.monotonic() - started < 5
    assert store.read_bytes() == before


def test_a_second_writer_proceeds_once_the_lock_is_free(
    store: Path, held_lock: subprocess.Popen[str]
) -> None:
    assert held_lock.stdin is not None
    threading = __import__("threading")
    release = threading.Timer(0.4, held_lock.stdin.close)
    release.start()
    started = time.monotonic()
    outcome = curate.add_fact(store, new_fact(), timeout=10)
    assert outcome.written and time.monotonic() - started >= 0.3
    release.join()


def test_lock_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert curate.lock_timeout() == 10.0
    monkeypatch.setenv(curate.LOCK_TIMEOUT_ENV, "2.5")
    assert curate.lock_timeout() == 2.5
    monkeypatch.setenv(curate.LOCK_TIMEOUT_ENV, "soon")
    with pytest.raises(UsageError, match="KZTURK_LOCK_TIMEOUT"):
        curate.lock_timeout()


# ---- the command line -----------------------------------------------------------------------

ADD = (
    "add",
    "--kind",
    "event",
    "--sector",
    "diplomacy",
    "--date",
    "2022-05",
    "--summary",
    "Erdoğan greeted Tokayev in Ankara.",
    "--party",
    "Recep Tayyip Erdoğan",
    "--source",
    "beta",
    "--quote",
    "Türkiye’s President Erdoğan greeted him",
)


def assert_error(result: Result, code: int, *fragments: str) -> None:
    assert result.code == code, (result.code, result.err)
    assert result.out == ""
    assert result.err.startswith("kzturk: error: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, result.err


def test_cli_add_prints_the_new_id(run: Runner, store: Path) -> None:
    result = run(*ADD, "--db", str(store))
    assert result.code == 0, result.err
    assert result.out == "F103\n"
    assert result.err == f"added F103 to {store}\n"
    shown = run("show", "F103", "--json", "--db", str(store)).json
    assert shown["summary"] == "Erdoğan greeted Tokayev in Ankara."
    assert shown["sources"] == [
        {"source": "beta", "quote": "Türkiye’s President Erdoğan greeted him"}
    ]
    assert_valid(store)


def test_cli_add_uses_kzturk_db(run: Runner, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZTURK_DB", str(store))
    assert run(*ADD).out == "F103\n"


def test_cli_add_every_field(run: Runner, store: Path) -> None:
    result = run(
        "add",
        "--kind",
        "TRADE",
        "--sector",
        "trade,investment",
        "--date",
        "2021",
        "--date-note",
        "stated for 2021",
        "--summary",
        "Turnover reached $6.3 billion in 2021.",
        "--party",
        "Kazakhstan",
        "--party",
        "Turkey",
        "--value",
        "6,300,000,000 usd",
        "--value",
        "90 days",
        "--metric",
        "turnover",
        "--period",
        "2021",
        "--amount-usd",
        "6.3e9",
        "--change-pct",
        "-18.4",
        "--link",
        "F101:related",
        "--source",
        "alpha",
        "--quote",
        "Trade turnover reached $6.3 billion in 2021.",
        "--db",
        str(store),
    )
    assert result.code == 0, result.err
    record = run("show", "F103", "--json", "--db", str(store)).json
    assert record["kind"] == "trade" and record["sectors"] == ["trade", "investment"]
    assert record["values"] == [
        {"amount": 6300000000, "currency": "USD", "unit": None},
        {"amount": 90, "currency": None, "unit": "days"},
    ]
    assert record["amount_usd"] == 6300000000 and record["change_pct"] == -18.4
    assert record["links"] == [{"fact": "F101", "relation": "related", "about": None}]
    assert_valid(store)


def test_cli_dry_run_prints_the_record(run: Runner, store: Path) -> None:
    before = store.read_bytes()
    result = run(*ADD, "--dry-run", "--db", str(store))
    assert result.code == 0, result.err
    assert strict_json(result.out)["id"] == "F103"
    assert "nothing was written" in result.err
    assert store.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (("add",), ("missing --kind, --sector, --summary, --source/--quote", "not a terminal")),
        (("add", "--kind", "deal", "--sector", "energy"), ("missing --status, --summary",)),
        (("add", "--kind", "trade"), ("--metric",)),
        (("add", "--kind", "deel"), ("--kind: unknown value 'deel'", "Did you mean 'deal'")),
        (("add", "--sector", "defence"), ("--sector", "Did you mean 'defense'")),
        (("add", "--date", "2022-13"), ("--date:", "month 13")),
        (("add", "--period", "2022/"), ("--period:",)),
        (("add", "--value", "295 million USD"), ("plain number",)),
        (("add", "--value", "$295000000"), ("plain number",)),
        (("add", "--amount-usd", "inf"), ("--amount-usd", "not a plain number")),
        (("add", "--link", "F101"), ("--link", "RELATION:ID")),
        (("add", "--link", "opposes:F101"), ("--link: unknown value 'opposes'",)),
        (
            (
                "add",
                "--kind",
                "event",
                "--sector",
                "diplomacy",
                "--summary",
                "X.",
                "--source",
                "alpha",
            ),
            ("one --quote for each archived --source", "alpha"),
        ),
        (("edit", "F101"), ("nothing to change", "kzturk edit F101 --summary")),
        (
            ("edit", "F101", "--add-source", "beta"),
            ("one --add-quote for each archived --add-source",),
        ),
        (("edit", "F999", "--summary", "x"), ("unknown fact id 'F999'",)),
        (("retract", "F101"), ("missing --reason", "pass it as an option")),
        (("retract", "F999", "--reason", "x"), ("unknown fact id",)),
        (("source", "add"), ("missing --id",)),
        (("source", "add", "--id", "gamma"), ("missing --text-file",)),
        (("source", "add", "--id", "g", "--text-file", "/no/such"), ("no such file",)),
        (("source", "add", "--id", "g", "--published", "soon"), ("--published:",)),
    ],
)
def test_cli_usage_errors_never_prompt(
    run: Runner, store: Path, argv: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    # pytest's stdin raises if read, so a prompt would fail the test loudly
    before = store.read_bytes()
    assert_error(run(*argv, "--db", str(store)), 2, *fragments)
    assert store.read_bytes() == before


def test_cli_validation_errors_name_the_problem(run: Runner, store: Path) -> None:
    argv = [*ADD[:-1], "Erdogan greeted him"]
    assert_error(
        run(*argv, "--db", str(store)), 2, "would not pass kzturk check", "quote not found"
    )
    argv = [*ADD[:-3], "betta", "--quote", "x"]
    assert_error(run(*argv, "--db", str(store)), 2, "unknown source 'betta'", "'beta'")


def test_cli_store_errors_exit_1(run: Runner, store: Path, tmp_path: Path) -> None:
    assert_error(run(*ADD, "--db", str(tmp_path / "none.json")), 1, "no such file")
    store.chmod(0o444)
    try:
        assert_error(run(*ADD, "--db", str(store)), 1, "read-only")
    finally:
        store.chmod(0o644)


def test_cli_lock_timeout_exits_1(
    run: Runner, store: Path, held_lock: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(curate.LOCK_TIMEOUT_ENV, "0.2")
    assert_error(run(*ADD, "--db", str(store)), 1, "another kzturk is writing it", "0.2 s")


def test_cli_edit_and_retract(run: Runner, store: Path) -> None:
    db = ("--db", str(store))
    result = run("edit", "f102", "--date", "2022-05-20", "--date-note", "", *db)
    assert result.code == 0 and result.out == ""
    assert result.err == f"edited F102 (date) in {store}\n"
    result = run(
        "edit",
        "F102",
        "--add-source",
        "beta",
        "--add-quote",
        "“a new chapter”, he said",
        "--add-link",
        "related:F101",
        *db,
    )
    assert result.code == 0, result.err
    assert "(sources, links)" in result.err
    result = run("edit", "F102", "--party", "", *db)
    assert result.code == 0 and "(parties)" in result.err
    assert run("edit", "F102", "--party", "", *db).err.startswith("F102: nothing changed")
    result = run("retract", "F102", "--reason", "the visit was in June", *db)
    assert result.code == 0 and result.err == f"retracted F102 in {store}\n"
    record = run("show", "F102", "--json", *db).json
    reason = "the visit was in June"
    assert record["retracted"] == {"date": date.today().isoformat(), "reason": reason}
    assert record["parties"] == [] and len(record["sources"]) == 2
    assert_error(run("retract", "F102", "--reason", "again", *db), 2, "already retracted")
    assert_valid(store)


def test_cli_source_add(run: Runner, store: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Ankara, 2024. The Middle Corridor grew by a third.\n", encoding="utf-8")
    db = ("--db", str(store))
    result = run(
        "source", "add", "--id", "corridor", "--text-file", str(article),
        "--published", "2024", "--title", "Middle Corridor", *db,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "corridor\n"
    assert f"its text is archived as {store.parent / 'archive' / 'corridor.txt'}" in result.err
    record = run("sources", "corridor", "--json", *db).json
    assert record["title"] == "Middle Corridor" and record["published"] == "2024"
    result = run(
        "add", "--kind", "context", "--sector", "transport", "--date", "2024",
        "--summary", "The Middle Corridor grew.", "--source", "corridor",
        "--quote", "The Middle Corridor grew by a third.", *db,
    )  # fmt: skip
    assert result.out == "F103\n", result.err
    assert_valid(store)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Türkiye".encode("latin-1"))
    assert_error(
        run("source", "add", "--id", "other", "--text-file", str(bad), *db), 2, "not UTF-8"
    )


def test_cli_source_add_reads_stdin(store: Path) -> None:
    result = subprocess.run(
        [str(KZTURK), "source", "add", "--id", "piped", "--text-file", "-", "--db", str(store)],
        input=b"Piped article text.\n",
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"piped\n"
    assert (store.parent / "archive" / "piped.txt").read_text() == "Piped article text.\n"


def test_cli_without_a_terminal_fails_at_once(store: Path) -> None:
    """stdin is an open pipe that never delivers: kzturk must not wait on it."""
    started = time.monotonic()
    with subprocess.Popen(
        [str(KZTURK), "add", "--kind", "event", "--db", str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        try:
            code = proc.wait(timeout=30)
        finally:
            assert proc.stdin is not None
            proc.stdin.close()
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    assert code == 2
    assert "missing --sector, --summary, --source/--quote" in err
    assert time.monotonic() - started < 30


def test_help_has_examples(run: Runner) -> None:
    for argv in (("add",), ("edit",), ("retract",), ("source", "add")):
        result = run(*argv, "--help")
        assert result.code == 0
        assert "Examples:" in result.out or "Example" in result.out, argv
        assert "--db" in result.out and "--dry-run" in result.out


# ---- prompts (a terminal) -------------------------------------------------------------------


def test_prompts_ask_for_everything(run: Runner, store: Path, terminal: Any) -> None:
    terminal(
        {
            "Kind": "deal",
            "Status": ["sined", "signed"],  # a typo, asked again
            "Sectors": "defense",
            "Date": "2022-05-10",
            "Summary": ["", "Kazakhstan will assemble drones."],  # required: asked again
            "Parties": "Kazakhstan; TUSAŞ",  # by any name
            "Source id": ["alfa", "alpha"],  # unknown source: asked again
            "Quote from alpha": ["drones assembled", "the ANKA drones will be assembled"],
            "Add this fact?": "y",
        }
    )
    result = run("add", "--db", str(store))
    assert result.code == 0, result.err
    assert result.out == "F103\n"  # the questions went to stderr
    assert "Did you mean 'signed'" in result.err
    assert "a summary is required" in result.err
    assert "Did you mean 'alpha'" in result.err
    assert "not found verbatim in alpha's archived text" in result.err
    fact = read(store)["facts"]["103"]
    assert fact["status"] == "signed" and fact["parties"] == ["Kazakhstan", "Turkish Aerospace"]
    assert_valid(store)


def test_prompts_ask_only_for_what_is_missing(run: Runner, store: Path, terminal: Any) -> None:
    terminal({"Sectors": "diplomacy", "Add this fact?": "y"})
    result = run(*[a for a in ADD if a not in ("--sector", "diplomacy")], "--db", str(store))
    assert result.code == 0, result.err
    assert result.err.count("Sectors") == 1 and "Date" not in result.err
    assert read(store)["facts"]["103"]["sectors"] == ["diplomacy"]


def test_answering_no_writes_nothing(run: Runner, store: Path, terminal: Any) -> None:
    before = store.read_bytes()
    terminal({"Sectors": "diplomacy", "Add this fact?": "n"})
    result = run(*[a for a in ADD if a not in ("--sector", "diplomacy")], "--db", str(store))
    assert result.code == 1 and "nothing was written" in result.err
    assert store.read_bytes() == before


def test_end_of_input_at_a_prompt_aborts(run: Runner, store: Path, terminal: Any) -> None:
    before = store.read_bytes()
    terminal({})  # Enter at the first question, then end of input when it is asked again
    result = run("add", "--db", str(store))
    assert result.code == 130 and result.out == ""
    assert result.err.endswith("\nkzturk: error: aborted\n"), result.err
    assert store.read_bytes() == before


def test_prompted_edit_keeps_what_is_not_retyped(run: Runner, store: Path, terminal: Any) -> None:
    terminal(
        {"Summary": "Tokayev visited Ankara in May.", "Date note": "early May", "Parties": "-"}
    )
    result = run("edit", "F102", "--db", str(store))
    assert result.code == 0, result.err
    assert "(date_note, summary, parties)" in result.err
    fact = read(store)["facts"]["102"]
    assert fact["date"] == "2022-05" and fact["date_note"] == "early May"
    assert fact["parties"] == []


def test_prompted_retract_and_source(
    run: Runner, store: Path, terminal: Any, tmp_path: Path
) -> None:
    terminal({"Why is F101 wrong?": ["", "turned out wrong"]})
    result = run("retract", "F101", "--db", str(store))
    assert result.code == 0, result.err
    assert read(store)["facts"]["101"]["retracted"]["reason"] == "turned out wrong"
    article = tmp_path / "a.txt"
    article.write_text("Some article.", encoding="utf-8")
    terminal(
        {
            "Source id": ["Gamma!", "gamma"],
            "Published": "2024-02",
            "Path of the article's text file": str(article),
            "Add this source?": "y",
        }
    )
    result = run("source", "add", "--db", str(store))
    assert result.code == 0, result.err
    assert result.out == "gamma\n"
    assert "source id 'Gamma!'" in result.err
    assert read(store)["sources"]["3"]["published"] == "2024-02"


def _reap(pid: int, deadline: float) -> int:
    """The child's exit code, waiting no later than `deadline`: then it is killed (and the
    test fails on its exit code) instead of blocking in waitpid until pytest-timeout."""
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_a_real_terminal_session(store: Path) -> None:
    """kzturk add in a pseudo-terminal: questions on the terminal, only the id on stdout;
    each question is answered when it appears, by what it asks (Enter when not listed)."""
    import pty
    import select

    from conftest import question_label

    out_path = store.parent / "stdout.txt"
    answers = {
        "Kind": "event",
        "Sectors": "diplomacy",
        "Date": "2022-05",
        "Summary": "Tokayev and Erdoğan met.",
        "Source id": "beta",
        "Quote from beta": "“a new chapter”, he said",
        "Add this fact?": "y",
    }
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover (the child)
        try:
            out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(out, 1)
            os.execv(str(KZTURK), [str(KZTURK), "add", "--db", str(store)])
        finally:
            os._exit(127)
    screen = b""
    answered = 0  # the screen up to here has had its questions answered
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                screen += chunk
            line = screen[answered:].decode(errors="replace").rpartition("\n")[2]
            if line.endswith(": "):
                os.write(fd, f"{answers.pop(question_label(line), '')}\n".encode())
                answered = len(screen)
    finally:
        code = _reap(pid, deadline)
        os.close(fd)
    assert code == 0, screen.decode(errors="replace")
    assert answers == {}, screen.decode(errors="replace")
    assert out_path.read_text() == "F103\n"
    assert b"Kind (deal, trade" in screen and b"Quote from beta" in screen
    assert_valid(store)


# ---- round trip -----------------------------------------------------------------------------

# Anything a curator can type: any character but surrogates and control characters (tab
# and newline allowed), and something besides whitespace.
TYPED = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")
# A value that is one of the command's own long options is refused on purpose (see
# kzturk.cli.options.refuse_options_as_values), so typed text is never exactly one.
TYPED = TYPED.filter(lambda text: not re.fullmatch(r"--[a-z][a-z-]*", text))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(summary=TYPED, note=TYPED, party=TYPED, quote=TYPED, reason=TYPED, announced=TYPED)
def test_round_trip_of_typed_text(
    run: Runner, summary: str, note: str, party: str, quote: str, reason: str, announced: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = make_store(Path(folder))
        archive = Path(folder) / "archive" / "beta.txt"
        archive.write_text(f"{BETA_TEXT}\n{quote}\n", encoding="utf-8")
        db = ("--db", str(store))
        known = {fold(name) for e in ENTITIES for name in (e[1], *e[3])}
        assume(fold(party.strip()) not in known)
        added = run("entity", "add", "--id", "typed", "--name", party, "--type", "person", *db)
        assert added.code == 0, added.err
        result = run(
            "add", "--kind", "target", "--sector", "trade", "--metric", "turnover",
            "--summary", summary, "--date-note", note, "--party", party,
            "--announced-by", announced,
            "--source", "beta", "--quote", quote, *db,
        )  # fmt: skip
        assert result.code == 0, result.err
        fact_id = result.out.strip()
        record = run("show", fact_id, "--json", *db).json
        assert record["summary"] == summary.strip()
        assert record["date_note"] == note.strip()
        assert record["parties"] == [party.strip()]
        assert record["announced_by"] == announced.strip()
        assert record["sources"] == [{"source": "beta", "quote": quote.strip()}]
        assert run("retract", fact_id, "--reason", reason, *db).code == 0
        record = run("show", fact_id, "--json", *db).json
        assert record["retracted"]["reason"] == reason.strip()
        assert not check_store(store)


@pytest.mark.parametrize("digits", [301, 5_000, 50_000])
def test_a_fact_id_with_too_many_digits_is_a_clean_error(
    run: Runner, tmp_path: Path, digits: int
) -> None:
    """The largest id decides the next number; one of thousands of digits (more than Python
    turns into a number) is named in one line, and nothing is written."""
    from store_helpers import ADD

    path = make_store(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["facts"].values()))
    first["id"] = "F" + "9" * digits
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    result = run(*ADD, "--db", str(path))
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert f"{digits:,}-digit number" in result.err and "internal error" not in result.err
    assert path.read_bytes() == before
