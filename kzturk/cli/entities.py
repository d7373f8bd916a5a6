"""Entities and occasions: `kzturk entities`, `kzturk occasions`, and their curation,
`kzturk entity add|edit` and `kzturk occasion add|edit`."""

from pathlib import Path
from typing import Annotated, Any

import typer

from kzturk.cli.app import app, command_group
from kzturk.cli.completion import entity_names, occasion_ids
from kzturk.cli.field_options import read_options, with_options
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import choice_option, store_path, vocabulary
from kzturk.cli.writes import (
    WRITE_TIP,
    DryRunOption,
    WriteDbOption,
    check_writable,
    report_added,
    report_edited,
)
from kzturk.curate import parse
from kzturk.model import ENTITY_TABLE, ENTITY_TYPES, OCCASION_TABLE, Field
from kzturk.render import DETAIL, TABLES

entity_app = command_group(
    "entity", "Add and correct entities (kzturk entity add, kzturk entity edit)."
)
occasion_app = command_group(
    "occasion", "Add and correct occasions (kzturk occasion add, kzturk occasion edit)."
)

EntityIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The entity to correct.", autocompletion=entity_names)
]
OccasionIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The occasion to correct.", autocompletion=occasion_ids)
]


def _new_record(
    table: tuple[Field, ...], given: dict[str, Any], what: str, path: Path
) -> dict[str, Any]:
    """The options of a new entity or occasion; at a terminal, what is missing is asked
    for (everything when no option was given) and the record confirmed."""
    from kzturk.cli import prompts

    fields = read_options(table, given)
    missing = [str(f.option) for f in table if f.required and f.option and not fields.get(f.name)]
    if missing:
        if not prompts.can_prompt():
            raise prompts.missing_error(missing, f"{what} add")
        check_writable(path)  # before the curator types anything
        prompts.ask_new_record(table, fields, what)
        if not prompts.confirm(fields, f"Add this {what}?"):
            raise typer.Exit(1)
    return fields


@app.command()
@listing()
def entities(
    options: Listing,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="One entity by its name, any alias or its id; or every entity with this "
            "text in one of its names.",
            autocompletion=entity_names,
        ),
    ] = None,
    entity_type: Annotated[
        list[str] | None,
        choice_option(
            "--type",
            "-t",
            choices=ENTITY_TYPES,
            help="Only entities of this type (repeatable): {choices}.",
        ),
    ] = None,
) -> None:
    """The countries, people, companies, organisations and places the facts name, each with
    its other names and how many facts name it; with a NAME, that entity and its facts.

    Examples:

      kzturk entities --type company

      kzturk entities tusas

      kzturk entities kassym

      kzturk entities Nur-Sultan --json
    """
    from kzturk.entities import find_entities, list_entities, party_counts
    from kzturk.query import facts_naming
    from kzturk.render.detail_views import entity_detail_view
    from kzturk.render.views import entities_view

    types = vocabulary(entity_type, ENTITY_TYPES, "--type")
    options.use(TABLES if name is None else DETAIL)
    store = options.store()
    if name is None:
        chosen = list_entities(store, types)
        filters = [f"type {', '.join(types)}"] if types else []
        options.emit(entities_view(chosen, party_counts(store), filters))
        return
    found = find_entities(store, name)
    if len(found) > 1:
        options.emit(entities_view(found, party_counts(store), [f"names containing {name!r}"]))
        return
    options.emit(entity_detail_view(found[0], facts_naming(store, found[0])))


@app.command()
@listing()
def occasions(
    options: Listing,
    occasion_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="One occasion and its facts.", autocompletion=occasion_ids
        ),
    ] = None,
) -> None:
    """Visits, summits, councils and other occasions, each with how many facts belong to it;
    with an ID, that occasion and its facts.

    Examples:

      kzturk occasions

      kzturk occasions 2025-07-tokayev-ankara
    """
    from kzturk.query import facts_of_occasion, occasion_by_id, occasion_counts, sorted_occasions
    from kzturk.render.detail_views import occasion_detail_view
    from kzturk.render.views import occasions_view

    options.use(TABLES if occasion_id is None else DETAIL)
    store = options.store()
    if occasion_id is None:
        options.emit(occasions_view(sorted_occasions(store), occasion_counts(store)))
        return
    occasion = occasion_by_id(store, occasion_id)
    view = occasion_detail_view(occasion, facts_of_occasion(store, occasion["id"]), store)
    options.emit(view)


@entity_app.command("add", epilog=WRITE_TIP)
@with_options(ENTITY_TABLE, "add")
def entity_add(db: WriteDbOption = None, dry_run: DryRunOption = False, **given: Any) -> None:
    """Add an entity; print its id. --id, --name and --type are required (at a terminal,
    kzturk asks for what is missing, and for every field when no option is given).

    Examples:

    \b
      kzturk entity add --id tai --name "Turkish Aerospace" --type company \\
        --alias "Turkish Aerospace Industries" --alias TAI --alias TUSAŞ

    \b
      kzturk entity add --id astana --name Astana --type place \\
        --alias "Nur-Sultan@2019-03-20/2022-09-17" --alias Akmola@/1998-05-06
    """
    from kzturk.curate import add_entity

    path = store_path(db)
    fields = _new_record(ENTITY_TABLE, given, "entity", path)
    report_added(add_entity(path, fields, dry_run=dry_run), dry_run, "entity ")


@entity_app.command("edit", epilog=WRITE_TIP)
@with_options(ENTITY_TABLE, "edit")
def entity_edit(
    entity_id: EntityIdArgument,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **given: Any,
) -> None:
    """Correct an entity: the options given replace those fields (--alias the whole list;
    --add-alias adds one). A new --name is written into every fact's parties, and the old
    name kept as an alias.

    Examples:

      kzturk entity edit tai --add-alias "TUSAŞ"

      kzturk entity edit erdogan --note "President of Turkey since 2014"
    """
    from kzturk.curate import edit_entity

    changes = read_options(ENTITY_TABLE, given)
    append = {
        "aliases": [
            parse.alias("--add-alias", t) for t in given.get("add_alias") or [] if t.strip()
        ]
    }
    outcome = edit_entity(store_path(db), entity_id, changes, append=append, dry_run=dry_run)
    report_edited(outcome, dry_run, "entity ")


@occasion_app.command("add", epilog=WRITE_TIP)
@with_options(OCCASION_TABLE, "add")
def occasion_add(db: WriteDbOption = None, dry_run: DryRunOption = False, **given: Any) -> None:
    """Add an occasion; print its id. --id, --name, --kind and --date are required (at a
    terminal, kzturk asks for what is missing); participants are entities, by id, name or
    alias.

    Example:

    \b
      kzturk occasion add --id 2022-05-tokayev-turkey --kind visit \\
        --name "Tokayev's state visit to Turkey" --date 2022-05-10 --date-end 2022-05-11 \\
        --place Ankara --participant tokayev --participant erdogan
    """
    from kzturk.curate import add_occasion

    path = store_path(db)
    fields = _new_record(OCCASION_TABLE, given, "occasion", path)
    report_added(add_occasion(path, fields, dry_run=dry_run), dry_run, "occasion ")


@occasion_app.command("edit", epilog=WRITE_TIP)
@with_options(OCCASION_TABLE, "edit")
def occasion_edit(
    occasion_id: OccasionIdArgument,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **given: Any,
) -> None:
    """Correct an occasion: the options given replace those fields. Its facts must still
    lie within its dates.

    Example:

      kzturk occasion edit 2022-05-tokayev-turkey --date-end 2022-05-11
    """
    from kzturk.curate import edit_occasion

    changes = read_options(OCCASION_TABLE, given)
    outcome = edit_occasion(store_path(db), occasion_id, changes, dry_run=dry_run)
    report_edited(outcome, dry_run, "occasion ")
