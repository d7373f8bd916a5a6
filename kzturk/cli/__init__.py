"""The `kzturk` command line: Typer commands that parse options, make one library call and
hand the result to `kzturk.render`; everything they print goes through `kzturk.cli.output`.

Each command module (`lookup`, `analysis`, `facts`, `sources`) registers its commands on
`kzturk.cli.app.app` when imported. `main` imports only the module of the command it runs,
so `kzturk deals` loads neither the analysis nor the curation commands; `load_commands()`
returns the app with every command, in the order `kzturk --help` lists them."""

from kzturk.cli.app import app, load_commands, main

__all__ = ["app", "load_commands", "main"]
