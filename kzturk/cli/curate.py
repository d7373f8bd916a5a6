"""Curation commands: `kzturk add`, `edit`, `retract` and `kzturk source add`.

Options are for scripts; in a terminal, whatever is missing is asked for. Without a
terminal, missing options are a usage error at once (kzturk never waits for input that
cannot come). The writing itself, locked, validated and atomic, is `kzturk.curate`'s.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kzturk.cli.app import app, completer, store_path, vocabulary
from kzturk.dates import DateFormatError, parse_partial_date
from kzturk.errors import UsageError
from kzturk.model import CURRENCIES, KINDS, METRICS, RELATIONS, SECTORS, STATUSES

if TYPE_CHECKING:
    from kzturk.curate import Outcome

T = TypeVar("T")

WRITE_TIP = (
    "Writes go to --db PATH, else $KZTURK_DB, else the checkout's facts.json (never the copy "
    "inside an installed package). The change is validated like 'kzturk check' and written "
    "atomically under the store's lock. Exit 0: written; 1: the store cannot be read, "
    "locked or written (unchanged); 2: a bad or missing option, or the change would not "
    "pass 'kzturk check' (nothing written)."
)

source_app = typer.Typer(
    name="source",
    help="Add source articles (kzturk source add).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(source_app, name="source")


# ---- options --------------------------------------------------------------------------------

WriteDbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Store to change (default: $KZTURK_DB, else the checkout's facts.json).",
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Validate and print the record as JSON, but write nothing."),
]
KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help=f"Kind of fact: {', '.join(KINDS)}.",
        autocompletion=completer(KINDS),
    ),
]
SectorsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        "-s",
        metavar="SECTOR",
        help=f"Sector (repeatable, or comma-separated): {', '.join(SECTORS)}.",
        autocompletion=completer(SECTORS),
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=f"Deals only: {', '.join(STATUSES)}.",
        autocompletion=completer(STATUSES),
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="When it happened or was said: YYYY, YYYY-MM or YYYY-MM-DD, at the precision "
        "the article supports; leave out when it gives none.",
    ),
]
DateNoteOption = Annotated[
    str | None,
    typer.Option(
        "--date-note", metavar="TEXT", help="The date's precision in words, or how it was inferred."
    ),
]
SummaryOption = Annotated[
    str | None, typer.Option("--summary", metavar="TEXT", help="One neutral sentence.")
]
PartiesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--party", metavar="NAME", help="A country, company, organisation or person (repeatable)."
    ),
]
ValuesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--value",
        metavar="'AMOUNT [CURRENCY|UNIT]'",
        help="An amount as the article gives it, as a plain number: '295000000 USD', "
        "'160000000000 KZT', '90 days' (repeatable).",
    ),
]
MetricOption = Annotated[
    str | None,
    typer.Option(
        "--metric",
        metavar="METRIC",
        help=f"Trade figures and targets: {', '.join(METRICS)}.",
        autocompletion=completer(METRICS),
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period", metavar="DATE[/DATE]", help="What a figure covers: 2022, 2023-01/2023-09."
    ),
]
DirectionOption = Annotated[
    str | None,
    typer.Option(
        "--direction",
        metavar="TEXT",
        help="'Kazakhstan to Turkey' or 'Turkey to Kazakhstan'; none for turnover.",
    ),
]
AmountUsdOption = Annotated[
    str | None,
    typer.Option("--amount-usd", metavar="NUMBER", help="A figure or target in US dollars."),
]
ChangeOption = Annotated[
    str | None,
    typer.Option(
        "--change-pct", metavar="NUMBER", help="Change on the previous period, in percent."
    ),
]
DeadlineOption = Annotated[
    str | None,
    typer.Option("--deadline", metavar="DATE", help="A target's deadline, where stated."),
]
AnnouncedByOption = Annotated[
    str | None, typer.Option("--announced-by", metavar="NAME", help="Who set a target.")
]
LinksOption = Annotated[
    list[str] | None,
    typer.Option(
        "--link",
        metavar="RELATION:ID",
        help=f"A link to another fact, e.g. conflicts:F101 (repeatable); relations: "
        f"{', '.join(RELATIONS)}.",
    ),
]
SourcesOption = Annotated[
    list[str] | None,
    typer.Option("--source", metavar="ID", help="A source id (repeatable; one --quote for each)."),
]
QuotesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--quote",
        metavar="TEXT",
        help="The verbatim excerpt of the --source at the same position that supports the fact.",
    ),
]


# ---- parsing option values (the message names the option) ----------------------------------


def _choice(option: str, choices: Sequence[str], text: str) -> str | None:
    if not text.strip():
        return None
    return vocabulary([text], choices, option)[0]


def _choices(option: str, choices: Sequence[str], texts: Sequence[str]) -> list[str]:
    parts = [part for text in texts for part in text.split(",") if part.strip()]
    return list(vocabulary(parts, choices, option))


def _date(option: str, text: str) -> str | None:
    if not text.strip():
        return None
    try:
        return parse_partial_date(text).iso()
    except DateFormatError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _period(option: str, text: str) -> str | None:
    if not text.strip():
        return None
    parts = text.split("/")
    if len(parts) > 2 or not all(part.strip() for part in parts):
        raise UsageError(f"{option}: {text!r} is not a date or a START/END range")
    return "/".join(str(_date(option, part)) for part in parts)


_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_SCALE_WORDS = frozenset(
    {"thousand", "million", "billion", "trillion", "k", "m", "mn", "mln", "b", "bn", "bln"}
)


def _number(option: str, text: str) -> int | float | None:
    raw = text.strip()
    if not raw:
        return None
    plain = raw.replace(",", "") if _GROUPED.fullmatch(raw) else raw
    problem = UsageError(f"{option}: {raw!r} is not a plain number; write e.g. 6300000000 or -18.4")
    try:
        value: int | float = int(plain) if re.fullmatch(r"[-+]?\d+", plain) else float(plain)
    except ValueError:
        raise problem from None
    if isinstance(value, float) and not math.isfinite(value):
        raise problem
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _value(option: str, text: str) -> dict[str, Any]:
    parts = text.split(None, 1)
    if not parts:
        raise UsageError(f"{option} needs a value such as '295000000 USD' or '90 days'")
    rest = parts[1].strip() if len(parts) > 1 else ""
    if parts[0].startswith("$") or (rest and rest.split()[0].casefold() in _SCALE_WORDS):
        raise UsageError(
            f"{option}: {text!r}: write the amount as a plain number and its currency, "
            "e.g. '295000000 USD', not '295 million' or '$295m'"
        )
    amount = _number(option, parts[0])
    is_code = rest.upper() in CURRENCIES or re.fullmatch(r"[A-Z]{3}", rest) is not None
    return {
        "amount": amount,
        "currency": rest.upper() if rest and is_code else None,
        "unit": rest if rest and not is_code else None,
    }


def _link(option: str, text: str) -> dict[str, str]:
    left, sep, right = text.strip().partition(":")
    left, right = left.strip(), right.strip()
    if re.fullmatch(r"[Ff]\d+", left) and right.casefold() in RELATIONS:
        left, right = right, left  # F101:conflicts reads as well
    if not sep or not right:
        raise UsageError(f"{option}: {text!r} is not RELATION:ID, e.g. conflicts:F101")
    relation = _choice(option, RELATIONS, left)
    if relation is None:
        raise UsageError(f"{option}: {text!r} needs a relation: {', '.join(RELATIONS)}")
    return {"fact": right.upper(), "relation": relation}


def _pairs(
    sources: Sequence[str] | None,
    quotes: Sequence[str] | None,
    source_option: str,
    quote_option: str,
) -> list[dict[str, str]] | None:
    if sources is None and quotes is None:
        return None
    sources, quotes = list(sources or []), list(quotes or [])
    if len(sources) != len(quotes):
        raise UsageError(
            f"give one {quote_option} for each {source_option} "
            f"(got {len(sources)} {source_option} and {len(quotes)} {quote_option})"
        )
    return [
        {"source": s.strip().casefold(), "quote": q} for s, q in zip(sources, quotes, strict=True)
    ]


# ---- showing values (defaults at a prompt) --------------------------------------------------


def _show_value(value: Mapping[str, Any]) -> str:
    label = value.get("currency") or value.get("unit")
    return f"{value['amount']} {label}" if label else str(value["amount"])


def _show(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "sectors":
        return ", ".join(value)
    if name == "values":
        return "; ".join(_show_value(item) for item in value)
    if name == "links":
        return "; ".join(f"{link['relation']}:{link['fact']}" for link in value)
    if name == "parties":
        return "; ".join(value)
    return str(value)


# ---- prompts --------------------------------------------------------------------------------


def _check_writable(path: Path) -> None:
    from kzturk.curate import writable_store_path

    writable_store_path(path)


def can_prompt() -> bool:
    """True when standard input is a terminal someone can answer at."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def _prompt(label: str, default: str = "") -> str:
    """One question on stderr, one line from stdin; Enter gives `default`.

    Not typer.prompt: it echoes part of every question to stdout, which would end up in
    `id=$(kzturk add)`. Stdout carries only the result.
    """
    shown = f" [{default}]" if default else ""
    sys.stdout.flush()
    typer.echo(f"{label}{shown}: ", nl=False, err=True)
    try:
        answer = input()
    except EOFError:
        typer.echo("", err=True)
        raise typer.Abort() from None
    return answer if answer.strip() else default


def _ask(label: str, parse: Callable[[str], T], default: str = "") -> T:
    """Ask until the answer parses; the error goes to stderr and the question is repeated."""
    while True:
        answer = _prompt(label, default)
        try:
            return parse(answer)
        except UsageError as exc:
            typer.echo(f"  {exc}", err=True)


def _required(parse: Callable[[str], T | None], what: str) -> Callable[[str], T]:
    def parse_required(text: str) -> T:
        value = parse(text)
        if value is None or value == []:
            raise UsageError(f"{what} is required")
        return value

    return parse_required


def _text(text: str) -> str | None:
    return text if text.strip() else None


def _split(separator: str, parse: Callable[[str], T]) -> Callable[[str], list[T]]:
    def parse_all(text: str) -> list[T]:
        return [parse(part) for part in text.split(separator) if part.strip()]

    return parse_all


@dataclass(frozen=True)
class _Field:
    """A fact field as asked at a prompt: the question and how to read the answer."""

    name: str
    label: str
    parse: Callable[[str], Any]


FIELDS: dict[str, _Field] = {
    field.name: field
    for field in (
        _Field(
            "kind",
            f"Kind ({', '.join(KINDS)})",
            _required(lambda t: _choice("kind", KINDS, t), "a kind"),
        ),
        _Field(
            "status",
            f"Status ({', '.join(STATUSES)})",
            _required(lambda t: _choice("status", STATUSES, t), "a deal's status"),
        ),
        _Field(
            "sectors",
            "Sectors, comma-separated",
            _required(lambda t: _choices("sector", SECTORS, [t]), "a sector"),
        ),
        _Field(
            "date", "Date (YYYY, YYYY-MM or YYYY-MM-DD; Enter if none)", lambda t: _date("date", t)
        ),
        _Field("date_note", "Date note (Enter for none)", _text),
        _Field("summary", "Summary (one neutral sentence)", _required(_text, "a summary")),
        _Field("parties", "Parties, separated by ';' (Enter for none)", _split(";", str.strip)),
        _Field(
            "values",
            "Values, e.g. '295000000 USD; 90 days' (Enter for none)",
            _split(";", lambda t: _value("value", t)),
        ),
        _Field(
            "metric",
            f"Metric ({', '.join(METRICS)})",
            _required(lambda t: _choice("metric", METRICS, t), "a metric"),
        ),
        _Field("period", "Period, e.g. 2022 or 2023-01/2023-09", lambda t: _period("period", t)),
        _Field("direction", "Direction (Enter for none)", _text),
        _Field("amount_usd", "Amount in USD", lambda t: _number("amount", t)),
        _Field("change_pct", "Change in percent", lambda t: _number("change", t)),
        _Field("deadline", "Deadline", lambda t: _period("deadline", t)),
        _Field("announced_by", "Announced by", _text),
        _Field(
            "links",
            "Links, e.g. 'conflicts:F101' (Enter for none)",
            _split(";", lambda t: _link("link", t)),
        ),
    )
}
TRADE_FIELDS = ("metric", "period", "direction", "amount_usd", "change_pct")
TARGET_FIELDS = ("deadline", "announced_by")


def _relevant(name: str, kind: str | None) -> bool:
    """Whether to ask for a field of a fact of this kind."""
    if name == "status":
        return kind == "deal"
    if name in TRADE_FIELDS:
        return kind in ("trade", "target")
    if name in TARGET_FIELDS:
        return kind == "target"
    return True


def _ask_field(name: str, default: str = "") -> Any:
    field = FIELDS[name]
    return _ask(field.label, field.parse, default)


class _Archives:
    """The store's sources and their archived texts, to check answers at the prompt."""

    def __init__(self, path: Path) -> None:
        from kzturk.check import find_archive, normalise_whitespace
        from kzturk.store import parse_store_text, read_store_bytes

        self._normalise = normalise_whitespace
        data = parse_store_text(read_store_bytes(path), path)
        self.sources: dict[str, str | None] = {}
        for source in data["sources"].values():
            archive = source.get("archive")
            found = find_archive(path, archive) if isinstance(archive, str) and archive else None
            self.sources[str(source.get("id"))] = (
                normalise_whitespace(found.read_text(encoding="utf-8")) if found else None
            )

    def source_id(self, text: str) -> str:
        source_id = text.strip().casefold()
        if source_id not in self.sources:
            from kzturk.query import closest_matches

            near = closest_matches(source_id, list(self.sources))
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise UsageError(
                f"unknown source {text.strip()!r}.{hint} Add it first: kzturk source add"
            )
        return source_id

    def quote(self, source_id: str) -> Callable[[str], str]:
        def parse(text: str) -> str:
            if not text.strip():
                raise UsageError("a quote is required")
            archived = self.sources.get(source_id)
            if archived is not None and self._normalise(text) not in archived:
                raise UsageError(
                    f"not found verbatim in {source_id}'s archived text; copy it character "
                    "for character"
                )
            return text

        return parse


def _ask_sources(archives: _Archives) -> list[dict[str, str]]:
    refs: list[dict[str, str]] = []
    typer.echo(f"Sources in the store: {', '.join(sorted(archives.sources)) or 'none'}", err=True)
    while True:
        if refs:
            answer = _prompt("Another source id (Enter to finish)")
            if not answer.strip():
                return refs
            try:
                source_id = archives.source_id(answer)
            except UsageError as exc:
                typer.echo(f"  {exc}", err=True)
                continue
        else:
            source_id = _ask("Source id", archives.source_id)
        quote = _ask(f"Quote from {source_id} (verbatim)", archives.quote(source_id))
        refs.append({"source": source_id, "quote": quote})


def _confirm(record: Mapping[str, Any], question: str) -> None:
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2), err=True)
    answer = _prompt(f"{question} [Y/n]").strip().casefold()
    if answer not in ("", "y", "yes"):
        typer.echo("nothing was written", err=True)
        raise typer.Exit(1)


def _missing_error(missing: Sequence[str], command: str) -> UsageError:
    them = "them as options" if len(missing) > 1 else "it as an option"
    return UsageError(
        f"missing {', '.join(missing)}; standard input is not a terminal, so kzturk cannot ask: "
        f"pass {them} (see 'kzturk {command} --help')"
    )


# ---- output ---------------------------------------------------------------------------------


def _print_json(record: Mapping[str, Any]) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write((json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode())
    sys.stdout.buffer.flush()


def _report(outcome: Outcome[Any], done: str, dry_run: bool) -> None:
    """The record as JSON on stdout for a dry run; one line on stderr either way."""
    if dry_run:
        _print_json(outcome.record)
        typer.echo(f"dry run: {done} {outcome.path}; nothing was written", err=True)
        return
    note = " (it was not in canonical format: this write reformatted the file)"
    typer.echo(f"{done} {outcome.path}{note if outcome.reformatted else ''}", err=True)


# ---- commands -------------------------------------------------------------------------------


def _fact_options(
    *,
    kind: str | None,
    status: str | None,
    when: str | None,
    date_note: str | None,
    summary: str | None,
    metric: str | None,
    period: str | None,
    direction: str | None,
    amount_usd: str | None,
    change_pct: str | None,
    deadline: str | None,
    announced_by: str | None,
    sector: list[str] | None,
    party: list[str] | None,
    value: list[str] | None,
    link: list[str] | None,
    source: list[str] | None,
    quote: list[str] | None,
) -> dict[str, Any]:
    """The fact fields given as options to `add` or `edit`, parsed and checked; a field whose
    option was left out is absent, so `add` can ask for it and `edit` leaves it alone."""
    fields: dict[str, Any] = {}
    scalars: dict[str, tuple[str | None, Callable[[str], Any]]] = {
        "kind": (kind, lambda t: _choice("--kind", KINDS, t)),
        "status": (status, lambda t: _choice("--status", STATUSES, t)),
        "date": (when, lambda t: _date("--date", t)),
        "date_note": (date_note, _text),
        "summary": (summary, lambda t: t),
        "metric": (metric, lambda t: _choice("--metric", METRICS, t)),
        "period": (period, lambda t: _period("--period", t)),
        "direction": (direction, _text),
        "amount_usd": (amount_usd, lambda t: _number("--amount-usd", t)),
        "change_pct": (change_pct, lambda t: _number("--change-pct", t)),
        "deadline": (deadline, lambda t: _period("--deadline", t)),
        "announced_by": (announced_by, _text),
    }
    for name, (raw, parse) in scalars.items():
        if raw is not None:
            fields[name] = parse(raw)
    if sector is not None:
        fields["sectors"] = _choices("--sector", SECTORS, sector)
    if party is not None:
        fields["parties"] = [p for p in party if p.strip()]
    if value is not None:
        fields["values"] = [_value("--value", v) for v in value if v.strip()]
    if link is not None:
        fields["links"] = [_link("--link", text) for text in link if text.strip()]
    refs = _pairs(source, quote, "--source", "--quote")
    if refs is not None:
        fields["sources"] = refs
    return fields


@app.command(epilog=WRITE_TIP)
def add(
    kind: KindOption = None,
    sector: SectorsOption = None,
    status: StatusOption = None,
    when: DateOption = None,
    date_note: DateNoteOption = None,
    summary: SummaryOption = None,
    party: PartiesOption = None,
    value: ValuesOption = None,
    source: SourcesOption = None,
    quote: QuotesOption = None,
    metric: MetricOption = None,
    period: PeriodOption = None,
    direction: DirectionOption = None,
    amount_usd: AmountUsdOption = None,
    change_pct: ChangeOption = None,
    deadline: DeadlineOption = None,
    announced_by: AnnouncedByOption = None,
    link: LinksOption = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a fact to the store, with a fresh id; print the id.

    Each --source needs a --quote: the verbatim excerpt of that source's archived text
    that supports the fact. In a terminal, kzturk asks for whatever is missing (with no
    options at all, for every field); without one, missing options are an error.

    Examples:

      kzturk add

    \b
      kzturk add --kind deal --status signed --sector agriculture \\
        --date 2025-07-29 --party "Tiryaki Holding" --value "295000000 USD" \\
        --summary "Tiryaki Holding agreed to build a grain plant in Astana." \\
        --source new-deals --quote "to build a $295 million grain processing plant"

    \b
      kzturk add --kind trade --sector trade --metric turnover --period 2024 \\
        --amount-usd 5000000000 --summary "..." --source izvestia --quote "..."
    """
    from kzturk.curate import add_fact

    fields = _fact_options(
        kind=kind,
        status=status,
        when=when,
        date_note=date_note,
        summary=summary,
        metric=metric,
        period=period,
        direction=direction,
        amount_usd=amount_usd,
        change_pct=change_pct,
        deadline=deadline,
        announced_by=announced_by,
        sector=sector,
        party=party,
        value=value,
        link=link,
        source=source,
        quote=quote,
    )

    path = store_path(db)
    if _missing_fact_fields(fields):
        if not can_prompt():
            raise _missing_error(
                [MISSING_OPTIONS[name] for name in _missing_fact_fields(fields)], "add"
            )
        _check_writable(path)  # before the curator types anything
        archives = _Archives(path)
        if not fields:  # nothing given: ask for every field that fits the kind
            for name in FIELDS:
                if _relevant(name, fields.get("kind")):
                    fields[name] = _ask_field(name)
        while missing := [n for n in _missing_fact_fields(fields) if n != "sources"]:
            fields[missing[0]] = _ask_field(missing[0])
        if not fields.get("sources"):
            fields["sources"] = _ask_sources(archives)
        _confirm(fields, "Add this fact?")

    outcome = add_fact(path, fields, dry_run=dry_run)
    if not dry_run:
        print(outcome.record["id"])
    _report(outcome, f"{'would add' if dry_run else 'added'} {outcome.record['id']} to", dry_run)


MISSING_OPTIONS = {
    "kind": "--kind",
    "sectors": "--sector",
    "status": "--status",
    "summary": "--summary",
    "metric": "--metric",
    "sources": "--source/--quote",
}


def _missing_fact_fields(fields: Mapping[str, Any]) -> list[str]:
    """The fields a new fact still needs, in the order --help lists their options."""
    missing = []
    if not fields.get("kind"):
        missing.append("kind")
    if not fields.get("sectors"):
        missing.append("sectors")
    if fields.get("kind") == "deal" and not fields.get("status"):
        missing.append("status")
    if fields.get("summary") is None or not str(fields["summary"]).strip():
        missing.append("summary")
    if fields.get("kind") in ("trade", "target") and not fields.get("metric"):
        missing.append("metric")
    if not fields.get("sources"):
        missing.append("sources")
    return missing


@app.command(epilog=WRITE_TIP)
def edit(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="The fact to correct, e.g. F101.")],
    kind: KindOption = None,
    sector: SectorsOption = None,
    status: StatusOption = None,
    when: DateOption = None,
    date_note: DateNoteOption = None,
    summary: SummaryOption = None,
    party: PartiesOption = None,
    value: ValuesOption = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", metavar="ID", help="Replace all sources (one --quote for each)."),
    ] = None,
    quote: QuotesOption = None,
    add_source: Annotated[
        list[str] | None,
        typer.Option(
            "--add-source",
            metavar="ID",
            help="Cite one more source (one --add-quote for each).",
        ),
    ] = None,
    add_quote: Annotated[
        list[str] | None,
        typer.Option("--add-quote", metavar="TEXT", help="The verbatim quote of --add-source."),
    ] = None,
    metric: MetricOption = None,
    period: PeriodOption = None,
    direction: DirectionOption = None,
    amount_usd: AmountUsdOption = None,
    change_pct: ChangeOption = None,
    deadline: DeadlineOption = None,
    announced_by: AnnouncedByOption = None,
    link: Annotated[
        list[str] | None,
        typer.Option(
            "--link", metavar="RELATION:ID", help="Replace all links, e.g. conflicts:F101."
        ),
    ] = None,
    add_link: Annotated[
        list[str] | None,
        typer.Option("--add-link", metavar="RELATION:ID", help="Add a link, e.g. conflicts:F101."),
    ] = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a fact: the options given replace those fields; its id stays.

    List options (--sector, --party, --value, --source/--quote, --link) replace the whole
    list; --add-source/--add-quote and --add-link add to it. An empty value clears an
    optional field (--date-note ""). In a terminal with no options, kzturk asks for each
    field with its current value as the default. A fact found wrong is not edited away:
    retract it (kzturk retract).

    Examples:

      kzturk edit F101 --date 2022-05 --date-note "early May"

      kzturk edit F101 --add-source asiatimes --add-quote "its words, verbatim"

      kzturk edit F230 --add-link conflicts:F101
    """
    from kzturk.curate import edit_fact

    changes = _fact_options(
        kind=kind,
        status=status,
        when=when,
        date_note=date_note,
        summary=summary,
        metric=metric,
        period=period,
        direction=direction,
        amount_usd=amount_usd,
        change_pct=change_pct,
        deadline=deadline,
        announced_by=announced_by,
        sector=sector,
        party=party,
        value=value,
        link=link,
        source=source,
        quote=quote,
    )
    append: dict[str, list[Any]] = {}
    more_refs = _pairs(add_source, add_quote, "--add-source", "--add-quote")
    if more_refs:
        append["sources"] = more_refs
    if add_link:
        append["links"] = [_link("--add-link", text) for text in add_link if text.strip()]

    path = store_path(db)
    if not changes and not append:
        if not can_prompt():
            raise UsageError(
                f"nothing to change: pass the fields to change, e.g. kzturk edit {fact_id} "
                "--summary '...' (see 'kzturk edit --help')"
            )
        changes = _ask_changes(path, fact_id)
        if not changes:
            typer.echo(f"{fact_id.strip().upper()}: nothing changed", err=True)
            return

    outcome = edit_fact(path, fact_id, changes, append=append, dry_run=dry_run)
    fid = outcome.record["id"]
    if not outcome.changed:
        typer.echo(f"{fid}: nothing changed; {outcome.path} is as it was", err=True)
        return
    done = "would edit" if dry_run else "edited"
    _report(outcome, f"{done} {fid} ({', '.join(outcome.changed)}) in", dry_run)


def _ask_changes(path: Path, fact_id: str) -> dict[str, Any]:
    """Ask for every field, the current value as default; return the ones that changed."""
    from kzturk.curate import find_fact, normalise_fact_id
    from kzturk.store import parse_store_text, read_store_bytes

    _check_writable(path)
    data = parse_store_text(read_store_bytes(path), path)
    _, fact = find_fact(data, normalise_fact_id(fact_id))
    typer.echo(
        f"Editing {fact['id']}: Enter keeps a value, '-' clears it "
        "(sources: use --source/--quote or --add-source/--add-quote).",
        err=True,
    )
    changes: dict[str, Any] = {}
    for name in ("summary", "kind", *(n for n in FIELDS if n not in ("summary", "kind"))):
        kind = changes.get("kind", fact.get("kind"))
        current = fact.get(name)
        if not _relevant(name, kind) and current in (None, []):
            continue
        field = FIELDS[name]
        shown = _show(name, current)

        def parse(text: str, field: _Field = field, shown: str = shown) -> Any:
            if text.strip() == "-":
                text = ""
            elif text == shown:
                return _UNCHANGED
            return field.parse(text)

        answer = _ask(field.label, parse, shown)
        if answer is not _UNCHANGED and answer != current:
            changes[name] = answer
    return changes


_UNCHANGED: Any = object()


@app.command(epilog=WRITE_TIP)
def retract(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="The fact found wrong, e.g. F101.")],
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", help="Why the fact is wrong (required)."),
    ] = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Mark a fact as wrong. It stays in the store, with retracted = {date: today, reason},
    and leaves the default listings (--include-retracted shows it).

    Examples:

      kzturk retract F101 --reason "the outlet corrected the article: the date was wrong"
    """
    from kzturk.curate import retract_fact

    if reason is None:
        if not can_prompt():
            raise _missing_error(["--reason"], "retract")
        _check_writable(store_path(db))
        reason = _ask(f"Why is {fact_id.strip().upper()} wrong?", _required(_text, "a reason"))
    outcome = retract_fact(store_path(db), fact_id, reason, dry_run=dry_run)
    done = "would retract" if dry_run else "retracted"
    _report(outcome, f"{done} {outcome.record['id']} in", dry_run)


@source_app.command("add", epilog=WRITE_TIP)
def source_add(
    source_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Short slug: lower-case letters, digits, hyphens."),
    ] = None,
    text_file: Annotated[
        str | None,
        typer.Option(
            "--text-file",
            metavar="PATH",
            help="The article's text (UTF-8; '-' reads stdin), archived as archive/ID.txt "
            "beside the store so that quotes can be checked.",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The article's own title.")
    ] = None,
    outlet: Annotated[
        str | None,
        typer.Option("--outlet", metavar="TEXT", help="Publisher, only where the text names it."),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option("--author", metavar="TEXT", help="Author, only where the text states it."),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="Publication date, as precise as the text allows: YYYY, YYYY-MM, YYYY-MM-DD.",
        ),
    ] = None,
    published_note: Annotated[
        str | None,
        typer.Option(
            "--published-note", metavar="TEXT", help="How the publication date was established."
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", metavar="URL", help="Only if really known; never invented."),
    ] = None,
    language_note: Annotated[
        str | None,
        typer.Option("--language-note", metavar="TEXT", help="E.g. a machine translation."),
    ] = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a source article and archive its text; print the source id.

    Without --text-file, the text must already be archived as ID.txt (in archive/ beside
    the store, or in the package). In a terminal, kzturk asks for whatever is missing.

    Examples:

    \b
      kzturk source add --id trend-az --text-file ~/articles/trend.txt \\
        --title "Kazakhstan, Türkiye sign ..." --published 2025-07-30

    \b
      curl -s URL | kzturk source add --id trend-az --text-file - \\
        --published 2025-07
    """
    from kzturk.curate import add_source

    path = store_path(db)
    given = {
        "id": source_id,
        "title": title,
        "outlet": outlet,
        "author": author,
        "published": published,
        "published_note": published_note,
        "url": url,
        "language_note": language_note,
    }
    if published is not None:
        given["published"] = _date("--published", published)
    if source_id is None or (text_file is None and _needs_text(path, source_id)):
        if not can_prompt():
            raise _missing_error(["--id"] if source_id is None else ["--text-file"], "source add")
        _check_writable(path)
        everything = all(v is None for v in given.values()) and text_file is None
        given, text_file = _ask_source(path, given, text_file, everything)
    text = _read_text(text_file) if text_file is not None else None
    outcome = add_source(path, given, text, dry_run=dry_run)
    record = outcome.record
    if not dry_run:
        print(record["id"])
    done = "would add" if dry_run else "added"
    _report(outcome, f"{done} source {record['id']} to", dry_run)
    if outcome.archived:
        typer.echo(f"its text is archived as {outcome.archived}", err=True)


def _needs_text(path: Path, source_id: str) -> bool:
    from kzturk.check import find_archive

    return find_archive(path, f"{source_id.strip().casefold()}.txt") is None


def _ask_source(
    path: Path, given: dict[str, Any], text_file: str | None, everything: bool
) -> tuple[dict[str, Any], str | None]:
    from kzturk.curate import clean_source_fields

    def parse_id(text: str) -> str:
        return str(clean_source_fields({"id": text})["id"])

    if given["id"] is None:
        given["id"] = _ask("Source id (e.g. trend-az)", parse_id)
    optional: list[tuple[str, str, Callable[[str], Any]]] = [
        ("title", "Title", _text),
        ("outlet", "Outlet, only if the text names it", _text),
        ("author", "Author, only if the text states it", _text),
        ("published", "Published (YYYY, YYYY-MM or YYYY-MM-DD)", lambda t: _date("published", t)),
        ("published_note", "How the date was established", _text),
        ("url", "URL, only if really known", _text),
        ("language_note", "Language note (e.g. a machine translation)", _text),
    ]
    if everything:
        for name, label, parse in optional:
            if given[name] is None:
                given[name] = _ask(f"{label} (Enter for none)", parse)
    if text_file is None and _needs_text(path, given["id"]):

        def parse_file(text: str) -> str:
            if not text.strip():
                raise UsageError("the article's text file is required")
            _read_text(text.strip())
            return text.strip()

        text_file = _ask("Path of the article's text file (UTF-8)", parse_file)
    _confirm({k: v for k, v in given.items() if v is not None}, "Add this source?")
    return given, text_file


def _read_text(name: str) -> str:
    """The article text from a file ('-': stdin), checked to be non-empty UTF-8."""
    where = "standard input" if name == "-" else name
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).expanduser().read_bytes()
    except FileNotFoundError:
        raise UsageError(f"--text-file {where}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"--text-file {where}: is a directory, not a text file") from None
    except OSError as exc:
        raise UsageError(f"--text-file {where}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"--text-file {where}: not UTF-8 (byte {exc.start}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise UsageError(f"--text-file {where}: the file is empty")
    return text
