"""Turning record fields into safe, readable text (no Rich here: plain strings only)."""

from __future__ import annotations

from kzturk.dates import parse_partial_date
from kzturk.model import Fact, Value, fact_date

# C0 and C1 controls and DEL (tab and newline are kept), and the bidirectional overrides
# and isolates that can make a terminal show text other than what is stored.
_CONTROL = dict.fromkeys(  # for str.translate: a regex would cost 0.6 ms to compile
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


def clean_text(text: str) -> str:
    """Store text made safe for a terminal: CR/LF normalised, tabs to spaces, controls removed.

    An ANSI sequence such as ESC[31m loses its ESC and prints as the literal '[31m'."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.translate(_CONTROL)


def as_encoded(text: str, encoding: str) -> str:
    """`text` as it will reach an output in `encoding`: characters the encoding cannot hold
    become '?' here, before layout, so that widths are measured on what is really printed
    (a combining accent takes no cell; the '?' written in its place takes one)."""
    if encoding.startswith("utf"):
        return text
    return text.encode(encoding, errors="replace").decode(encoding)


def _trim_number(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount(amount: float) -> str:
    """2.92e9 → '2.92 bn', 295e6 → '295 m', 2000 → '2,000'."""
    size = abs(amount)
    if size >= 1e9:
        return f"{_trim_number(amount / 1e9, 2)} bn"
    if size >= 1e6:
        return f"{_trim_number(amount / 1e6, 2)} m"
    return _trim_number(amount, 2)


def format_usd(amount: float | None) -> str:
    """'$6.3 bn', or '' when there is no dollar figure."""
    return "" if amount is None else f"${format_amount(amount)}"


def format_value(value: Value) -> str:
    """'$295 m', '160 bn KZT', '90 days', '18.4 percent'."""
    amount, currency, unit = value["amount"], value["currency"], value["unit"]
    if currency == "USD":
        text = format_usd(amount)
    elif currency:
        text = f"{format_amount(amount)} {currency}"
    else:
        text = format_amount(amount)
    return clean_text(f"{text} {unit}" if unit else text)


def format_values(values: list[Value]) -> str:
    return " / ".join(format_value(v) for v in values)


def format_change(change_pct: float | None) -> str:
    """'+40.4%', '-18.4%', '' when unknown."""
    return "" if change_pct is None else f"{change_pct:+.1f}%"


def date_label(fact: Fact) -> str:
    """The date at its real precision ('May 2022'), or 'undated'."""
    when = fact_date(fact)
    return when.label() if when else "undated"


def date_label_of(text: str | None) -> str:
    return parse_partial_date(text).label() if text else "undated"


def join(items: list[str]) -> str:
    return "; ".join(clean_text(item) for item in items)


def short_direction(direction: str | None) -> str:
    """'Kazakhstan to Turkey' → 'KZ→TR' for narrow tables and the chart; JSON keeps the text."""
    short = {"Kazakhstan to Turkey": "KZ→TR", "Turkey to Kazakhstan": "TR→KZ"}
    return short.get(direction or "", clean_text(direction) if direction else "both ways")
