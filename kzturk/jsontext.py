"""JSON text as kzturk writes it everywhere, the store included: `json.dumps(...,
ensure_ascii=False, allow_nan=False, indent=2)`, byte for byte, at several times its speed.
Below the store (`kzturk.store.write` writes the store with it), beside the model."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C escaper when available
from typing import Any

_INF = float("inf")


class _Unusual(Exception):
    """A value the fast path leaves to the standard encoder."""


def pretty_json(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, allow_nan=False, indent=2)`, byte for byte, at
    several times its speed: with an indent, the standard library (before 3.13) leaves its C
    encoder for a generator per nesting level and a string per token. Anything but plain
    dicts with string keys, lists, strings, numbers, booleans and null (NaN, say) is handed
    to `json.dumps`, so errors are the standard ones too."""
    parts: list[str] = []
    try:
        _encode(value, "\n", parts)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=2)
    return "".join(parts)


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    """Append `value` to `parts`; `newline` is a newline plus the current indent. Strings
    and nulls, most of a record, are written in place: that is where the time goes."""
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        comma = "," + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            if type(item) is str:
                parts.append(separator + encode_basestring(key) + ": " + encode_basestring(item))
            elif item is None:
                parts.append(separator + encode_basestring(key) + ": null")
            else:
                parts.append(separator + encode_basestring(key) + ": ")
                _encode(item, inner, parts)
            separator = comma
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        comma = "," + inner
        for item in value:
            if type(item) is str:
                parts.append(separator + encode_basestring(item))
            else:
                parts.append(separator)
                _encode(item, inner, parts)
            separator = comma
        parts.append(newline + "]")
    elif kind is str:
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif kind is bool:
        parts.append("true" if value else "false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and -_INF < value < _INF:
        parts.append(float.__repr__(value))
    else:
        raise _Unusual
