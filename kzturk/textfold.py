"""Text folded for matching: case and accents do not count ('erdogan' finds 'Erdoğan',
'igdir' 'Iğdır', 'turkiye' 'Türkiye'), and words are what letters and digits make."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters whose base is not what Unicode decomposition gives (Turkish dotless i, ...).
_BASE = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})
# The same as pairs for str.replace: str.translate with a mapping takes ~20 us on a sentence
# that keeps a non-ASCII character ("“"), a scan per letter well under one.
_BASE_PAIRS = tuple((chr(code), base) for code, base in _BASE.items())
# The combining marks decomposition leaves behind (diacritics), removed in C.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_text(text: str) -> str:
    """Case- and accent-insensitive form of `text` (ASCII text just lower-cased)."""
    if text.isascii():
        return text.lower()
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if folded.isascii():
        return folded
    for letter, base in _BASE_PAIRS:  # `folded.translate(_BASE)`, faster
        if letter in folded:
            folded = folded.replace(letter, base)
    return folded


fold = lru_cache(maxsize=65536)(fold_text)
"""`fold_text`, cached: names and terms repeat."""


def has_word_characters(text: str) -> bool:
    """Whether `text` folds to something with a letter or a digit (a lone accent does not)."""
    return any(ch.isalnum() for ch in fold_text(text))


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The folded words of `text`: runs of letters and digits (hyphens and apostrophes
    split: 'Nur-Sultan' is 'nur', 'sultan')."""
    return _WORD.findall(fold_text(text))


# Cyrillic (Russian and Kazakh) letters in Latin, as folded text has them (lower case, no
# marks: "й" is already "и"), so a name matches whichever script it is typed in.
_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезиклмнопрстуфыэ", "abvgdeziklmnoprstufye", strict=True)),
        **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
        **{"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ю": "yu", "я": "ya", "ъ": "", "ь": ""},
    }
)


def fold_script(text: str) -> str:
    """`fold_text`, with Cyrillic spelt in Latin letters: 'Туймебаев' is 'tuimebaev'."""
    folded = fold_text(text)
    return folded if folded.isascii() else folded.translate(_LATIN)
