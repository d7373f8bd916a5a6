"""`kzturk conflicts`: each version of a disagreement once, with its sources under it; and
numeric conflicts: only one reporter's differing figures for one period disagree."""

from __future__ import annotations

import re
from typing import Any

from conftest import Runner
from test_query import make_fact

from kzturk.analysis import find_conflicts
from kzturk.model import Fact


def test_each_version_is_shown_once_with_every_source(run: Runner) -> None:
    records = run("conflicts", "--json").json
    text = run("conflicts").out
    shown = re.findall(r"^(?:Fact: |\s?)(F\d+)\b", text, flags=re.MULTILINE)
    expected = [fact for record in records for fact in record["facts"]]
    assert shown == expected  # once each, in order: not once per source
    for record in records:
        for version in record["versions"]:
            assert version["source"] in text


def test_a_reference_page_is_never_quoted_by_its_address(run: Runner) -> None:
    records = run("conflicts", "--json").json
    urls = {v["url"] for r in records for v in r["versions"] if not v["quote"] and v["url"]}
    assert urls  # the store cites pages in its disagreements
    text = run("conflicts").out
    assert "Quote:" not in text
    for url in urls:
        assert url not in text


def test_the_footer_counts_disagreements_and_their_facts(run: Runner) -> None:
    records = run("conflicts", "--json").json
    facts = sum(len(r["facts"]) for r in records)
    assert f"{len(records)} disagreements among {facts} facts" in run("conflicts").out


def figure(fact_id: str, amount: float, reporter: str | None, **fields: Any) -> Fact:
    base: dict[str, Any] = {
        "kind": "trade",
        "sectors": ["trade"],
        "metric": "turnover",
        "period": "2021",
        "date": "2021",
        "amount_usd": amount,
        "reporter": reporter,
        "summary": f"Turnover {fact_id}.",
    }
    base.update(fields)
    return make_fact(fact_id, **base)


def test_two_reporters_figures_for_one_year_are_not_a_conflict() -> None:
    facts = [figure("F1", 4.1e9, "kazakh-statistics"), figure("F2", 5.3e9, "official")]
    assert find_conflicts(facts) == []


def test_one_reporters_differing_figures_for_one_year_are_a_conflict() -> None:
    facts = [
        figure("F1", 4.1e9, "kazakh-statistics"),
        figure("F2", 4.3e9, "kazakh-statistics"),
        figure("F3", 5.3e9, "official"),
    ]
    [conflict] = find_conflicts(facts)
    assert conflict.how == "numeric"
    assert [f["id"] for f in conflict.facts] == ["F1", "F2"]
    assert conflict.about == "turnover 2021, kazakh-statistics"


def test_the_same_amount_twice_and_other_periods_are_no_conflict() -> None:
    facts = [
        figure("F1", 4.1e9, "official"),
        figure("F2", 4.1e9, "official"),
        figure("F3", 2.0e9, "official", period="2021-01/2021-06"),
    ]
    assert find_conflicts(facts) == []


def test_investment_figures_are_never_numeric_conflicts() -> None:
    facts = [
        figure("F1", 1e9, "official", kind="investment", metric=None, measure="stock"),
        figure("F2", 2e9, "official", kind="investment", metric=None, measure="stock"),
    ]
    assert find_conflicts(facts) == []
