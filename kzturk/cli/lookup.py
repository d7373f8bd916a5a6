"""Lookup commands: deals, timeline, search, show, sources, sectors, schema, check.

Each parses its options, makes one library call and hands the result to a view.
"""

from typing import Annotated

import typer

from kzturk.cli import direct
from kzturk.cli.app import app
from kzturk.cli.completion import source_ids
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import (
    EPILOG_TIP,
    DbOption,
    FactIdArgument,
    store_path,
)
from kzturk.cli.output import one_line, say, write_out
from kzturk.render import DETAIL

# The lookups the direct path also runs (`kzturk.cli.direct`): their bodies live there;
# those that take positional arguments are declared below, with Typer's help for them.
for _name in ("deals", "timeline"):
    _row = direct.DIRECT[_name]
    app.command(epilog=EPILOG_TIP)(listing(layouts=_row.layouts)(_row.run))


def search(
    options: Listing,
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="TERM...",
            help="Words to find; every one must match a whole word. 'anka*' matches a "
            "prefix, '\"two words\"' a phrase.",
        ),
    ],
) -> None:
    direct.search(options, terms)


search.__doc__ = direct.search.__doc__  # the help, with the body, lives in `direct`
app.command()(listing()(search))


def show(options: Listing, fact_id: FactIdArgument) -> None:
    direct.show(options, fact_id)


show.__doc__ = direct.show.__doc__  # the help, with the body, lives in `direct`
app.command()(listing(layouts=(DETAIL,))(show))


def sources(
    options: Listing,
    source_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Show one source in full.", autocompletion=source_ids),
    ] = None,
) -> None:
    direct.sources(options, source_id)


sources.__doc__ = direct.sources.__doc__  # the help, with the body, lives in `direct`
app.command()(listing()(sources))
app.command()(listing()(direct.sectors))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the store (sources and facts).

    Example:

      kzturk schema > facts.schema.json
    """
    from kzturk.render.json_format import json_text
    from kzturk.schema import store_json_schema

    write_out(json_text(store_json_schema()), data=True)


@app.command()
def check(
    db: DbOption = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite the file in canonical format (atomically).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Problems as JSON.")] = False,
) -> None:
    """Validate a store: schema, vocabulary, ids, sources, verbatim quotes, dates, format.

    Prints every problem with the id of the record it is in; exits 1 if there is any.

    Examples:

      kzturk check

      kzturk check --db my-facts.json --fix
    """
    from kzturk.check import check_store
    from kzturk.curate import fix_store
    from kzturk.render.json_format import json_text

    path = store_path(db)
    if fix and fix_store(path):
        say(f"rewrote {path} in canonical format")
    problems = check_store(path)
    if as_json:
        records = [{"record": p.record, "problem": p.message} for p in problems]
        write_out(json_text(records), data=True)
    else:
        write_out("".join(f"{one_line(str(problem))}\n" for problem in problems))
    if problems:
        say(f"{len(problems)} problem(s) in {path}")
        raise typer.Exit(1)
    if not as_json:
        write_out(f"ok: {one_line(str(path))} is valid\n")
