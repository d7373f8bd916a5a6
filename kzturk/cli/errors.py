"""Errors mapped at the edge: every failure a user can meet becomes one line on stderr and a
documented exit code (0 success, 1 runtime error, 2 usage error, 130 interrupted, 141 the
reader of a pipe went away), never a traceback (KZTURK_DEBUG=1 shows one for a bug)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, NoReturn

from kzturk.cli.output import (
    OutputClosed,
    click_met_a_broken_pipe,
    discard_stdout,
    fail_line,
    tell,
)
from kzturk.errors import KzturkError


def _is_click(exc: BaseException, name: str) -> bool:
    """Whether `exc` is Click's exception `name` (or a subclass): Typer may vendor Click or
    depend on it, and the direct path (`kzturk.cli.direct`) imports neither, so Click's
    exceptions are known by their class names and modules."""
    return any(
        cls.__name__ == name and cls.__module__.split(".")[0] in ("typer", "click")
        for cls in type(exc).__mro__
    )


def _fail(message: str, code: int) -> NoReturn:
    fail_line(message)
    raise SystemExit(code)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (`| head`): stop quietly, as other Unix tools do."""
    discard_stdout()
    raise SystemExit(141)


def _click_message(exc: Exception) -> str:
    """Click's message, with the command's help hint, on one line."""
    message = " ".join(str(getattr(exc, "format_message", lambda: str(exc))()).split())
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "kzturk"
    return f"{message} (see '{command} --help')"


def run_guarded(run: Callable[[], Any]) -> Any:
    """Call `run`; turn every failure into the one-line message and its exit code."""
    try:
        return run()
    except (BrokenPipeError, OutputClosed):
        _quiet_broken_pipe()
    except SystemExit as exc:
        if exc.code == 1 and click_met_a_broken_pipe():
            _quiet_broken_pipe()
        raise
    except KzturkError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except RecursionError:
        _fail("input nested too deeply", 1)
    except OSError as exc:  # help or completion written into a closed or full stream
        if isinstance(exc, BrokenPipeError) or getattr(exc, "errno", None) == 32:
            _quiet_broken_pipe()
        discard_stdout()
        _fail(f"cannot write the output: {exc.strerror or exc}", 1)
    except Exception as exc:
        if _is_click(exc, "Abort"):
            _fail("aborted", 130)
        if _is_click(exc, "ClickException"):
            if type(exc).__name__ == "NoArgsIsHelpError":  # plain `kzturk`: the help, as help
                help_text = getattr(exc, "format_message", None)
                tell(str(help_text() if help_text else exc))
                raise SystemExit(2) from None
            _fail(_click_message(exc), getattr(exc, "exit_code", 2))
        if os.environ.get("KZTURK_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1)
