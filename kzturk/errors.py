"""The kinds of failure a user can see, and their exit codes.

Every layer raises these; only the command line (`kzturk.cli.errors`) turns them into a
one-line message on stderr.
"""

from __future__ import annotations


class KzturkError(Exception):
    """A failure with a one-line message for the user."""

    exit_code = 1


class UsageError(KzturkError):
    """The command line is wrong: a bad option value, an unknown id (exit 2)."""

    exit_code = 2


class StoreError(KzturkError):
    """The facts file cannot be read, locked or written, or is not a valid store (exit 1)."""

    exit_code = 1


class Interrupted(KzturkError):
    """Ctrl-C (or the end of input at a question); the message says what was written."""

    exit_code = 130
