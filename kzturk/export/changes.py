"""`kzturk changes`: what changed, claim by claim, between two versions of the store.

Records are matched by id in each table. A fact is `added`, `changed` (field by field),
`retracted` (it gained a retraction; other fields may have changed too), `unretracted`, or
`removed`, which the rules never allow (retract, never delete) and which the command warns
about; sources, entities and occasions are added, changed or removed. Fields are compared
in the order of the table of fields, so a record from an older store, given the fields added
since as empty, shows no change in them. `word_diff` gives the word-level differences of a
text for the views.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, NamedTuple

from kzturk.export.revisions import Version
from kzturk.model.fields import TABLES, output_order
from kzturk.query import id_key

FACT_CHANGES: tuple[str, ...] = ("added", "changed", "retracted", "unretracted", "removed")
RECORD_CHANGES: tuple[str, ...] = ("added", "changed", "removed")
TEXT_FIELDS: dict[str, frozenset[str]] = {
    table: frozenset(f.name for f in fields if f.type == "text" and not f.many)
    for table, fields in TABLES.items()
}
"""The fields of each table whose changes are shown word by word."""


def changes_of(table: str) -> tuple[str, ...]:
    """The kinds of change a record of `table` can have, in the order views list them."""
    return FACT_CHANGES if table == "facts" else RECORD_CHANGES


class FieldChange(NamedTuple):
    name: str
    old: Any
    new: Any


class RecordChange(NamedTuple):
    """One record that differs: its id, the kind of change, the fields that differ (for an
    added or removed record, every field it has a value in), and the record itself (the new
    version; the old one when it was removed)."""

    id: str
    change: str
    fields: tuple[FieldChange, ...]
    record: dict[str, Any]


class Changes(NamedTuple):
    """Every difference between two versions, by table (every table present)."""

    old: str
    new: str
    tables: dict[str, list[RecordChange]]

    def counts(self) -> dict[str, dict[str, int]]:
        """How many records of each table changed in each way (zeros included)."""
        return {
            table: {
                change: sum(1 for entry in entries if entry.change == change)
                for change in changes_of(table)
            }
            for table, entries in self.tables.items()
        }

    def removed(self) -> dict[str, list[str]]:
        """The ids of removed records, by table (only tables that lost any)."""
        found = {
            table: [entry.id for entry in entries if entry.change == "removed"]
            for table, entries in self.tables.items()
        }
        return {table: ids for table, ids in found.items() if ids}

    @property
    def empty(self) -> bool:
        return not any(self.tables.values())


def _order(table: str, records: list[dict[str, Any]]) -> list[str]:
    """The field names to compare: the table's, then any others the records hold."""
    known = output_order(TABLES[table])
    others = sorted({key for record in records for key in record} - set(known))
    return [*known, *others]


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _same(old: Any, new: Any) -> bool:
    """Equal as stored JSON: 1 and 1.0 are one number, True and 1 are not."""
    if type(old) is bool or type(new) is bool:
        return type(old) is type(new) and old == new
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new) and (type(old) is type(new) or _numbers(old, new))


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def record_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """The fields that differ between two versions of one record (its id aside)."""
    return [
        FieldChange(name, old.get(name), new.get(name))
        for name in _order(table, [old, new])
        if name != "id" and not _same(old.get(name), new.get(name))
    ]


def _given(table: str, record: dict[str, Any], added: bool) -> tuple[FieldChange, ...]:
    """An added (or removed) record's fields that hold a value, as changes from (or to)
    nothing."""
    return tuple(
        FieldChange(name, None, record[name]) if added else FieldChange(name, record[name], None)
        for name in _order(table, [record])
        if name != "id" and name in record and not _is_empty(record[name])
    )


def _kind_of_change(table: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    if table == "facts":
        if not old.get("retracted") and new.get("retracted"):
            return "retracted"
        if old.get("retracted") and not new.get("retracted"):
            return "unretracted"
    return "changed"


def compare_table(
    table: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> list[RecordChange]:
    """Every record of one table that was added, changed or removed, in id order."""
    key = (lambda i: (id_key(i), i)) if table == "facts" else (lambda i: ((0, ""), i))
    entries: list[RecordChange] = []
    for record_id in sorted(old.keys() | new.keys(), key=key):
        before, after = old.get(record_id), new.get(record_id)
        if before is None and after is not None:
            entries.append(RecordChange(record_id, "added", _given(table, after, True), after))
        elif after is None and before is not None:
            entries.append(RecordChange(record_id, "removed", _given(table, before, False), before))
        elif before is not None and after is not None:
            fields = record_changes(table, before, after)
            if fields:
                change = _kind_of_change(table, before, after)
                entries.append(RecordChange(record_id, change, tuple(fields), after))
    return entries


def compare(old: Version, new: Version) -> Changes:
    """The claim-level changelog from `old` to `new`."""
    return Changes(
        old.label,
        new.label,
        {
            table: compare_table(table, old.records.get(table, {}), new.records.get(table, {}))
            for table in TABLES
        },
    )


_WORD = re.compile(r"\S+")


WORD_DIFF_LIMIT = 250_000
"""The largest (old words × new words) of the differing middle of two texts that is diffed
word by word; past it the middle shows as one removed run and one added run. A matcher's
time grows with that product (30,000 words took 25 s); this keeps any diff under a second."""


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts as runs of words, each '=' (in both), '-' (only in the old) or '+'
    (only in the new); words are what whitespace separates, and runs are joined by one
    space. The words the texts begin and end with in common are set aside first (an edit
    is mostly a few words in a long text); what is left is matched word by word when it is
    small enough (WORD_DIFF_LIMIT), else given whole as removed and added."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    runs: list[tuple[str, str]] = []
    if start:
        runs.append(("=", " ".join(a[:start])))
    if len(middle_a) * len(middle_b) > WORD_DIFF_LIMIT:
        runs += [("-", " ".join(middle_a)), ("+", " ".join(middle_b))]
    else:
        runs += _matched(middle_a, middle_b)
    if end:
        runs.append(("=", " ".join(a[len(a) - end :])))
    return runs


def _matched(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(b[j1:j2])))
    return runs


def changes_between(old: str, new: str | None, store: Path, *, chosen: bool = True) -> Changes:
    """The changelog from the version `old` names to the one `new` names (each a path, a
    git revision or `REV:path`; see `kzturk.export.revisions`), or to the store at `store`
    when `new` is None. When the store was not `chosen` (no --db, no $KZTURK_DB), the
    `facts.json` of the git work tree we are in, if any, is the store."""
    from kzturk.export.revisions import read_store_version, read_version, work_tree_store

    if not chosen:
        store = work_tree_store() or store

    before = read_version(old, store)
    after = read_version(new, store) if new is not None else read_store_version(store)
    return compare(before, after)
