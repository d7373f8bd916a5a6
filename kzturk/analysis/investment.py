"""Investment figures apart from trade: stocks, flows and project sums, both ways."""

from __future__ import annotations

from collections.abc import Sequence

from kzturk.query import FactFilter, Selection, select_shown
from kzturk.store.loaded import Store


def investment_figures(store: Store, spec: FactFilter, measures: Sequence[str] = ()) -> Selection:
    """The investment figures `spec` selects (its kinds set to investment), of any of
    `measures` (all when empty), oldest first, with what the defaults left out."""
    shown = select_shown(store, spec._replace(kinds=("investment",)))
    wanted = set(measures)
    facts = [f for f in shown.facts if not wanted or f["measure"] in wanted]
    return Selection(facts, shown.hidden)
