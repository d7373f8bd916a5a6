"""`kzturk agreements`: the agreements with their status on a day, and one agreement's life
as a short timeline of its steps.

The JSON record of an agreement is its stored fields (`steps` among them, in date order)
then what is derived from the steps on the day asked about: `status`, `in_force`,
`signed`, `signed_place`, `ratified`, `in_force_since`, `ended` and `as_of`
(kzturk help agreements documents them).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kzturk.agreements import Life, Selection, first_step, life_on, sorted_steps
from kzturk.model import AGREEMENT_FIELDS, AGREEMENT_TABLE, STEP_FIELD_NAMES, Agreement, Fact, Step
from kzturk.render import AGREEMENTS, DETAIL, Column, Section, View
from kzturk.render.columns import FACT_COLUMNS
from kzturk.render.records import AGREEMENT_CSV_HEADER, flat_plain, scalar
from kzturk.render.text import date_label_of, join
from kzturk.store.loaded import Store

STEP_CSV_HEADER = ("agreement", *STEP_FIELD_NAMES)


def _when(value: str | None) -> str:
    return date_label_of(value)


def agreement_record(agreement: Agreement, life: Life, on: date | None) -> dict[str, Any]:
    """The stored fields, steps in date order, then the status on `on` and how it came."""
    record: dict[str, Any] = {name: agreement[name] for name in AGREEMENT_FIELDS}  # type: ignore[literal-required]
    steps: list[dict[str, Any]] = [dict(s) for s in sorted_steps(agreement["steps"])]
    record["steps"] = [{n: s[n] for n in STEP_FIELD_NAMES} for s in steps]
    signed = life.signed or first_step(agreement, "signed")
    record["status"] = life.status
    record["in_force"] = life.is_in_force
    record["signed"] = signed["date"] if signed else None
    record["signed_place"] = signed["place"] if signed else None
    record["ratified"] = [
        {
            "party": s["party"],
            "date": s["date"],
            "instrument": s["instrument"],
            "number": s["number"],
        }
        for s in life.ratified
    ]
    record["in_force_since"] = life.in_force["date"] if life.in_force and not life.ended else None
    record["ended"] = life.ended["date"] if life.ended else None
    record["as_of"] = on.isoformat() if on else None
    return record


def step_text(step: Step | dict[str, Any]) -> str:
    """'ratified 2004-05-10 by kazakhstan (Law No. 543-II)': one step in a line."""
    parts = [f"{step['kind']} {step['date'] or 'undated'}"]
    if step["party"]:
        parts.append(f"by {step['party']}")
    if step["place"]:
        parts.append(f"in {step['place']}")
    act = "; ".join(x for x in (step["instrument"], step["number"]) if x)
    if act:
        parts.append(f"({act})")
    if step["agreement"]:
        parts.append(f"→ {step['agreement']}")
    return " ".join(parts)


def flat_agreement(record: dict[str, Any]) -> dict[str, str]:
    """CSV columns: lists joined with '; ', each step and ratification as one line of text."""
    flat = flat_plain({k: v for k, v in record.items() if k not in ("steps", "ratified")})
    flat["steps"] = join([step_text(s) for s in record["steps"]])
    flat["ratified"] = join(
        [f"{r['party'] or '?'} {r['date'] or 'undated'}" for r in record["ratified"]]
    )
    flat["in_force"] = "yes" if record["in_force"] else "no"
    return {name: flat.get(name, "") for name in AGREEMENT_CSV_HEADER}


def _names(store: Store, ids: list[str]) -> str:
    return ", ".join(store.entities[i]["name"] if i in store.entities else i for i in ids)


def _ratified_cell(store: Store) -> Any:
    def cell(record: dict[str, Any]) -> str:
        lines = []
        for r in record["ratified"]:
            who = _names(store, [r["party"]]) if r["party"] else "?"
            number = f" ({r['number']})" if r["number"] else ""
            lines.append(f"{who} {_when(r['date'])}{number}")
        return "\n".join(lines)

    return cell


def _columns(store: Store) -> list[Column]:
    return [
        Column("ID", lambda r: r["id"]),
        Column(
            "Signed",
            lambda r: (
                (_when(r["signed"]) + (f"\n{r['signed_place']}" if r["signed_place"] else ""))
                if r["signed"] or r["signed_place"]
                else ""
            ),
            no_wrap=True,
        ),
        Column("Title", lambda r: r["title"], main=True),
        Column("Parties", lambda r: _names(store, r["parties"]), secondary=True),
        Column("Ratified", _ratified_cell(store), secondary=True),
        Column(
            "In force since", lambda r: _when(r["in_force_since"]) if r["in_force_since"] else ""
        ),
        Column("Status", lambda r: r["status"]),
    ]


def agreements_view(selection: Selection, store: Store) -> View:
    records = [agreement_record(a, life, selection.on) for a, life in selection.rows]
    in_force = sum(1 for r in records if r["in_force"])
    day = selection.on.isoformat() if selection.on else "today"
    shown = f"{len(records)} agreement{'s' if len(records) != 1 else ''}, {in_force} in force {day}"
    shown += " (status from the steps dated by then)" if selection.on else ""
    title = "Agreements" + (f" ({'; '.join(selection.filters)})" if selection.filters else "")
    return View(
        title=title,
        records=records,
        flat=flat_agreement,
        csv_header=AGREEMENT_CSV_HEADER,
        sections=[Section("Agreements", records, _columns(store))],
        footer=shown if records else "",
        empty_message="No agreement matches.",
        layout=AGREEMENTS,
        source_index=store.sources,
        entity_names={key: entity["name"] for key, entity in store.entities.items()},
    )


STEP_COLUMNS = [
    Column("Date", lambda s: _when(s["date"]), no_wrap=True),
    Column("Step", lambda s: s["kind"]),
    Column("Who", lambda s: s["who"]),
    Column("Details", lambda s: s["details"], main=True),
    Column("Sources", lambda s: join(s["cited"]), secondary=True),
]


def _step_row(step: Step, store: Store) -> dict[str, Any]:
    details = [
        f"in {step['place']}" if step["place"] else "",
        f"signed by {step['by']}" if step["by"] and step["kind"] == "signed" else step["by"] or "",
        ", ".join(
            x
            for x in (
                step["instrument"],
                step["number"] and f"no. {step['number']}".replace("no. No.", "No."),
            )
            if x
        ),
        f"{step['kind']} by {step['agreement']}" if step["agreement"] else "",
        step["note"] or "",
    ]
    who = _names(store, [step["party"]]) if step["party"] else ""
    row = {name: value for name, value in step.items() if name != "sources"}
    return {
        **row,
        "cited": step["sources"],
        "who": who,
        "details": "; ".join(d for d in details if d),
    }


def agreement_detail_view(agreement: Agreement, facts: list[Fact], store: Store) -> View:
    """One agreement: its fields, its status today, its life step by step, its facts."""
    life = life_on(agreement)
    record = agreement_record(agreement, life, None)
    rows = []
    for field in AGREEMENT_TABLE:
        value = record[field.name]
        if field.name == "parties":
            value = _names(store, value)
        elif field.name == "steps":
            continue
        elif isinstance(value, list):
            value = ", ".join(value)
        if value:
            rows.append((field.label, scalar(value)))
    since = f" since {_when(record['in_force_since'])}" if record["in_force_since"] else ""
    rows.append(("Status today", f"{life.status}{since}"))
    steps = [_step_row(s, store) for s in record["steps"]]
    return View(
        title=f"Agreement {agreement['id']}",
        records=[record],
        flat=flat_agreement,
        csv_header=AGREEMENT_CSV_HEADER,
        sections=[
            Section(f"Agreement {agreement['id']}: {agreement['title']}", rows, _field_columns()),
            Section("Its life", steps, STEP_COLUMNS),
            Section("Facts about it", facts, FACT_COLUMNS),
        ],
        layout=DETAIL,
        single=True,
    )


def _field_columns() -> list[Column]:
    from kzturk.render.columns import FIELD, VALUE

    return [FIELD, VALUE]
