"""Curation commands for sources: `kzturk source add` and `kzturk source merge`."""

import functools
from pathlib import Path
from typing import Annotated, Any

import typer

from kzturk.cli import prompts
from kzturk.cli.app import command_group
from kzturk.cli.completion import source_ids
from kzturk.cli.field_options import read_options, with_options
from kzturk.cli.options import store_path
from kzturk.cli.output import read_stdin_bytes, say
from kzturk.cli.writes import (
    WRITE_TIP,
    DryRunOption,
    WriteDbOption,
    check_writable,
    report,
    report_added,
)
from kzturk.curate import parse
from kzturk.errors import UsageError
from kzturk.model import SOURCE_TABLE

source_app = command_group(
    "source", "Add sources, and fold a page registered twice into one (kzturk source add|merge)."
)

# The source fields a curator gives as options (the archive's name is kzturk's to set).
OPTION_FIELDS = tuple(f for f in SOURCE_TABLE if f.option)


@source_app.command("add", epilog=WRITE_TIP)
@with_options(SOURCE_TABLE, "add")
def source_add(
    text_file: Annotated[
        str | None,
        typer.Option(
            "--text-file",
            metavar="PATH",
            help="The article's text (UTF-8; '-' reads stdin), archived as archive/ID.txt "
            "beside the store so that quotes can be checked. Leave it out for a reference "
            "page (--url and --published).",
        ),
    ] = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **options: Any,
) -> None:
    """Add a source; print its id. Either an article whose text is archived (--text-file),
    so that quotes are checked against it, or a reference page: a public page cited by its
    exact --url and --published date, whose facts carry no quote.

    Without --text-file and without --url, the text must already be archived as ID.txt (in
    archive/ beside the store, or in the package). In a terminal, kzturk asks for whatever
    is missing.

    Examples:

    \b
      kzturk source add --id trend-az --text-file ~/articles/trend.txt \\
        --title "Kazakhstan, Türkiye sign ..." --published 2025-07-30

    \b
      kzturk source add --id akorda-2022-05-10 --url https://www.akorda.kz/en/... \\
        --title "..." --outlet "Akorda" --published 2022-05-10

    \b
      curl -s URL | kzturk source add --id trend-az --text-file - \\
        --published 2025-07
    """
    from kzturk.curate import add_source

    path = store_path(db)
    given: dict[str, Any] = {f.name: None for f in OPTION_FIELDS}
    given.update(read_options(SOURCE_TABLE, options))
    source_id = given["id"]
    reference = given.get("url") is not None and text_file is None
    if source_id is None or (text_file is None and not reference and _needs_text(path, source_id)):
        if not prompts.can_prompt():
            raise prompts.missing_error(
                ["--id"] if source_id is None else ["--text-file"], "source add"
            )
        check_writable(path)
        everything = all(v is None for v in given.values()) and text_file is None
        given, text_file = _ask_source(path, given, text_file, everything)
    text = read_text(text_file) if text_file is not None else None
    outcome = add_source(path, given, text, dry_run=dry_run)
    report_added(outcome, dry_run, "source ")
    if outcome.archived:
        say(f"its text is archived as {outcome.archived}")


@source_app.command("merge", epilog=WRITE_TIP)
def source_merge(
    duplicate: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The source to fold in and remove.", autocompletion=source_ids
        ),
    ],
    into: Annotated[
        str,
        typer.Option(
            "--into",
            metavar="ID",
            help="The source to keep: the same page, by its address.",
            autocompletion=source_ids,
        ),
    ],
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Fold a reference page registered twice into one source: every fact, agreement step
    and post citing ID cites the --into source instead (once), and ID is removed. Both
    must have the same address; `kzturk check` names such pairs.

    Examples:

    \b
      kzturk source merge h-mfa-tr-kz-political --into b-mfa-tr-siyasi-2017

    \b
      kzturk source merge h-mfa-tr-kz-political --into b-mfa-tr-siyasi-2017 --dry-run
    """
    from kzturk.curate import merge_source

    outcome = merge_source(store_path(db), duplicate, into, dry_run=dry_run)
    kept = outcome.record
    moved = f"{kept['moved']} record{'s' if kept['moved'] != 1 else ''}"
    done = "would merge" if dry_run else "merged"
    report(
        outcome,
        f"{done} {duplicate.strip().casefold()} into {kept['id']} ({moved} moved) in",
        dry_run,
    )


def _needs_text(path: Path, source_id: str) -> bool:
    from kzturk.store.archive import find_archive

    return find_archive(path, f"{source_id.strip().casefold()}.txt") is None


def _ask_source(
    path: Path, given: dict[str, Any], text_file: str | None, everything: bool
) -> tuple[dict[str, Any], str | None]:
    from kzturk.curate import clean_source_fields

    def read_id(text: str) -> str:
        return str(clean_source_fields({"id": text})["id"])

    if given["id"] is None:
        given["id"] = prompts.ask_until_valid("Source id (e.g. trend-az)", read_id)
    if everything:
        for field in OPTION_FIELDS[1:]:
            if given[field.name] is None:
                given[field.name] = prompts.ask_until_valid(
                    f"{field.label}: {field.help.rstrip('.')} (Enter for none)",
                    functools.partial(_read_answer, field.name, field.type),
                )
    if text_file is None and _needs_text(path, given["id"]):

        def read_file(text: str) -> str:
            if not text.strip():
                raise UsageError("the article's text file is required")
            read_text(text.strip())
            return text.strip()

        text_file = prompts.ask_until_valid("Path of the article's text file (UTF-8)", read_file)
    if not prompts.confirm({k: v for k, v in given.items() if v is not None}, "Add this source?"):
        raise typer.Exit(1)
    return given, text_file


def _read_answer(name: str, kind: str, text: str) -> str | None:
    return parse.date(name, text) if kind == "date" else parse.text(text)


def read_text(name: str) -> str:
    """The article text from a file ('-': stdin), checked to be non-empty UTF-8, read with
    the one bounded reader (a FIFO or a device is refused, not read forever)."""
    from kzturk.store.files import TEXT_LIMIT, decode_text, read_regular_file
    from kzturk.store.paths import user_path

    where = "standard input" if name == "-" else name
    if name == "-":
        raw = read_stdin_bytes(TEXT_LIMIT)
        if len(raw) > TEXT_LIMIT:
            raise UsageError(f"--text-file -: more than a text file may be ({TEXT_LIMIT:,} bytes)")
        source = Path("standard input")
    else:
        source = user_path(name, "--text-file")
        try:
            raw = read_regular_file(source, limit=TEXT_LIMIT, what="text file", usage=True)
        except UsageError as exc:
            raise UsageError(f"--text-file {exc}") from None
    try:
        text = decode_text(raw, source, usage=True)
    except UsageError as exc:
        raise UsageError(f"--text-file {exc}") from None
    if not text.strip():
        raise UsageError(f"--text-file {where}: the file is empty")
    return text
