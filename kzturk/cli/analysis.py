"""Analysis commands: conflicts between sources, and citations."""

from __future__ import annotations

from typing import Annotated

import typer

from kzturk.cli.app import (
    AsOfOption,
    DbOption,
    FormatOption,
    JsonlOption,
    JsonOption,
    RetractedOption,
    SectorOption,
    app,
    as_of_date,
    completer,
    emit,
    open_store,
    output_format,
    unknown_id_message,
    vocabulary,
    write_out,
)
from kzturk.errors import UsageError
from kzturk.model import SECTORS


@app.command()
def conflicts(
    sector: SectorOption = None,
    as_of: AsOfOption = None,
    include_retracted: RetractedOption = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """Where sources disagree: a date, an amount, a count, a description.

    Each disagreement shows every version side by side with its source, publication date and
    verbatim quote. Numeric ones (same metric, period and direction, different amounts) are
    found automatically; the others come from links the curators recorded.

    Examples:

      kzturk conflicts

      kzturk conflicts --format md > disagreements.md

      kzturk conflicts --as-of 2023 --json
    """
    from kzturk.analysis import find_conflicts
    from kzturk.query import FactFilter, apply_filter
    from kzturk.render.views import conflicts_view

    spec = FactFilter(
        sectors=vocabulary(sector, SECTORS, "--sector"),
        as_of=as_of_date(as_of),
        include_retracted=include_retracted,
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    store = open_store(db)
    emit(
        conflicts_view(find_conflicts(apply_filter(store, spec, store.sources)), store.sources), fmt
    )


@app.command()
def cite(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id, e.g. F101.")],
    style: Annotated[
        str,
        typer.Option(
            "--style",
            metavar="STYLE",
            help="plain, md, bibtex or json.",
            autocompletion=completer(("plain", "md", "bibtex", "json")),
        ),
    ] = "plain",
    db: DbOption = None,
) -> None:
    """Formatted citations for a fact's sources, each with its verbatim quote.

    Examples:

      kzturk cite F101

      kzturk cite F101 --style bibtex >> references.bib

      kzturk cite F101 --style md
    """
    from kzturk.render.citation import STYLES, render_citations

    chosen = style.strip().casefold()
    if chosen not in STYLES:
        raise UsageError(f"--style: unknown style {style!r}. Valid: {', '.join(STYLES)}")
    store = open_store(db)
    fact = store.fact(fact_id) or store.fact(fact_id.strip().upper())
    if fact is None:
        raise UsageError(unknown_id_message("fact id", fact_id, [f["id"] for f in store]))
    write_out(render_citations(fact, store.sources, chosen), data=chosen == "json")
