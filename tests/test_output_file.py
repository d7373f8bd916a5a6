"""`-o FILE` / `--output FILE` on every listing: the output written atomically to a file.

The file gets exactly what stdout would (in UTF-8), stdout stays empty, and the file is
replaced whole or not at all: a temporary file in the same folder, renamed over it. A
folder, a path in a folder that does not exist, a device and the store being read are usage
errors (exit 2) that write nothing; a write that fails is exit 1 with the old file intact.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINI_STORE, Runner
from test_cli import ALL_COMMANDS, assert_one_line_error, assert_usage_error

LISTINGS = [
    *ALL_COMMANDS,
    ("conflicts",),
    ("entities",),
    ("occasions",),
    ("trade", "--chart"),
]


def argv_id(argv: tuple[str, ...]) -> str:
    return " ".join(argv)


@pytest.mark.parametrize("argv", LISTINGS, ids=argv_id)
@pytest.mark.parametrize("fmt", ["table", "json", "html"])
def test_every_listing_writes_what_it_would_print(
    run_mini: Runner, tmp_path: Path, argv: tuple[str, ...], fmt: str
) -> None:
    if "--chart" in argv and fmt != "table":
        fmt = "svg" if fmt == "html" else "table"
    printed = run_mini(*argv, "--format", fmt)
    assert printed.code == 0, printed.err
    out = tmp_path / "out.txt"
    written = run_mini(*argv, "--format", fmt, "-o", str(out))
    assert (written.code, written.out, written.err) == (0, "", "")
    assert out.read_bytes() == printed.out.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_the_long_form_and_a_dash(run_mini: Runner, tmp_path: Path) -> None:
    out = tmp_path / "deals.html"
    assert run_mini("deals", "--format", "html", "--output", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    dash = run_mini("deals", "--json", "-o", "-")  # '-' is standard output
    assert dash.code == 0 and dash.out.startswith("[")


def test_an_existing_file_is_replaced_whole_keeping_its_mode(
    run_mini: Runner, tmp_path: Path
) -> None:
    out = tmp_path / "t.html"
    out.write_text("x" * 10_000_000)  # longer than the page: nothing of it may remain
    out.chmod(0o600)
    assert run_mini("timeline", "--format", "html", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert "xxxx" not in text
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_symlink_is_followed(run_mini: Runner, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run_mini("deals", "--json", "-o", str(link)).code == 0
    assert link.is_symlink() and real.read_text().startswith("[")


def test_human_output_to_a_file_has_no_colour(
    run_mini: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    out = tmp_path / "t.txt"
    assert run_mini("deals", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 70


def test_pages_are_utf8_whatever_the_locale(run_mini: Runner, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    assert run_mini("timeline", "--format", "html", "-o", str(out)).code == 0
    assert "Erdoğan" in out.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("target", "fragments"),
    [
        ("{tmp}", ("is a folder",)),
        ("{tmp}/missing/page.html", ("folder", "does not exist")),
        ("{tmp}/a-file/page.html", ("is not a folder",)),
        ("/dev/null", ("not a regular file",)),
        ("", ("--output needs a file name",)),
        ("  ", ("--output needs a file name",)),
        (str(MINI_STORE), ("is the store being read",)),
    ],
    ids=["folder", "missing folder", "file as folder", "device", "empty", "blank", "store"],
)
def test_what_cannot_be_written_is_a_usage_error(
    run_mini: Runner, tmp_path: Path, target: str, fragments: tuple[str, ...]
) -> None:
    (tmp_path / "a-file").write_text("")
    before = sorted(p.name for p in tmp_path.iterdir())
    store = MINI_STORE.read_bytes()
    result = run_mini("timeline", "--format", "html", "-o", target.format(tmp=tmp_path))
    assert_usage_error(result, *fragments)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert MINI_STORE.read_bytes() == store


def test_an_error_before_writing_writes_nothing(run_mini: Runner, tmp_path: Path) -> None:
    out = tmp_path / "show.html"
    assert_usage_error(run_mini("show", "F999", "--format", "html", "-o", str(out)), "F999")
    assert not out.exists()


def test_a_failed_write_leaves_the_old_file(
    run_mini: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "t.html"
    out.write_text("the old page")

    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = run_mini("timeline", "--format", "html", "-o", str(out))
    assert result.code == 1
    assert_one_line_error(result, "write failed", "No space left on device", str(out))
    assert out.read_text() == "the old page"
    assert [p.name for p in tmp_path.iterdir()] == ["t.html"]  # the temporary file is gone


def test_a_folder_that_cannot_be_written_is_exit_1(
    run_mini: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = run_mini("deals", "--json", "-o", str(tmp_path / "d.json"))
    assert result.code == 1
    assert_one_line_error(result, "cannot write in", "Permission denied")


# ---- one target check for every command that writes a file ----------------------------------

WRITERS = {
    "deals -o": ("deals", "--json", "-o"),
    "timeline -o": ("timeline", "--format", "html", "-o"),
    "export json -o": ("export", "json", "-o"),
    "export csv -o": ("export", "csv", "-o"),
    "export jsonl -o": ("export", "jsonl", "--table", "sources", "-o"),
    "export sqlite PATH": ("export", "sqlite", "--force"),
    "export sqlite --metadata": ("export", "sqlite", "{tmp}/db.sqlite", "--force", "--metadata"),
}


def _writer(name: str, tmp: Path) -> list[str]:
    return [part.format(tmp=tmp) for part in WRITERS[name]]


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize(
    "make",
    ["fifo", "link to a fifo", "link to a device", "link to /proc/self/fd/1", "dev/stdout"],
)
def test_no_writer_replaces_what_is_not_a_regular_file(
    run_mini: Runner, tmp_path: Path, writer: str, make: str
) -> None:
    """A FIFO, a device or a descriptor link is refused before anything is written, and is
    left as it was (never replaced by a regular file)."""
    target = tmp_path / "target"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    if make == "fifo":
        target = fifo
    elif make == "link to a fifo":
        target.symlink_to(fifo)
    elif make == "link to a device":
        target.symlink_to("/dev/null")
    elif make == "link to /proc/self/fd/1":
        target.symlink_to("/proc/self/fd/1")
    else:
        target = Path("/dev/stdout")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_mini(*_writer(writer, tmp_path), str(target))
    assert_usage_error(result, str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert fifo.is_fifo()
    if make.startswith("link"):
        assert (tmp_path / "target").is_symlink()


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_writer_writes_through_a_link_keeping_the_mode(
    run_mini: Runner, tmp_path: Path, writer: str
) -> None:
    real = tmp_path / "real"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(real)
    result = run_mini(*_writer(writer, tmp_path), str(link))
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != b"old"
    assert real.stat().st_mode & 0o777 == 0o600
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("given", ["{tmp}/site/", "{tmp}/", "{tmp}/site/."])
def test_a_folder_name_is_never_made_a_file(
    run_mini: Runner, tmp_path: Path, writer: str, given: str
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_mini(*_writer(writer, tmp_path), given.format(tmp=tmp_path))
    assert_usage_error(result, "folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("command", [("export", "json"), ("export", "csv"), ("deals", "--json")])
def test_a_dash_is_standard_output(
    run_mini: Runner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    os.chdir(tmp_path)
    plain = run_mini(*command)
    dashed = run_mini(*command, "-o", "-")
    assert (dashed.code, dashed.out) == (0, plain.out) and plain.out
    assert list(tmp_path.iterdir()) == []


def test_dev_stdout_into_a_pipe_is_a_usage_error() -> None:
    """`kzturk deals --json -o /dev/stdout | cat`: exit 2 (use the redirection), not 1."""
    import subprocess

    from hostile_helpers import KZTURK

    done = subprocess.run(
        f"'{KZTURK}' deals --json -o /dev/stdout --db '{MINI_STORE}' | cat; "
        'echo "exit ${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip().splitlines()[-1] == "exit 2", done.stderr
    assert done.stderr.startswith("kzturk: error: ") and done.stderr.count("\n") == 1
    assert "/dev/stdout" in done.stderr
