"""Shared pieces of the hostile-input suites: hostile text, stores built from the mini store,
checks on what reaches a terminal, and runners for the installed command (pipe and pty)."""

from __future__ import annotations

import copy
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import MINI_STORE

from kzturk.model.shape import upgrade_tables
from kzturk.render.text import clean_text

KZTURK = Path(sys.executable).parent / "kzturk"

# Everything that may not reach a terminal from store text: C0 controls but newline, DEL, C1
# controls (U+009B is a one-character CSI), and the bidi overrides and isolates.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The only escape sequences kzturk itself may print, and only when colour is on: SGR.
SGR = re.compile("\x1b\\[[0-9;]*m")

# ---- hostile text ---------------------------------------------------------------------------

MARKUP = ["[bold red]x[/]", "a stray [/] here", "[link=https://evil.example]click[/link]"]
ESCAPES = [
    "\x1b[31mred\x1b[0m",  # ANSI colour
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]8;;https://evil.example\x07hyperlink\x1b]8;;\x07",  # OSC 8 hyperlink, BEL-ended
    "\x1b]0;pwned title\x1b\\",  # OSC 0 window title, ST-ended
    "\x9b31mc1csi",  # the one-byte C1 CSI
    "bell\x07 back\x08space nul\x00 del\x7f",
    "over\rwrite",  # a bare carriage return would overwrite the start of the line
    "crlf\r\nline",
    "tab\there",
    "\u202etxt.exe",  # right-to-left override
    "\u2066isolate\u2069",
]
SCRIPTS = [
    "مرحبا بالعالم",  # Arabic, right to left
    "שלום עולם",  # Hebrew
    "🇹🇷🇰🇿 👍🏽 👨‍👩‍👧",  # flags, skin tone, zero-width joiners
    "Erdoğan İstanbul ılık",  # Turkish dotted and dotless i
    "Қазақстан",  # Kazakh Cyrillic
    "哈萨克斯坦",  # wide characters
    "e\u0301 combining",
]
LONG_WORD = "Çok" + "uzunkelime" * 200 + "SON"  # 2006 characters, no space to wrap at

HOSTILE_TEXT = " | ".join([*MARKUP, *ESCAPES, *SCRIPTS])


def shown(text: str) -> str:
    """What a human format should show of store text: cleaned, compared without spacing."""
    return squeeze(clean_text(text))


def squeeze(text: str) -> str:
    return "".join(text.split())


def visible(text: str) -> Counter[str]:
    """Every non-space character, with its count: lost characters show up as a difference."""
    return Counter(squeeze(text))


def assert_no_control(text: str, where: object = "", *, colour: bool = False) -> None:
    """No control character, bare CR or bidi override in `text`; with `colour`, kzturk's own
    SGR colour sequences are allowed."""
    found = FORBIDDEN.findall(SGR.sub("", text) if colour else text)
    assert not found, (where, sorted(set(found)), text[:300])


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert err.startswith("kzturk: error: "), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert_no_control(err.rstrip("\n"), "stderr")
    for fragment in fragments:
        assert fragment.casefold() in err.casefold(), (fragment, err)


# ---- stores ---------------------------------------------------------------------------------


def mini_data() -> dict[str, Any]:
    """The mini store's tables as the loader reads them: every field of every record (the
    file leaves out empty optional ones)."""
    data: dict[str, Any] = json.loads(MINI_STORE.read_text(encoding="utf-8"))
    upgrade_tables(data)
    return data


def write_store(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def hostile_data() -> dict[str, Any]:
    """The mini store with hostile text in every free-text field of F101, F103, F106 and the
    source alpha; ids and vocabulary stay valid so the store loads."""
    data = copy.deepcopy(mini_data())
    facts = data["facts"]
    f101 = facts["101"]
    f101["summary"] = f"Deal {HOSTILE_TEXT} {LONG_WORD} end."
    f101["parties"] = [*MARKUP, *ESCAPES[:4], *SCRIPTS]
    f101["date_note"] = "early \x1b[5mMay\x1b[0m"
    f101["values"] = [{"amount": 5, "currency": "\x1b[31mUSD", "unit": "[bold]ships[/]\r"}]
    f101["sources"][0]["quote"] = f"“{HOSTILE_TEXT}”"
    f101["links"] = [{"fact": "F102", "relation": "related"}]
    facts["103"]["summary"] = "Rail: " + " ".join(SCRIPTS) + " " + " ".join(ESCAPES)
    facts["103"]["date_note"] = "\u202eearly March\u202c " + LONG_WORD
    f106 = facts["106"]
    f106["period"] = "2023-01/2023-09 (nine months, Jan\x1b[0m to Sep, provisional)"
    f106["direction"] = "both ways \x1b]0;x\x07[bold]"
    alpha = data["sources"]["1"]
    for name in ("title", "outlet", "author", "url", "language_note", "published_note"):
        alpha[name] = f"{name}: {HOSTILE_TEXT}"
    return data


def hostile_id_data() -> dict[str, Any]:
    """A store whose ids themselves are hostile (the loader accepts any non-empty id)."""
    data = copy.deepcopy(mini_data())
    data["facts"]["101"]["id"] = "F101\x1b]0;x\x07"
    data["sources"]["3"]["id"] = "gamma\x1b[2J\r"
    for fact in data["facts"].values():
        for ref in fact["sources"]:
            if ref["source"] == "gamma":
                ref["source"] = "gamma\x1b[2J\r"
    return data


# ---- the installed command ------------------------------------------------------------------


def environment(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that changes kzturk's output."""
    dropped = {"KZTURK_DB", "NO_COLOR", "FORCE_COLOR", "KZTURK_DEBUG", "COLUMNS", "LINES"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("LC_")}
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "PYTHONIOENCODING": ""})
    env["KZTURK_PAGER"] = ""  # a pty is a terminal: these tests read the text, unpaged
    env.pop("PYTHONUNBUFFERED", None)
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


@dataclass(frozen=True)
class Done:
    code: int
    out: bytes
    err: bytes

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")

    @property
    def error(self) -> str:
        return self.err.decode("utf-8", errors="replace")


def kzturk(
    *argv: str | bytes,
    env: dict[str, str] | None = None,
    stdin: int | None = subprocess.DEVNULL,
    timeout: float = 60,
    **kwargs: Any,
) -> Done:
    """Run the installed command with pipes (stdout is not a terminal)."""
    done = subprocess.run(
        [str(KZTURK), *argv],
        stdin=stdin,
        capture_output=True,
        env=env if env is not None else environment(),
        timeout=timeout,
        check=False,
        **kwargs,
    )
    return Done(done.returncode, done.stdout, done.stderr)


def kzturk_in_pty(
    *argv: str, env: dict[str, str], columns: int = 100, rows: int = 40, timeout: float = 60
) -> Done:
    """Run the installed command with stdout on a real terminal (a pty of `columns` width);
    stderr stays a pipe so it can be checked apart."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST  # keep "\n" as it is written, no "\r\n" translation
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    process = subprocess.Popen(
        [str(KZTURK), *argv],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                process.kill()
                raise AssertionError(f"kzturk {argv} wrote nothing for {timeout} s")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    assert process.stderr is not None
    err = process.stderr.read()
    process.stderr.close()
    code = process.wait(timeout)
    return Done(code, b"".join(chunks), err)
