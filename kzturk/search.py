"""`kzturk search`: facts by whole words, ranked, each saying where it matched.

Every term must match a whole word, case- and accent-insensitively, in a fact's summary,
parties (and their entities' other names), quotes or notes: `anka` does not find 'Ankara';
`anka*` matches a prefix; a term of several words ('"middle corridor"', or 'Nur-Sultan')
is a phrase. A one-word term also matches the word's other English forms and spellings
(`recognize` finds 'recognised' and 'recognition', `agreement` 'agreements': see
`kzturk.wordforms`). A term naming an entity also finds that entity's other names: `astana`
finds 'Nur-Sultan'. Summary and parties rank above quotes and notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kzturk.entities import EntityIndex, names_of
from kzturk.errors import UsageError
from kzturk.model import Fact
from kzturk.query import sort_chronologically
from kzturk.textfold import fold_text, words

# Where a term may match, best first, and what a match there is worth.
PLACES: tuple[tuple[str, int], ...] = (("summary", 3), ("parties", 3), ("quote", 1), ("note", 1))


class Term(NamedTuple):
    """One search term as typed, the word patterns it stands for, and for a plain word the
    words that may be its other forms (`forms`) with the key they must share (`key`)."""

    text: str
    patterns: tuple[re.Pattern[str], ...]
    forms: re.Pattern[str] | None = None
    key: str = ""

    def matches(self, text: str) -> bool:
        """Whether the term is in a folded `text`: as written, or in another form (the
        forms include the word as written: one scan of the text finds both)."""
        if self.forms is None:
            return any(pattern.search(text) for pattern in self.patterns)
        from kzturk.wordforms import word_key

        if any(word_key(m.group()) == self.key for m in self.forms.finditer(text)):
            return True
        return any(pattern.search(text) for pattern in self.patterns[1:])


def _forms(word: str) -> tuple[re.Pattern[str], str]:
    """Whole words that begin as `word`'s key does (its other forms are among them), and
    the key: 'recognize' gives words in 'reco…' and the key 'recogn'."""
    from kzturk.wordforms import word_key

    key = word_key(word)
    common = 0
    while common < min(len(word), len(key), 4) and word[common] == key[common]:
        common += 1
    return re.compile(rf"(?<![^\W_]){re.escape(word[:common])}[^\W_]*"), key


class Hit(NamedTuple):
    """A fact that matched every term: its rank and where the terms matched."""

    fact: Fact
    score: int
    places: tuple[str, ...]


def _pattern(term_words: Sequence[str], prefix: bool) -> re.Pattern[str]:
    """Whole words in order, anything but a letter or digit between them."""
    body = r"[\W_]+".join(re.escape(word) for word in term_words)
    end = "" if prefix else r"(?![^\W_])"
    return re.compile(rf"(?<![^\W_]){body}{end}")


def parse_terms(texts: Sequence[str], index: EntityIndex | None = None) -> list[Term]:
    """Terms from the command line; one with no letter or digit is a usage error. The
    entities' names are split into words once for all terms (2,000 terms: 0.2 s, not 27)."""
    names = _EntityNames(index)
    terms: list[Term] = []
    for text in texts:
        given = text.strip()
        prefix = given.endswith("*")
        term_words = words(given.rstrip("*"))
        if not term_words:
            raise UsageError(
                f"search term {text!r} has no letters or digits; give words, e.g. "
                "kzturk search anka memorandum"
            )
        patterns = [_pattern(term_words, prefix)]
        forms, key = None, ""
        if len(term_words) == 1 and not prefix and term_words[0].isalpha():
            forms, key = _forms(term_words[0])
        for entity_names in names.named(term_words, prefix):
            for name_words in entity_names:
                if name_words and name_words != term_words:
                    patterns.append(_pattern(name_words, False))
        terms.append(Term(given, tuple(patterns), forms, key))
    return terms


def _is_named(name_words: list[str], term_words: list[str], prefix: bool) -> bool:
    """Whether a name is the term (or, for a prefix term, begins with it)."""
    if not prefix:
        return name_words == term_words
    last = len(term_words) - 1
    return (
        len(name_words) > last
        and name_words[:last] == term_words[:last]
        and name_words[last].startswith(term_words[last])
    )


class _EntityNames:
    """Every entity's names as words, split once; the entities one of whose names is a
    term found by lookup (a prefix term by a scan)."""

    def __init__(self, index: EntityIndex | None) -> None:
        self.entities: list[list[list[str]]] = []
        self.exact: dict[tuple[str, ...], list[int]] = {}
        for entity in index.entities if index is not None else ():
            number = len(self.entities)
            self.entities.append([words(name) for name in names_of(entity)])
            for name_words in self.entities[-1]:
                numbers = self.exact.setdefault(tuple(name_words), [])
                if number not in numbers:
                    numbers.append(number)

    def named(self, term_words: list[str], prefix: bool) -> list[list[list[str]]]:
        """The names (as words) of each entity one of whose names is the term."""
        if not prefix:
            return [self.entities[n] for n in self.exact.get(tuple(term_words), [])]
        return [
            names
            for names in self.entities
            if any(_is_named(name_words, term_words, prefix) for name_words in names)
        ]


def _place_text(fact: Fact, place: str) -> str:
    """The folded text of one place a term may match in."""
    if place == "summary":
        return fold_text(fact["summary"])
    if place == "parties":
        return fold_text("\n".join(fact["parties"]))
    if place == "quote":
        return fold_text("\n".join(ref["quote"] or "" for ref in fact["sources"]))
    return fold_text(f"{fact['date_note'] or ''}\n{fact['curator_note'] or ''}")


def search(facts: Iterable[Fact], terms: Sequence[Term]) -> list[Hit]:
    """The facts every term matches, best first (then oldest first)."""
    hits: list[Hit] = []
    for fact in facts:
        places: dict[str, str] = {}  # folded when first needed: most facts fail on one place

        def text(place: str, fact: Fact = fact, places: dict[str, str] = places) -> str:
            if place not in places:
                places[place] = _place_text(fact, place)
            return places[place]

        score, matched = 0, []
        for term in terms:
            best = next(
                ((name, weight) for name, weight in PLACES if term.matches(text(name))),
                None,
            )
            if best is None:
                break
            score += best[1]
            if best[0] not in matched:
                matched.append(best[0])
        else:
            hits.append(Hit(fact, score, tuple(matched)))
    order = {id(f): n for n, f in enumerate(sort_chronologically(h.fact for h in hits))}
    return sorted(hits, key=lambda h: (-h.score, order[id(h.fact)]))
