"""The command line a shared page names in its footer: what made it, less this machine's paths."""

from __future__ import annotations

from collections.abc import Sequence

# Options whose value is a path on this machine: a shared page does not show them.
_LOCAL = frozenset(("--db", "-o", "--output"))


def command_line(argv: Sequence[str]) -> str:
    """'kzturk timeline --since 2022 --format html': what made a page, for its footer, less
    the paths of this machine (the store read, the file written)."""
    import shlex

    shown: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _LOCAL:
            skip = True
        elif not arg.startswith(tuple(f"{option}=" for option in _LOCAL)):
            shown.append(arg)
    return shlex.join(["kzturk", *shown])
