"""`kzturk trade --chart`: trade figures and targets as horizontal bars on one dollar scale.

Targets are drawn with a different fill and labelled "target", so the chart reads the same
without colour (NO_COLOR) and at 80 columns.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kzturk.model import Fact
from kzturk.render import Terminal, View
from kzturk.render.text import as_encoded, clean_text, date_label, format_usd, short_direction

if TYPE_CHECKING:
    from kzturk.analysis import TargetProgress

_FILLS = {True: ("█", "░"), False: ("#", "=")}  # unicode?: (actual, target)
_COLORS = ("\x1b[36m", "\x1b[33m", "\x1b[0m")  # actual, target, reset


def _label(fact: Fact) -> str:
    direction = short_direction(fact["direction"]) if fact["direction"] else ""
    if fact["kind"] == "target":
        return clean_text(f"target {fact['metric'] or ''} ({date_label(fact)})")
    period = fact["period"] or f"~{date_label(fact)}"
    return clean_text(f"{period} {fact['metric'] or ''} {direction}").strip()


def _bar_length(amount: float, top: float, bar_width: int) -> int:
    """Cells of a bar: its share of the largest amount, at least one cell and at most all;
    extreme amounts (a store may hold 1e308 or 5e-324) cannot overflow the arithmetic."""
    try:
        share = amount / top if top > 0 else 0.0
    except OverflowError:  # an integer too large for a float
        share = 1.0
    if not math.isfinite(share):
        share = 1.0 if share > 0 else 0.0
    return min(bar_width, max(1, round(bar_width * min(max(share, 0.0), 1.0))))


def render_trade_chart(
    actuals: list[Fact], targets: list[TargetProgress], terminal: Terminal
) -> str:
    rows = [(f, False) for f in actuals if f["amount_usd"]]
    rows += [(t.target, True) for t in targets if t.target["amount_usd"]]
    if not rows:
        return "No trade figures or targets in US dollars match.\n"
    labels = [
        as_encoded(
            _label(fact) if terminal.unicode else _label(fact).replace("→", ">"), terminal.encoding
        )
        for fact, _ in rows
    ]
    values = [format_usd(fact["amount_usd"]) for fact, _ in rows]
    label_width = min(max(len(label) for label in labels), max(terminal.width * 2 // 5, 12))
    value_width = max(len(value) for value in values)
    label_width = max(min(label_width, terminal.width - value_width - 3), 1)
    bar_width = max(terminal.width - label_width - value_width - 2, 1)
    top = max(fact["amount_usd"] or 0 for fact, _ in rows)
    actual_fill, target_fill = _FILLS[terminal.unicode]
    lines = ["Trade figures and targets, US$", f"{actual_fill} actual  {target_fill} target", ""]
    for (fact, is_target), label, value in zip(rows, labels, values, strict=True):
        length = _bar_length(fact["amount_usd"] or 0, top, bar_width)
        bar = (target_fill if is_target else actual_fill) * length
        if terminal.color:
            bar = f"{_COLORS[1 if is_target else 0]}{bar}{_COLORS[2]}"
        label = label[:label_width].ljust(label_width)
        lines.append(f"{label} {bar} {value}")
    lines.append("")
    lines.append(f"Full width = {format_usd(top)}" if top > 0 else "No positive amount to scale by")
    return "\n".join(lines) + "\n"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """A trade chart view: its first section the actual figures, its second the targets."""
    actuals = view.sections[0].rows if view.sections else []
    targets = view.sections[1].rows if len(view.sections) > 1 else []
    return render_trade_chart(actuals, targets, terminal)
