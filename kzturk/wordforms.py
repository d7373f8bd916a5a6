"""English word forms for search: 'recognise', 'recognized' and 'recognition' are one word.

A word is reduced to a key: British spellings to American ones ('-ise' to '-ize', 'defence'
to 'defense', 'centre' to 'center'), then the Snowball English (Porter2) stemmer, then a
noun in '-ition' to its verb ('recognition' to 'recogn', as 'recognize'). Two words match
when their keys are equal, so 'anka' (key 'anka') still does not match 'Ankara' ('ankara').
The stemmer is Snowball's own, compiled (the `PyStemmer` package: about a microsecond a
word, where the pure-Python `snowballstemmer` takes 150), imported on first use: only a
search needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# British endings and their American forms, for words long enough not to be other words
# ('rise', 'Rize' and 'wise' keep theirs).
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<=.{4})is(e|es|ed|ing|er|ers|ation|ations)$", r"iz\1"),
        (r"(?<=.{3})ys(e|es|ed|ing)$", r"yz\1"),
        (r"(?<=.{2})(ff|f|c|t|s)ence(s)?$", r"\1ense\2"),
        (r"(?<=.{3})our(s|ed|ing|able)?$", r"or\1"),
        (r"(?<=.{3})([bcdfgklmnpstv])re(s|d)?$", r"\1er\2"),
        (r"(?<=.{3})ogue(s)?$", r"og\1"),
        (r"^programme(s|d)?$", r"program\1"),
    )
)
_ITION = re.compile(r"itions?$")
SHORTEST_ROOT = 5  # 'recogn' from 'recognition'; not 'pet' from 'petition'


@lru_cache(maxsize=1)
def _stem() -> Callable[[str], str]:
    import Stemmer  # type: ignore[import-not-found,unused-ignore]

    return Stemmer.Stemmer("english").stemWord  # type: ignore[no-any-return]


def american(word: str) -> str:
    """The American spelling of a folded word ('organisation' is 'organization')."""
    for pattern, replacement in _SPELLINGS:
        spelt = pattern.sub(replacement, word)
        if spelt != word:
            return spelt
    return word


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key of a folded word: its forms and spellings share it."""
    if not word.isascii() or not word.isalpha():
        return word  # numbers and other scripts are matched as written
    spelt = american(word)
    key: str = _stem()(spelt)
    if _ITION.search(spelt) and key.endswith("it") and len(key) - 2 >= SHORTEST_ROOT:
        key = key[:-2]
    return key
