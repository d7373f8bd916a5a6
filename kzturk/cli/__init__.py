"""The `kzturk` command line: Typer commands that parse options, call `kzturk.query` and hand
the result to `kzturk.render`. Importing this package registers every command on `app`."""

from importlib import import_module

from kzturk.cli.app import app, main

# Commands register themselves on import; this order is the order `kzturk --help` lists them.
for _module in ("lookup", "analysis", "curate"):
    import_module(f"kzturk.cli.{_module}")

__all__ = ["app", "main"]
