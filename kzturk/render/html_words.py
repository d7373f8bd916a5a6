"""What a page's filter box needs to match as `kzturk search` does: the other forms of the
words on the page, and the other names of the entities it names.

The page's script matches whole words (`anka` is not 'Ankara'); a typed word that is on the
page also finds its other forms there ('recognised' finds 'recognition': the keys of
`kzturk.wordforms`), and a typed name of an entity its other names ('Astana' finds
'Nur-Sultan'). Both travel in one JSON island, `#kzturk-words`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kzturk.textfold import words

WORDS_ID = "kzturk-words"


def _texts(record: Mapping[str, Any]) -> Iterable[str]:
    yield record.get("summary") or ""
    yield from record.get("parties") or ()
    for ref in record.get("sources") or ():
        yield ref.get("quote") or ""
    yield record.get("date_note") or ""
    yield record.get("curator_note") or ""


def filter_words(
    records: Iterable[Mapping[str, Any]], names: Mapping[str, tuple[str, ...]]
) -> dict[str, Any]:
    """{"forms": {word: key} for the words on the page that share a key with another,
    "names": [[each name of one entity, its words joined by spaces], ...]}."""
    from kzturk.wordforms import word_key

    keys: dict[str, str] = {}
    for record in records:
        for text in _texts(record):
            for word in words(text):
                if word not in keys and word.isalpha():
                    keys[word] = word_key(word)
    counts: dict[str, int] = {}
    for key in keys.values():
        counts[key] = counts.get(key, 0) + 1
    forms = {word: key for word, key in sorted(keys.items()) if counts[key] > 1}
    groups = {tuple(dict.fromkeys(" ".join(words(n)) for n in group)) for group in names.values()}
    return {"forms": forms, "names": sorted(list(g) for g in groups if len(g) > 1)}
