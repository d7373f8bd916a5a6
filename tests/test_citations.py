"""Citations invent nothing and escape everything: BibTeX specials, and no made-up title in
the plain and Markdown styles.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Runner
from hostile_helpers import (
    mini_data,
    write_store,
)

TEX_TEXT = "Costs $5 & 10% #1 a_b ~x ^y \\z {w}"


def _bib_field(entry: str, name: str) -> str:
    start = entry.index(f"  {name} = {{") + len(f"  {name} = {{")
    depth, end = 1, start
    while depth:
        depth += (
            {"{": 1, "}": -1}.get(entry[end], 0)
            if entry[end - 1] != "\\" or entry[end - 2 : end] == "\\\\"
            else 0
        )
        end += 1
    return entry[start : end - 1]


def test_bibtex_escapes_every_tex_special_and_invents_nothing(tmp_path: Path, run: Runner) -> None:
    data = mini_data()
    data["sources"]["2"]["author"] = "Ilgar VELIZADE, political expert"
    data["sources"]["2"]["title"] = None
    data["facts"]["110"]["sources"][0]["quote"] = TEX_TEXT
    path = write_store(tmp_path / "facts.json", data)
    result = run("cite", "F110", "--style", "bibtex", "--db", str(path))
    assert result.code == 0, result.err
    entry = result.out
    assert entry.startswith("@misc{")  # no title: not an article, and no invented one
    assert "Untitled" not in entry and "title =" not in entry
    assert "author = {{Ilgar VELIZADE, political expert}}" in entry
    note = _bib_field(entry, "note")
    for special in (
        "\\$",
        "\\&",
        "\\%",
        "\\#",
        "\\_",
        "\\textasciitilde{}",
        "\\textasciicircum{}",
        "\\textbackslash{}",
        "\\{w\\}",
    ):
        assert special in note, special
    assert entry.count("{") == entry.count("}") + note.count("\\}") - note.count("\\{")


def test_plain_and_markdown_citations_invent_no_title(tmp_path: Path, run: Runner) -> None:
    data = mini_data()
    data["sources"]["2"]["title"] = None
    path = write_store(tmp_path / "facts.json", data)
    for style in ("plain", "md"):
        result = run("cite", "F110", "--style", style, "--db", str(path))
        assert result.code == 0 and "Untitled" not in result.out, result.out
