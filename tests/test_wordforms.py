"""English word forms: the keys `kzturk search` matches words by (kzturk/wordforms.py)."""

from __future__ import annotations

import pytest
from conftest import REPO_STORE

from kzturk.search import parse_terms, search
from kzturk.store import load_store
from kzturk.wordforms import american, word_key


@pytest.mark.parametrize(
    "forms",
    [
        ("recognise", "recognize", "recognised", "recognizes", "recognition", "recognising"),
        ("agreement", "agreements"),
        ("organisation", "organization", "organisations", "organize"),
        ("defence", "defense"),
        ("centre", "center", "centres"),
        ("programme", "program"),
        ("dialogue", "dialog"),
        ("labour", "labor"),
        ("visit", "visits", "visited", "visiting"),
    ],
)
def test_the_forms_and_spellings_of_a_word_share_a_key(forms: tuple[str, ...]) -> None:
    assert len({word_key(word) for word in forms}) == 1, [word_key(w) for w in forms]


@pytest.mark.parametrize(
    ("one", "other"),
    [("anka", "ankara"), ("rise", "rize"), ("petition", "pet"), ("hour", "hor"), ("2022", "2023")],
)
def test_different_words_keep_different_keys(one: str, other: str) -> None:
    assert word_key(one) != word_key(other)


def test_short_words_keep_their_british_endings() -> None:
    assert american("wise") == "wise"
    assert american("rise") == "rise"
    assert american("organise") == "organize"


def test_numbers_and_other_scripts_are_their_own_keys() -> None:
    assert word_key("2022") == "2022"
    assert word_key("туймебаев") == "туймебаев"


def _found(term: str) -> set[str]:
    store = load_store(REPO_STORE)
    return {hit.fact["id"] for hit in search(store.facts, parse_terms([term]))}


def test_search_finds_every_spelling_and_form() -> None:
    recognize = _found("recognize")
    assert recognize == _found("recognised") == _found("recognition")
    recognised = {
        f["id"] for f in load_store(REPO_STORE).facts if "recognised" in f["summary"].lower()
    }
    assert recognised and recognised <= recognize
    assert _found("agreement") == _found("agreements")


def test_search_anka_still_does_not_find_ankara() -> None:
    store = load_store(REPO_STORE)
    found = [hit.fact for hit in search(store.facts, parse_terms(["anka"]))]
    assert found
    for fact in found:
        notes = [fact["date_note"] or "", fact["curator_note"] or ""]
        quotes = [r["quote"] or "" for r in fact["sources"]]
        text = " ".join([fact["summary"], *quotes, *notes]).lower()
        assert "anka" in text.replace("ankara", "")
