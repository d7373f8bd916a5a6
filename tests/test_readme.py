"""The README says what is true: its set-up block is what CI runs, the curation walkthrough
(in the manual's `adding` topic) runs as printed (on a copy of the bundled store) with the
outputs it shows, and the numbers of its "What the record holds" section are the bundled
store's."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import Runner

from kzturk.curate.ids import next_fact_id
from kzturk.store import bundled_store_path, load_store

README = Path(__file__).resolve().parent.parent / "README.md"
ADDING = Path(__file__).resolve().parent.parent / "kzturk" / "manual" / "adding.md"


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str, path: Path = README) -> str:
    """The text of the section headed `title` (of the README, or another Markdown file), up
    to the next heading of its level (a `#` line inside a fenced block is a shell comment,
    not a heading)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(
        next(line for line in lines if re.fullmatch(rf"#+ {re.escape(title)}", line))
    )
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    body: list[str] = []
    fenced = False
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(rf"#{{1,{level}}} ", line):
            break
        body.append(line)
    return "\n".join(body) + "\n"


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)


def test_the_set_up_block_is_two_commands_without_prompts() -> None:
    first = sh_blocks(readme())[0].strip().split("\n")
    assert len(first) == 2
    for line in first:
        assert not line.startswith(("$", ">", "#")), line
        assert line.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert first[0].endswith("kzturk timeline") and "[test]" in first[1]
    assert first[1].endswith("pytest")


def walkthrough_steps() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of the walkthrough's kzturk commands."""
    [block] = sh_blocks(section("From a public page to a committed fact", ADDING))
    steps: list[tuple[str, list[str]]] = []
    command = ""
    for line in block.split("\n"):
        if line.startswith("# -> "):
            steps[-1][1].append(line.removeprefix("# -> "))
        elif line.startswith("#") or not line.strip():
            continue
        else:
            command += line.rstrip("\\").strip() + " "
            if not line.endswith("\\"):
                steps.append((command.strip(), []))
                command = ""
    return steps


def test_the_walkthrough_runs_as_printed(
    tmp_path: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "try.json"
    copy.write_bytes(bundled_store_path().read_bytes())
    for name, value in {"KZTURK_DB": str(copy), "NO_COLOR": "1", "KZTURK_PAGER": ""}.items():
        monkeypatch.setenv(name, value)
    # The walkthrough prints the id its `kzturk add` gave when it was written; the store
    # has grown since (data branches number facts from ranges of their own), so that id
    # stands for whatever id the copy gives out next.
    printed = next(out[0] for cmd, out in walkthrough_steps() if cmd.startswith("kzturk add"))
    new_id = next_fact_id(copy)
    steps = [
        (command.replace(printed, new_id), [line.replace(printed, new_id) for line in expected])
        for command, expected in walkthrough_steps()
    ]
    assert [c.split()[0] for c, _ in steps].count("kzturk") >= 5
    ran = 0
    for command, expected in steps:
        argv = shlex.split(command)
        if argv[0] == "git":
            continue  # the store copy is not in a repository
        assert argv[0] == "kzturk", command
        result = run(*argv[1:])
        assert result.code == 0, (command, result.err)
        lines = result.out.splitlines()
        for wanted, got in zip(expected, lines, strict=False):
            assert got.startswith(wanted), (command, wanted, got)
        assert len(lines) >= len(expected), (command, result.out)
        ran += 1
    assert ran >= 5
    assert copy.read_bytes() != bundled_store_path().read_bytes()


def test_the_walkthrough_adds_the_id_its_later_steps_use() -> None:
    steps = walkthrough_steps()
    added = next(expected[0] for command, expected in steps if command.startswith("kzturk add"))
    later = section("From a public page to a committed fact", ADDING).split("Later:")[1]
    assert re.fullmatch(r"F\d+", added)
    ids_named = set(re.findall(r"\bF\d+\b", later))
    assert added in ids_named
    assert ids_named <= {added, f"F{int(added[1:]) + 1}"}  # the next one, for a second fact


# ---- the "What the record holds" section ----------------------------------------------


def number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.fixture(scope="module")
def sources_text() -> str:
    return " ".join(section("What the record holds").split())


def test_the_sources_section_counts_the_store(sources_text: str) -> None:
    store = load_store(bundled_store_path())
    sources = list(store.sources.values())
    pages = [s for s in sources if not s["archive"]]
    found = re.search(
        r"cites \*\*([\d,]+) sources\*\*: \*\*(\d+) archived articles\*\*.*?and "
        r"\*\*([\d,]+) reference pages\*\*, published from (\d{4}) to (\d{4})",
        sources_text,
    )
    assert found, sources_text[:300]
    total, archived, reference, first, last = found.groups()
    assert number(total) == len(sources)
    assert number(archived) == len(sources) - len(pages)
    assert number(reference) == len(pages)
    years = sorted(s["published"][:4] for s in sources if s["published"])
    assert (first, last) == (years[0], years[-1])


def test_the_sources_section_counts_the_record(sources_text: str, run: Runner) -> None:
    store = load_store(bundled_store_path())
    live = [f for f in store.facts if not f["retracted"]]
    found = re.search(
        r"The record holds ([\d,]+) facts \(([\d,]+) live; (\d+) retracted or merged\) about "
        r"(\d+) entities and (\d+) occasions; (\d+) disagreements",
        sources_text,
    )
    assert found, sources_text[-500:]
    counts = [number(g) for g in found.groups()]
    conflicts = run("conflicts", "--json", "--db", str(bundled_store_path()))
    assert conflicts.code == 0, conflicts.err
    assert counts == [
        len(store.facts),
        len(live),
        len(store.facts) - len(live),
        len(store.entities),
        len(store.occasions),
        len(json.loads(conflicts.out)),
    ]


# ---- the tour ---------------------------------------------------------------------------------


def tour_steps() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown) of each `$ kzturk ...` in the README's tour."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", section("A tour"), re.M | re.S):
        for line in block.rstrip("\n").split("\n"):
            if line.startswith("$ "):
                steps.append((line.removeprefix("$ "), []))
            else:
                steps[-1][1].append(line.rstrip())
    return steps


def test_the_tour_answers_at_least_eight_questions() -> None:
    questions = re.findall(r"^\*\*(.+?\?)\*\*", section("A tour"), re.M)
    assert len(questions) >= 8, questions
    assert len(tour_steps()) >= len(questions)


@pytest.mark.parametrize(("command", "shown"), tour_steps(), ids=[c for c, _ in tour_steps()])
def test_the_tour_runs_as_printed(
    command: str, shown: list[str], tmp_path: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command of the tour runs on the bundled store at 80 columns and prints the lines
    the README shows, in that order (a line `…` stands for lines left out). It runs through
    `main` in this process, as every command test does (the installed command is tested in
    tests/test_installed.py)."""
    argv = shlex.split(command)
    assert argv[0] == "kzturk", command
    store = str(bundled_store_path())
    for name, value in {
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "KZTURK_PAGER": "",
        "KZTURK_DB": store,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    result = run(*argv[1:])
    assert result.code == 0, (command, result.err)
    printed = [line.rstrip() for line in (result.out + result.err).splitlines()]
    position = 0
    for line in shown:
        if line == "…":
            continue
        assert line in printed[position:], (command, line, result.out[:3000])
        position = printed.index(line, position) + 1
