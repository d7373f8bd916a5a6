"""CSV: one header row and flat columns; lists are joined with '; '."""

from __future__ import annotations

import csv
import io

from kzturk.render import Terminal, View


def render(view: View, fmt: str, terminal: Terminal) -> str:
    rows = [view.flat(record) for record in view.records]
    header = list(rows[0]) if rows else list(view.csv_header)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
