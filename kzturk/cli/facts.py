"""Curation commands for facts: `kzturk add`, `edit` and `retract`.

Options are for scripts; in a terminal, whatever is missing is asked for. Without a
terminal, missing options are a usage error at once (kzturk never waits for input that
cannot come). The writing itself, locked, validated and atomic, is `kzturk.curate`'s.
"""

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from kzturk.cli import prompts
from kzturk.cli.app import app
from kzturk.cli.completion import fact_ids
from kzturk.cli.field_options import read_citations, read_options, with_options
from kzturk.cli.options import store_path
from kzturk.cli.output import say, tell
from kzturk.cli.writes import (
    WRITE_TIP,
    DryRunOption,
    WriteDbOption,
    check_writable,
    report,
    report_added,
    report_edited,
)
from kzturk.curate import parse
from kzturk.errors import UsageError
from kzturk.model import FACT_TABLE, normalise_fact_id


def missing_fact_fields(fields: Mapping[str, Any]) -> list[str]:
    """The fields a new fact still needs (as the table of fields says), in the order the
    prompts ask for them: sources last."""
    kind = fields.get("kind")
    missing = []
    for field in (*prompts.ASKED, *(f for f in FACT_TABLE if f.name == "sources")):
        value = fields.get(field.name)
        if prompts.is_required(field, kind) and (
            value is None or value == [] or (isinstance(value, str) and not value.strip())
        ):
            missing.append(field.name)
    return missing


def _problem_of(path: Any, fields: dict[str, Any], quotes: Any) -> str | None:
    """What would keep the fact from being written, checked before the curator confirms."""
    from kzturk.curate import add_fact

    try:
        add_fact(path, fields, quotes=quotes, dry_run=True)
    except UsageError as exc:
        return str(exc)
    return None


def _option_of(name: str) -> str:
    return "--source/--quote" if name == "sources" else str(prompts.ASKED_BY_NAME[name].option)


@app.command(epilog=WRITE_TIP)
@with_options(FACT_TABLE, "add")
def add(db: WriteDbOption = None, dry_run: DryRunOption = False, **given: Any) -> None:
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

    fields = read_options(FACT_TABLE, given)
    cited = read_citations(given)
    quotes = None
    if cited is not None:
        fields["sources"], quotes = cited
    path = store_path(db)
    if missing_fact_fields(fields):
        if not prompts.can_prompt():
            raise prompts.missing_error(
                [_option_of(name) for name in missing_fact_fields(fields)], "add"
            )
        check_writable(path)  # before the curator types anything
        archives = prompts.Archives(path)
        prompts.ask_new_fact(fields, missing_fact_fields)
        if not fields.get("sources"):
            fields["sources"] = prompts.ask_sources(archives)
        while (problem := _problem_of(path, fields, quotes)) is not None:
            tell(f"  {problem}\n  Correct the answers (Enter keeps one):")
            prompts.revise(fields)
            if prompts.prompt("Give the sources again? [y/N]").strip().casefold() in ("y", "yes"):
                fields["sources"], quotes = prompts.ask_sources(archives), None
        if not prompts.confirm(fields, "Add this fact?"):
            raise typer.Exit(1)

    report_added(add_fact(path, fields, quotes=quotes, dry_run=dry_run), dry_run)


@app.command(epilog=WRITE_TIP)
@with_options(FACT_TABLE, "edit")
def edit(
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The fact to correct, e.g. F101.", autocompletion=fact_ids
        ),
    ],
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **given: Any,
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

    changes = read_options(FACT_TABLE, given)
    quotes = added_quotes = None
    cited = read_citations(given)
    if cited is not None:
        changes["sources"], quotes = cited
    append: dict[str, list[Any]] = {}
    more = read_citations(given, "add_")
    if more is not None and more.refs:
        append["sources"], added_quotes = more
    if given.get("add_link"):
        append["links"] = [parse.link("--add-link", t) for t in given["add_link"] if t.strip()]

    path = store_path(db)
    if not changes and not append:
        if not prompts.can_prompt():
            raise UsageError(
                f"nothing to change: pass the fields to change, e.g. kzturk edit {fact_id} "
                "--summary '...' (see 'kzturk edit --help')"
            )
        changes = _ask_changes(path, fact_id)
        if not changes:
            say(f"{normalise_fact_id(fact_id)}: nothing changed")
            return

    outcome = edit_fact(
        path,
        fact_id,
        changes,
        append=append,
        quotes=quotes,
        added_quotes=added_quotes,
        dry_run=dry_run,
    )
    report_edited(outcome, dry_run)


def _ask_changes(path: Any, fact_id: str) -> dict[str, Any]:
    from kzturk.curate import find_fact
    from kzturk.store.files import read_store_tables

    check_writable(path)
    _, data = read_store_tables(path)
    _, fact = find_fact(data, normalise_fact_id(fact_id))
    return prompts.ask_changes(fact)


@app.command(epilog=WRITE_TIP)
def retract(
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The fact found wrong, e.g. F101.", autocompletion=fact_ids
        ),
    ],
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

    path = store_path(db)
    if reason is None:
        if not prompts.can_prompt():
            raise prompts.missing_error(["--reason"], "retract")
        check_writable(path)
        reason = prompts.ask_until_valid(
            f"Why is {normalise_fact_id(fact_id)} wrong?", _required_reason
        )
    outcome = retract_fact(path, fact_id, reason, dry_run=dry_run)
    done = "would retract" if dry_run else "retracted"
    report(outcome, f"{done} {outcome.record['id']} in", dry_run)


def _required_reason(text: str) -> str:
    if not text.strip():
        raise UsageError("a reason is required")
    return text
