"""Asking a curator, at a terminal, for what a command still needs.

Questions go to stderr and answers come from stdin (`kzturk.cli.output.ask`), so stdout
carries only the result. Each question and how its answer is read come from the table of
fields. Without a terminal nothing is asked: a missing option is a usage error at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from kzturk.cli.field_options import read_item, read_text
from kzturk.cli.output import ask, current, line_editing, tell
from kzturk.curate import parse
from kzturk.curate.clean import clean_record, singular
from kzturk.errors import UsageError
from kzturk.model import FACT_TABLE, Field
from kzturk.render.json_format import json_text

T = TypeVar("T")

# Kind first (it decides which fields apply), then the fields a kind requires, then the
# rest in the table's order; sources last, with their quotes.
ASKED: tuple[Field, ...] = tuple(
    sorted(
        (f for f in FACT_TABLE if f.editable and f.option and f.name != "sources"),
        key=lambda f: (f.name != "kind", not f.required_for),
    )
)
ASKED_BY_NAME = {field.name: field for field in ASKED}
DATED = frozenset(("date_end", "date_qualifier", "date_basis"))  # asked only with a date


def _asks(field: Field, fields: Mapping[str, Any]) -> bool:
    """Whether to ask for `field` of a fact like `fields`: it applies to the kind, and a
    date's end, qualifier and basis only once there is a date."""
    if field.name in DATED and not fields.get("date"):
        return False
    return field.applies_to(fields.get("kind"))


def can_prompt() -> bool:
    """True when standard input is a terminal someone can answer at."""
    return current().stdin_isatty()


def prompt(label: str, default: str = "") -> str:
    """One question; Enter gives `default`. At a terminal with line editing the default is
    offered as text to edit (fix one letter of a summary without retyping it)."""
    if default and line_editing():
        answer = ask(f"{label}: ", prefill=default)
    else:
        answer = ask(f"{label}{f' [{default}]' if default else ''}: ")
    return answer if answer.strip() else default


def ask_until_valid(label: str, read: Callable[[str], T], default: str = "") -> T:
    """Ask until the answer reads; the error goes to stderr and the question is repeated."""
    while True:
        answer = prompt(label, default)
        try:
            return read(answer)
        except UsageError as exc:
            tell(f"  {exc}")


def question(field: Field) -> str:
    """The question for a field, with what its answer looks like."""
    label = field.label
    if field.many and field.vocabulary:
        return f"{label}, comma-separated"
    if field.vocabulary:
        return f"{label} ({', '.join(field.vocabulary)})"
    if field.type == "date":
        return f"{label} (YYYY, YYYY-MM or YYYY-MM-DD{'' if field.required else '; Enter if none'})"
    if field.type == "period":
        return f"{label}, e.g. 2022 or 2023-01/2023-09"
    if field.many:
        example = f", e.g. '{field.example}'" if field.example else ", separated by ';'"
        return f"{label}{example} (Enter for none)"
    if field.required:
        return f"{label} ({field.help.rstrip('.').lower()})" if field.name == "summary" else label
    return label if field.type == "number" else f"{label} (Enter for none)"


def is_required(field: Field, kind: str | None) -> bool:
    return field.required or bool(field.min_items) or kind in field.required_for


def reader(field: Field, kind: str | None) -> Callable[[str], Any]:
    """How an answer for `field` is read (lists from one line: ',' or ';' between items)."""
    name = field.name

    def read(text: str) -> Any:
        if field.many:
            separator = "," if field.vocabulary else ";"
            parts = [part for part in text.split(separator) if part.strip()]
            if field.vocabulary:
                value: Any = parse.choices(name, field.vocabulary, parts)
            else:
                value = [read_item(field, part, singular(name)) for part in parts]
        else:
            value = read_text(field, text, name)
        if is_required(field, kind) and value in (None, [], ""):
            noun = singular(name) if field.many else field.label.lower()
            article = "an" if noun[0] in "aeiou" else "a"
            what = "a deal's status" if name == "status" else f"{article} {noun}"
            raise UsageError(f"{what} is required")
        return value

    return read


def show(field: Field, value: Any) -> str:
    """A current value as it is typed at the prompt (the default when editing)."""
    if value is None:
        return ""
    if field.name == "sectors":
        return ", ".join(value)
    if field.name == "values":
        return "; ".join(
            f"{v['amount']} {v.get('currency') or v.get('unit')}"
            if v.get("currency") or v.get("unit")
            else str(v["amount"])
            for v in value
        )
    if field.name == "links":
        return "; ".join(f"{link['relation']}:{link['fact']}" for link in value)
    if field.many:
        return "; ".join(value)
    return str(value)


def ask_field(field: Field, kind: str | None, default: str = "") -> Any:
    return ask_until_valid(question(field), reader(field, kind), default)


def ask_new_fact(fields: dict[str, Any], missing: Callable[[Mapping[str, Any]], list[str]]) -> None:
    """Fill `fields` at the prompt: every field that fits the kind when none was given,
    else only what is missing (sources last)."""
    if not fields:
        for field in ASKED:
            if _asks(field, fields):
                fields[field.name] = ask_field(field, fields.get("kind"))
    while names := [n for n in missing(fields) if n != "sources"]:
        fields[names[0]] = ask_field(ASKED_BY_NAME[names[0]], fields.get("kind"))


def ask_new_record(table: Sequence[Field], fields: dict[str, Any], what: str) -> None:
    """Fill the `fields` of a new entity or occasion at the prompt: every field of the
    table when none was given, else the required ones that are missing. Each answer is
    checked as the record's cleaner will check it, and asked again until it passes."""
    everything = not fields
    for field in table:
        if not (field.editable and field.option) or fields.get(field.name):
            continue
        if everything or field.required:
            read = functools.partial(_read_record_answer, table, field, what)
            fields[field.name] = ask_until_valid(_record_question(field), read)


def _record_question(field: Field) -> str:
    if field.vocabulary or field.many or field.type not in ("text", "slug"):
        return question(field)
    hint = field.help.rstrip(".")
    return (
        f"{field.label} ({hint})" if field.required else f"{field.label} ({hint}; Enter for none)"
    )


def _read_record_answer(table: Sequence[Field], field: Field, what: str, text: str) -> Any:
    value = reader(field, None)(text)
    return clean_record(tuple(table), {field.name: value}, what, partial=True)[field.name]


_UNCHANGED: Any = object()


def revise(fields: dict[str, Any]) -> None:
    """Ask again for every field of a new fact, its answer so far as the default (after a
    problem that only the whole record shows, such as a date after its source's)."""
    for field in ASKED:
        if not _asks(field, fields) and fields.get(field.name) in (None, []):
            continue
        current_value = fields.get(field.name)
        shown = show(field, current_value)
        read = reader(field, fields.get("kind"))

        answer = ask_until_valid(question(field), _editing(read, shown), shown)
        if answer is not _UNCHANGED:
            fields[field.name] = answer


def _editing(read: Callable[[str], Any], shown: str) -> Callable[[str], Any]:
    """An answer to a question that offers the current value `shown` for editing: kept
    as it was (_UNCHANGED), '-' to clear it, or a new value read by `read`."""

    def read_change(text: str) -> Any:
        if text.strip() == "-":
            text = ""
        elif text == shown:
            return _UNCHANGED
        return read(text)

    return read_change


def ask_changes(fact: Mapping[str, Any]) -> dict[str, Any]:
    """Ask for every field, the current value as default; return the ones that changed."""
    tell(
        f"Editing {fact['id']}: Enter keeps a value, '-' clears it "
        "(sources: use --source/--quote or --add-source/--add-quote)."
    )
    changes: dict[str, Any] = {}
    order = [ASKED_BY_NAME["summary"], *(f for f in ASKED if f.name != "summary")]
    for field in order:
        kind = changes.get("kind", fact.get("kind"))
        current_value = fact.get(field.name)
        now = {"kind": kind, "date": changes.get("date", fact.get("date"))}
        if not _asks(field, now) and current_value in (None, []):
            continue
        shown = show(field, current_value)
        read = reader(field, kind)

        answer = ask_until_valid(question(field), _editing(read, shown), shown)
        if answer is not _UNCHANGED and answer != current_value:
            changes[field.name] = answer
    return changes


class Archives:
    """The store's sources and their archived texts, to check answers at the prompt."""

    def __init__(self, path: Path) -> None:
        from kzturk.check import normalise_whitespace
        from kzturk.store.archive import find_archive, read_archive
        from kzturk.store.files import read_store_tables

        self._normalise = normalise_whitespace
        _, data = read_store_tables(path)
        self.sources: dict[str, str | None] = {}
        for source in data["sources"].values():
            archive = source.get("archive")
            found = find_archive(path, archive) if isinstance(archive, str) and archive else None
            self.sources[str(source.get("id"))] = (
                normalise_whitespace(read_archive(found)) if found else None
            )

    def source_id(self, text: str) -> str:
        from kzturk.suggest import did_you_mean

        source_id = text.strip().casefold()
        if source_id not in self.sources:
            hint = did_you_mean(source_id, list(self.sources))
            raise UsageError(
                f"unknown source {text.strip()!r}.{hint} Add it first: kzturk source add"
            )
        return source_id

    def quote(self, source_id: str) -> Callable[[str], str]:
        def read(text: str) -> str:
            if not text.strip():
                raise UsageError("a quote is required")
            archived = self.sources.get(source_id)
            if archived is not None and self._normalise(text) not in archived:
                from kzturk.check.sources import closest_passage

                near = closest_passage(self._normalise(text), archived)
                hint = f"; the closest passage is {near!r}" if near else ""
                raise UsageError(
                    f"not found verbatim in {source_id}'s archived text; copy it character "
                    f"for character{hint}"
                )
            return text

        return read


def ask_sources(archives: Archives) -> list[dict[str, str]]:
    refs: list[dict[str, str]] = []
    tell(f"Sources in the store: {', '.join(sorted(archives.sources)) or 'none'}")
    while True:
        if refs:
            answer = prompt("Another source id (Enter to finish)")
            if not answer.strip():
                return refs
            try:
                source_id = archives.source_id(answer)
            except UsageError as exc:
                tell(f"  {exc}")
                continue
        else:
            source_id = ask_until_valid("Source id", archives.source_id)
        quote = ask_until_valid(f"Quote from {source_id} (verbatim)", archives.quote(source_id))
        refs.append({"source": source_id, "quote": quote})


def confirm(record: Mapping[str, Any], question_text: str) -> bool:
    """Show the record and ask; True for yes (Enter), False for anything else."""
    tell(json_text(dict(record)).rstrip("\n"))
    answer = prompt(f"{question_text} [Y/n]").strip().casefold()
    if answer not in ("", "y", "yes"):
        tell("nothing was written")
        return False
    return True


def missing_error(missing: Sequence[str], command: str) -> UsageError:
    them = "them as options" if len(missing) > 1 else "it as an option"
    return UsageError(
        f"missing {', '.join(missing)}; standard input is not a terminal, so kzturk cannot ask: "
        f"pass {them} (see 'kzturk {command} --help')"
    )
