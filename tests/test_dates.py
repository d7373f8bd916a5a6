"""Partial dates: parsing, labels, and the overlap rule for --since/--until."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzturk.dates import DateFormatError, DateRange, make_range, parse_partial_date


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("2025", "2025", "year"),
        ("2022-05", "May 2022", "month"),
        ("2025-07-29", "29 Jul 2025", "day"),
    ],
)
def test_label_shows_real_precision(text: str, label: str, precision: str) -> None:
    parsed = parse_partial_date(text)
    assert parsed.label() == label
    assert parsed.precision == precision
    assert parsed.iso() == text


@pytest.mark.parametrize(
    "text", ["2022-13", "2022-02-30", "22", "yesterday", "", "2022-1", "2022-00"]
)
def test_malformed_dates_are_rejected(text: str) -> None:
    with pytest.raises(DateFormatError):
        parse_partial_date(text)


def test_year_only_fact_overlaps_a_range_that_cuts_through_it() -> None:
    year_2022 = parse_partial_date("2022")
    assert make_range("2022-06", None).overlaps(year_2022)
    assert make_range(None, "2022-01-15").overlaps(year_2022)
    assert not make_range("2023", None).overlaps(year_2022)
    assert not make_range(None, "2021-12-31").overlaps(year_2022)


def test_undated_matches_only_an_open_range() -> None:
    assert DateRange().overlaps(None)
    assert not make_range("2000", None).overlaps(None)


def test_reversed_range_is_an_error() -> None:
    with pytest.raises(DateFormatError, match="after"):
        make_range("2023", "2022")


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_real_day_round_trips(day: date) -> None:
    assert parse_partial_date(day.isoformat()).start == day


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from([4, 7, 10]),
    st.integers(min_value=0, max_value=800),
)
def test_overlap_agrees_with_interval_arithmetic(day: date, cut: int, span: int) -> None:
    fact = parse_partial_date(day.isoformat()[:cut])
    since = day - timedelta(days=span)
    until = day + timedelta(days=span // 2)
    window = make_range(since.isoformat(), until.isoformat())
    assert window.overlaps(fact) == (fact.start <= until and fact.end >= since)
