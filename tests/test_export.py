"""`kzturk export`: the SQLite database for Datasette, and the record as JSON, JSON Lines
and CSV.

The database is opened with Datasette in-process (its Python API, no server): full-text
search finds names without their accents, array facets count sectors and parties, and the
metadata's facets and column descriptions are what Datasette shows. Counts equal the store,
SQLite's integrity and foreign-key checks are clean, the SQL date rule gives the CLI's
overlaps, the same store gives the same bytes, and a failure leaves no file behind.
"""

from __future__ import annotations

import asyncio
import copy
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Runner, ids, mini_store, sha256, strict_json
from hypothesis import given, settings
from hypothesis import strategies as st

from kzturk.dates import make_range
from kzturk.export.records import whole_record
from kzturk.export.sqlite import export_sqlite
from kzturk.export.tables import TABLES
from kzturk.query import filter_by_dates
from kzturk.store import load_store


def store_data() -> dict[str, Any]:
    """The mini store, plus a fact that names Iğdır and links to another, so search,
    folding and the links table have something to find."""
    data = json.loads(MINI_STORE.read_text(encoding="utf-8"))
    extra = copy.deepcopy(data["facts"]["104"])
    extra.update(
        id="F112",
        summary="Erdoğan opened a border post near Iğdır; the quote has a '; ' in it.",
        parties=["Recep Tayyip Erdoğan", "Turkey", "Iğdır municipality"],
        date="2021-11",
        date_end="2022-02",
        links=[{"fact": "F104", "relation": "related", "about": None}],
    )
    data["facts"]["112"] = extra
    return data


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "facts.json"
    path.write_text(json.dumps(store_data(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def database(store_path: Path) -> Path:
    path = store_path.parent / "kzturk.db"
    store = load_store(store_path)
    export_sqlite(whole_record(store), path, metadata=path.with_name("metadata.json"))
    return path


def rows(database: Path, sql: str, *params: Any) -> list[Any]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


# ---- the database ----------------------------------------------------------------------------


def test_counts_equal_the_store(database: Path, store_path: Path) -> None:
    store = load_store(store_path)
    facts = store.facts
    expected = {
        "facts": len(facts),
        "sources": len(store.sources),
        "entities": len(store.entities),
        "occasions": len(store.occasions),
        "citations": sum(len(f["sources"]) for f in facts),
        "values": sum(len(f["values"]) for f in facts),
        "links": sum(len(f["links"]) for f in facts),
        "aliases": sum(len(e["aliases"]) for e in store.entities.values()),
        "facts_sectors": sum(len(set(f["sectors"])) for f in facts),
        "facts_parties": sum(len(set(f["parties"])) for f in facts),
        "parties": len({p for f in facts for p in f["parties"]}),
        "sectors": 17,
    }
    for table, count in expected.items():
        assert rows(database, f"select count(*) from [{table}]") == [(count,)], table
    # Every fact is there: context, analysis and retracted ones too.
    assert sorted(r[0] for r in rows(database, "select id from facts")) == sorted(ids(facts))
    assert rows(database, "select id from facts where retracted_date is not null") == [("F111",)]


def test_integrity_and_foreign_keys_are_clean(database: Path) -> None:
    assert rows(database, "pragma integrity_check") == [("ok",)]
    assert rows(database, "pragma foreign_key_check") == []
    declared = rows(database, "select count(*) from pragma_foreign_key_list('citations')")
    assert declared == [(2,)]


def test_tables_and_columns_are_named_the_sqlite_utils_way(database: Path) -> None:
    names = {r[0] for r in rows(database, "select name from sqlite_master where type='table'")}
    assert {t.name for t in TABLES} | {"facts_fts"} <= names
    columns = [r[1] for r in rows(database, "pragma table_info('facts_sectors')")]
    assert columns == ["facts_id", "sectors_id"]
    sql = rows(database, "select sql from sqlite_master where name = 'facts_fts'")[0][0]
    assert "content=[facts]" in sql and "FTS5" in sql
    index = rows(database, "select name from sqlite_master where name = 'idx_citations_source'")
    assert index == [("idx_citations_source",)]


def test_list_columns_hold_json_arrays(database: Path, store_path: Path) -> None:
    store = load_store(store_path)
    for fact_id, sectors, parties in rows(database, "select id, sectors, parties from facts"):
        fact = store.fact(fact_id)
        assert fact is not None
        assert json.loads(sectors) == fact["sectors"]
        assert json.loads(parties) == fact["parties"]
    assert rows(database, "select count(*) from facts, json_each(facts.sectors)") == [
        (sum(len(f["sectors"]) for f in store.facts),)
    ]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("erdogan", {"F102", "F107", "F112"}),
        ("igdir", {"F112"}),
        ("Erdoğan", {"F102", "F107", "F112"}),
    ],
)
def test_full_text_search_ignores_accents(database: Path, term: str, expected: set[str]) -> None:
    found = rows(
        database,
        "select id from facts where rowid in (select rowid from facts_fts where facts_fts match ?)",
        term,
    )
    assert {r[0] for r in found} == expected


def test_search_finds_an_entity_by_its_other_names(database: Path) -> None:
    """As `kzturk search` does: Türkiye is an alias of the entity Turkey."""
    found = rows(
        database,
        "select id from facts where rowid in (select rowid from facts_fts where facts_fts match ?)",
        "turkiye",
    )
    assert {r[0] for r in found} == {"F104", "F106", "F112"}


def test_dates_are_the_days_they_cover(database: Path) -> None:
    got = dict(
        (fact_id, (first, last))
        for fact_id, first, last in rows(database, "select id, date_start, date_end from facts")
    )
    assert got["F102"] == ("2022-01-01", "2022-12-31")  # a year
    assert got["F103"] == ("2024-03-01", "2024-03-31")  # a month
    assert got["F110"] == ("2024-03-20", "2024-03-21")  # an interval of days
    assert got["F112"] == ("2021-11-01", "2022-02-28")  # months, across a year
    assert got["F104"] == (None, None)  # undated


DATES = st.one_of(
    st.none(),
    st.integers(2019, 2025).map(str),
    st.tuples(st.integers(2019, 2025), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.dates().filter(lambda d: 2019 <= d.year <= 2025).map(lambda d: d.isoformat()),
)


@settings(max_examples=150, deadline=None)
@given(since=DATES, until=DATES)
def test_the_sql_date_rule_is_the_clis(
    database: Path, since: str | None, until: str | None
) -> None:
    """`date_end >= first day of --since AND date_start <= last day of --until` keeps the
    facts the CLI's --since/--until keep."""
    try:
        dates = make_range(since, until)
    except ValueError:
        return  # reversed: the CLI refuses it
    clauses, params = [], []
    if dates.since is not None:
        clauses.append("date_end >= ?")
        params.append(dates.since.start.isoformat())
    if dates.until is not None:
        clauses.append("date_start <= ?")
        params.append(dates.until.end.isoformat())
    where = " and ".join(clauses) or "1"
    in_sql = {r[0] for r in rows(database, f"select id from facts where {where}", *params)}
    store = load_store(database.with_name("facts.json"))
    assert in_sql == set(ids(filter_by_dates(store.facts, dates)))


def test_the_same_store_gives_the_same_bytes(tmp_path: Path, store_path: Path) -> None:
    store = load_store(store_path)
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    export_sqlite(whole_record(store), first)
    export_sqlite(whole_record(load_store(store_path)), second)
    assert first.read_bytes() == second.read_bytes()
    assert os.stat(first).st_mode & 0o777 == 0o644


def test_the_same_bytes_across_processes(tmp_path: Path, store_path: Path) -> None:
    """Whatever order Python's hash seed gives sets and dicts, the file is the same."""
    made = []
    for seed in ("1", "2"):
        target = tmp_path / f"seed-{seed}.db"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kzturk",
                "export",
                "sqlite",
                str(target),
                "--db",
                str(store_path),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        made.append(target.read_bytes())
    assert made[0] == made[1]


# ---- Datasette ------------------------------------------------------------------------------


def datasette_get(database: Path, path: str, metadata: Path | None = None) -> Any:
    """One JSON request to Datasette over `database`, in-process."""
    from datasette.app import Datasette

    async def get() -> Any:
        meta = json.loads(metadata.read_text(encoding="utf-8")) if metadata else None
        app = Datasette([str(database)], metadata=meta)
        response = await app.client.get(path)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    return asyncio.run(get())


def test_datasette_searches_without_accents(database: Path) -> None:
    found = datasette_get(database, "/kzturk/facts.json?_search=igdir&_shape=objects")
    assert [row["id"] for row in found["rows"]] == ["F112"]
    found = datasette_get(database, "/kzturk/facts.json?_search=erdogan&_shape=objects")
    assert {row["id"] for row in found["rows"]} == {"F102", "F107", "F112"}


def test_datasette_array_facets_count_sectors_and_parties(database: Path) -> None:
    store = mini_store()
    facets = datasette_get(
        database, "/kzturk/facts.json?_facet_array=sectors&_facet_array=parties&_size=0"
    )["facet_results"]
    sectors = {r["value"]: r["count"] for r in facets["sectors"]["results"]}
    assert sectors["energy"] == sum("energy" in f["sectors"] for f in store.facts)
    parties = {r["value"]: r["count"] for r in facets["parties"]["results"]}
    assert parties["Recep Tayyip Erdoğan"] == 3  # F102, F107 and the added F112


def test_datasette_reads_the_metadata(database: Path) -> None:
    metadata = database.with_name("metadata.json")
    data = strict_json(metadata.read_text(encoding="utf-8"))
    assert data["license"] and data["source"] and data["title"]
    facts = data["databases"]["kzturk"]["tables"]["facts"]
    assert facts["columns"]["summary"] == "One neutral sentence."  # from the table of fields
    assert facts["columns"]["date_last"].startswith("The stored date_end")
    page = datasette_get(database, "/kzturk/facts.json?_size=0", metadata)
    assert {"kind", "sectors", "parties"} <= set(page["facet_results"])
    served = datasette_get(database, "/-/metadata.json", metadata)
    assert served["databases"]["kzturk"]["tables"]["facts"]["label_column"] == "summary"
    cited = datasette_get(database, "/kzturk/citations.json?_shape=objects&_labels=on", metadata)
    assert cited["rows"][0]["fact"]["label"]  # a citation shows its fact's summary


# ---- the command ----------------------------------------------------------------------------


def test_cli_writes_the_database_and_says_so(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    result = run("export", "sqlite", str(target), "--db", str(MINI_STORE))
    assert result.code == 0 and result.out == ""
    assert "11 facts" in result.err
    assert rows(target, "select count(*) from facts") == [(11,)]


def test_an_existing_file_is_replaced_only_with_force(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("keep me")
    result = run("export", "sqlite", str(target), "--db", str(MINI_STORE))
    assert result.code == 2 and "--force" in result.err
    assert target.read_text() == "keep me"
    metadata = tmp_path / "metadata.json"
    metadata.write_text("keep me too")
    other = tmp_path / "other.db"
    result = run(
        "export", "sqlite", str(other), "--metadata", str(metadata), "--db", str(MINI_STORE)
    )
    assert result.code == 2 and not other.exists()  # checked before anything is written
    result = run("export", "sqlite", str(target), "--force", "--db", str(MINI_STORE))
    assert result.code == 0
    assert rows(target, "select count(*) from facts") == [(11,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json", "out.db"]


def test_the_store_itself_is_never_overwritten(run: Runner, mini_store_copy: Path) -> None:
    before = sha256(mini_store_copy)
    result = run("export", "sqlite", str(mini_store_copy), "--force", "--db", str(mini_store_copy))
    assert result.code == 2 and "store" in result.err
    assert sha256(mini_store_copy) == before


@pytest.mark.parametrize("bad", ["", "/no/such/folder/x.db"])
def test_a_bad_path_is_a_usage_error(run: Runner, tmp_path: Path, bad: str) -> None:
    assert run("export", "sqlite", bad, "--db", str(MINI_STORE)).code == 2
    assert run("export", "sqlite", str(tmp_path), "--db", str(MINI_STORE)).code == 2


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failure_mid_export_leaves_no_partial_file(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    """The build fails after the tables are filled, before the full-text index: no file
    at PATH, no temporary file beside it, and an existing PATH unchanged with --force."""
    from kzturk.export import sqlite as module

    def broken() -> str:
        raise failure

    monkeypatch.setattr(module, "fts_sql", broken)
    monkeypatch.setenv("KZTURK_DEBUG", "")
    target = tmp_path / "out.db"
    result = run("export", "sqlite", str(target), "--db", str(MINI_STORE))
    assert result.code == (130 if isinstance(failure, KeyboardInterrupt) else 1)
    assert list(tmp_path.iterdir()) == []
    target.write_text("the old export")
    assert run("export", "sqlite", str(target), "--force", "--db", str(MINI_STORE)).code != 0
    assert target.read_text() == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]


def test_a_database_error_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Runner
) -> None:
    from kzturk.export import sqlite as module

    monkeypatch.setattr(module, "fts_sql", lambda: "CREATE VIRTUAL TABLE x USING nothing")
    result = run("export", "sqlite", str(tmp_path / "x.db"), "--db", str(MINI_STORE))
    assert result.code == 1 and "cannot build the database" in result.err
    assert len(result.err.strip().splitlines()) == 1 and list(tmp_path.iterdir()) == []


# ---- JSON, JSON Lines, CSV ------------------------------------------------------------------


def test_export_json_holds_every_table_as_the_listings_print_it(run: Runner) -> None:
    record = run("export", "json", "--db", str(MINI_STORE)).json
    assert list(record) == ["facts", "sources", "entities", "occasions", "agreements"]
    timeline = run(
        "timeline",
        "--context",
        "--analysis",
        "--include-retracted",
        "--json",
        "--db",
        str(MINI_STORE),
    ).json
    by_id = {r["id"]: r for r in timeline}
    assert ids(record["facts"]) == sorted(by_id, key=lambda i: int(i[1:]))  # id order
    assert record["facts"] == [by_id[r["id"]] for r in record["facts"]]
    sources = run("sources", "--json", "--db", str(MINI_STORE)).json
    assert sorted(record["sources"], key=lambda r: r["id"]) == sorted(
        sources, key=lambda r: r["id"]
    )
    for table in ("entities", "occasions"):
        listed = run(table, "--json", "--db", str(MINI_STORE)).json
        assert record[table] == sorted(listed, key=lambda r: r["id"])
    assert len(record["entities"]) == 13 and len(record["occasions"]) == 1


def test_export_jsonl_is_one_table_a_line(run: Runner) -> None:
    lines = run("export", "jsonl", "--db", str(MINI_STORE)).out.split("\n")
    assert lines[-1] == "" and len(lines) == 12
    facts = [strict_json(line) for line in lines[:-1]]
    assert facts == run("export", "json", "--table", "facts", "--db", str(MINI_STORE)).json
    entities = run("export", "jsonl", "--table", "Entities", "--db", str(MINI_STORE)).out
    assert len(entities.splitlines()) == 13


def test_export_csv_lists_are_json_arrays(run: Runner, store_path: Path) -> None:
    """A quote holding '; ' splits without ambiguity."""
    out = run("export", "csv", "--db", str(store_path)).out
    table = list(csv.DictReader(io.StringIO(out)))
    by_id = {row["id"]: row for row in table}
    store = load_store(store_path)
    for fact in store.facts:
        row = by_id[fact["id"]]
        assert json.loads(row["sectors"]) == fact["sectors"]
        assert json.loads(row["parties"]) == fact["parties"]
        assert json.loads(row["sources"]) == [ref["source"] for ref in fact["sources"]]
        assert json.loads(row["quotes"]) == [ref["quote"] for ref in fact["sources"]]
        assert json.loads(row["values"]) == fact["values"]
    assert json.loads(by_id["F112"]["links"]) == [
        {"fact": "F104", "relation": "related", "about": None}
    ]
    assert json.loads(by_id["F111"]["retracted"])["reason"]
    listing = run("deals", "--format", "csv", "--db", str(store_path)).out.splitlines()[0]
    assert out.splitlines()[0] == listing  # the listings' columns


def test_export_to_a_file(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    result = run("export", "csv", "-o", str(target), "--db", str(MINI_STORE))
    assert result.code == 0 and result.out == "" and str(target) in result.err
    assert target.read_text(encoding="utf-8") == run("export", "csv", "--db", str(MINI_STORE)).out
    assert os.stat(target).st_mode & 0o777 == 0o644
    result = run("export", "json", "-o", str(MINI_STORE), "--db", str(MINI_STORE))
    assert result.code == 2  # never over the store


def test_an_unknown_table_is_a_usage_error(run: Runner) -> None:
    result = run("export", "csv", "--table", "fact", "--db", str(MINI_STORE))
    assert result.code == 2 and "facts, sources, entities, occasions" in result.err


# ---- export sqlite --metadata: both files or neither -----------------------------------------


@pytest.mark.parametrize("spelling", ["sub/../kz.db", "./kz.db", "link-to-kz.db"])
def test_metadata_at_the_database_by_another_spelling_is_refused(
    run: Runner, tmp_path: Path, spelling: str
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "link-to-kz.db").symlink_to(tmp_path / "kz.db")
    os.chdir(tmp_path)
    result = run("export", "sqlite", "kz.db", "--metadata", spelling, "--db", str(MINI_STORE))
    assert result.code == 2 and "own path" in result.err, result.err
    assert not (tmp_path / "kz.db").exists()


def _unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder where no temporary file can be made (as root, permissions do not stop
    writes, so mkstemp itself refuses there)."""
    import tempfile

    folder = tmp_path / "locked"
    folder.mkdir()
    real_mkstemp = tempfile.mkstemp

    def refusing(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs.get("dir") or args[2]) == folder:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refusing)
    return folder


@pytest.mark.parametrize("force", [False, True])
def test_a_metadata_folder_that_refuses_writes_leaves_no_database(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    folder = _unwritable_folder(tmp_path, monkeypatch)
    target = tmp_path / "kz.db"
    if force:
        target.write_text("the old export")
    argv = ["export", "sqlite", str(target), "--metadata", str(folder / "metadata.json")]
    result = run(*argv, *(["--force"] if force else []), "--db", str(MINI_STORE))
    assert result.code == 1 and "nothing was written" not in result.out
    assert len(result.err.splitlines()) == 1 and "Permission denied" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == (
        ["kz.db", "locked"] if force else ["locked"]
    )
    if force:
        assert target.read_text() == "the old export"


def test_a_store_path_that_is_not_utf8_exports_both_files(run: Runner, tmp_path: Path) -> None:
    store = Path(os.fsdecode(bytes(tmp_path) + b"/facts-\xff.json"))
    store.write_bytes(MINI_STORE.read_bytes())
    target = Path(os.fsdecode(bytes(tmp_path) + b"/kz-\xfe.db"))
    metadata = tmp_path / "metadata.json"
    result = run("export", "sqlite", str(target), "--metadata", str(metadata), "--db", str(store))
    assert result.code == 0, result.err
    data = strict_json(metadata.read_text(encoding="utf-8"))
    assert "facts-\ufffd.json" in data["source"]
    assert rows(target, "select count(*) from facts") == [(11,)]


def test_an_interrupted_export_leaves_a_temporary_file_the_next_one_removes(
    run: Runner, tmp_path: Path
) -> None:
    """A build killed mid-way (SIGKILL: no clean-up runs) leaves its temporary file; the
    next export of the same file removes it, and never one a live export holds."""
    import fcntl

    target = tmp_path / "kz.db"
    abandoned = tmp_path / ".kz.db.abc123.tmp"
    abandoned.write_bytes(b"\0" * 3_000_000)
    held = tmp_path / ".kz.db.live99.tmp"
    held.write_bytes(b"building")
    with held.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert run("export", "sqlite", str(target), "--db", str(MINI_STORE)).code == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == [".kz.db.live99.tmp", "kz.db"]
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_EXPORT, str(target), str(MINI_STORE)], timeout=120
    )
    assert killed.returncode == -9
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left != [held.name]  # the one no longer held went too
    assert run("export", "sqlite", str(target), "--force", "--db", str(MINI_STORE)).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kz.db"]


_KILLED_MID_EXPORT = """
import os, signal, sys
from pathlib import Path
from kzturk.export import sqlite
from kzturk.export.records import whole_record
from kzturk.store import load_store

def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)

sqlite.fts_sql = die
sqlite.export_sqlite(whole_record(load_store(Path(sys.argv[2]))), Path(sys.argv[1]), force=True)
"""
