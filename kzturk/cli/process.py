"""The `kzturk` entry point: one run of a command in a process, with its streams, exit code
and garbage collector set up the same way whichever parser reads the command line (the
direct path, `kzturk.cli.direct`, or Typer, `kzturk.cli.app`). No Typer here."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any

from kzturk.cli.errors import run_guarded
from kzturk.cli.output import Environment, current, end_process, prepare_streams, using


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> None:
    """Run the CLI; turn every failure into one line on stderr and a documented exit code."""
    if argv is not None or env is not None:  # called from Python (tests, a script)
        with using(env or Environment.from_process()) as running:
            _main(argv, running)
        return
    try:
        with using(Environment.from_process()) as running:
            _main(None, running)
    except SystemExit as exc:
        end_process(exc.code)
    end_process(0)


def _main(argv: Sequence[str] | None, env: Environment) -> None:
    import sys

    if env.stdout is None:  # started with stdout closed (`kzturk ... >&-`)
        run_guarded(_closed_stdout)
    prepare_streams(env)
    args = list(argv) if argv is not None else sys.argv[1:]
    env.argv = tuple(args)
    # A run is short and makes no garbage cycles worth finding; collections would walk every
    # record of a large store again and again while it loads (about a third of load time).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = run_guarded(lambda: _command(args)())
        run_guarded(_flush)
    finally:
        if argv is None:
            # The process ends now and its memory with it: frozen objects are left out of
            # the interpreter's collections at exit, which would walk every object (typer's
            # and the store's) twice, about 10 ms.
            gc.freeze()
        elif gc_was_enabled:
            gc.enable()
    if isinstance(result, int) and result:
        raise SystemExit(result)


def _command(args: list[str]) -> Callable[[], Any]:
    """The run of `args`: by the direct path where it reads them, else by Typer."""
    from kzturk.cli.direct import direct_run

    run = direct_run(args)
    if run is not None:
        return run
    from kzturk.cli.app import typer_run

    return typer_run(args)


def _closed_stdout() -> None:
    from kzturk.errors import KzturkError

    raise KzturkError("standard output is closed; redirect it to a file or a pipe")


def _flush() -> None:
    stdout = current().stdout
    if stdout is not None:
        try:
            stdout.flush()
        except BrokenPipeError:
            from kzturk.cli.output import OutputClosed

            raise OutputClosed from None
