"""`kzturk stats`: every count equals the same count taken with SQL from `kzturk export
sqlite`, for the mini store and the bundled one, by year, by decade and by period, with
filters and --as-of; and each format draws it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from conftest import MINI_STORE, REPO_STORE, Runner

STORES = [MINI_STORE, REPO_STORE]

# A visit's direction, said again in SQL terms: the places the test knows in each country.
KAZAKH_PLACES = ("kazakhstan", "almaty", "alma-ata", "astana", "nur-sultan", "turkestan")
TURKISH_PLACES = ("turkey", "türkiye", "ankara", "istanbul")


def database(run: Runner, store: Path, tmp_path: Path) -> sqlite3.Connection:
    target = tmp_path / f"{store.stem}.db"
    result = run("export", "sqlite", str(target), "--db", str(store))
    assert result.code == 0, result.err
    return sqlite3.connect(target)


def stats_of(run: Runner, store: Path, *options: str) -> Counter[tuple[str, str, str]]:
    result = run("stats", "--json", *options, "--db", str(store))
    assert result.code == 0, result.err
    counted = Counter({(r["measure"], r["period"], r["group"]): r["count"] for r in result.json})
    assert all(n > 0 for n in counted.values())  # zero counts are left out
    return counted


def direction(place: str | None) -> str:
    text = (place or "").casefold()
    kz = any(p in text for p in KAZAKH_PLACES)
    tr = any(p in text for p in TURKISH_PLACES)
    return "to Kazakhstan" if kz and not tr else "to Turkey" if tr and not kz else "elsewhere"


def sql_counts(
    db: sqlite3.Connection,
    period: str,
    where: str = "1",
    visit_period: str | None = None,
    visit_where: str = "1",
) -> Counter[tuple[str, str, str]]:
    """Every measure by `period`, an SQL expression over a fact's columns (`f.`), for the
    facts `where` selects; visits by `visit_period` over an occasion's (`o.`), those that
    `visit_where` keeps and a counted fact belongs to (a fact dated anywhere)."""
    counted_facts = "facts f where f.retracted_date is null and f.date is not null"
    facts = f"{counted_facts} and ({where})"
    with_sectors = facts.replace("facts f", "facts f, json_each(f.sectors) s", 1)
    counted: Counter[tuple[str, str, str]] = Counter()
    queries = {
        "facts": f"select {period}, 'all', count(*) from {facts} group by 1",
        "kind": f"select {period}, f.kind, count(*) from {facts} group by 1, 2",
        "sector": f"select {period}, s.value, count(*) from {with_sectors} group by 1, 2",
        "signed": f"select {period}, 'signed', count(*) from {facts} "
        "and f.kind = 'deal' and f.status = 'signed' group by 1",
    }
    for measure, query in queries.items():
        for when, group, n in db.execute(query):
            counted[(measure, when, group)] += n
    visit_period = visit_period or period.replace("f.", "o.")
    any_fact = where if visit_where == "1" else "1"
    visits = (
        f"select {visit_period}, o.place from occasions o where o.kind = 'visit' "
        f"and ({visit_where}) and exists (select 1 from {counted_facts} "
        f"and ({any_fact}) and f.occasion = o.id)"
    )
    for when, place in db.execute(visits):
        counted[("visits", when, direction(place))] += 1
    return counted


YEAR = "substr(f.date_start, 1, 4)"
DECADE = "(cast(substr(f.date_start, 1, 4) as integer) / 10 * 10) || 's'"


@pytest.mark.parametrize("store", STORES, ids=lambda p: p.name)
def test_counts_by_year_and_decade_equal_sql(run: Runner, store: Path, tmp_path: Path) -> None:
    db = database(run, store, tmp_path)
    assert stats_of(run, store) == sql_counts(db, YEAR)
    assert stats_of(run, store, "--by", "decade") == sql_counts(db, DECADE)


@pytest.mark.parametrize("store", STORES, ids=lambda p: p.name)
def test_counts_of_periods_equal_sql(run: Runner, store: Path, tmp_path: Path) -> None:
    db = database(run, store, tmp_path)
    periods = {
        "1992..2008": ("1992-01-01", "2008-12-31"),
        "2009..2025": ("2009-01-01", "2025-12-31"),
        "2022-01..2022-06": ("2022-01-01", "2022-06-30"),
    }
    got = stats_of(run, store, *(x for p in periods for x in ("--period", p)))
    expected: Counter[tuple[str, str, str]] = Counter()
    for label, (start, end) in periods.items():
        within = "{t}.date_start >= '" + start + "' and {t}.date_end <= '" + end + "'"
        expected += sql_counts(
            db, f"'{label}'", within.format(t="f"), f"'{label}'", within.format(t="o")
        )
    assert got == expected


@pytest.mark.parametrize("store", STORES, ids=lambda p: p.name)
def test_filters_apply_to_the_counts(run: Runner, store: Path, tmp_path: Path) -> None:
    db = database(run, store, tmp_path)
    got = stats_of(run, store, "--sector", "defense", "--kind", "deal")
    where = (
        "f.kind = 'deal' and exists (select 1 from json_each(f.sectors) where value = 'defense')"
    )
    assert got == sql_counts(db, YEAR, where)


def test_as_of_counts_only_what_was_published(run: Runner) -> None:
    # As of 2023 only alpha (2022-05-30) was out: the facts citing beta alone disappear.
    got = stats_of(run, MINI_STORE, "--as-of", "2023")
    assert got[("facts", "2022", "all")] == 3  # F102, F101, F107 (F109 cites only beta)
    assert got[("visits", "2022", "to Turkey")] == 1
    assert ("facts", "2024", "all") not in got


def test_the_mini_store_counted_by_hand(run: Runner) -> None:
    got = stats_of(run, MINI_STORE)
    assert got[("facts", "2022", "all")] == 4  # F102, F109, F101, F107
    assert got[("signed", "2022", "signed")] == 1  # F101
    assert got[("visits", "2022", "to Turkey")] == 1  # the visit to Ankara
    result = run("stats", "--db", str(MINI_STORE))
    assert "1 undated, in no year" in result.out and "1 retracted fact not shown" in result.out


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "jsonl", "html"])
def test_every_format_draws_the_counts(run: Runner, fmt: str) -> None:
    result = run("stats", "--format", fmt, "--period", "2022..2023", "--db", str(MINI_STORE))
    assert result.code == 0, result.err
    assert "2022" in result.out
    if fmt == "html":
        assert '<svg class="stats-chart"' in result.out and "<rect" in result.out
        assert "<script>" in result.out and "style=" not in result.out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--period", "2009"), "FROM..TO"),
        (("--period", "2009..20x"), "--period"),
        (("--period", "2010..2009"), "ends before it starts"),
        (("--period", "2009..2010", "--by", "decade"), "do not combine"),
        (("--by", "century"), "--by"),
        (("--format", "ics"), "--format"),
    ],
)
def test_bad_options_are_usage_errors(run: Runner, options: tuple[str, ...], message: str) -> None:
    result = run("stats", *options, "--db", str(MINI_STORE))
    assert result.code == 2 and message in result.err and result.out == ""
    assert len(result.err.strip().splitlines()) == 1
