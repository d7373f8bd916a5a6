"""Typed records and the controlled vocabulary of the store.

Records stay plain dicts (TypedDicts) from disk to output: a lookup that prints JSON never
converts them, which keeps start-up and large stores fast. `kzturk.schema` mirrors these
types as pydantic models for `kzturk schema` and `kzturk check`; a test keeps the two in step.
"""

# No `from __future__ import annotations` here: TypedDict turns string annotations into
# ForwardRefs, compiling each one, at every start of the command line.

from collections.abc import Callable
from typing import TypedDict

from kzturk.dates import PartialDate, is_partial_date, parse_partial_date

KINDS: tuple[str, ...] = ("deal", "trade", "target", "event", "statement", "context")
SECTORS: tuple[str, ...] = (
    "defense",
    "energy",
    "transport",
    "logistics",
    "agriculture",
    "trade",
    "investment",
    "culture",
    "education",
    "health",
    "security",
    "diplomacy",
    "media",
    "technology",
    "tourism",
    "finance",
    "science",
)
STATUSES: tuple[str, ...] = ("signed", "announced", "planned", "proposed", "completed")
METRICS: tuple[str, ...] = ("turnover", "exports", "imports", "investment")
RELATIONS: tuple[str, ...] = ("conflicts", "restates", "revises", "related")
CURRENCIES: tuple[str, ...] = ("USD", "KZT", "TRY", "EUR", "RUB")

KIND_HELP = {
    "deal": "agreement, memorandum, protocol, contract, investment or purchase",
    "trade": "an actual trade or investment figure",
    "target": "a trade target someone set",
    "event": "visit, meeting, council, award, exercise, call",
    "statement": "what someone said or declared; positions",
    "context": "background, and claims not about Kazakhstan–Turkey relations",
}


class Value(TypedDict):
    amount: float
    currency: str | None
    unit: str | None


class SourceRef(TypedDict):
    source: str
    quote: str


class Link(TypedDict):
    fact: str
    relation: str


class Retraction(TypedDict):
    date: str
    reason: str


class Fact(TypedDict):
    id: str
    date: str | None
    date_note: str | None
    kind: str
    sectors: list[str]
    status: str | None
    summary: str
    parties: list[str]
    values: list[Value]
    sources: list[SourceRef]
    metric: str | None
    period: str | None
    direction: str | None
    amount_usd: float | None
    change_pct: float | None
    deadline: str | None
    announced_by: str | None
    links: list[Link]
    retracted: Retraction | None


class Source(TypedDict):
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_note: str | None
    url: str | None
    language_note: str | None
    archive: str | None


FACT_FIELDS: tuple[str, ...] = tuple(Fact.__annotations__)
SOURCE_FIELDS: tuple[str, ...] = tuple(Source.__annotations__)


def fact_date(fact: Fact) -> PartialDate | None:
    """The fact's date, or None when the sources leave it undated."""
    return parse_partial_date(fact["date"]) if fact["date"] else None


def source_ids(fact: Fact) -> list[str]:
    """Distinct cited source ids, in citation order."""
    return list(dict.fromkeys(ref["source"] for ref in fact["sources"]))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_optional_str(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_FACT_FIELD_SET = frozenset(FACT_FIELDS)
_KIND_SET = frozenset(KINDS)
_SECTOR_SET = frozenset(SECTORS)
_STATUS_SET = frozenset(STATUSES)
_METRIC_SET = frozenset(METRICS)
_OPTIONAL_STRINGS = ("date_note", "period", "direction", "deadline", "announced_by")


def _is_clean_fact(r: dict[str, object]) -> bool:
    """True only when `fact_shape_problems` would find nothing: the one quick pass every
    record of a well-formed store takes. Types are tested exactly (JSON gives exact types);
    anything unusual returns False and gets the full, slower diagnosis."""
    if not r.keys() >= _FACT_FIELD_SET:
        return False
    for name in ("id", "kind", "summary"):
        value = r[name]
        if type(value) is not str or not value:
            return False
    if r["kind"] not in _KIND_SET:
        return False
    for name in _OPTIONAL_STRINGS:
        value = r[name]
        if value is not None and type(value) is not str:
            return False
    status, metric = r["status"], r["metric"]
    if status is not None and (type(status) is not str or status not in _STATUS_SET):
        return False
    if metric is not None and (type(metric) is not str or metric not in _METRIC_SET):
        return False
    for name in ("amount_usd", "change_pct"):
        value = r[name]
        if value is not None and type(value) is not int and type(value) is not float:
            return False
    date = r["date"]
    if date is not None and not is_partial_date(date):
        return False
    sectors, parties = r["sectors"], r["parties"]
    if type(sectors) is not list or type(parties) is not list:
        return False
    for sector in sectors:
        if type(sector) is not str or sector not in _SECTOR_SET:
            return False
    for party in parties:
        if type(party) is not str:
            return False
    values, refs, links, retracted = r["values"], r["sources"], r["links"], r["retracted"]
    if type(values) is not list or type(refs) is not list or type(links) is not list:
        return False
    for value in values:
        if type(value) is not dict:
            return False
        amount, currency, unit = value.get("amount"), value.get("currency", 0), value.get("unit", 0)
        if type(amount) is not int and type(amount) is not float:
            return False
        if (currency is not None and type(currency) is not str) or (
            unit is not None and type(unit) is not str
        ):
            return False
    if not refs:
        return False
    for ref in refs:
        if type(ref) is not dict or type(ref.get("source")) is not str:
            return False
        if type(ref.get("quote")) is not str:
            return False
    for link in links:
        if type(link) is not dict or type(link.get("fact")) is not str:
            return False
        if type(link.get("relation")) is not str:
            return False
    return retracted is None or (
        type(retracted) is dict
        and type(retracted.get("reason")) is str
        and type(retracted.get("date")) is str
    )


def fact_shape_problems(record: dict[str, object]) -> list[str]:
    """What keeps `record` from being a usable Fact: missing fields, wrong types, unknown
    vocabulary. Cheap enough to run on every load; `kzturk check` goes further."""
    if _is_clean_fact(record):
        return []
    missing = [name for name in FACT_FIELDS if name not in record]
    if missing:
        return [f"missing field {', '.join(repr(name) for name in missing)}"]
    problems: list[str] = []
    strings = ("id", "kind", "summary")
    for name in strings:
        if not isinstance(record[name], str) or not record[name]:
            problems.append(f"{name!r} must be a non-empty string")
    optional_strings = (
        "date_note",
        "status",
        "metric",
        "period",
        "direction",
        "deadline",
        "announced_by",
    )
    for name in optional_strings:
        if not _is_optional_str(record[name]):
            problems.append(f"{name!r} must be a string or null")
    for name in ("amount_usd", "change_pct"):
        if not (record[name] is None or _is_number(record[name])):
            problems.append(f"{name!r} must be a number or null")
    if not (record["date"] is None or is_partial_date(record["date"])):
        problems.append(f"'date' {record['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if record["kind"] not in KINDS:
        problems.append(f"'kind' {record['kind']!r} is not one of {', '.join(KINDS)}")
    if not _is_str_list(record["sectors"]):
        problems.append("'sectors' must be a list of strings")
    else:
        unknown = [s for s in record["sectors"] if s not in SECTORS]  # type: ignore[attr-defined]
        if unknown:
            problems.append(f"unknown sector {unknown[0]!r}")
    if record["status"] is not None and record["status"] not in STATUSES:
        problems.append(f"'status' {record['status']!r} is not one of {', '.join(STATUSES)}")
    if record["metric"] is not None and record["metric"] not in METRICS:
        problems.append(f"'metric' {record['metric']!r} is not one of {', '.join(METRICS)}")
    if not _is_str_list(record["parties"]):
        problems.append("'parties' must be a list of strings")
    problems += _list_problems(
        record["values"], "values", {"amount": _is_number}, ("currency", "unit")
    )
    problems += _list_problems(record["sources"], "sources", {"source": _is_str, "quote": _is_str})
    problems += _list_problems(record["links"], "links", {"fact": _is_str, "relation": _is_str})
    if isinstance(record["sources"], list) and not record["sources"]:
        problems.append("'sources' must cite at least one source")
    retracted = record["retracted"]
    if retracted is not None and not (
        isinstance(retracted, dict)
        and isinstance(retracted.get("reason"), str)
        and isinstance(retracted.get("date"), str)
    ):
        problems.append("'retracted' must be null or {date, reason}")
    return problems


def _list_problems(
    items: object,
    name: str,
    required: dict[str, Callable[[object], bool]],
    optional_strings: tuple[str, ...] = (),
) -> list[str]:
    if not isinstance(items, list):
        return [f"{name!r} must be a list"]
    for item in items:
        if not isinstance(item, dict):
            return [f"{name!r} items must be objects"]
        for key, is_valid in required.items():
            if not is_valid(item.get(key)):
                return [f"{name!r} item lacks a valid {key!r}"]
        for key in optional_strings:
            if key not in item or not _is_optional_str(item[key]):
                return [f"{name!r} item needs {key!r} as a string or null"]
    return []


def source_shape_problems(record: dict[str, object]) -> list[str]:
    """What keeps `record` from being a usable Source."""
    missing = [name for name in SOURCE_FIELDS if name not in record]
    if missing:
        return [f"missing field {', '.join(repr(name) for name in missing)}"]
    problems: list[str] = []
    if not isinstance(record["id"], str) or not record["id"]:
        problems.append("'id' must be a non-empty string")
    for name in SOURCE_FIELDS[1:]:
        if not _is_optional_str(record[name]):
            problems.append(f"{name!r} must be a string or null")
    if not (record["published"] is None or is_partial_date(record["published"])):
        problems.append(f"'published' {record['published']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return problems
