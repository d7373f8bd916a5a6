"""Data out and history: `kzturk export sqlite|json|jsonl|csv` and `kzturk changes`.

Each parses its options, makes one library call (`kzturk.export`) and hands the result to a
view or reports what it wrote. Nothing here is imported by the lookups.
"""

from pathlib import Path
from typing import Annotated

import typer

from kzturk.cli.app import app, command_group
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import DbOption, choice_option, open_store, output_format, store_path
from kzturk.cli.output import current, emit, say, write_out
from kzturk.filters.spec import FactFilter
from kzturk.model.fields import TABLES
from kzturk.render import BIBLIOGRAPHY, CHANGES, formats_for
from kzturk.store.targets import file_target

export_app = command_group(
    "export",
    "The whole record as a SQLite database for Datasette, or as JSON, JSON Lines or CSV; "
    "the sources as a bibliography (CSL-JSON, RIS, BibTeX).",
)
RECORD_TABLES = tuple(TABLES)  # facts, sources, entities, occasions (kzturk.export.records)

ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the file if it exists (never the store itself).")
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (whole, or not at all) instead of standard output.",
    ),
]


def _table_option(default: str) -> object:
    return choice_option(
        "--table",
        "-t",
        choices=RECORD_TABLES,
        help=f"The table to write: {{choices}} (default: {default}).",
    )


def _path(given: str, option: str) -> Path:
    """A file to write (never standard output), checked as every file kzturk writes is."""
    path = file_target(given, option, dash=False)
    assert path is not None  # only '-' with dash=True is standard output
    return path


@export_app.command("sqlite")
def export_sqlite(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The database file to write.")],
    metadata: Annotated[
        str | None,
        typer.Option(
            "--metadata",
            metavar="PATH",
            help="Also write Datasette's metadata.json: title, license, source, a "
            "description of every table and column, facets.",
        ),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write the whole record (every fact, context, analysis and retracted ones included,
    with sources, citations, values, sectors, parties, links, entities and occasions) to a
    new SQLite database, ready for Datasette: full-text search without accents (facts_fts),
    sectors and parties as JSON arrays for array facets, dates as the days they cover.

    The file is built beside PATH and moved into place whole (mode 0644); the same store
    gives the same bytes. An existing PATH is replaced only with --force.

    Examples:

      kzturk export sqlite kzturk.db --metadata metadata.json

      datasette kzturk.db --metadata metadata.json

    \b
      sqlite3 kzturk.db "select id, summary from facts
        where date_end >= '2022-06-01' and date_start <= '2022-12-31'"
    """
    from kzturk.export.records import whole_record
    from kzturk.export.sqlite import export_sqlite as write

    target = _path(path, "PATH")
    meta = _path(metadata, "--metadata") if metadata is not None else None
    exported = write(whole_record(open_store(db)), target, metadata=meta, force=force)
    rows = exported.rows
    also = f"; metadata in {exported.metadata}" if exported.metadata else ""
    say(
        f"wrote {exported.path}: {rows['facts']:,} facts, {rows['sources']:,} sources, "
        f"{rows['citations']:,} citations, {rows['entities']:,} entities, "
        f"{rows['occasions']:,} occasions{also}"
    )


def _export_text(
    fmt: str, table: str | None, default: str | None, output: str | None, db: str | None
) -> None:
    from kzturk.export.records import record_table, whole_record, write_output
    from kzturk.render import render
    from kzturk.render.export_views import export_view

    chosen = record_table(table, default)
    target = file_target(output, "--output") if output is not None else None
    store = open_store(db)
    text = render(export_view(whole_record(store), chosen), fmt)
    if target is None:
        write_out(text, data=True)
        return
    write_output(target, text, store.path)
    say(f"wrote {target}")


@export_app.command("json")
def export_json(
    table: Annotated[str | None, _table_option("every table, in one object")] = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """The whole record as one JSON object, {"facts": [...], "sources": [...], "entities":
    [...], "occasions": [...]}, each record as the listings print it (context, analysis and
    retracted facts included; records in id order); with --table, that table's array.

    Examples:

      kzturk export json -o record.json

      kzturk export json --table sources | jq '.[].title'
    """
    _export_text("json", table, None, output, db)


@export_app.command("jsonl")
def export_jsonl(
    table: Annotated[str | None, _table_option("facts")] = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """One table of the record as JSON Lines, one record a line, as the listings print it.

    Examples:

      kzturk export jsonl > facts.jsonl

      kzturk export jsonl --table entities -o entities.jsonl
    """
    _export_text("jsonl", table, "facts", output, db)


@export_app.command("csv")
def export_csv(
    table: Annotated[str | None, _table_option("facts")] = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """One table of the record as CSV, with the listings' columns; list columns (sectors,
    parties, sources, quotes, values, links, aliases) are JSON arrays, so a quote holding
    '; ' splits without ambiguity.

    Examples:

      kzturk export csv -o facts.csv

      kzturk export csv --table sources > sources.csv
    """
    _export_text("csv", table, "facts", output, db)


@export_app.command("sources")
@listing(layouts=(BIBLIOGRAPHY,))
def export_sources(options: Listing) -> None:
    """The sources as a bibliography for a reference manager: CSL-JSON (the default; Zotero,
    Pandoc's --citeproc), RIS or BibTeX. Every source, or with a filter only the sources of
    the facts it selects. Each entry notes the kzturk facts it is cited for; dates carry only
    the parts known.

    Examples:

      kzturk export sources -o kzturk.json

      kzturk export sources --sector defense --since 2022 --format ris -o defense.ris

      kzturk export sources --format bibtex > kzturk.bib

      pandoc paper.md --citeproc --bibliography kzturk.json
    """
    from kzturk.export.bibliography import bibliography
    from kzturk.render.export_views import bibliography_view

    given = options.given
    if given.fmt is None and not given.as_json and not given.as_jsonl:
        options.given = given._replace(fmt="csl-json")
    spec = options.spec()
    chosen = spec != FactFilter()
    store = options.store()
    references = bibliography(store, spec if chosen else None)
    options.emit(bibliography_view(references, options.filters(spec)))


@app.command()
def changes(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="A store file, a git revision of this repository (HEAD~3, a tag) or REV:path.",
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="[NEW]", help="The same kinds (default: the store reads use, see --db)."
        ),
    ] = None,
    stat: Annotated[bool, typer.Option("--stat", help="Only how many records changed.")] = False,
    fmt: Annotated[
        str | None,
        choice_option(
            "--format",
            "-f",
            choices=formats_for(CHANGES),
            help="Output: {choices} (md: release notes).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print straight to the terminal, without a pager.")
    ] = False,
    db: DbOption = None,
) -> None:
    """What changed, claim by claim, between two versions of the store: facts added,
    changed (field by field, text word by word), retracted, unretracted and removed (a
    warning: the rules say retract, never delete); sources, entities and occasions added,
    changed and removed.

    A bare revision reads the store's own path at that revision (git show REV:path). In a
    git work tree whose top folder holds facts.json, that file is the store (unless --db
    or $KZTURK_DB says otherwise).

    Examples:

      kzturk changes HEAD~3

      kzturk changes v0.1 v0.2 --format md > release-notes.md

      kzturk changes old-facts.json --db facts.json --json

      kzturk changes HEAD~1:facts.json --stat
    """
    from kzturk.export.changes import changes_between
    from kzturk.render.change_views import change_counts_view, changes_view, removal_warning

    chosen = output_format(fmt, as_json, False, CHANGES)
    from kzturk.store.files import ENV_VAR

    chosen_store = bool(db) or bool(current().environ.get(ENV_VAR))
    found = changes_between(old, new, store_path(db), chosen=chosen_store)
    warning = removal_warning(found)
    if warning and chosen != "table":
        say(warning)
    view = change_counts_view(found) if stat else changes_view(found)
    emit(view, chosen, pager=not no_pager)
