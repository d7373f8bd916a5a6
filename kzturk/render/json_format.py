"""JSON (one array) and JSON Lines (one record a line): UTF-8, never NaN, one trailing newline."""

from __future__ import annotations

import json

from kzturk.render import Terminal, View


def render(view: View, fmt: str, terminal: Terminal) -> str:
    if fmt == "jsonl":
        return "".join(
            json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
            for record in view.records
        )
    data = view.records[0] if view.single and view.records else view.records
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
