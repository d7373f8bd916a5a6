"""Agreements through their lives: `kzturk agreements` (status on a day, one agreement's
life) and their curation, `kzturk agreement add|step|edit`."""

from typing import Annotated, Any

import typer

from kzturk.cli.app import app, command_group
from kzturk.cli.completion import agreement_ids, source_ids
from kzturk.cli.field_options import read_options, with_options
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import store_path
from kzturk.cli.writes import WRITE_TIP, DryRunOption, WriteDbOption, report_added, report_edited
from kzturk.errors import UsageError
from kzturk.model import AGREEMENT_TABLE, STEP_FIELDS
from kzturk.render import AGREEMENTS, DETAIL

agreement_app = command_group(
    "agreement",
    "Add agreements and the steps of their lives (kzturk agreement add, step, edit).",
)

AgreementIdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The agreement (kzturk agreements lists them).",
        autocompletion=agreement_ids,
    ),
]


@app.command()
@listing(layouts=(AGREEMENTS, DETAIL))
def agreements(
    options: Listing,
    agreement_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One agreement: its life as a short timeline, and the facts about it.",
            autocompletion=agreement_ids,
        ),
    ] = None,
    in_force: Annotated[
        bool, typer.Option("--in-force", help="Only agreements in force (today, or on --as-of).")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Status on DATE (its last day), from the steps dated by then.",
        ),
    ] = None,
) -> None:
    """Kazakhstan–Turkey agreements through their lives: signed (date and place), each
    party's ratification, in force since, and status today or on --as-of; --since and
    --until select by the date of signing. With an ID, that agreement's life step by step.

    Examples:

      kzturk agreements --in-force

      kzturk agreements --in-force --as-of 2010-01-01

      kzturk agreements 1995-civil-legal-assistance

      kzturk agreements --format ics -o agreements.ics
    """
    from kzturk.agreements import agreement_by_id, select_agreements
    from kzturk.filters.values import as_of_date
    from kzturk.render.agreement_views import agreement_detail_view, agreements_view

    options.use(AGREEMENTS if agreement_id is None else DETAIL)
    spec = options.spec()
    when = as_of_date(as_of)
    store = options.store()
    if agreement_id is None:
        selection = select_agreements(
            store,
            in_force=in_force,
            as_of=when,
            party=spec.party,
            since=spec.dates.since,
            until=spec.dates.until,
        )
        options.emit(agreements_view(selection, store))
        return
    if in_force or as_of is not None:
        raise UsageError("--in-force and --as-of select agreements; leave them out with an ID")
    agreement = agreement_by_id(store, agreement_id)
    facts = [f for f in (store.fact(i) for i in agreement["facts"]) if f is not None]
    options.emit(agreement_detail_view(agreement, facts, store))


_SIGNED_HELP = {
    "date": "The date it was signed (the signing step).",
    "place": "Where it was signed.",
    "by": "Who signed it.",
    "sources": "A source that reports the signing (repeatable).",
}


@agreement_app.command("add", epilog=WRITE_TIP)
@with_options(AGREEMENT_TABLE, "add")
def agreement_add(
    signed: Annotated[
        str | None, typer.Option("--signed", metavar="DATE", help=_SIGNED_HELP["date"])
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="PLACE", help=_SIGNED_HELP["place"])
    ] = None,
    signed_by: Annotated[
        str | None, typer.Option("--signed-by", metavar="NAME", help=_SIGNED_HELP["by"])
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", metavar="SOURCE", help=_SIGNED_HELP["sources"], autocompletion=source_ids
        ),
    ] = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **given: Any,
) -> None:
    """Add an agreement with the step that signed it; print its id. --id, --title and a
    --source for the signing are required (--signed, its date, when a source gives it).

    Example:

    \b
      kzturk agreement add --id 2003-customs-cooperation --form agreement \\
        --title "Agreement on cooperation and mutual assistance in customs matters" \\
        --party kazakhstan --party turkey --signed 2003-05-22 --place Ankara \\
        --source d-adilet-2004-02-26
    """
    from kzturk.curate import add_agreement

    fields = read_options(AGREEMENT_TABLE, given)
    missing = [o for o, v in (("--id", "id"), ("--title", "title")) if not fields.get(v)]
    if not source:
        missing.append("--source")
    if missing:
        raise UsageError(f"agreement add needs {', '.join(missing)}")
    step = {"date": signed, "place": place, "by": signed_by, "sources": source}
    outcome = add_agreement(store_path(db), fields, step, dry_run=dry_run)
    report_added(outcome, dry_run, "agreement ")


@agreement_app.command("step", epilog=WRITE_TIP)
@with_options(STEP_FIELDS, "add")
def agreement_step(
    agreement_id: AgreementIdArgument,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **given: Any,
) -> None:
    """Add a step to an agreement's life: --kind (approved, signed, submitted, ratified, in-force,
    amended, suspended, terminated, expired, superseded), its --date and a --source.

    Examples:

    \b
      kzturk agreement step 2003-customs-cooperation --kind submitted --party kazakhstan \\
        --date 2004-02-26 --number "No. 229" --source d-adilet-2004-02-26

    \b
      kzturk agreement step 2009-yasawi-university --kind amended \\
        --agreement 2009-yasawi-university-protocol --source d-zakonpravo-2012-01-09
    """
    from kzturk.curate import add_step

    fields = read_options(STEP_FIELDS, given)
    if not fields.get("kind"):
        raise UsageError(
            "agreement step needs --kind: " + ", ".join(STEP_FIELDS[0].vocabulary or ())
        )
    outcome = add_step(store_path(db), agreement_id, fields, dry_run=dry_run)
    report_edited(outcome, dry_run, "agreement ")


@agreement_app.command("edit", epilog=WRITE_TIP)
@with_options(AGREEMENT_TABLE, "edit")
def agreement_edit(
    agreement_id: AgreementIdArgument,
    add_fact: Annotated[
        list[str] | None,
        typer.Option("--add-fact", metavar="FACT", help="Attach one more fact (repeatable)."),
    ] = None,
    db: WriteDbOption = None,
    dry_run: DryRunOption = False,
    **given: Any,
) -> None:
    """Correct an agreement: the options given replace those fields (--fact the whole list;
    --add-fact attaches one more fact about it).

    Example:

      kzturk agreement edit 2009-strategic-partnership --add-fact F367
    """
    from kzturk.curate import edit_agreement

    changes = read_options(AGREEMENT_TABLE, given)
    append = {"facts": [f.strip() for f in add_fact or [] if f.strip()]}
    outcome = edit_agreement(store_path(db), agreement_id, changes, append=append, dry_run=dry_run)
    report_edited(outcome, dry_run, "agreement ")
