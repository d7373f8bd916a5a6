"""The library is what the command line is made of: composing it in Python gives what the
commands print, and `import kzturk` exposes it lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_STORE, Runner

import kzturk
from kzturk.dates import make_range
from kzturk.render.records import fact_record, target_record


def test_trade_progress_is_the_same_from_python_and_from_the_command(run: Runner) -> None:
    """`kzturk trade --until 2022` measures progress against every known actual figure, not
    only those the date range shows; the library composition gives the same figures."""
    store = kzturk.open_store()
    spec = kzturk.FactFilter(dates=make_range(None, "2022"))
    report = kzturk.trade_report(store, spec)
    from kzturk.entities import entity_index

    index = entity_index(store)
    expected = [fact_record(f, index) for f in report.actuals]
    expected += [target_record(t, index) for t in report.targets]
    from kzturk.render.ranges import mark  # a ranged listing marks what only overlaps it

    mark(expected, [*report.actuals, *(t.target for t in report.targets)], spec.dates)
    printed = run("trade", "--until", "2022", "--json").json
    assert printed == expected
    assert any(t["progress"]["latest_actual"] for t in printed if t["kind"] == "target")


@pytest.mark.parametrize(
    ("argv", "spec"),
    [
        (("deals", "--sector", "defense"), {"kinds": ("deal",), "sectors": ("defense",)}),
        (
            ("timeline", "--since", "2022"),
            {
                "dates": make_range("2022", None),
                "include_context": False,
                "include_analysis": False,
            },
        ),
        (("deals", "--party", "tusas"), {"kinds": ("deal",), "party": "tusas"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_a_listing_is_one_library_call(run: Runner, argv: tuple[str, ...], spec: dict) -> None:
    store = kzturk.open_store()
    ids = [f["id"] for f in kzturk.select(store, kzturk.FactFilter(**spec))]
    assert [r["id"] for r in run(*argv, "--json").json] == ids
    assert ids


def test_import_kzturk_loads_nothing_but_itself() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kzturk, sys; print(sorted(m for m in sys.modules if m.startswith('kzturk')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['kzturk']"


def test_the_library_api_names_resolve() -> None:
    for name in kzturk.__all__:
        assert getattr(kzturk, name) is not None, name
    with pytest.raises(AttributeError):
        kzturk.no_such_thing  # noqa: B018


def test_open_store_takes_a_path() -> None:
    assert kzturk.open_store(MINI_STORE).fact("F101") is not None
    assert kzturk.open_store(str(MINI_STORE)).path == Path(MINI_STORE)
