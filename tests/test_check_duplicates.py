"""Possible duplicates (kzturk/check/duplicates.py): a planted second telling of one event is
reported with both ids and both fixes; a link of any relation, `distinct` included, clears it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kzturk.check import check_store
from kzturk.check.duplicates import alike, content_words, duplicate_problems
from kzturk.store import bundled_store_path, canonical_text

BUNDLED = bundled_store_path()


def _fact(fact_id: str, summary: str, date: str = "2025-07-29", kind: str = "event") -> Any:
    return {"id": fact_id, "kind": kind, "date": date, "summary": summary, "links": []}


AWARD = "Erdoğan conferred Türkiye's highest state award, the Devlet Nişanı order, on Tokayev."
AGAIN = "Tokayev received the Devlet Nisani, Turkey's highest state award, from Erdogan."


def test_content_words_fold_case_and_accents_and_drop_stop_words() -> None:
    assert content_words("The Order of Devlet Nişanı") == {"order", "devlet", "nisani"}


def test_two_tellings_of_one_event_are_alike_and_two_events_are_not() -> None:
    assert alike(content_words(AWARD), content_words(AGAIN))
    other = "Tokayev met Turkish business leaders to discuss medicine and logistics."
    assert not alike(content_words(AWARD), content_words(other))


def test_a_pair_is_reported_on_the_same_day_or_a_coarser_date_of_its_month() -> None:
    same_day = duplicate_problems([_fact("F1", AWARD), _fact("F2", AGAIN)])
    assert [p.record for p in same_day] == ["F1"]
    assert "possible duplicate of F2" in same_day[0].message
    assert "merged into F1" in same_day[0].message and "distinct:F2" in same_day[0].message
    month = duplicate_problems([_fact("F1", AWARD), _fact("F2", AGAIN, "2025-07")])
    assert "same kind and month" in month[0].message


def test_other_days_kinds_links_and_retracted_facts_are_not_duplicates() -> None:
    assert duplicate_problems([_fact("F1", AWARD), _fact("F2", AGAIN, "2025-07-30")]) == []
    assert duplicate_problems([_fact("F1", AWARD), _fact("F2", AGAIN, kind="deal")]) == []
    distinct = {**_fact("F2", AGAIN), "links": [{"fact": "F1", "relation": "distinct"}]}
    assert duplicate_problems([_fact("F1", AWARD), distinct]) == []
    retracted = {**_fact("F2", AGAIN), "retracted": {"date": "2026-12-06", "reason": "x"}}
    assert duplicate_problems([_fact("F1", AWARD), retracted]) == []


def test_a_planted_duplicate_in_the_bundled_store_is_caught(tmp_path: Path) -> None:
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    copy = {**data["facts"]["397"], "id": "F9001", "summary": AGAIN, "links": []}
    data["facts"]["9001"] = copy
    path = tmp_path / "facts.json"
    path.write_text(canonical_text(data), encoding="utf-8")
    found = [str(p) for p in check_store(path) if "possible duplicate" in p.message]
    assert found and all("F397" in p and "F9001" in p for p in found)


def test_the_bundled_store_has_no_unchecked_pair() -> None:
    assert [p for p in check_store(BUNDLED) if "possible duplicate" in p.message] == []
