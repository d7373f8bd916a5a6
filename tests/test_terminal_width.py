"""At 80 columns no id, source id or name is split mid-word in any listing, and `--help`
lists every command without cutting its description (kzturk/render/table_format.py)."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
from conftest import REPO_STORE, Runner

from kzturk.store import load_store

LISTINGS = [
    ("occasions",),
    ("trade",),
    ("deals",),
    ("timeline", "--context", "--analysis"),
    ("timeline",),
    ("timeline", "--since", "2025-07", "--until", "2025-07"),
    ("sources",),
    ("entities",),
    ("entities", "turkic"),
    ("conflicts",),
    ("sectors",),
    ("search", "agreement"),
    ("show", "F388"),
    ("show", "F111"),
    ("sources", "a-akorda-2022-05-10"),
    ("entities", "tokayev"),
    ("occasions", "2022-05-tokayev-state-visit-turkey"),
]


@cache
def protected() -> frozenset[str]:
    """Words no line may break: ids of sources, entities and occasions, and every word of
    every entity's names (six letters or more: a shorter prefix could be a word itself)."""
    store = load_store(REPO_STORE)
    names = [
        n for e in store.entities.values() for n in (e["name"], *(a["name"] for a in e["aliases"]))
    ]
    words = {
        *store.sources,
        *(e["id"] for e in store.entities.values()),
        *store.occasions,
        *(w for name in names for w in name.split()),
    }
    return frozenset(w for w in words if len(w) >= 6)


@cache
def _heads(tokens: frozenset[str]) -> dict[str, list[tuple[str, int]]]:
    """Each beginning a token can be cut to (two characters or more, leaving two): the
    tokens and cuts it stands for. Made once for the tokens of every listing."""
    heads: dict[str, list[tuple[str, int]]] = {}
    for token in tokens:
        for cut in range(2, len(token) - 1):
            heads.setdefault(token[:cut], []).append((token, cut))
    return heads


def broken(text: str, tokens: frozenset[str]) -> list[str]:
    """The tokens split across two lines: a line with a word that is the token's beginning
    and the next line with a word that is its rest (each token at its first such cut).
    Looked up from the words of the text, not tried token by token and cut by cut."""
    heads = _heads(tokens)
    line_words = [set(line.split()) for line in text.split("\n")]
    first: dict[str, int] = {}
    for here, after in pairwise(line_words):
        for word in here & heads.keys():
            for token, cut in heads[word]:
                if token[cut:] in after and cut < first.get(token, len(token)):
                    first[token] = cut
    return [f"{token[:cut]}|{token[cut:]}" for token, cut in sorted(first.items())]


def test_the_check_sees_a_split_word() -> None:
    table = " F1  b-worldbulle  $3 bn\n      tin-2007-12-15\n"
    assert broken(table, frozenset({"b-worldbulletin-2007-12-15"})) == [
        "b-worldbulle|tin-2007-12-15"
    ]
    assert broken(" b-worldbulletin-2007-12-15\n", frozenset({"b-worldbulletin-2007-12-15"})) == []


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_no_listing_splits_a_name_or_an_id_at_80_columns(
    run: Runner, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run(*argv, "--db", str(REPO_STORE))
    assert result.code == 0, result.err
    assert max(len(line) for line in result.out.split("\n")) <= 80
    assert broken(result.out, protected()) == []


@pytest.mark.parametrize("argv", [(), ("entity",), ("occasion",), ("export",)], ids=" ".join)
def test_help_lists_every_command_whole(
    run: Runner, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = run(*argv, "--help").out
    commands = text.split("Commands:")[1]
    for line in commands.split("\n"):
        assert len(line) <= 80
    # Each description is its whole first sentence: it ends in a full stop, not '...'.
    entries = re.split(r"\n  (?=\S)", commands.strip("\n"))
    assert len(entries) > 1
    for entry in entries:
        described = " ".join(entry.split())
        assert described.endswith(".") and not described.endswith("..."), entry
