"""The manual: one Markdown file a topic beside this module, printed by `kzturk help TOPIC`.

The README guides; the reference lives here, inside the installed tool, so it is at hand
offline and matches the version that prints it. A topic file is `<name>.md`: its first line
is `# Title`, its first paragraph after that a one-sentence summary (the topic list shows
it). Tests keep the topics true against the code (`tests/test_manual.py`): every option,
command, format and exit code they name exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzturk.errors import UsageError
from kzturk.suggest import did_you_mean

FOLDER = Path(__file__).resolve().parent

ORDER = (
    "filters",
    "json",
    "formats",
    "citations",
    "calendar",
    "stats",
    "trade",
    "agreements",
    "entities",
    "export",
    "curation",
    "store",
    "exit-codes",
    "speed",
    "development",
)
"""The order `kzturk help` lists topics in: reading first, writing and the code last.
Topics not named here follow in alphabetical order."""


@dataclass(frozen=True)
class Topic:
    """One page of the manual."""

    name: str
    title: str
    summary: str
    text: str


def _topic_from(path: Path) -> Topic:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    title = lines[0].removeprefix("# ").strip() if lines else path.stem
    paragraph: list[str] = []
    for line in lines[1:]:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            break
    return Topic(path.stem, title, " ".join(paragraph), text)


def topics() -> list[Topic]:
    """Every topic, in the manual's order."""
    found = {path.stem: path for path in FOLDER.glob("*.md")}
    rank = {name: index for index, name in enumerate(ORDER)}
    names = sorted(found, key=lambda name: (rank.get(name, len(ORDER)), name))
    return [_topic_from(found[name]) for name in names]


def topic(name: str) -> Topic:
    """The topic `name` (case-insensitive), or a usage error listing the topics."""
    wanted = name.strip().casefold()
    paths = {path.stem.casefold(): path for path in FOLDER.glob("*.md")}
    if wanted in paths:
        return _topic_from(paths[wanted])
    known = sorted(paths)
    hint = did_you_mean(wanted, known, 1)
    raise UsageError(
        f"no help topic {name!r}.{hint} Topics: {', '.join(known)}; `kzturk help` lists them"
    )
