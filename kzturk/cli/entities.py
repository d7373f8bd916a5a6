"""Entities and occasions: `kzturk entities`, `kzturk occasions`, and their curation,
`kzturk entity add|edit` and `kzturk occasion add|edit`."""

from typing import Annotated, Any

import typer

from kzturk.cli.app import app
from kzturk.cli.completion import completer, entity_names, occasion_ids
from kzturk.cli.field_options import read_options, with_options
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import store_path, vocabulary
from kzturk.cli.output import say
from kzturk.cli.writes import WRITE_TIP, DryRunOption, WriteDbOption, report
from kzturk.curate import parse
from kzturk.errors import UsageError
from kzturk.model import ENTITY_TABLE, ENTITY_TYPES, OCCASION_TABLE
from kzturk.render import DETAIL, TABLES

entity_app = typer.Typer(
    name="entity",
    help="Add and correct entities (kzturk entity add, kzturk entity edit).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
occasion_app = typer.Typer(
    name="occasion",
    help="Add and correct occasions (kzturk occasion add, kzturk occasion edit).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(entity_app, name="entity")
app.add_typer(occasion_app, name="occasion")


@app.command()
@listing()
def entities(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="One entity, by its name, any alias or its id.",
            autocompletion=entity_names,
        ),
    ] = None,
    entity_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            help=f"Only entities of this type (repeatable): {', '.join(ENTITY_TYPES)}.",
            autocompletion=completer(ENTITY_TYPES),
        ),
    ] = None,
    **given: Any,
) -> None:
    """The countries, people, companies, organisations and places the facts name, each with
    its other names and how many facts name it; with a NAME, that entity and its facts.

    Examples:

      kzturk entities --type company

      kzturk entities tusas

      kzturk entities Nur-Sultan --json
    """
    from kzturk.entities import facts_naming, find_entity, list_entities, party_counts
    from kzturk.render.detail_views import entity_detail_view
    from kzturk.render.views import entities_view

    types = vocabulary(entity_type, ENTITY_TYPES, "--type")
    options = Listing(given, TABLES if name is None else DETAIL)
    store = options.store()
    if name is None:
        chosen = list_entities(store, types)
        filters = [f"type {', '.join(types)}"] if types else []
        options.emit(entities_view(chosen, party_counts(store), filters))
        return
    entity = find_entity(store, name)
    options.emit(entity_detail_view(entity, facts_naming(store, entity)))


@app.command()
@listing()
def occasions(
    occasion_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="One occasion and its facts.", autocompletion=occasion_ids
        ),
    ] = None,
    **given: Any,
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

    options = Listing(given, TABLES if occasion_id is None else DETAIL)
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
    """Add an entity; print its id. --id, --name and --type are required.

    Examples:

    \\b
      kzturk entity add --id tai --name "Turkish Aerospace" --type company \\\\
        --alias "Turkish Aerospace Industries" --alias TAI --alias TUSAŞ

    \\b
      kzturk entity add --id astana --name Astana --type place \\\\
        --alias "Nur-Sultan@2019-03-20/2022-09-17" --alias Akmola@/1998-05-06
    """
    from kzturk.curate import add_entity

    fields = read_options(ENTITY_TABLE, given)
    missing = [f"--{n}" for n in ("id", "name", "type") if not fields.get(n)]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (see 'kzturk entity add --help')")
    outcome = add_entity(store_path(db), fields, dry_run=dry_run)
    added = f"{'would add' if dry_run else 'added'} entity {outcome.record['id']} to"
    report(outcome, added, dry_run, result=outcome.record["id"])


@entity_app.command("edit", epilog=WRITE_TIP)
@with_options(ENTITY_TABLE, "edit")
def entity_edit(
    entity_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The entity to correct.", autocompletion=entity_names),
    ],
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
    if not outcome.changed:
        say(f"entity {outcome.record['id']}: nothing changed")
        return
    done = "would edit" if dry_run else "edited"
    report(
        outcome, f"{done} entity {outcome.record['id']} ({', '.join(outcome.changed)}) in", dry_run
    )


@occasion_app.command("add", epilog=WRITE_TIP)
@with_options(OCCASION_TABLE, "add")
def occasion_add(db: WriteDbOption = None, dry_run: DryRunOption = False, **given: Any) -> None:
    """Add an occasion; print its id. --id, --name, --kind and --date are required;
    participants are entities, by id, name or alias.

    Example:

    \\b
      kzturk occasion add --id 2022-05-tokayev-turkey --kind visit \\\\
        --name "Tokayev's state visit to Turkey" --date 2022-05-10 --date-end 2022-05-11 \\\\
        --place Ankara --participant tokayev --participant erdogan
    """
    from kzturk.curate import add_occasion

    fields = read_options(OCCASION_TABLE, given)
    missing = [f"--{n}" for n in ("id", "name", "kind", "date") if not fields.get(n)]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (see 'kzturk occasion add --help')")
    outcome = add_occasion(store_path(db), fields, dry_run=dry_run)
    report(
        outcome,
        f"{'would add' if dry_run else 'added'} occasion {outcome.record['id']} to",
        dry_run,
        result=outcome.record["id"],
    )


@occasion_app.command("edit", epilog=WRITE_TIP)
@with_options(OCCASION_TABLE, "edit")
def occasion_edit(
    occasion_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The occasion to correct.", autocompletion=occasion_ids),
    ],
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
    if not outcome.changed:
        say(f"occasion {outcome.record['id']}: nothing changed")
        return
    done = "would edit" if dry_run else "edited"
    report(
        outcome,
        f"{done} occasion {outcome.record['id']} ({', '.join(outcome.changed)}) in",
        dry_run,
    )
