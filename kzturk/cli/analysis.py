"""Analysis commands: conflicts between sources, and citations."""

from __future__ import annotations

from typing import Annotated

from kzturk.cli import direct
from kzturk.cli.app import app
from kzturk.cli.listing import listing
from kzturk.cli.options import DbOption, FactIdArgument, choice_option, open_store
from kzturk.cli.output import emit
from kzturk.errors import UsageError
from kzturk.render import CITATIONS, format_name, formats_for

# `cite --style` names the citation formats of the registry; "plain" is the table format's.
STYLE_ALIASES = {"plain": "table"}
STYLES = tuple(
    next((alias for alias, name in STYLE_ALIASES.items() if name == fmt), fmt)
    for fmt in formats_for(CITATIONS)
)


# Its body lives in `kzturk.cli.direct`, which also runs it without Typer.
app.command()(listing()(direct.conflicts))


@app.command()
def cite(
    fact_id: FactIdArgument,
    style: Annotated[
        str,
        choice_option(
            "--style",
            choices=STYLES,
            help="{choices}.",
        ),
    ] = "plain",
    db: DbOption = None,
) -> None:
    """Formatted citations for a fact's sources, each with its verbatim quote.

    Examples:

      kzturk cite F101

      kzturk cite F101 --style bibtex >> references.bib

      kzturk cite F101 --style md

      kzturk cite F101 --style csl-json > F101.json

      kzturk cite F101 --style ris >> references.ris
    """
    from kzturk.query import fact_by_id
    from kzturk.render.views import citations_view

    chosen = style.strip().casefold()
    if chosen not in STYLES:
        raise UsageError(f"--style: unknown style {style!r}. Valid: {', '.join(STYLES)}")
    fmt = format_name(STYLE_ALIASES.get(chosen, chosen), CITATIONS, "--style")
    store = open_store(db)
    emit(citations_view(fact_by_id(store, fact_id), store.sources), fmt)
