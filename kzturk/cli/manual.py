"""`kzturk help`: the manual inside the tool, one topic a page."""

from __future__ import annotations

from typing import Annotated

import typer

from kzturk.cli.app import app
from kzturk.cli.options import choice_option, output_format
from kzturk.cli.output import emit
from kzturk.render import DOCUMENT, TABLES, formats_for


def _topic_names(incomplete: str) -> list[str]:
    from kzturk.manual import topics

    return [t.name for t in topics() if t.name.startswith(incomplete.casefold())]


@app.command(name="help")
def help_(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="A topic of the manual; without one, the list of topics.",
            autocompletion=_topic_names,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        choice_option(
            "--format",
            "-f",
            choices=tuple(dict.fromkeys(formats_for(TABLES) + formats_for(DOCUMENT))),
            help="Output: {choices} (a topic: table, md or json).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print straight to the terminal, without a pager.")
    ] = False,
) -> None:
    """The manual: filters and dates, the JSON contract, formats and pages, export and
    changes, curation, the store and its checks, exit codes and more, one topic a page
    (through the pager at a terminal, plain Markdown when piped).

    Examples:

      kzturk help

      kzturk help filters

      kzturk help json | less
    """
    from kzturk.manual import topic as find_topic
    from kzturk.manual import topics
    from kzturk.render.manual_views import topic_view, topics_view

    if topic is None:
        emit(topics_view(topics()), output_format(fmt, as_json, False), pager=not no_pager)
        return
    view = topic_view(find_topic(topic))
    emit(view, output_format(fmt, as_json, False, DOCUMENT), pager=not no_pager)
