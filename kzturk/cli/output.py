"""The one output sink: everything kzturk writes to stdout or stderr or to an `--output`
file, or reads from stdin, passes through here (a test fails if `print(`, `typer.echo(` or
`sys.stdout` appear anywhere else in the package).

An `Environment` carries the streams and the process environment, as httpie's does, so a
test can substitute it instead of patching `sys`. `main` installs the process's own; the
commands reach it with `current()`.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, NoReturn

from kzturk.errors import Interrupted, KzturkError
from kzturk.render import FORMAT, Terminal, View, render


class OutputClosed(Exception):
    """The reader of stdout went away. Not an OSError, so Typer lets it through to `main`."""


class Environment:
    """The streams and environment variables one run of kzturk uses."""

    def __init__(
        self,
        stdin: IO[str] | None,
        stdout: IO[str] | None,
        stderr: IO[str] | None,
        environ: Mapping[str, str],
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.environ = environ
        self.argv: tuple[str, ...] = ()
        """The command line's arguments (after `kzturk`), for a page's footer."""

    @classmethod
    def from_process(cls) -> Environment:
        return cls(sys.stdin, sys.stdout, sys.stderr, os.environ)

    def stdout_isatty(self) -> bool:
        try:
            return self.stdout is not None and self.stdout.isatty()
        except (ValueError, OSError):
            return False

    def stdin_isatty(self) -> bool:
        """True when standard input is a terminal someone can answer at."""
        try:
            return self.stdin is not None and self.stdin.isatty()
        except (ValueError, OSError):
            return False


_current: list[Environment] = []


def current() -> Environment:
    """The environment of the run in progress (the process's own outside `main`)."""
    return _current[-1] if _current else Environment.from_process()


@contextmanager
def using(env: Environment) -> Iterator[Environment]:
    _current.append(env)
    try:
        yield env
    finally:
        _current.pop()


def prepare_streams(env: Environment) -> None:
    """Text streams that replace what their encoding cannot show instead of failing."""
    for stream in (env.stdout, env.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):
                reconfigure(errors="replace")


def terminal(to_file: bool = False) -> Terminal:
    """Width and colour for human output: NO_COLOR, TERM=dumb and pipes mean no colour; a
    file (`--output`) is written as to a pipe, in UTF-8."""
    env = current()
    variables = env.environ
    is_tty = not to_file and env.stdout_isatty()
    color = is_tty and variables.get("TERM") != "dumb"
    if variables.get("FORCE_COLOR"):
        color = True
    if variables.get("NO_COLOR"):
        color = False
    try:
        width = int(variables.get("COLUMNS", ""))
    except ValueError:
        width = _terminal_size().columns if is_tty else 80
    try:
        encoding = codecs.lookup(
            "utf-8" if to_file else getattr(env.stdout, "encoding", None) or "utf-8"
        ).name
    except LookupError:
        encoding = "utf-8"
    return Terminal(
        width=min(max(width, 20), 1000),
        color=color,
        unicode=encoding.startswith("utf"),
        encoding=encoding,
    )


def discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is still buffered
    cannot fail again (and print its own "Exception ignored" lines) at exit."""
    _discard(sys.stdout)


def _discard(stream: Any) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def write_out(text: str, *, data: bool = False) -> None:
    """Write all of `text` to stdout: UTF-8 for data formats whatever the locale says, the
    terminal's encoding (unencodable characters replaced) for people. Short writes on an
    unbuffered stdout are retried, so output is never silently cut."""
    stdout = current().stdout
    if stdout is None:
        raise KzturkError("standard output is closed; redirect it to a file or a pipe")
    encoding = "utf-8" if data else (getattr(stdout, "encoding", None) or "utf-8")
    payload = memoryview(text.encode(encoding, errors="replace"))
    stream = getattr(stdout, "buffer", None)
    try:
        if stream is None:
            stdout.write(text)
            stdout.flush()
            return
        stdout.flush()
        while payload:
            written = stream.write(payload)
            if written == 0:
                raise OSError("stdout accepted no bytes")
            payload = payload[len(payload) if written is None else written :]
        stream.flush()
    except BrokenPipeError:
        raise OutputClosed from None
    except OSError as exc:
        discard_stdout()
        raise KzturkError(f"cannot write the output: {exc.strerror or exc}") from None


PAGER_ENV = "KZTURK_PAGER"
DEFAULT_PAGER = "less -FRX"


def write_file(path: Path, text: str) -> None:
    """All of `text`, as UTF-8, into the file `path`, atomically: a temporary file in its
    folder renamed over it, so a reader (a browser, a web server) never sees half a page and
    a failed write leaves the old file as it was."""
    from kzturk.store.atomic import write_atomic

    write_atomic(path, text.encode("utf-8", errors="replace"), what="the file")


def emit(view: View, fmt: str, *, pager: bool = True, output: Path | None = None) -> None:
    """Render the view in the chosen format and write it: to the file `output` if given,
    else to stdout, through a pager when stdout is a terminal and the text is taller than it
    (as git and gh do)."""
    _notice(view, fmt)
    if fmt == "html":
        from kzturk.cli.page_command import command_line

        view = view._replace(command=command_line(current().argv))
    if output is not None:
        write_file(output, render(view, fmt, terminal(to_file=True)))
        return
    text = render(view, fmt, terminal())
    data = FORMAT[fmt].data
    if pager and not data and _page(text):
        return
    write_out(text, data=data)


def _notice(view: View, fmt: str) -> None:
    """A format module's `notice(view)`, if it has one, on stderr: what it left out (a
    calendar has no place for a date known only to the month)."""
    from importlib import import_module

    module = FORMAT[fmt].modules.get(view.layout)
    notice = getattr(import_module(module), "notice", None) if module else None
    text = notice(view) if notice is not None else ""
    if text:
        say(text)


def _terminal_height() -> int | None:
    env = current()
    if not env.stdout_isatty():
        return None
    try:
        return int(env.environ.get("LINES", "")) or None
    except ValueError:
        return _terminal_size().lines


def _page(text: str) -> bool:
    """Show `text` through $KZTURK_PAGER, else $PAGER, else `less -FRX`, when stdout is a
    terminal and the text is taller than it. False (the caller prints) when there is no
    need, or the pager cannot be started; an empty pager setting means no pager."""
    env = current()
    height = _terminal_height()
    if height is None or text.count("\n") < height:
        return False
    import shlex
    import subprocess

    command = env.environ.get(PAGER_ENV, env.environ.get("PAGER", DEFAULT_PAGER))
    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    if not argv or argv == ["cat"]:
        return False
    encoding = getattr(env.stdout, "encoding", None) or "utf-8"
    environ = {**env.environ, "LESS": env.environ.get("LESS", "FRX"), "LV": "-c"}
    try:
        with suppress(OSError, ValueError):
            env.stdout.flush()  # type: ignore[union-attr]
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environ)
    except (OSError, ValueError):
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(encoding, errors="replace"))
        pager.stdin.close()
    except OSError:  # the reader quit the pager early: that is the end of the output
        pass
    try:
        pager.wait()
    except KeyboardInterrupt:
        pager.wait()
    return True


def one_line(text: str) -> str:
    """Text for one terminal line: control characters (newlines, ESC, bidi overrides...)
    shown escaped, so a path or a value cannot move the cursor or reorder the line."""
    return "".join(
        ch
        if (ch.isprintable() or ch == " ")
        and not 0x202A <= ord(ch) <= 0x202E
        and not 0x2066 <= ord(ch) <= 0x2069
        else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def say(message: str) -> None:
    """A status line on stderr ("added F356 to facts.json"): one line, controls escaped.
    A stderr that is closed or full loses the line, never the command's result."""
    _to_stderr(one_line(message))


def tell(text: str) -> None:
    """Text for the person at the terminal on stderr, as it is (help, a record to confirm,
    the question before an answer): control characters are the caller's to clean."""
    _to_stderr(text)


def _to_stderr(text: str, end: str = "\n") -> None:
    stderr = current().stderr
    if stderr is None:
        return
    try:
        stderr.write(text + end)
        stderr.flush()
    except (OSError, ValueError):  # full or closed: lose the line, not the exit code
        _discard(stderr)


def click_met_a_broken_pipe() -> bool:
    """Whether Click turned a broken pipe into exit 1 (help written into `| head` that has
    gone): it then wraps stdout in its PacifyFlushWrapper before exiting."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def fail_line(message: str) -> None:
    """The one error line: `kzturk: error: ...`."""
    stdout = current().stdout
    with suppress(OSError, ValueError, AttributeError):
        if stdout is not None:
            stdout.flush()
    _to_stderr(f"kzturk: error: {one_line(shortened(message))}")


ERROR_LIMIT = 600  # characters of an error line: a problem and its fix, not the value whole


def shortened(message: str, limit: int = ERROR_LIMIT) -> str:
    """`message` cut in its middle when longer than `limit` (a 60 KB summary quoted back
    in a refusal), keeping its start (what is wrong) and its end (the fix)."""
    if len(message) <= limit:
        return message
    head, tail = message[: limit * 2 // 3], message[-(limit // 3) :]
    return f"{head} …[{len(message) - len(head) - len(tail):,} characters left out]… {tail}"


def line_editing() -> bool:
    """Whether answers are typed with line editing (a terminal, and readline to be had)."""
    env = current()
    if env.stdin is not sys.stdin or not env.stdin_isatty():
        return False
    try:
        import readline  # noqa: F401  (input() edits lines once it is imported)
    except ImportError:
        return False
    return True


def ask(question: str, prefill: str = "") -> str:
    """One question on stderr, one line from stdin; at a terminal with line editing, the
    answer starts as `prefill`, to edit. Not typer.prompt: it echoes part of every question
    to stdout, which would end up in `id=$(kzturk add)`."""
    env = current()
    with suppress(OSError, ValueError, AttributeError):
        if env.stdout is not None:
            env.stdout.flush()
    _to_stderr(question, end="")
    try:
        if env.stdin is sys.stdin and prefill and line_editing():
            import readline

            readline.set_startup_hook(lambda: readline.insert_text(prefill))
            try:
                return input()
            finally:
                readline.set_startup_hook(None)
        if env.stdin is sys.stdin:
            line_editing()
            return input()
        line = env.stdin.readline() if env.stdin is not None else ""
        if not line:
            raise EOFError
        return line.rstrip("\n")
    except EOFError:
        _to_stderr("")
        raise Interrupted("aborted") from None


def read_stdin_bytes(limit: int) -> bytes:
    """At most `limit` bytes of standard input (for `--text-file -`), or a KzturkError."""
    stdin: Any = current().stdin
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        raise KzturkError("standard input is closed; give --text-file PATH")
    data: bytes = buffer.read(limit + 1)
    return data


def end_process(code: object) -> NoReturn:
    """End the `kzturk` process with `code` once its streams are flushed, skipping the
    interpreter's tear-down, which frees every object one at a time (a third of a second
    after a 100,000-fact lookup, milliseconds after any). Only lookups leave this way: once
    a write path has imported filelock, its shutdown hooks run as usual."""
    if "filelock" in sys.modules:
        raise SystemExit(code)
    if code is not None and not isinstance(code, int):  # SystemExit("message"), as Python does
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed
                stream.flush()
        except (OSError, ValueError):  # already reported by the command, or closed
            pass
    os._exit(code or 0)


def _terminal_size() -> os.terminal_size:
    """The terminal's size (COLUMNS and LINES first), 80 by 24 where it has none. `shutil`
    is imported only here: a piped lookup never needs it, and it takes 2 ms to import."""
    import shutil

    return shutil.get_terminal_size((80, 24))
