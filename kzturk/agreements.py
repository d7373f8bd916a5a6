"""Agreements through their lives: each one's status on any day, derived from its steps.

Nothing about an agreement's status is stored: it follows from the dated steps (signed,
ratified, in force, ended...). On a day D only the steps dated by D count, a step counting
once its whole date has passed (a step dated '2010' counts from 2010-12-31), so
`--as-of 2010-01-01` answers with what the record says was true then. Undated steps count
for today's status only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from kzturk.dates import PartialDate, parse_partial_date
from kzturk.errors import UsageError
from kzturk.model import Agreement, Step
from kzturk.store.loaded import Store
from kzturk.suggest import did_you_mean

ENDINGS = ("terminated", "expired", "superseded")
"""Steps after which an agreement no longer binds anyone."""
STATUS_OF_STEP = {
    "approved": "approved for signing",
    "signed": "signed",
    "submitted": "submitted for ratification",
    "ratified": "ratified",
    "in-force": "in force",
    "suspended": "suspended",
    "terminated": "terminated",
    "expired": "expired",
    "superseded": "superseded",
}
"""The status a step leaves an agreement in ('amended' leaves it as it was)."""


def step_date(step: Step) -> PartialDate | None:
    return parse_partial_date(step["date"]) if step["date"] else None


def step_order(step: Step) -> tuple[date, int]:
    """Steps in date order, undated ones last, and on one day in the order of a life."""
    when = step_date(step)
    from kzturk.model import STEP_KINDS

    return (when.start if when else date.max, STEP_KINDS.index(step["kind"]))


def sorted_steps(steps: Iterable[Step]) -> list[Step]:
    return sorted(steps, key=step_order)


def steps_known(agreement: Agreement, on: date | None) -> list[Step]:
    """The steps that had happened by `on` (all of them, undated too, when None)."""
    steps = sorted_steps(agreement["steps"])
    if on is None:
        return steps
    return [s for s in steps if (when := step_date(s)) is not None and when.end <= on]


class Life(NamedTuple):
    """An agreement as it stood on one day: its status and the steps that made it."""

    status: str
    signed: Step | None
    ratified: list[Step]
    in_force: Step | None
    ended: Step | None

    @property
    def is_in_force(self) -> bool:
        return self.status in ("in force", "amended")


def life_on(agreement: Agreement, on: date | None = None) -> Life:
    """The agreement's status on `on` (today, with every step, when None)."""
    status = "not yet approved"
    signed: Step | None = None
    in_force: Step | None = None
    ended: Step | None = None
    ratified: list[Step] = []
    for step in steps_known(agreement, on):
        kind = step["kind"]
        if kind == "amended":
            status = "amended" if status in ("in force", "amended") else status
            continue
        if kind == "submitted" and status not in ("signed", "submitted for ratification"):
            continue  # sent to a parliament after another party's ratification: no change
        if kind == "approved" and status != "not yet approved":
            continue  # a party's approval after the signing (to conclude it) changes nothing
        status = STATUS_OF_STEP[kind]
        if kind == "signed" and signed is None:
            signed = step
        elif kind == "ratified":
            ratified.append(step)
            status = ratified_status(agreement, ratified)
        elif kind == "in-force":
            in_force, ended = step, None
        elif kind in ENDINGS:
            ended = step
    if in_force is not None and ended is None and status.startswith("ratified"):
        status = "in force"  # a ratification dated after its entry into force
    return Life(status, signed, ratified, in_force, ended)


def ratified_status(agreement: Agreement, ratified: Sequence[Step]) -> str:
    parties = set(agreement["parties"])
    done = {s["party"] for s in ratified if s["party"]}
    if parties and parties <= done:
        return "ratified by all parties"
    named = ", ".join(sorted(done))
    return f"ratified by {named}" if named else "ratified"


class Selection(NamedTuple):
    """Agreements picked for a listing, each with its life on the day asked about."""

    rows: list[tuple[Agreement, Life]]
    on: date | None
    filters: list[str]


def select_agreements(
    store: Store,
    *,
    in_force: bool = False,
    as_of: PartialDate | None = None,
    party: str | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
) -> Selection:
    """The agreements (oldest signed first), those in force on `as_of` (its last day) or
    today, of a party, signed between `since` and `until`."""
    on = as_of.end if as_of is not None else None
    rows: list[tuple[Agreement, Life]] = []
    wanted = _party_ids(store, party) if party else None
    for agreement in store.agreements.values():
        life = life_on(agreement, on)
        if as_of is not None and not steps_known(agreement, on):
            continue  # nothing had happened to it yet
        if in_force and not life.is_in_force:
            continue
        if wanted is not None and not wanted & set(agreement["parties"]):
            continue
        signed = first_step(agreement, "signed")
        when = step_date(signed) if signed else None
        if since is not None and (when is None or when.end < since.start):
            continue
        if until is not None and (when is None or when.start > until.end):
            continue
        rows.append((agreement, life))
    rows.sort(key=lambda row: (_signed_key(row[0]), row[0]["id"]))
    filters = [f"{'in force' if in_force else 'status'} as of {as_of.iso()}"] if as_of else []
    if in_force and as_of is None:
        filters.append("in force today")
    if party:
        filters.append(f"party {party}")
    if since or until:
        filters.append(f"signed {since.iso() if since else '…'}–{until.iso() if until else '…'}")
    return Selection(rows, on, filters)


def _party_ids(store: Store, text: str) -> set[str]:
    """Entity ids whose id, name or alias contains `text` (folded)."""
    from kzturk.textfold import fold

    wanted = fold(text)
    found = set()
    for entity in store.entities.values():
        names = [entity["id"], entity["name"], *(a["name"] for a in entity["aliases"])]
        if any(wanted in fold(n) for n in names):
            found.add(entity["id"])
    return found


def first_step(agreement: Agreement, kind: str) -> Step | None:
    return next((s for s in sorted_steps(agreement["steps"]) if s["kind"] == kind), None)


def _signed_key(agreement: Agreement) -> date:
    signed = first_step(agreement, "signed")
    when = step_date(signed) if signed else None
    return when.start if when else date.max


def agreement_by_id(store: Store, given: str) -> Agreement:
    """The agreement with id `given`; a UsageError naming the closest ids."""
    agreement = store.agreements.get(given.strip().casefold())
    if agreement is None:
        hint = did_you_mean(given.strip().casefold(), list(store.agreements), 3)
        raise UsageError(f"unknown agreement {given!r}.{hint}")
    return agreement


def agreements_of_fact(store: Store, fact_id: str) -> list[Agreement]:
    return [a for a in store.agreements.values() if fact_id in a["facts"]]


def out_of_order(agreement: dict[str, Any]) -> list[str]:
    """Steps whose dates cannot be: ratified or in force before it was signed, in force
    before a ratification that it needs, a step after the agreement had ended."""
    steps = [s for s in agreement.get("steps") or [] if s.get("date")]
    spans = [(s, parse_partial_date(s["date"])) for s in steps]
    signed = [when for s, when in spans if s["kind"] == "signed"]
    messages = []
    if signed:
        first = min(when.start for when in signed)
        for step, when in spans:
            if (
                step["kind"] in ("submitted", "ratified", "in-force", "amended")
                and when.end < first
            ):
                messages.append(
                    f"{step['kind']} {step['date']} is before it was signed "
                    f"({min(signed, key=lambda w: w.start).iso()})"
                )
    ratified = [(s, when) for s, when in spans if s["kind"] == "ratified"]
    for step, when in spans:
        if step["kind"] != "in-force":
            continue
        for other, ratified_on in ratified:
            if when.end < ratified_on.start and not other.get("note"):
                messages.append(
                    f"in force {step['date']} before its ratification of {other['date']}"
                    f"{' by ' + other['party'] if other.get('party') else ''} "
                    "(explain it in that step's note if the sources say so)"
                )
    return messages
