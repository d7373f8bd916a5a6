"""The writers of the crash trials (tests/test_write_safety.py), forked by a small process of
their own. Forking the test worker instead copies its whole memory map each time, and a
worker that has run the 50 MB tests before holds a lot: the trials took twice as long there.

Run as a script, this reads one command a line on standard input and answers each with one
line on standard output:

    warm PATH          make every change of `operations()` to the store at PATH, here
                       (imports and caches, so that a writer starts warm); answers "ok"
    run NUMBER PATH    fork a writer making change NUMBER to the store at PATH; answers its
                       process id at once (the test kills it when it likes)
    wait PID           reap that writer, killed or finished; answers its wait status
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import IO

from store_helpers import BETA_TEXT, make_store, new_fact

from kzturk import curate

TODAY = date(2025, 7, 29)
EXTRA_QUOTES = [f"Quote number {i} of the safety article." for i in range(40)]


def seed_store(folder: Path) -> Path:
    """The store every trial starts from: make_store plus an article with many quotes."""
    path = make_store(folder)
    (folder / "archive" / "beta.txt").write_text(
        BETA_TEXT + "\n".join(EXTRA_QUOTES) + "\n", encoding="utf-8"
    )
    return path


def operations() -> list[Callable[[Path], object]]:
    """A deterministic run of changes of every kind: adds, a new source, edits, retractions."""
    ops: list[Callable[[Path], object]] = []
    for i in range(12):
        quote = EXTRA_QUOTES[i]

        def add(path: Path, i: int = i, quote: str = quote) -> object:
            sources = [{"source": "beta", "quote": quote}]
            return curate.add_fact(path, new_fact(summary=f"Safety fact {i}.", sources=sources))

        ops.append(add)
        if i == 3:
            ops.append(lambda path: curate.add_source(path, {"id": "gamma"}, "Gamma article.\n"))
        if i == 5:
            ops.append(lambda path: curate.edit_fact(path, "F103", {"date_note": "edited"}))
        if i == 8:
            ops.append(lambda path: curate.retract_fact(path, "F104", "wrong", today=TODAY))
    return ops


def fork_writer(path: Path, body: Callable[[Path], object]) -> int:
    """Run `body(path)` in a forked child (no interpreter start-up: kills land in writes);
    it exits 0 if the body returned, 1 if it raised. Its standard output goes nowhere."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        code = 0
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            body(path)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def serve(commands: Iterable[str], answers: IO[str]) -> None:
    ops = operations()
    for line in commands:
        verb, _, rest = line.rstrip("\n").partition(" ")
        if verb == "warm":
            for op in ops:
                op(Path(rest))
            answer = "ok"
        elif verb == "run":
            number, _, path = rest.partition(" ")
            answer = str(fork_writer(Path(path), ops[int(number)]))
        elif verb == "wait":
            answer = str(os.waitpid(int(rest), 0)[1])
        else:
            raise SystemExit(f"crash_writers: unknown command {line!r}")
        answers.write(answer + "\n")
        answers.flush()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
