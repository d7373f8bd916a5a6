"""`kzturk search` (kzturk.search): terms as whole words, entities' other names, and a cost
that grows with the terms, not with terms × names."""

from __future__ import annotations

import time

import pytest
from conftest import Runner, mini_store
from hypothesis import given, settings
from hypothesis import strategies as st

from kzturk.entities import entity_index, names_of
from kzturk.search import _is_named, _pattern, parse_terms
from kzturk.textfold import words


def _reference_patterns(text: str) -> list[str]:
    """The patterns of one term as the straightforward code finds them: every entity, every
    name, split into words anew for each term."""
    index = entity_index(mini_store())
    given = text.strip()
    prefix = given.endswith("*")
    term_words = words(given.rstrip("*"))
    patterns = [_pattern(term_words, prefix).pattern]
    for entity in index.entities:
        if any(_is_named(words(name), term_words, prefix) for name in names_of(entity)):
            for name in names_of(entity):
                name_words = words(name)
                if name_words and name_words != term_words:
                    patterns.append(_pattern(name_words, False).pattern)
    return patterns


def _names() -> list[str]:
    return sorted({name for e in entity_index(mini_store()).entities for name in names_of(e)})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(_names()).flatmap(
            lambda name: st.sampled_from([name, name.lower(), name[:3] + "*", name + "*", "x"])
        ),
        min_size=1,
        max_size=6,
    )
)
def test_entity_names_found_once_for_all_terms_are_the_ones_each_term_finds(
    texts: list[str],
) -> None:
    terms = parse_terms(texts, entity_index(mini_store()))
    assert [[p.pattern for p in t.patterns] for t in terms] == [
        _reference_patterns(text) for text in texts
    ]


def test_2000_terms_split_each_name_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entity name is split into words once, whatever the number of terms (2,000 terms
    took 27 s when every term split every name again)."""
    from kzturk import search

    calls: list[str] = []

    def counted(text: str) -> list[str]:
        calls.append(text)
        return words(text)

    monkeypatch.setattr(search, "words", counted)
    index = entity_index(mini_store())
    names = sum(len(names_of(entity)) for entity in index.entities)
    terms = [f"term{n}" for n in range(2000)]
    start = time.perf_counter()
    parse_terms(terms, index)
    assert len(calls) <= len(terms) + names
    assert time.perf_counter() - start < 5


def test_2000_terms_from_the_command_line(run: Runner) -> None:
    result = run("search", *(f"term{n}" for n in range(2000)), "--json")
    assert result.code == 0 and result.json == []
