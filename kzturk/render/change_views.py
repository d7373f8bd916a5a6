"""`kzturk changes`: the changelog between two versions of the store as a view.

JSON (the contract): `{"facts": [{"id", "change", "fields": {NAME: {"old", "new"}}}],
"sources": [...], "entities": [...], "occasions": [...]}`, every table present, records in
id order; `change` is added, changed, retracted, unretracted or removed (facts), or added,
changed or removed. `--stat` prints `{"facts": {"added": N, ...}, ...}`. The table and
Markdown forms (`kzturk.render.changes_format`) group the records by change and show text
fields word by word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzturk.render import CHANGE_COUNTS, CHANGES, Section, View

if TYPE_CHECKING:
    from kzturk.export.changes import Changes

TABLE_NAMES = {
    "facts": ("fact", "facts"),
    "sources": ("source", "sources"),
    "entities": ("entity", "entities"),
    "occasions": ("occasion", "occasions"),
    "agreements": ("agreement", "agreements"),
}


def changes_record(changes: Changes) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [
            {
                "id": entry.id,
                "change": entry.change,
                "fields": {f.name: {"old": f.old, "new": f.new} for f in entry.fields},
            }
            for entry in entries
        ]
        for table, entries in changes.tables.items()
    }


def title(changes: Changes) -> str:
    return f"Changes from {changes.old} to {changes.new}"


def counted(n: int, table: str) -> str:
    one, many = TABLE_NAMES.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


def removal_warning(changes: Changes) -> str:
    """The loud line for records removed outright ('' when none was)."""
    removed = changes.removed()
    if not removed:
        return ""
    parts = [f"{counted(len(ids), table)} ({', '.join(ids)})" for table, ids in removed.items()]
    return (
        f"WARNING: removed {'; '.join(parts)}. The rules say retract, never delete: a "
        "removed fact silently breaks whatever cited it (kzturk retract ID --reason ...)."
    )


def summary_line(changes: Changes) -> str:
    """'facts: 3 added, 1 retracted; sources: 1 added' (or 'no change')."""
    parts = []
    for table, counts in changes.counts().items():
        shown = [f"{n} {change}" for change, n in counts.items() if n]
        if shown:
            parts.append(f"{table}: {', '.join(shown)}")
    return "; ".join(parts) if parts else "no change"


def changes_view(changes: Changes) -> View:
    """Every changed record, a section per table (rows: `RecordChange`)."""
    return View(
        title=title(changes),
        records=[changes_record(changes)],
        flat=lambda record: {},
        sections=[Section(table, entries, []) for table, entries in changes.tables.items()],
        empty_message=f"No changes between {changes.old} and {changes.new}.",
        layout=CHANGES,
        single=True,
        footer=removal_warning(changes),
    )


def change_counts_view(changes: Changes) -> View:
    """`--stat`: how many records of each table changed in each way."""
    counts = changes.counts()
    return View(
        title=title(changes),
        records=[counts],
        flat=lambda record: {},
        sections=[Section(table, list(by.items()), []) for table, by in counts.items()],
        layout=CHANGE_COUNTS,
        single=True,
        footer=removal_warning(changes),
    )
