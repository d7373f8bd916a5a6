"""`python -m kzturk` runs the same entry point as the `kzturk` command."""

from kzturk.cli import main

main()
