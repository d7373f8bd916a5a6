"""Reading a filter's option values: each reader raises a UsageError naming the option."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kzturk.dates import DateFormatError, DateRange, PartialDate, make_range, parse_partial_date
from kzturk.errors import UsageError
from kzturk.model.vocabulary import choose


def vocabulary(
    values: Sequence[str] | None, choices: Sequence[str], option: str
) -> tuple[str, ...]:
    """Case-insensitive vocabulary values; an unknown one is a usage error with a hint."""
    return choose(values, choices, option)


def words_of(
    choices: Sequence[str], option: str
) -> Callable[[Sequence[str] | None], tuple[str, ...]]:
    """The reader of a repeatable option whose values are the vocabulary `choices`."""

    def read(values: Sequence[str] | None) -> tuple[str, ...]:
        return choose(values, choices, option)

    return read


def party_text(value: str | None) -> str | None:
    """The --party text, stripped; given but blank is a usage error, not 'match everything'."""
    if value is None:
        return None
    from kzturk.textfold import has_word_characters

    if not has_word_characters(value):
        raise UsageError("--party needs a name with letters or digits, e.g. --party tiryaki")
    return value.strip()


def date_range(since: str | None, until: str | None) -> DateRange:
    """Both ends checked on their own (so the message names the option), then their order."""
    for option, value in (("--since", since), ("--until", until)):
        if value is not None:
            if not value.strip():
                raise UsageError(f"{option} needs a date: YYYY, YYYY-MM or YYYY-MM-DD")
            try:
                parse_partial_date(value)
            except DateFormatError as exc:
                raise UsageError(f"{option}: {exc}") from None
    try:
        return make_range(since, until)
    except DateFormatError as exc:
        raise UsageError(str(exc)) from None


def as_of_date(text: str | None) -> PartialDate | None:
    if text is None:
        return None
    try:
        return parse_partial_date(text)
    except DateFormatError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def flag(value: bool) -> bool:
    return bool(value)


def count(value: int) -> int:
    return int(value)
