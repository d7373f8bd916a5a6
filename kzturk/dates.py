"""Partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and how they meet a date range.

Sources often give only a year or a month, so a date here is an interval: "2022" is
1 Jan 2022 to 31 Dec 2022. A fact matches a `--since/--until` range when its interval
*overlaps* the range, so an imprecise fact is never hidden by a range that may contain it;
every view prints the date at its real precision, so the reader can see how loose it is.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DateFormatError(ValueError):
    """Text that is not a valid partial date; the message says what is wrong."""


class PartialDate(NamedTuple):
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        month = self.month or 12
        day = self.day or days_in_month(self.year, month)
        return date(self.year, month, day)

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def label(self) -> str:
        """How people read it, at its real precision: '2025', 'May 2022', '29 Jul 2025'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"

    def long_label(self) -> str:
        """'29 July 2025', for citations."""
        if self.month is None:
            return str(self.year)
        name = MONTH_NAMES[self.month - 1]
        return f"{name} {self.year}" if self.day is None else f"{self.day} {name} {self.year}"


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """`calendar.monthrange(year, month)[1]`, without importing `calendar`."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


@lru_cache(maxsize=4096)  # a store repeats its dates; the result is immutable
def parse_partial_date(text: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise DateFormatError naming the problem."""
    match = _PARTIAL_DATE.fullmatch(text.strip())
    if match is None:
        raise DateFormatError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1:
        raise DateFormatError(f"{text!r} is not a date: year 0 does not exist")
    if month is not None and not 1 <= month <= 12:
        raise DateFormatError(f"{text!r} is not a date: month {month} is not 01 to 12")
    if month is not None and day is not None:
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise DateFormatError(
                f"{text!r} is not a date: {MONTH_NAMES[month - 1]} {year} has days 01 to {last}"
            )
    return PartialDate(year, month, day)


def is_partial_date(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        parse_partial_date(text)
    except DateFormatError:
        return False
    return True


class DateRange(NamedTuple):
    """An inclusive range from `--since` and `--until`; either end may be open."""

    since: PartialDate | None = None
    until: PartialDate | None = None

    @property
    def is_open(self) -> bool:
        return self.since is None and self.until is None

    def overlaps(self, when: PartialDate | Span | None) -> bool:
        """True when `when` (a date or a span) may fall in the range (see the module
        docstring); undated: only when the range is open."""
        if self.is_open:
            return True
        if when is None:
            return False
        if self.since is not None and when.end < self.since.start:
            return False
        return not (self.until is not None and when.start > self.until.end)

    def contains(self, when: PartialDate | Span | None) -> bool:
        """True when all of `when` lies in the range: it surely falls there. A date that
        only overlaps the range (a year, for a range of one month) may fall outside it."""
        if self.is_open:
            return True
        if when is None:
            return False
        if self.since is not None and when.start < self.since.start:
            return False
        return not (self.until is not None and when.end > self.until.end)


def make_range(since: str | None, until: str | None) -> DateRange:
    """Parse both ends; raise DateFormatError when one is malformed or they are reversed."""
    start = parse_partial_date(since) if since else None
    end = parse_partial_date(until) if until else None
    if start is not None and end is not None and start.start > end.end:
        raise DateFormatError(f"--since {since} is after --until {until}: swap them")
    return DateRange(start, end)


class Span(NamedTuple):
    """What a fact's date covers: from `first` to `last` (the same for a single date), each
    at its own precision ("29–30 March 2022" is two days; "2019/2022" four years)."""

    first: PartialDate
    last: PartialDate

    @property
    def start(self) -> date:
        return self.first.start

    @property
    def end(self) -> date:
        return self.last.end

    @property
    def is_interval(self) -> bool:
        return self.first != self.last

    def label(self, qualifier: str | None = None) -> str:
        """'29–30 Mar 2022', 'May–Jun 2022', '2019–2022', 'c. 1991', 'May 2022?'."""
        text = self._label()
        if qualifier == "approximate":
            return f"c. {text}"
        if qualifier == "uncertain":
            return f"{text}?"
        return text

    def _label(self) -> str:
        first, last = self.first, self.last
        if not self.is_interval:
            return first.label()
        if first.precision == last.precision == "year":
            return f"{first.year}–{last.year}"
        if first.precision == last.precision and first.year == last.year:
            if first.precision == "month":
                start, end = _MONTHS[(first.month or 1) - 1], _MONTHS[(last.month or 1) - 1]
                return f"{start}–{end} {first.year}"
            if first.month == last.month:
                return f"{first.day}–{last.day} {_MONTHS[(first.month or 1) - 1]} {first.year}"
            return f"{first.day} {_MONTHS[(first.month or 1) - 1]} – {last.label()}"
        return f"{first.label()} – {last.label()}"

    def edtf(self, qualifier: str | None = None) -> str:
        """EDTF level 1: '2022-03-29/2022-03-30', '1991~', '2022-05?'."""
        mark = {"approximate": "~", "uncertain": "?"}.get(qualifier or "", "")
        first = self.first.iso() + mark
        return f"{first}/{self.last.iso()}{mark}" if self.is_interval else first


def span_of(start: str | None, end: str | None = None) -> Span | None:
    """The span of a date and an optional end date (None when undated)."""
    if not start:
        return None
    first = parse_partial_date(start)
    return Span(first, parse_partial_date(end) if end else first)
