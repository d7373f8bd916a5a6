"""The `kzturk` command line: Typer commands that parse options, call `kzturk.query` and hand
the result to `kzturk.render`. Importing this package registers every command on `app`."""

from kzturk.cli import analysis, lookup  # noqa: F401  (registers the commands)
from kzturk.cli.app import app, main

__all__ = ["app", "main"]
