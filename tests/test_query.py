"""kzturk.query: the filters, the ordering and the summaries, on the mini store and on
generated facts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from conftest import MINI, ids, mini_facts, mini_store
from hypothesis import given, settings
from hypothesis import strategies as st

from kzturk.dates import DateRange, PartialDate, make_range
from kzturk.model import FACT_FIELDS, FACT_TABLE, KINDS, METRICS, SECTORS, STATUSES, Fact
from kzturk.query import (
    FactFilter,
    apply_filter,
    as_of,
    citation_counts,
    closest_matches,
    facts_citing,
    filter_by_dates,
    filter_by_kind,
    filter_by_metric,
    filter_by_min_sources,
    filter_by_party,
    filter_by_sector,
    filter_by_status,
    filter_retracted,
    group_by_year,
    sector_counts,
    sort_chronologically,
    sorted_sources,
    source_count,
    split_trade,
)


def make_fact(fact_id: str = "F900", **fields: Any) -> Fact:
    """A valid fact: every field of the table empty but the few a fact needs; `fields`
    override them (a name outside the table is a mistake in the test)."""
    assert set(fields) <= set(FACT_FIELDS), set(fields) - set(FACT_FIELDS)
    record: dict[str, Any] = {field.name: field.empty for field in FACT_TABLE}
    record.update(
        id=fact_id,
        kind="event",
        sectors=["diplomacy"],
        summary="Something happened.",
        sources=[{"source": "alpha", "quote": "something"}],
    )
    record.update(fields)
    return record  # type: ignore[return-value]


def by_id(fact_id: str) -> Fact:
    fact = mini_store().fact(fact_id)
    assert fact is not None, fact_id
    return fact


# ---- single filters -------------------------------------------------------------------------


def test_filter_by_sector_matches_any_of_the_sectors() -> None:
    facts = mini_facts()
    assert ids(filter_by_sector(facts, ["defense"])) == ["F101"]
    assert sorted(ids(filter_by_sector(facts, ["defense", "energy"]))) == ["F101", "F102"]
    assert sorted(ids(filter_by_sector(facts, ["investment"]))) == ["F102"]


def test_filter_by_sector_empty_means_no_filter_and_unused_sector_means_nothing() -> None:
    facts = mini_facts()
    assert filter_by_sector(facts, []) == facts
    assert filter_by_sector(facts, ["science"]) == []


def test_filter_by_kind() -> None:
    facts = mini_facts()
    assert sorted(ids(filter_by_kind(facts, ["deal"]))) == sorted(MINI["deals"] + ["F111"])
    assert sorted(ids(filter_by_kind(facts, ["trade", "target"]))) == ["F106", "F107"]
    assert ids(filter_by_kind(facts, ["context"])) == ["F105"]
    assert filter_by_kind(facts, []) == facts


def test_filter_by_status() -> None:
    facts = mini_facts()
    assert ids(filter_by_status(facts, ["signed"])) == ["F101"]
    assert sorted(ids(filter_by_status(facts, ["planned", "proposed"]))) == ["F103", "F110"]
    assert filter_by_status(facts, []) == facts


def test_filter_by_metric() -> None:
    facts = mini_facts()
    assert sorted(ids(filter_by_metric(facts, ["turnover"]))) == ["F106", "F107"]
    assert filter_by_metric(facts, ["exports"]) == []
    assert filter_by_metric(facts, []) == facts


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("erdogan", ["F102", "F107"]),  # accent-insensitive: finds "Erdoğan"
        ("ERDOĞAN", ["F102", "F107"]),
        ("Erdoğan", ["F102", "F107"]),
        ("tayyip", ["F102", "F107"]),
        ("turk telekom", ["F110"]),  # "Türk Telekom"
        ("temir", ["F103"]),
        ("nobody at all", []),
    ],
)
def test_filter_by_party_is_case_and_accent_insensitive(needle: str, expected: list[str]) -> None:
    assert sorted(ids(filter_by_party(mini_facts(), needle))) == expected


def test_filter_by_party_takes_an_entity_id() -> None:
    from kzturk.entities import entity_index

    store = mini_store()
    index = entity_index(store)
    by_name = ids(filter_by_party(store.facts, "Turkish Aerospace", index))
    assert by_name  # the mini store has facts of TAI
    assert ids(filter_by_party(store.facts, "tai", index)) == by_name
    assert ids(filter_by_party(store.facts, "TAI ", index)) == by_name
    assert ids(filter_by_party(store.facts, "turk-telekom", index)) == ["F110"]


def test_filter_by_party_handles_turkish_dotless_and_dotted_i() -> None:
    facts = [make_fact("F901", parties=["Kırıkkale"]), make_fact("F902", parties=["İstanbul"])]
    assert ids(filter_by_party(facts, "kirikkale")) == ["F901"]
    assert ids(filter_by_party(facts, "istanbul")) == ["F902"]


def test_filter_by_party_none_or_empty_keeps_everything() -> None:
    facts = mini_facts()
    assert filter_by_party(facts, None) == facts
    assert filter_by_party(facts, "") == facts


def test_filter_by_dates_overlap_rule_keeps_year_only_facts() -> None:
    facts = mini_facts()
    # F102 is dated only "2022": it may lie in June 2022 or later, so it stays.
    found = ids(filter_by_dates(facts, make_range("2022-06", "2022-12")))
    assert found == ["F102"]
    # ... and a range ending before 10 May 2022 keeps it too (and F109, 1 Jan 2022).
    assert sorted(ids(filter_by_dates(facts, make_range(None, "2022-05-09")))) == [
        "F102",
        "F109",
    ]


def test_filter_by_dates_month_only_fact_overlaps_any_day_of_its_month() -> None:
    facts = mini_facts()
    found = ids(filter_by_dates(facts, make_range("2024-03-31", "2024-03-31")))
    assert found == ["F103"]  # "2024-03" covers 31 March; F108 (1st) and F110 (20th) do not


def test_filter_by_dates_bounds_are_inclusive() -> None:
    facts = mini_facts()
    found = filter_by_dates(facts, make_range("2022-05-10", "2022-05-10"))
    assert sorted(ids(found)) == ["F101", "F102"]
    assert "F107" in ids(filter_by_dates(facts, make_range(None, "2022-05-11")))
    assert "F107" not in ids(filter_by_dates(facts, make_range(None, "2022-05-10")))


def test_filter_by_dates_undated_only_with_an_open_range() -> None:
    facts = mini_facts()
    assert "F104" in ids(filter_by_dates(facts, DateRange()))
    assert "F104" not in ids(filter_by_dates(facts, make_range("1000", None)))
    assert "F104" not in ids(filter_by_dates(facts, make_range(None, "9999")))


def test_background_kinds_are_left_out_only_when_asked_and_filter_retracted() -> None:
    facts = mini_facts()
    no_context = apply_filter(facts, FactFilter(include_context=False, include_retracted=True))
    assert "F105" not in ids(no_context)
    assert len(no_context) == len(facts) - 1
    asked = FactFilter(include_context=False, kinds=("context",))
    assert ids(apply_filter(facts, asked)) == ["F105"]  # naming the kind shows it
    no_analysis = apply_filter(facts, FactFilter(include_analysis=False, include_retracted=True))
    assert "F109" not in ids(no_analysis)  # F109 is an analysis in the mini store
    assert "F111" not in ids(filter_retracted(facts))
    assert filter_retracted(facts, include=True) == facts


def test_filter_by_min_sources_counts_distinct_sources() -> None:
    facts = mini_facts()
    assert ids(filter_by_min_sources(facts, 2)) == ["F102"]
    assert filter_by_min_sources(facts, 0) == facts
    same_source_twice = make_fact(
        sources=[{"source": "alpha", "quote": "a"}, {"source": "alpha", "quote": "b"}]
    )
    assert source_count(same_source_twice) == 1
    assert filter_by_min_sources([same_source_twice], 2) == []


def test_as_of_keeps_only_sources_published_by_then() -> None:
    store = mini_store()
    # alpha was published 2022-05-30; beta only "2024", i.e. surely out by 31 Dec 2024.
    on = as_of(store.facts, store.sources, PartialDate(2023, 12, 31))
    assert sorted(ids(on)) == ["F101", "F102", "F104", "F106", "F107"]
    f102 = next(f for f in on if f["id"] == "F102")
    assert [ref["source"] for ref in f102["sources"]] == ["alpha"]
    # The stored fact is not changed by the as-of view.
    assert len(by_id("F102")["sources"]) == 2
    later = as_of(store.facts, store.sources, PartialDate(2024))
    assert "F103" in ids(later)
    # gamma has no publication date: its facts never appear in as-of views.
    assert "F108" not in ids(as_of(store.facts, store.sources, PartialDate(9999)))


# ---- apply_filter ---------------------------------------------------------------------------


def test_apply_filter_default_hides_retracted_and_sorts() -> None:
    result = apply_filter(mini_facts(), FactFilter())
    expected = [i for i in MINI["chronological"] if i not in MINI["retracted"]]
    assert ids(result) == expected


def test_apply_filter_deals() -> None:
    result = apply_filter(mini_facts(), FactFilter(kinds=("deal",)))
    assert ids(result) == MINI["deals"]
    with_retracted = apply_filter(mini_facts(), FactFilter(kinds=("deal",), include_retracted=True))
    assert ids(with_retracted) == ["F102", "F101", "F111", "F103", "F110"]


def test_apply_filter_context_only_when_asked() -> None:
    facts = mini_facts()
    assert "F105" not in ids(apply_filter(facts, FactFilter(include_context=False)))
    assert "F105" in ids(apply_filter(facts, FactFilter(include_context=True)))
    assert ids(apply_filter(facts, FactFilter(kinds=("context",), include_context=False))) == [
        "F105"
    ]


def test_apply_filter_combines_every_criterion() -> None:
    spec = FactFilter(
        kinds=("deal",),
        sectors=("energy", "defense", "transport"),
        party="kazakh",
        dates=make_range("2022", "2023"),
    )
    assert ids(apply_filter(mini_facts(), spec)) == ["F101"]


def test_apply_filter_as_of_and_min_sources() -> None:
    store = mini_store()
    spec = FactFilter(min_sources=2, as_of=PartialDate(2023))
    assert apply_filter(store.facts, spec, store.sources) == []  # F102 had one source then
    spec = FactFilter(min_sources=2, as_of=PartialDate(2025))
    assert ids(apply_filter(store.facts, spec, store.sources)) == ["F102"]


# ---- search ---------------------------------------------------------------------------------


# ---- ordering and grouping ------------------------------------------------------------------


def test_sort_chronologically_year_only_first_undated_last() -> None:
    shuffled = list(reversed(mini_facts()))
    assert ids(sort_chronologically(shuffled)) == MINI["chronological"]


def test_sort_chronologically_is_stable_under_input_order() -> None:
    facts = mini_facts()
    assert sort_chronologically(facts) == sort_chronologically(reversed(facts))


def test_group_by_year() -> None:
    groups = group_by_year(mini_facts())
    assert [(year, ids(facts)) for year, facts in groups] == [
        ("2022", ["F102", "F109", "F101", "F107"]),
        ("2023", ["F106", "F105", "F111"]),
        ("2024", ["F103", "F108", "F110"]),
        ("Undated", ["F104"]),
    ]
    assert group_by_year([]) == []


def test_split_trade_keeps_targets_apart_from_actuals() -> None:
    actual, targets = split_trade(mini_facts())
    assert ids(actual) == MINI["trade"]
    assert ids(targets) == MINI["target"]


def test_split_trade_accepts_an_iterator() -> None:
    actual, targets = split_trade(iter(mini_facts()))
    assert ids(actual) == ["F106"]
    assert ids(targets) == ["F107"]


def test_sector_counts_lists_every_vocabulary_sector() -> None:
    counts = sector_counts(mini_facts())
    assert [sector for sector, _ in counts] == list(SECTORS)
    as_dict = dict(counts)
    assert as_dict["trade"] == 2
    assert as_dict["defense"] == 1
    assert as_dict["science"] == 0
    assert sum(as_dict.values()) == sum(len(f["sectors"]) for f in mini_facts())
    assert dict(sector_counts([])) == dict.fromkeys(SECTORS, 0)


def test_citation_counts_count_each_fact_once_per_source() -> None:
    assert citation_counts(mini_facts()) == Counter({"alpha": 5, "beta": 6, "gamma": 1})
    twice = make_fact(
        sources=[{"source": "alpha", "quote": "a"}, {"source": "alpha", "quote": "b"}]
    )
    assert citation_counts([twice]) == Counter({"alpha": 1})


def test_facts_citing_and_sorted_sources() -> None:
    store = mini_store()
    assert ids(facts_citing(store.facts, "gamma")) == ["F108"]
    assert ids(facts_citing(store.facts, "alpha")) == ["F102", "F101", "F107", "F106", "F104"]
    # Oldest first; gamma has no publication date and goes last.
    assert [s["id"] for s in sorted_sources(store.sources)] == ["alpha", "beta", "gamma"]


def test_closest_matches() -> None:
    assert closest_matches("defence", SECTORS)[0] == "defense"
    assert closest_matches("enrgy", SECTORS)[0] == "energy"
    assert closest_matches("zzzzzz", SECTORS) == []
    assert len(closest_matches("e", SECTORS + KINDS, n=2)) <= 2


# ---- properties on generated facts ----------------------------------------------------------

PARTIES = ["Recep Tayyip Erdoğan", "Kazakhstan", "Türkiye", "Kırıkkale", "TCDD", "İstanbul"]


def _partial_date(day: date, precision: str) -> str | None:
    text = day.isoformat()
    return {"none": None, "year": text[:4], "month": text[:7], "day": text}[precision]


# Strategies are made once, not in every draw: hypothesis checks each new one (a quarter of
# these tests' time).
partial_dates = st.builds(
    _partial_date, st.dates(), st.sampled_from(["none", "year", "month", "day"])
)
_kinds = st.sampled_from(KINDS)
_sector_lists = st.lists(st.sampled_from(SECTORS), max_size=3, unique=True)
_statuses = st.sampled_from(STATUSES)
_metrics = st.sampled_from(METRICS)
_party_lists = st.lists(st.sampled_from(PARTIES), max_size=3)
_summaries = st.sampled_from(["Kazakhstan signed.", "KAZAKHSTAN met.", "Türkiye."])
_retractions = st.sampled_from([None, {"date": "2024", "reason": "wrong"}])


def _draw_fact(draw: st.DrawFn, number: int) -> Fact:
    kind = draw(_kinds)
    return make_fact(
        f"F{number:03d}",
        date=draw(partial_dates),
        kind=kind,
        sectors=draw(_sector_lists),
        status=draw(_statuses) if kind == "deal" else None,
        metric=draw(_metrics) if kind in ("trade", "target") else None,
        parties=draw(_party_lists),
        summary=draw(_summaries),
        retracted=draw(_retractions),
    )


@st.composite
def fact_lists(draw: st.DrawFn) -> list[Fact]:
    size = draw(st.integers(min_value=0, max_value=12))
    return [_draw_fact(draw, 100 + n) for n in range(size)]


day_strings = st.dates().map(lambda d: d.isoformat())


def is_sublist(part: list[Fact], whole: list[Fact]) -> bool:
    return all(any(p is w for w in whole) for p in part)


@settings(max_examples=50)
@given(fact_lists(), st.lists(st.sampled_from(SECTORS), max_size=4))
def test_filter_by_sector_returns_a_subset_with_a_wanted_sector(
    facts: list[Fact], sectors: list[str]
) -> None:
    result = filter_by_sector(facts, sectors)
    assert is_sublist(result, facts)
    if sectors:
        assert all(set(f["sectors"]) & set(sectors) for f in result)
        left_out = [f for f in facts if not any(f is r for r in result)]
        assert all(not set(f["sectors"]) & set(sectors) for f in left_out)


@settings(max_examples=50)
@given(fact_lists())
def test_all_sectors_is_every_fact_with_any_sector(facts: list[Fact]) -> None:
    assert filter_by_sector(facts, SECTORS) == [f for f in facts if f["sectors"]]


@settings(max_examples=50)
@given(fact_lists(), st.lists(day_strings, min_size=4, max_size=4))
def test_widening_a_date_range_never_removes_facts(facts: list[Fact], days: list[str]) -> None:
    outer_since, inner_since, inner_until, outer_until = sorted(days)
    narrow = {f["id"] for f in filter_by_dates(facts, make_range(inner_since, inner_until))}
    wide = {f["id"] for f in filter_by_dates(facts, make_range(outer_since, outer_until))}
    open_ended = {f["id"] for f in filter_by_dates(facts, make_range(outer_since, None))}
    assert narrow <= wide <= open_ended
    assert len(filter_by_dates(facts, DateRange())) == len(facts)


@settings(max_examples=50)
@given(fact_lists())
def test_sort_chronologically_is_an_ordered_permutation(facts: list[Fact]) -> None:
    ordered = sort_chronologically(facts)
    assert sorted(ids(ordered)) == sorted(ids(facts))
    dated = [f for f in ordered if f["date"]]
    assert ordered[: len(dated)] == dated  # every undated fact comes after every dated one
    starts = [PartialDate(*map(int, f["date"].split("-"))).start for f in dated]
    assert starts == sorted(starts)


@settings(max_examples=50)
@given(
    fact_lists(),
    st.lists(st.sampled_from(KINDS), max_size=2),
    st.lists(st.sampled_from(SECTORS), max_size=2),
    st.sampled_from([None, "erdogan", "turkiye", "kaz"]),
    st.booleans(),
)
def test_apply_filter_result_is_a_subset_meeting_every_criterion(
    facts: list[Fact],
    kinds: list[str],
    sectors: list[str],
    party: str | None,
    include_context: bool,
) -> None:
    spec = FactFilter(
        kinds=tuple(kinds), sectors=tuple(sectors), party=party, include_context=include_context
    )
    result = apply_filter(facts, spec)
    assert is_sublist(result, facts)
    assert result == sort_chronologically(result)
    for fact in result:
        assert not fact["retracted"]
        assert not kinds or fact["kind"] in kinds
        assert not sectors or set(fact["sectors"]) & set(sectors)
        if not include_context and "context" not in kinds:
            assert fact["kind"] != "context"
    assert filter_by_party(result, party) == result


@settings(max_examples=50)
@given(fact_lists())
def test_group_by_year_partitions_the_facts(facts: list[Fact]) -> None:
    groups = group_by_year(facts)
    flattened = [f for _, group in groups for f in group]
    assert flattened == sort_chronologically(facts)
    labels = [label for label, _ in groups]
    assert len(labels) == len(set(labels))
    if any(f["date"] is None for f in facts):
        assert labels[-1] == "Undated"
