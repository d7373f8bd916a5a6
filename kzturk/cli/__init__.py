"""The `kzturk` command line: Typer commands that parse options, make one library call and
hand the result to `kzturk.render`; everything they print goes through `kzturk.cli.output`.

`main` (`kzturk.cli.process`) runs one command line: `kzturk deals` and `kzturk timeline`
with plain options are read by the direct path (`kzturk.cli.direct`) without importing
Typer; everything else by the Typer app (`kzturk.cli.app`), whose command modules
(`lookup`, `analysis`, `facts`, `sources`, ...) register their commands when imported.
`main` imports only the module of the command it runs; `kzturk.cli.app.load_commands()`
returns the app with every command, in the order `kzturk --help` lists them."""

from kzturk.cli.process import main

__all__ = ["main"]
