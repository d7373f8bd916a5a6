"""The JSON contract on every fact, and the command line driven with random input.

- Every listing command's --json and --jsonl parse with a strict parser (NaN and Infinity
  refused), cover every fact, and agree with each other: on the mini store, the bundled
  store, and stores that hypothesis makes up (hostile text, extreme numbers, odd dates).
- Random combinations of commands, options and values never end in anything but exit 0, 1
  or 2, never print a traceback, and never change the store.

All in-process through kzturk.cli.main, so hundreds of examples take seconds.
"""

from __future__ import annotations

import copy
import io
import json
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Result, Runner, sha256, strict_json
from hostile_helpers import (
    ESCAPES,
    MARKUP,
    SCRIPTS,
    assert_no_control,
    hostile_data,
    write_store,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kzturk.model import (
    CURRENCIES,
    FACT_FIELDS,
    FACT_TABLE,
    KINDS,
    METRICS,
    RELATIONS,
    SECTORS,
    STATUSES,
)
from kzturk.model.shape import upgrade_record, upgrade_tables
from kzturk.render import FORMATS
from kzturk.store import bundled_store_path, canonical_text, load_store

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

# ---- the JSON contract ----------------------------------------------------------------------

EVERYTHING = ("--include-retracted",)
LIST_COMMANDS: list[tuple[str, ...]] = [
    ("deals", *EVERYTHING),
    ("timeline", "--context", "--analysis", *EVERYTHING),
    ("trade", *EVERYTHING),
    ("search", "a", *EVERYTHING),
    ("sources",),
    ("sectors",),
    ("conflicts", *EVERYTHING),
]


def checked_json(result: Result, argv: tuple[str, ...]) -> Any:
    assert (result.code, result.err) == (0, ""), (argv, result.err)
    assert result.out.endswith("\n") and not result.out.endswith("\n\n"), argv
    return strict_json(result.out)


def checked_jsonl(result: Result, argv: tuple[str, ...]) -> list[Any]:
    assert (result.code, result.err) == (0, ""), (argv, result.err)
    assert result.out == "" or (result.out.endswith("\n") and "\n\n" not in result.out), argv
    # JSON Lines are separated by "\n" only: str.splitlines() would also split at U+2028 or
    # U+0085, which JSON leaves unescaped inside strings.
    return [strict_json(line) for line in result.out.split("\n")[:-1]]


def assert_json_contract(run: Runner, db: Path) -> None:
    """Every listing, both JSON forms, strict; the full timeline holds every stored fact,
    with its stored text exactly; `show` and `cite --style json` for each fact."""
    stored = json.loads(db.read_text(encoding="utf-8"))
    stored_facts = {fact["id"]: fact for fact in stored["facts"].values()}
    for argv in LIST_COMMANDS:
        as_json = checked_json(run(*argv, "--json", "--db", str(db)), argv)
        assert isinstance(as_json, list), argv
        assert checked_jsonl(run(*argv, "--jsonl", "--db", str(db)), argv) == as_json, argv
        if argv[0] == "timeline":
            assert sorted(r["id"] for r in as_json) == sorted(stored_facts)
            for record in as_json:
                original = copy.deepcopy(stored_facts[record["id"]])
                # A record written before fields were added reads them as empty.
                upgrade_record(original, FACT_TABLE)
                assert {k: record[k] for k in FACT_FIELDS} == original
                assert record["source_count"] == len({s["source"] for s in original["sources"]})
    for fact_id in list(stored_facts)[:4]:
        argv = ("show", fact_id)
        record = checked_json(run(*argv, "--json", "--db", str(db)), argv)
        assert record["id"] == fact_id
        assert checked_jsonl(run(*argv, "--jsonl", "--db", str(db)), argv) == [record]
        cited = checked_json(run("cite", fact_id, "--style", "json", "--db", str(db)), argv)
        assert isinstance(cited, list)
    for source in list(stored["sources"].values())[:2]:
        # The id after "--": a generated id may start with a dash ("--link").
        argv = ("sources", "--json", "--db", str(db), "--", source["id"])
        assert checked_json(run(*argv), argv)["id"] == source["id"]


def test_json_contract_on_the_mini_store(run: Runner) -> None:
    assert_json_contract(run, MINI_STORE)
    for fact_id in ("F101", "F102", "F103", "F104", "F105", "F106", "F107", "F108", "F109"):
        record = checked_json(run("show", fact_id, "--json", "--db", str(MINI_STORE)), fact_id)
        assert record["id"] == fact_id


def test_json_contract_on_the_bundled_store(run: Runner) -> None:
    assert_json_contract(run, bundled_store_path())


def test_json_contract_on_the_hostile_store(run: Runner, tmp_path: Path) -> None:
    assert_json_contract(run, write_store(tmp_path / "facts.json", hostile_data()))


def test_every_fact_of_the_bundled_store_shows_as_strict_json(run: Runner) -> None:
    """Every fact through the view and the renderer `show --json` uses (loading the store
    once), and the command itself for a spread of them: the first, the last, every
    retracted one and those with the most sources and links (the command line around the
    view is the same for every id; the record is what differs)."""
    from kzturk.query import fact_by_id
    from kzturk.render import render
    from kzturk.render.detail_views import fact_detail_view

    stored = json.loads(bundled_store_path().read_text(encoding="utf-8"))
    upgrade_tables(stored)  # the file leaves out empty optional fields; JSON shows them
    store = load_store(bundled_store_path())
    facts = list(stored["facts"].values())
    for fact in facts:
        text = render(fact_detail_view(fact_by_id(store, fact["id"]), store), "json")
        assert text.endswith("}\n"), fact["id"]
        assert {k: strict_json(text)[k] for k in FACT_FIELDS} == fact
    db = str(bundled_store_path())
    spread = [facts[0], facts[-1], *(f for f in facts if f["retracted"])]
    spread += sorted(facts, key=lambda f: -len(f["sources"]))[:3]
    spread += sorted(facts, key=lambda f: -len(f["links"]))[:3]
    for fact in spread:
        record = checked_json(run("show", fact["id"], "--json", "--db", db), fact["id"])
        assert {k: record[k] for k in FACT_FIELDS} == fact


# ---- stores made up by hypothesis -----------------------------------------------------------

HOSTILE = [*MARKUP, *ESCAPES, *SCRIPTS, "", " ", "Ω" * 300]
text = st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE))
some_text = text.filter(lambda t: t != "")
maybe_text = st.none() | text


# Strategies are made once, not in every draw: hypothesis checks each new one.
partial_dates = st.builds(
    lambda day, size: day.isoformat()[:size], st.dates(), st.sampled_from([4, 7, 10])
)


numbers = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**300), 10**300),
    st.sampled_from([0, -0.0, 1e-300, 1.7e308, -1.7e308, 5e-324]),
)
maybe_date_text = st.none() | partial_dates | text
values = st.fixed_dictionaries(
    {
        "amount": numbers,
        "currency": st.none() | st.sampled_from(CURRENCIES) | text,
        "unit": maybe_text,
    }
)
directions = st.none() | st.sampled_from(["Kazakhstan to Turkey", "Turkey to Kazakhstan"]) | text
periods = st.none() | partial_dates | st.builds("{}/{}".format, partial_dates, partial_dates)
maybe_dates = st.none() | partial_dates
kinds = st.sampled_from(KINDS)
sector_lists = st.lists(st.sampled_from(SECTORS), max_size=3)
maybe_statuses = st.none() | st.sampled_from(STATUSES)
party_lists = st.lists(text, max_size=3)
value_lists = st.lists(values, max_size=2)
maybe_metrics = st.none() | st.sampled_from(METRICS)
periods_or_text = periods | text
maybe_numbers = st.none() | numbers
retractions = st.none() | st.fixed_dictionaries({"date": partial_dates | text, "reason": text})
relations = st.sampled_from(RELATIONS) | text


@st.composite
def stores(draw: st.DrawFn) -> dict[str, Any]:
    source_ids = draw(st.lists(some_text, min_size=1, max_size=3, unique=True))
    sources = {
        str(number): {
            "id": source_id,
            "title": draw(maybe_text),
            "outlet": draw(maybe_text),
            "author": draw(maybe_text),
            "published": draw(maybe_dates),
            "published_note": draw(maybe_text),
            "url": draw(maybe_text),
            "language_note": draw(maybe_text),
            "archive": draw(maybe_text),
        }
        for number, source_id in enumerate(source_ids, 1)
    }
    numbers_used = draw(st.lists(st.integers(1, 10**6), max_size=7, unique=True))
    fact_ids = [f"F{n}" for n in numbers_used]
    citations = st.lists(
        st.fixed_dictionaries({"source": st.sampled_from(source_ids), "quote": text}),
        min_size=1,
        max_size=3,
    )
    links = st.lists(
        st.fixed_dictionaries({"fact": st.sampled_from(fact_ids) | text, "relation": relations}),
        max_size=2,
    )
    facts = {}
    for number in numbers_used:
        facts[str(number)] = {
            "id": f"F{number}",
            "date": draw(maybe_dates),
            "date_note": draw(maybe_text),
            "kind": draw(kinds),
            "sectors": draw(sector_lists),
            "status": draw(maybe_statuses),
            "summary": draw(some_text),
            "parties": draw(party_lists),
            "values": draw(value_lists),
            "sources": draw(citations),
            "metric": draw(maybe_metrics),
            "period": draw(periods_or_text),
            "direction": draw(directions),
            "amount_usd": draw(maybe_numbers),
            "change_pct": draw(maybe_numbers),
            "deadline": draw(maybe_date_text),
            "announced_by": draw(maybe_text),
            "links": draw(links),
            "retracted": draw(retractions),
        }
    return {"sources": sources, "facts": facts}


def _trade_overflow_store() -> dict[str, Any]:
    """An actual figure near the largest float and a small target: 100 × actual / target
    is no longer a finite number."""
    data = json.loads(MINI_STORE.read_text(encoding="utf-8"))
    data["facts"]["106"]["amount_usd"] = 1.7e308
    return data


@pytest.mark.parametrize("argv", [("trade", "--json"), ("trade", "--jsonl"), ("trade", "--chart")])
def test_trade_progress_beyond_the_largest_float(
    run: Runner, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    path = write_store(tmp_path / "facts.json", _trade_overflow_store())
    result = run(*argv, "--db", str(path))
    assert (result.code, result.err) == (0, ""), result.err
    if argv[1] != "--chart":
        lines = result.out.splitlines() if argv[1] == "--jsonl" else [result.out]
        for line in lines:
            strict_json(line)


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Shrinking a failing store re-runs a dozen commands per step; the failure message
    # names the command and the error, which is what a fix needs.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=stores())
def test_json_contract_on_generated_stores(
    run: Runner, store_folder: Path, data: dict[str, Any]
) -> None:
    path = store_folder / "facts.json"
    path.write_text(canonical_text(data), encoding="utf-8")
    assert_json_contract(run, path)
    everything = ("timeline", "--context", "--analysis", "--include-retracted")
    for argv in (everything, ("trade",), ("deals",)):
        result = run(*argv, "--db", str(path))
        assert (result.code, result.err) == (0, ""), (argv, result.err)
        assert_no_control(result.out, argv)
    chart = run("trade", "--chart", "--db", str(path))
    assert (chart.code, chart.err) == (0, ""), chart.err


# ---- the command line, at random ------------------------------------------------------------

VOCAB = {
    "--sector": SECTORS,
    "-s": SECTORS,
    "--kind": KINDS,
    "-k": KINDS,
    "--status": STATUSES,
    "--metric": METRICS,
    "-m": METRICS,
    "--format": (*FORMATS, "markdown"),
    "-f": FORMATS,
    "--style": ("plain", "md", "bibtex", "json"),
}
DATES = ("--since", "--until", "--as-of", "--date", "--deadline")
COMMON = ("--db", "--format", "-f", "--json", "--jsonl")
OPTIONS: dict[str, tuple[str, ...]] = {
    "deals": (
        *COMMON,
        "--sector",
        "-s",
        "--party",
        "-p",
        "--status",
        "--since",
        "--until",
        "--min-sources",
        "--as-of",
        "--include-retracted",
    ),
    "timeline": (
        *COMMON,
        "--sector",
        "--kind",
        "-k",
        "--party",
        "--since",
        "--until",
        "--context",
        "--min-sources",
        "--as-of",
        "--include-retracted",
    ),
    "trade": (
        *COMMON,
        "--metric",
        "-m",
        "--since",
        "--until",
        "--min-sources",
        "--as-of",
        "--include-retracted",
        "--chart",
    ),
    "search": (*COMMON, "--min-sources", "--as-of", "--include-retracted"),
    "show": COMMON,
    "sources": COMMON,
    "sectors": COMMON,
    "conflicts": (*COMMON, "--sector", "--as-of", "--include-retracted"),
    "cite": ("--db", "--style"),
    "check": ("--db", "--json"),
    "schema": (),
    "edit": ("--db", "--summary", "--date", "--kind", "--status", "--sector", "--party"),
    "retract": ("--db", "--reason"),
    "add": ("--db", "--kind", "--summary", "--sector", "--status", "--date", "--source", "--quote"),
}
ARGUMENTS = {"search": 1, "show": 1, "sources": -1, "cite": 1, "edit": 1, "retract": 1}
WRITERS = ("edit", "retract", "add")
FLAGS = {"--json", "--jsonl", "--include-retracted", "--context", "--chart"}
ALL_OPTIONS = sorted({o for opts in OPTIONS.values() for o in opts} | {"--bogus", "-x", "--fix"})
ALL_OPTIONS.remove("--fix")  # `check --fix` rewrites the store on purpose

free_text = st.one_of(
    st.text(max_size=20),
    st.sampled_from([*HOSTILE[:-1], "\udcff", "--", "-", "F101", "f1o1", "alpha", "anka"]),
)


@cache
def option_value(option: str) -> st.SearchStrategy[str]:
    if option in VOCAB:
        choices = VOCAB[option]
        return st.one_of(
            st.sampled_from(choices),
            st.sampled_from(choices).map(str.upper),
            st.sampled_from(choices).map(lambda c: c[:-1] + "x"),
            free_text,
        )
    if option in DATES:
        return st.one_of(
            partial_dates,
            st.sampled_from(["2022-13", "2022-02-30", "22", "yesterday", "", "0000", "2022-5"]),
            free_text,
        )
    if option == "--min-sources":
        return st.sampled_from(["0", "1", "2", "-1", "two", "", "9" * 30])
    return free_text


commands = st.sampled_from([*OPTIONS, "bogus", "source"])
own_options = {command: st.sampled_from(options) for command, options in OPTIONS.items() if options}
any_option = st.sampled_from(ALL_OPTIONS)
positionals = free_text | st.sampled_from(["F101", "F108", "alpha", "gamma"])


@st.composite
def command_lines(draw: st.DrawFn, stores: dict[str, str]) -> list[str]:
    command = draw(commands)
    argv = [command] if command != "source" else ["source", "add"]
    own = OPTIONS.get(command, ())
    count = ARGUMENTS.get(command, 0)
    positional = draw(st.integers(0, 2)) if count == -1 else count
    if draw(st.integers(0, 9)) == 0:
        positional += 1  # one too many
    for _ in range(positional):
        argv.append(draw(positionals))
    store_paths = st.sampled_from(sorted(stores.values()))
    for _ in range(draw(st.integers(0, 5))):
        option = draw(own_options[command] if own and draw(st.booleans()) else any_option)
        if option == "--db":
            argv += [option, draw(store_paths)]
        elif option in FLAGS:
            argv.append(option)
        elif draw(st.integers(0, 19)) == 0:
            argv.append(option)  # the value left out
        else:
            argv += [option, draw(option_value(option))]
    if draw(st.integers(0, 6)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(free_text))
    writer = command in WRITERS or command == "source"
    if writer:
        argv.append("--dry-run")
    # A writer always names a fuzz store: with a value left out, `--reason --dry-run`
    # would be read as a reason (refused now, but never try it on the repository's store).
    if "--db" not in argv and (writer or draw(st.integers(0, 3)) > 0):
        argv += ["--db", draw(store_paths)]
    return argv


@pytest.fixture(scope="module")
def fuzz_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("fuzz")
    paths = {
        "mini": folder / "mini.json",
        "hostile": folder / "hostile.json",
        "truncated": folder / "truncated.json",
        "empty": folder / "empty.json",
        "missing": folder / "missing.json",
        "directory": folder / "directory",
    }
    paths["mini"].write_bytes(MINI_STORE.read_bytes())
    write_store(paths["hostile"], hostile_data())
    paths["truncated"].write_bytes(MINI_STORE.read_bytes()[:500])
    paths["empty"].write_bytes(b"")
    paths["directory"].mkdir()
    return {name: str(path) for name, path in paths.items()}


@pytest.fixture
def quiet_stdin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Standard input that is not a terminal: commands must not wait for an answer."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    yield


def _ends_as_documented(result: Result, argv: list[str]) -> None:
    where = (argv, result.code, result.out[-300:], result.err[-500:])
    assert result.code in (0, 1, 2), where
    assert "Traceback" not in result.out + result.err, where
    assert "internal error" not in result.err, where
    is_data = any("json" in token.casefold() or token == "schema" for token in argv)
    if result.code == 0:
        if not is_data:
            assert_no_control(result.out, where, colour=bool(os.environ.get("FORCE_COLOR")))
        return
    lines = result.err.splitlines()
    if argv[0] == "check" and result.code == 1 and lines and "problem(s) in" in lines[-1]:
        return  # `check` lists the problems it found, then says how many
    assert result.err.startswith("kzturk: error: "), where
    assert result.err.endswith("\n") and len(lines) == 1, where
    assert_no_control(result.err, where)
    if result.code == 2:
        assert result.out == "", where


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_command_lines_end_as_documented(
    run: Runner,
    fuzz_stores: dict[str, str],
    quiet_stdin: None,
    monkeypatch: pytest.MonkeyPatch,
    data: st.DataObject,
) -> None:
    argv = data.draw(command_lines(fuzz_stores), label="argv")
    columns = data.draw(st.sampled_from(["40", "59", "80", "109", "160"]), label="COLUMNS")
    colour = data.draw(st.booleans(), label="FORCE_COLOR")
    before = {name: sha256(Path(p)) for name, p in fuzz_stores.items() if Path(p).is_file()}
    with monkeypatch.context() as patch:
        patch.setenv("COLUMNS", columns)
        if colour:
            patch.setenv("FORCE_COLOR", "1")
        result = run(*argv)
        _ends_as_documented(result, argv)
    after = {name: sha256(Path(p)) for name, p in fuzz_stores.items() if Path(p).is_file()}
    assert after == before, argv
    assert not Path(fuzz_stores["missing"]).exists(), argv
