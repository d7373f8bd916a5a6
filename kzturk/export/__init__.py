"""Taking the record elsewhere, and what changed between two versions of it.

- `records`: the whole record in one ordered set (every fact, context, analysis and
  retracted ones included), for `kzturk export json|jsonl|csv`;
- `sqlite`: the record as a SQLite database for Datasette (`kzturk export sqlite`), with
  `datasette` writing its metadata.json;
- `revisions`: a store at a path, a git revision or `REV:path`;
- `changes`: the claim-level changelog between two stores (`kzturk changes`).

Nothing here imports typer or rich, and no lookup imports this package: `sqlite3` and
`subprocess` are loaded only by the commands that use them.
"""
