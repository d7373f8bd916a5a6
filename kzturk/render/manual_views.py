"""`kzturk help`: the manual's topic list as a table, and one topic as a document."""

from __future__ import annotations

from collections.abc import Sequence

from kzturk.manual import Topic
from kzturk.render import DOCUMENT, Column, Section, View
from kzturk.render.records import flat_plain

TOPIC_COLUMNS = [
    Column("Topic", lambda r: r["topic"], no_wrap=True),
    Column("What it covers", lambda r: r["summary"], main=True),
]


def topics_view(topics: Sequence[Topic]) -> View:
    """The topics with the sentence that says what each covers."""
    records = [{"topic": t.name, "title": t.title, "summary": t.summary} for t in topics]
    return View(
        title="kzturk help: the manual",
        records=records,
        flat=flat_plain,
        csv_header=("topic", "title", "summary"),
        sections=[Section("Topics", records, TOPIC_COLUMNS)],
        footer="kzturk help TOPIC prints one topic.",
    )


def topic_view(topic: Topic) -> View:
    """One topic: its Markdown text, printed as it is or drawn for a colour terminal."""
    record = {"topic": topic.name, "title": topic.title, "summary": topic.summary}
    return View(
        title=topic.title,
        records=[{**record, "text": topic.text}],
        flat=flat_plain,
        sections=[],
        layout=DOCUMENT,
        single=True,
    )
