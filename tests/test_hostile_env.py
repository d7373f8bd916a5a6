"""Hostile environments: colour settings, real and odd terminals, narrow widths, ASCII
locales, closed and full pipes, stdin from nowhere. The installed command runs in a
subprocess wherever a real pipe or terminal matters (a pty for the terminal cases)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import MINI_STORE, Runner, sha256, strict_json
from hostile_helpers import (
    KZTURK,
    SGR,
    Done,
    assert_no_control,
    assert_one_line_error,
    environment,
    hostile_data,
    kzturk,
    kzturk_in_pty,
    mini_data,
    write_store,
)
from rich.cells import cell_len

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

MINI = str(MINI_STORE)
BOX = re.compile("[\u2500-\u257f\u2580-\u259f]")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(write_store(tmp_path_factory.mktemp("hostile") / "facts.json", hostile_data()))


@pytest.fixture(scope="module")
def medium_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The mini store's facts 150 times over: every listing is far bigger than a pipe buffer."""
    data = mini_data()
    facts = {}
    for copy in range(150):
        for fact in data["facts"].values():
            number = 1000 + copy * 100 + int(fact["id"][1:]) - 100
            facts[str(number)] = {
                **fact,
                "id": f"F{number}",
                "summary": f"{fact['summary']} {copy}",
            }
    data["facts"] = facts
    return str(write_store(tmp_path_factory.mktemp("medium") / "facts.json", data))


def ok(done: Done) -> str:
    assert done.code == 0, (done.code, done.error)
    assert done.err == b"", done.error
    return done.text


def widest(text: str) -> int:
    return max((cell_len(SGR.sub("", line)) for line in text.splitlines()), default=0)


# ---- colour and terminals -------------------------------------------------------------------

TTY_COLOUR = [
    ({}, True),
    ({"NO_COLOR": "1"}, False),
    ({"NO_COLOR": ""}, True),  # no-color.org: an empty NO_COLOR is as if unset
    ({"TERM": "dumb"}, False),
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, True),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ({"TERM": ""}, True),
]


@pytest.mark.parametrize(("extra", "colour"), TTY_COLOUR, ids=lambda v: repr(v))
def test_colour_on_a_real_terminal(extra: dict[str, str], colour: bool) -> None:
    out = ok(kzturk_in_pty("timeline", "--db", MINI, env=environment(**extra), columns=100))
    assert ("\x1b[" in out) is colour, out[:200]
    assert_no_control(out, extra, colour=True)
    assert widest(out) <= 100
    assert "Kazakhstan agreed to assemble ANKA drones" in SGR.sub("", out)


@pytest.mark.parametrize("extra", [{"FORCE_COLOR": "1"}, {"FORCE_COLOR": "1", "TERM": "dumb"}])
def test_force_color_colours_a_pipe(extra: dict[str, str]) -> None:
    out = ok(kzturk("deals", "--db", MINI, env=environment(**extra)))
    assert "\x1b[" in out
    assert_no_control(out, extra, colour=True)


@pytest.mark.parametrize(
    "argv",
    [
        ("deals",),
        ("timeline", "--context"),
        ("trade",),
        ("trade", "--chart"),
        ("show", "F101"),
        ("sources", "alpha"),
        ("cite", "F101"),
        ("conflicts",),
    ],
    ids=" ".join,
)
def test_store_escapes_are_defused_on_a_colour_terminal(
    hostile_store: str, argv: tuple[str, ...]
) -> None:
    """Colour is on, so kzturk prints its own SGR codes; the store's sequences must still
    arrive without their ESC, BEL, CR or C1 bytes."""
    out = ok(kzturk_in_pty(*argv, "--db", hostile_store, env=environment(), columns=120))
    assert_no_control(out, argv, colour=True)
    assert "\x1b[31mred" not in out
    assert "\x1b]" not in out


@pytest.mark.parametrize("columns", [30, 50, 80, 130])
def test_terminal_width_comes_from_the_terminal(columns: int) -> None:
    for argv in (("deals",), ("timeline",), ("trade",), ("show", "F102")):
        out = ok(kzturk_in_pty(*argv, "--db", MINI, env=environment(), columns=columns))
        assert widest(out) <= max(columns, 20), (argv, columns)


def test_columns_wins_over_the_terminal_size() -> None:
    env = environment(COLUMNS="40")
    out = ok(kzturk_in_pty("deals", "--db", MINI, env=env, columns=150))
    assert widest(out) <= 40


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        ("40", 40),
        ("0", 20),
        ("-5", 20),
        ("abc", 80),
        ("", 80),
        ("1e3", 80),
        (" 60 ", 60),
        ("99999999999", None),
    ],
)
def test_odd_columns_values(
    run: Runner, monkeypatch: pytest.MonkeyPatch, hostile_store: str, value: str, limit: int | None
) -> None:
    monkeypatch.setenv("COLUMNS", value)
    for argv in (("deals",), ("timeline",), ("trade",), ("trade", "--chart"), ("show", "F101")):
        for db in (MINI, hostile_store):
            result = run(*argv, "--db", db)
            assert (result.code, result.err) == (0, ""), (argv, value, result.err)
            assert_no_control(result.out, (argv, value))
            if limit is not None and "--chart" not in argv:
                assert widest(result.out) <= limit, (argv, value)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_trade_chart_fits_the_width(
    run: Runner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("trade", "--chart", "--db", MINI)
    assert result.code == 0, result.err
    assert widest(result.out) <= width, result.out


def test_output_to_a_file_is_plain_and_the_same_as_to_a_pipe(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with target.open("wb") as out:
        done = subprocess.run(
            [str(KZTURK), "timeline", "--db", MINI],
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=environment(),
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert text == ok(kzturk("timeline", "--db", MINI))


# ---- encodings and locales ------------------------------------------------------------------

ASCII_ENVS = [
    {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"},
    {"PYTHONIOENCODING": "ascii"},
    {"LC_ALL": "C", "LANG": "C"},
    {"LC_ALL": "POSIX", "LANG": ""},
    {"PYTHONIOENCODING": "latin-1"},
]
HUMAN = [
    ("timeline",),
    ("deals", "--format", "md"),
    ("show", "F101"),
    ("sources", "alpha"),
    ("cite", "F108"),
    ("trade", "--chart"),
    ("sectors",),
]


@pytest.mark.parametrize(
    "extra", ASCII_ENVS, ids=lambda e: " ".join(f"{k}={v}" for k, v in e.items())
)
def test_ascii_and_c_locales(extra: dict[str, str], hostile_store: str) -> None:
    env = environment(**extra)
    ascii_out = extra.get("PYTHONIOENCODING") == "ascii"
    for argv in HUMAN if extra == ASCII_ENVS[0] else HUMAN[:3]:
        done = kzturk(*argv, "--db", hostile_store, env=env)
        assert done.code == 0, (argv, done.error)
        assert done.err == b"", (argv, done.error)
        text = done.out.decode(
            "ascii"
            if ascii_out
            else "latin-1"
            if extra.get("PYTHONIOENCODING") == "latin-1"
            else "utf-8"
        )
        assert_no_control(text, (argv, extra))
        if ascii_out and argv[0] in ("timeline", "show", "sources"):
            assert not BOX.search(text)
    # Data formats are UTF-8 whatever the locale says.
    for argv in (("deals", "--json"), ("show", "F102", "--jsonl"), ("deals", "--format", "csv")):
        done = kzturk(*argv, "--db", MINI, env=env)
        assert done.code == 0, (argv, done.error)
        assert "Erdoğan" in done.out.decode("utf-8"), argv
        if "csv" not in argv:
            strict_json(done.text)
    cited = kzturk("cite", "F108", "--style", "json", "--db", hostile_store, env=env)
    assert cited.code == 0, cited.error
    assert "[bold red]Breaking[/] news" in json.dumps(strict_json(cited.text), ensure_ascii=False)


@pytest.mark.parametrize("extra", ASCII_ENVS[:3], ids=lambda e: " ".join(e))
def test_errors_with_non_ascii_text_in_an_ascii_locale(extra: dict[str, str]) -> None:
    env = environment(**extra)
    for argv, code in (
        (("deals", "--sector", "dəfence"), 2),
        (("show", "F1ğ"), 2),
        (("deals", "--db", "/nonexistent/fäcts.json"), 1),
    ):
        done = kzturk(*argv, *(("--db", MINI) if "--db" not in argv else ()), env=env)
        assert done.code == code, (argv, done.error)
        assert done.out == b""
        assert_one_line_error(done.err.decode("utf-8", errors="strict"))


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        ((b"show", b"F1\xff"), 2),
        ((b"deals", b"--sector", b"\xff\xfe"), 2),
        ((b"deals", b"--\xff"), 2),
        ((b"\xff",), 2),
        ((b"deals", b"--db", b"/nonexistent/\xff.json"), 1),
        ((b"search", b"\xffanka", b"--format", b"md", b"--db", MINI.encode()), 0),
        ((b"deals", b"--party", b"\xc4", b"--json", b"--db", MINI.encode()), 2),  # no letters
    ],
    ids=repr,
)
def test_arguments_that_are_not_utf8(argv: tuple[bytes, ...], code: int) -> None:
    if b"--db" not in argv and argv[0] != b"\xff":
        argv = (*argv, b"--db", MINI.encode())
    done = kzturk(*argv)
    assert done.code == code, done.error
    if code:
        assert done.out == b""
        assert_one_line_error(done.err.decode("utf-8"))
    else:
        assert done.err == b""
        assert_no_control(done.out.decode("utf-8"))


# ---- pipes: closed, full, absent --------------------------------------------------------------

PIPED = [
    ("deals",),
    ("deals", "--json"),
    ("deals", "--jsonl"),
    ("deals", "--format", "csv"),
    ("deals", "--format", "md"),
    ("timeline", "--context"),
    ("trade",),
    ("trade", "--chart"),
    ("search", "a"),
    ("show", "F1001"),
    ("sources",),
    ("sources", "alpha"),
    ("sectors",),
    ("conflicts",),
    ("cite", "F1001", "--style", "bibtex"),
    ("schema",),
    ("--version",),
]


def _pipe_into_head(tmp_path: Path, argv: tuple[str, ...], db: str) -> tuple[int, str]:
    db_args = () if argv[0] in ("schema", "--version") else ("--db", db)
    line = " ".join(shlex.quote(a) for a in (str(KZTURK), *argv, *db_args))
    script = f'{line} 2>err.txt | head -c 1 >/dev/null; echo "${{PIPESTATUS[0]}}" > rc.txt'
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=environment(), timeout=60, check=False
    )
    assert done.returncode == 0
    code = int((tmp_path / "rc.txt").read_text())
    return code, (tmp_path / "err.txt").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("argv", PIPED, ids=" ".join)
def test_reader_that_takes_one_byte_and_leaves(
    tmp_path: Path, medium_store: str, argv: tuple[str, ...]
) -> None:
    """`kzturk ... | head -c 1`: output stops quietly (141, or 0 if it all fit in the pipe)."""
    code, err = _pipe_into_head(tmp_path, argv, medium_store)
    assert err == ""
    assert code in (0, 141), code
    big = argv[0] in ("deals", "timeline", "search")
    if big:
        assert code == 141, code


@pytest.mark.parametrize(
    "argv", [("deals",), ("deals", "--json"), ("schema",), ("cite", "F101")], ids=" ".join
)
def test_full_disk_on_stdout_is_one_line(argv: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(KZTURK), *argv, *(() if argv[0] == "schema" else ("--db", MINI))],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=environment(),
            timeout=60,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert_one_line_error(done.stderr.decode("utf-8"), "space")


def _shell(script: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, env=environment(), timeout=60, check=False
    )


@pytest.mark.parametrize(
    "argv", ["timeline --json", "schema", "--version", "show F101", "bogus"], ids=str
)
def test_closed_stdout(argv: str) -> None:
    db = f" --db {shlex.quote(MINI)}" if argv.split()[0] in ("timeline", "show") else ""
    done = _shell(f"{shlex.quote(str(KZTURK))} {argv}{db} >&-")
    assert done.returncode in (1, 2), done
    assert_one_line_error(done.stderr.decode("utf-8"))


def test_closed_stderr() -> None:
    kz = shlex.quote(str(KZTURK))
    bad = _shell(f"{kz} deals --sector defence --db {shlex.quote(MINI)} 2>&-")
    assert bad.returncode == 2
    assert bad.stdout == b""
    good = _shell(f"{kz} deals --json --db {shlex.quote(MINI)} 2>&-")
    assert good.returncode == 0
    assert [r["id"] for r in json.loads(good.stdout)] == ["F102", "F101", "F103", "F110"]
    both = _shell(f"{kz} deals --db {shlex.quote(MINI)} >&- 2>&-")
    assert both.returncode == 1


@pytest.mark.parametrize("stdin", ["devnull", "closed"])
def test_reading_commands_ignore_stdin(stdin: str) -> None:
    expected = ok(kzturk("timeline", "--json", "--db", MINI))
    if stdin == "devnull":
        assert ok(kzturk("timeline", "--json", "--db", MINI, stdin=subprocess.DEVNULL)) == expected
    else:
        done = _shell(f"{shlex.quote(str(KZTURK))} timeline --json --db {shlex.quote(MINI)} <&-")
        assert done.returncode == 0, done.stderr
        assert done.stdout.decode() == expected


@pytest.mark.parametrize(
    "argv",
    [("add",), ("add", "--kind", "deal"), ("retract", "F101"), ("source", "add"), ("edit", "F101")],
    ids=" ".join,
)
def test_writing_commands_with_stdin_from_dev_null_do_not_wait(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    """Nobody can answer a question on /dev/null: missing options are a usage error at once,
    and the store is not touched."""
    store = tmp_path / "facts.json"
    store.write_bytes(MINI_STORE.read_bytes())
    before = sha256(store)
    done = kzturk(*argv, "--db", str(store), stdin=subprocess.DEVNULL, timeout=30)
    assert done.code == 2, done.error
    assert done.out == b""
    assert_one_line_error(done.error)
    assert sha256(store) == before
    assert [p.name for p in tmp_path.iterdir()] == ["facts.json"]


def test_everything_at_once(hostile_store: str) -> None:
    """A dumb, narrow, ASCII terminal with NO_COLOR, fed from /dev/null."""
    env = environment(TERM="dumb", NO_COLOR="1", COLUMNS="40", PYTHONIOENCODING="ascii", LC_ALL="C")
    for argv in (("timeline",), ("deals",), ("show", "F101"), ("trade", "--chart")):
        done = kzturk_in_pty(*argv, "--db", hostile_store, env=env, columns=40)
        assert done.code == 0, done.error
        text = done.out.decode("ascii")
        assert_no_control(text, argv)
        assert widest(text) <= 40
