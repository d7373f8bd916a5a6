"""The trade series (kzturk.analysis.series) and targets measured against it
(kzturk.analysis.progress): gaps, reporters side by side, changes within one reporter,
partial years apart, the deadline year."""

from __future__ import annotations

from typing import Any

from test_query import make_fact

from kzturk.analysis import target_progress
from kzturk.analysis.series import build_series, full_year
from kzturk.model import Fact


def figure(fact_id: str, year: str, amount: float, reporter: str | None, **fields: Any) -> Fact:
    base: dict[str, Any] = {
        "kind": "trade",
        "sectors": ["trade"],
        "metric": "turnover",
        "period": year,
        "date": year[:4],
        "amount_usd": amount,
        "reporter": reporter,
        "summary": f"Figure {fact_id}.",
    }
    base.update(fields)
    return make_fact(fact_id, **base)


def target(fact_id: str, date: str, amount: float, deadline: str | None) -> Fact:
    return make_fact(
        fact_id,
        kind="target",
        sectors=["trade"],
        metric="turnover",
        date=date,
        amount_usd=amount,
        deadline=deadline,
        summary=f"Target {fact_id}.",
    )


KZ, TR = "kazakh-statistics", "turkish-statistics"


def test_full_year_is_a_single_calendar_year() -> None:
    assert full_year("2016") == 2016
    assert full_year("2016-01/2016-06") is None
    assert full_year("2016-12") is None
    assert full_year(None) is None


def test_every_year_is_a_row_and_a_missing_year_is_an_empty_one() -> None:
    series = build_series([figure("F1", "2010", 1e9, KZ), figure("F2", "2012", 2e9, KZ)])
    assert [row.year for row in series.years] == list(range(1992, 2026))
    by_year = {row.year: row for row in series.years}
    assert by_year[2011].figures["turnover"] == []
    assert [f.fact["id"] for f in by_year[2012].figures["turnover"]] == ["F2"]
    assert series.years_with("turnover") == [2010, 2012]


def test_the_change_is_computed_within_one_reporters_series_only() -> None:
    facts = [
        figure("F1", "2010", 2e9, KZ),
        figure("F2", "2011", 3e9, KZ),
        figure("F3", "2011", 9e9, TR),  # no Turkish figure for 2010: no change
        figure("F4", "2012", 4.5e9, TR),
    ]
    by_year = {row.year: row for row in build_series(facts).years}
    changes = {f.fact["id"]: f.change_pct for f in by_year[2011].figures["turnover"]}
    assert changes == {"F2": 50.0, "F3": None}
    assert [f.change_pct for f in by_year[2012].figures["turnover"]] == [-50.0]


def test_reporters_are_side_by_side_statistics_first() -> None:
    facts = [
        figure("F1", "2017", 2e9, "official"),
        figure("F2", "2017", 1.9e9, KZ),
        figure("F3", "2017", 2.1e9, TR),
    ]
    row = next(r for r in build_series(facts).years if r.year == 2017)
    assert row.reporters("turnover") == [KZ, TR, "official"]


def test_partial_years_and_undated_periods_stay_out_of_the_years() -> None:
    half = figure("F1", "2018-01/2018-06", 8e8, "official")
    undated = figure("F2", "2018", 2e9, "official", period=None)
    series = build_series([half, undated, figure("F3", "2018", 1.9e9, KZ)])
    assert [f["id"] for f in series.partial] == ["F1", "F2"]
    assert series.years_with("turnover") == [2018]


def test_exports_and_imports_are_their_own_metrics() -> None:
    out = figure("F1", "2013", 2.6e9, KZ, metric="exports", direction="Kazakhstan to Turkey")
    row = next(r for r in build_series([out]).years if r.year == 2013)
    assert [f.fact["id"] for f in row.figures["exports"]] == ["F1"]
    assert row.figures["turnover"] == []


def test_a_range_narrows_the_years() -> None:
    series = build_series([figure("F1", "2010", 1e9, KZ)], 2009, 2011)
    assert [row.year for row in series.years] == [2009, 2010, 2011]


def test_a_target_is_measured_against_its_deadline_year() -> None:
    facts = [
        figure("F1", "2007", 1e9, KZ),
        figure("F2", "2024", 5e9, KZ),
        target("F9", "2006-05", 2e9, "2007"),
    ]
    [row] = target_progress(facts)
    assert row.actual is not None and row.actual["id"] == "F1"
    assert row.year == 2007
    assert row.progress_pct == 50.0


def test_before_its_deadline_a_target_uses_the_latest_full_year() -> None:
    facts = [
        figure("F1", "2023", 6e9, KZ),
        figure("F2", "2024", 5e9, KZ),
        figure("F3", "2024-01/2024-04", 1.6e9, KZ),
        target("F9", "2024-11", 10e9, "2030"),
    ]
    [row] = target_progress(facts)
    assert (row.actual or {}).get("id") == "F2" and row.year == 2024
    assert row.progress_pct == 50.0


def test_without_a_figure_up_to_its_deadline_a_target_has_no_progress() -> None:
    facts = [figure("F1", "2020", 3e9, KZ), target("F9", "2007-12", 2e9, "2007")]
    [row] = target_progress(facts)
    assert row.actual is None and row.year is None and row.progress_pct is None


def test_statistics_come_before_statements_for_progress() -> None:
    facts = [
        figure("F1", "2021", 5.3e9, "official"),
        figure("F2", "2021", 4.1e9, KZ),
        target("F9", "2021-03", 10e9, None),
    ]
    [row] = target_progress(facts)
    assert (row.actual or {}).get("id") == "F2"
