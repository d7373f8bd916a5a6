"""`kzturk stats`: every count equals the same count taken with SQL from `kzturk export
sqlite`, for the mini store and the bundled one, by year, by decade and by period, with
filters and --as-of; and each format draws it.

Agreements signed are counted from the `agreement_steps` table: each agreement's first
signing step in date order (`position`), as `kzturk agreements` dates its signing."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from agreement_helpers import LIVES, agreement, agreement_store, step
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
    agreement_where: str | None = "1",
) -> Counter[tuple[str, str, str]]:
    """Every measure by `period`, an SQL expression over a fact's columns (`f.`), for the
    facts `where` selects; visits by `visit_period` over an occasion's (`o.`), those that
    `visit_where` keeps and a counted fact belongs to (a fact dated anywhere); agreements
    by the same period over their signing step's columns (`a.`), those `agreement_where`
    keeps (None: agreements are not counted)."""
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
    if agreement_where is not None:
        query = (
            f"select {period.replace('f.', 'a.')}, count(*) from ({SIGNINGS}) a "
            f"where a.date_start is not null and ({agreement_where}) group by 1"
        )
        for when, n in db.execute(query):
            counted[("agreements", when, "signed")] += n
    return counted


# Each agreement's signing: its first step of kind 'signed' in date order.
SIGNINGS = (
    "select s.* from agreement_steps s where s.kind = 'signed' and s.position = "
    "(select min(t.position) from agreement_steps t "
    "where t.agreement = s.agreement and t.kind = 'signed')"
)


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
            db,
            f"'{label}'",
            within.format(t="f"),
            f"'{label}'",
            within.format(t="o"),
            within.format(t="a"),
        )
    assert got == expected


@pytest.mark.parametrize("store", STORES, ids=lambda p: p.name)
def test_filters_apply_to_the_counts(run: Runner, store: Path, tmp_path: Path) -> None:
    db = database(run, store, tmp_path)
    got = stats_of(run, store, "--sector", "defense", "--kind", "deal")
    where = (
        "f.kind = 'deal' and exists (select 1 from json_each(f.sectors) where value = 'defense')"
    )
    # Agreements have no sector or kind: they are left out, not counted whole.
    assert got == sql_counts(db, YEAR, where, agreement_where=None)
    footer = run("stats", "--sector", "defense", "--kind", "deal", "--db", str(store)).out
    assert "agreements not counted: they have no --sector, --kind" in " ".join(footer.split())
    assert "Agreements signed" not in footer


@pytest.mark.parametrize(
    ("options", "agreement_where"),
    [
        (("--since", "2009"), "a.date_end >= '2009-01-01'"),
        (("--until", "2005-06"), "a.date_start <= '2005-06-30'"),
        (("--as-of", "2010"), "a.date_end <= '2010-12-31'"),
    ],
)
def test_agreements_signed_equal_sql_under_their_filters(
    run: Runner, tmp_path: Path, options: tuple[str, ...], agreement_where: str
) -> None:
    db = database(run, REPO_STORE, tmp_path)
    got = stats_of(run, REPO_STORE, *options)
    signed = {k: n for k, n in got.items() if k[0] == "agreements"}
    expected = sql_counts(db, YEAR, "0", agreement_where=agreement_where)
    assert signed == {k: n for k, n in expected.items() if k[0] == "agreements"}
    assert signed  # the bundled store has agreements in each of these


def test_as_of_counts_only_what_was_published(run: Runner) -> None:
    # As of 2023 only alpha (2022-05-30) was out: the facts citing beta alone disappear.
    got = stats_of(run, MINI_STORE, "--as-of", "2023")
    assert got[("facts", "2022", "all")] == 3  # F102, F101, F107 (F109 cites only beta)
    assert got[("visits", "2022", "to Turkey")] == 1
    assert ("facts", "2024", "all") not in got


def test_the_mini_store_counted_by_hand(run: Runner) -> None:
    got = stats_of(run, MINI_STORE)
    assert got[("facts", "2022", "all")] == 4  # F102, F109, F101, F107
    assert got[("signed", "2022", "signed")] == 1  # F101, a deal fact with status signed
    assert not [key for key in got if key[0] == "agreements"]  # it has no agreements table
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


def test_agreements_signed_counted_by_hand(run: Runner, tmp_path: Path) -> None:
    """An agreement counts once, in the year of its first signing step; a signing dated to
    the year only is that year's; an undated signing is in no year and the footer says so."""
    undated = agreement("undated", step("signed", None), step("ratified", "2020-02-02"))
    twice = agreement("twice", step("signed", "2010-03"), step("signed", "2011-04-05"))
    path = agreement_store(tmp_path, [*LIVES, undated, twice])
    got = stats_of(run, path)
    signed = {k[1]: n for k, n in got.items() if k[0] == "agreements"}
    # customs 2003, visas-1992 1992, visits-2001 2001, culture-2018 "2018", twice 2010-03
    assert signed == {"1992": 1, "2001": 1, "2003": 1, "2010": 1, "2018": 1}
    out = " ".join(run("stats", "--db", str(path)).out.split())
    assert "1 agreement signed on no recorded date" in out
    # As of November 2001 visits-2001 (signed on 26 November) was not signed yet.
    as_of = stats_of(run, path, "--as-of", "2001-11-25")
    assert {k[1] for k in as_of if k[0] == "agreements"} == {"1992"}
    # A period holds a signing only when it holds its whole date: "2018" is not in 2018-01..06.
    half = stats_of(run, path, "--period", "2018-01..2018-06", "--period", "1992..2003")
    assert {k[1]: n for k, n in half.items() if k[0] == "agreements"} == {"1992..2003": 3}
    # --party chooses agreements by their parties, as `kzturk agreements --party` does.
    alone = agreement("alone", step("signed", "2015-01-01"), parties=["kazakhstan"])
    (tmp_path / "party").mkdir()
    path = agreement_store(tmp_path / "party", [*LIVES, alone])
    mine = stats_of(run, path, "--party", "turkey")
    assert ("agreements", "2015", "signed") not in mine
    assert stats_of(run, path)[("agreements", "2015", "signed")] == 1
