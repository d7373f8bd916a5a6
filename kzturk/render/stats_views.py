"""`kzturk stats`: the counts as JSON records and as tables side by side.

The records (the JSON contract) are one count each, `{measure, period, group, count}`,
only the counts that are not zero: `measure` is `facts` (group `all`), `kind`, `sector`,
`visits` (group `to Kazakhstan`, `to Turkey` or `elsewhere`), `agreements` (group `signed`:
agreements by the date of their signing) or `signed` (group `signed`: deal facts with status
signed);
`period` a year (`2022`), a decade (`2020s`) or a period as given (`1992..2008`). The tables
put the periods down the side (by year or decade) or side by side (with --period).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kzturk.model import KINDS, SECTORS
from kzturk.render import STATS, Column, Section, View
from kzturk.render.records import flat_plain
from kzturk.render.views import footer

if TYPE_CHECKING:
    from kzturk.analysis.stats import Stats

VISIT_GROUPS = (("visits", "to Kazakhstan"), ("visits", "to Turkey"), ("visits", "elsewhere"))
YEARLY = (*VISIT_GROUPS, ("agreements", "signed"), ("signed", "signed"))
_HEADS = {
    ("visits", "to Kazakhstan"): "Visits to Kazakhstan",
    ("visits", "to Turkey"): "Visits to Turkey",
    ("visits", "elsewhere"): "Visits elsewhere",
    ("agreements", "signed"): "Agreements signed",
    ("signed", "signed"): "Signed deals (facts)",
    ("facts", "all"): "All facts",
}


def _number(key: Any) -> Column:
    header = _HEADS.get(key, key[1] if isinstance(key, tuple) else str(key))
    return Column(header, lambda row: str(row.get(key, 0)), justify="right")


def _label(header: str) -> Column:
    return Column(header, lambda row: str(row["label"]), no_wrap=True)


_RANK = {group: n for n, group in enumerate(("all", *KINDS, *SECTORS))}


def _groups(stats: Stats, measure: str) -> list[str]:
    """The groups of `measure` that have a count, in the vocabulary's order."""
    found = {c.group for c in stats.counts if c.measure == measure}
    return sorted(found, key=lambda group: (_RANK.get(group, len(_RANK)), group))


def _yearly(stats: Stats) -> list[tuple[str, str]]:
    """The visits' and signings' columns: agreements only when they were counted (a filter
    they do not have leaves them out), so that no zero stands for "not counted"."""
    return [key for key in YEARLY if key[0] != "agreements" or not stats.agreements_left_by]


def _down(stats: Stats, by: str) -> list[Section]:
    """Periods down the side: kinds across, sectors in total, visits, agreements signed and
    signed deals."""
    table: dict[str, dict[Any, Any]] = {p: {"label": p} for p in stats.periods}
    sectors: dict[str, int] = {}
    for c in stats.counts:
        table[c.period][(c.measure, c.group)] = c.n
        if c.measure == "sector":
            sectors[c.group] = sectors.get(c.group, 0) + c.n
    kinds = [("kind", k) for k in _groups(stats, "kind")]
    rows = list(table.values())
    yearly = [row for row in rows if any(row.get(key) for key in YEARLY)]
    yearly_keys = _yearly(stats)
    by_sector = [
        {"label": s, "Facts": n} for s, n in sorted(sectors.items(), key=lambda i: (-i[1], i[0]))
    ]
    return [
        Section(
            f"Facts by {by} and kind",
            rows,
            [_label(by.title()), *map(_number, kinds), _number(("facts", "all"))],
        ),
        Section("Facts by sector", by_sector, [_label("Sector"), _number("Facts")]),
        Section(
            f"Visits, agreements signed and signed deals by {by}",
            yearly,
            [_label(by.title()), *map(_number, yearly_keys)],
        ),
    ]


def _across(stats: Stats) -> list[Section]:
    """Periods side by side: a row per kind, sector, direction of visit, agreements signed,
    signed deals."""
    rows: dict[tuple[str, str], dict[Any, Any]] = {}
    for c in stats.counts:
        label = _HEADS.get((c.measure, c.group), c.group)
        rows.setdefault((c.measure, c.group), {"label": label})[c.period] = c.n
    columns = [_number(p)._replace(header=p.replace("..", "–")) for p in stats.periods]

    def pick(*measures: str) -> list[dict[Any, Any]]:
        keys = [(m, g) for m in measures for g in _groups(stats, m)]
        return [rows[key] for key in keys]

    visits = [rows.get(key, {"label": _HEADS[key]}) for key in _yearly(stats)]
    return [
        Section("Facts by kind", pick("facts", "kind"), [_label("Kind"), *columns]),
        Section("Facts by sector", pick("sector"), [_label("Sector"), *columns]),
        Section("Visits, agreements signed and signed deals", visits, [_label(""), *columns]),
    ]


def stats_view(stats: Stats, filters: Sequence[str], hidden: dict[str, int]) -> View:
    records = [
        {"measure": c.measure, "period": c.period, "group": c.group, "count": c.n}
        for c in stats.counts
    ]
    sections = _across(stats) if stats.by == "period" else _down(stats, stats.by)
    notes = [f"{stats.facts} facts selected"]
    if stats.undated:
        notes.append(f"{stats.undated} undated, in no {stats.by}")
    if stats.outside:
        notes.append(f"{stats.outside} in none of the periods")
    if stats.agreements_left_by:
        notes.append(f"agreements not counted: they have no {', '.join(stats.agreements_left_by)}")
    if stats.agreements_undated:
        n = stats.agreements_undated
        notes.append(f"{n} agreement{'s' if n != 1 else ''} signed on no recorded date")
    title = "Counts" + (f" ({', '.join(filters)})" if filters else "")
    return View(
        title=title,
        records=records,
        flat=flat_plain,
        csv_header=("measure", "period", "group", "count"),
        sections=[s for s in sections if s.rows],
        empty_message="No facts to count.",
        layout=STATS,
        footer=footer("; ".join(notes), hidden),
    )
