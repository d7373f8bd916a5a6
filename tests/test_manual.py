"""`kzturk help` and the manual's topics, kept true against the code: every command, option,
format and exit code a topic names exists, and every topic is listed and linked."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import MINI_STORE, Runner

from kzturk.manual import FOLDER, topic, topics
from kzturk.render import FORMAT_TABLE

README = Path(__file__).resolve().parent.parent / "README.md"
TOPIC_FILES = sorted(FOLDER.glob("*.md"))


def _commands() -> dict[str, Any]:
    """Every command path ('deals', 'source add') with its Click command."""
    from kzturk.cli.app import load_commands

    root = typer.main.get_command(load_commands())
    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:
        if path:
            found[path] = command
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(root, "")
    return found


def _options() -> set[str]:
    names = {"--help", "-h", "--version", "-V", "--install-completion", "--show-completion"}
    for command in _commands().values():
        for param in command.params:
            names.update(getattr(param, "opts", []))
            names.update(getattr(param, "secondary_opts", []))
    return names


def _code_spans(text: str) -> list[str]:
    """Inline code and the lines of code blocks: where a topic names commands and options."""
    spans = re.findall(r"`([^`\n]+)`", text)
    inside = False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            spans.append(line)
    return spans


def test_every_topic_has_a_title_and_a_summary() -> None:
    assert TOPIC_FILES, "the manual has no topics"
    for found in topics():
        assert found.text.startswith(f"# {found.title}\n"), found.name
        assert 20 <= len(found.summary) <= 240, (found.name, found.summary)
        assert found.summary.endswith("."), found.name


def test_help_lists_every_topic(run: Runner) -> None:
    result = run("help", "--json")
    assert result.code == 0
    assert [r["topic"] for r in result.json] == [t.name for t in topics()]
    assert sorted(r["topic"] for r in result.json) == sorted(p.stem for p in TOPIC_FILES)


def test_a_topic_prints_its_text_as_written_when_piped(run: Runner) -> None:
    for path in TOPIC_FILES:
        result = run("help", path.stem)
        assert result.code == 0, result.err
        assert result.out == path.read_text(encoding="utf-8").rstrip("\n") + "\n"


def test_a_topic_is_drawn_for_a_colour_terminal(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    result = run("help", "exit-codes", "--no-pager")
    assert result.code == 0
    assert "\x1b[" in result.out  # styled by Rich
    assert "# Errors and exit codes" not in result.out  # the heading is drawn, not shown raw
    assert "Errors and exit codes" in result.out
    assert all(len(line) <= 80 for line in re.sub(r"\x1b\[[0-9;]*m", "", result.out).split("\n"))


def test_a_topic_as_json_and_markdown(run: Runner) -> None:
    record = run("help", "store", "--json").json
    assert record["topic"] == "store" and record["text"] == topic("store").text
    assert run("help", "store", "--format", "md").out.startswith("# The store and its checks\n")


def test_an_unknown_topic_is_a_usage_error_with_a_suggestion(run: Runner) -> None:
    result = run("help", "stor")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "'store'" in result.err and "kzturk help" in result.err


def test_topic_names_are_case_insensitive(run: Runner) -> None:
    assert run("help", "STORE").out == run("help", "store").out


@pytest.mark.parametrize("path", TOPIC_FILES, ids=lambda p: p.stem)
def test_every_command_a_topic_names_exists(path: Path) -> None:
    commands = _commands()
    text = path.read_text(encoding="utf-8")
    for span in _code_spans(text):
        for match in re.finditer(r"(?<![\w/.-])kzturk ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?", span):
            first, second = match.group(1), match.group(2)
            assert first in commands, f"{path.name}: `kzturk {first}` is no command ({span!r})"
            if getattr(commands[first], "commands", None) and second:
                assert f"{first} {second}" in commands, f"{path.name}: `{match.group(0)}`"


@pytest.mark.parametrize("path", TOPIC_FILES, ids=lambda p: p.stem)
def test_every_option_a_topic_names_exists(path: Path) -> None:
    known = _options()
    text = path.read_text(encoding="utf-8")
    for span in _code_spans(text):
        if span.lstrip().startswith(("pip ", "python", "git ", "jq ", "datasette", "sqlite")):
            continue
        for option in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", span):
            assert option in known, f"{path.name}: {option} is no option of kzturk ({span!r})"


def test_the_formats_topic_names_every_format() -> None:
    text = topic("formats").text
    for row in FORMAT_TABLE:
        assert f"`{row.name}`" in text, f"formats.md does not name the {row.name} format"


def test_the_citations_topic_names_every_style_of_cite() -> None:
    from kzturk.cli.analysis import STYLES

    text = topic("citations").text
    for style in STYLES:
        assert f"| `{style}` |" in text, f"citations.md does not name the {style} style"


def test_the_exit_codes_topic_matches_the_errors() -> None:
    from kzturk.errors import Interrupted, KzturkError, StoreError, UsageError

    table = re.findall(r"^\| (\d+) \|", topic("exit-codes").text, flags=re.M)
    codes = {int(code) for code in table}
    for error in (KzturkError, StoreError, UsageError, Interrupted):
        assert error.exit_code in codes, error
    assert 141 in codes  # a closed pipe
    assert codes <= {0, 1, 2, 130, 141}


def test_the_readme_links_every_topic() -> None:
    readme = README.read_text(encoding="utf-8")
    for path in TOPIC_FILES:
        assert f"kzturk/manual/{path.name}" in readme, f"README does not link {path.name}"
        assert f"kzturk help {path.stem}" in readme, f"README does not name {path.stem}"


def test_changes_in_a_clone_compares_the_clones_store(tmp_path: Path) -> None:
    """`kzturk changes REV` in a git work tree whose top holds facts.json compares that file,
    as a user in a clone means it, not the copy installed in the package."""

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    shutil.copy(MINI_STORE, tmp_path / "facts.json")
    git("init", "-q")
    git("add", "facts.json")
    git("commit", "-q", "-m", "start")
    subprocess.run(
        [sys.executable, "-m", "kzturk", "retract", "F101", "--reason", "a test's reason"],
        cwd=tmp_path,
        env={**os.environ, "KZTURK_DB": str(tmp_path / "facts.json")},
        capture_output=True,
        check=True,
    )
    (tmp_path / "sub").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "KZTURK_DB"}
    result = subprocess.run(
        [sys.executable, "-m", "kzturk", "changes", "HEAD", "--json"],
        cwd=tmp_path / "sub",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    changed = json.loads(result.stdout)["facts"]
    assert [(c["id"], c["change"]) for c in changed] == [("F101", "retracted")]
