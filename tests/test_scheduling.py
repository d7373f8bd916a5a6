"""The order the workers take test files in (tests/conftest.py): heavy files first, each
file's tests together."""

from __future__ import annotations

import pytest
from conftest import handed_out_late


def test_heavy_files_are_handed_out_first(request: pytest.FixtureRequest) -> None:
    items = request.session.items
    ranks = [handed_out_late(item) for item in items]
    assert ranks == sorted(ranks)  # the heavy files, then the rest
    files = [item.path for item in items]
    runs = [path for index, path in enumerate(files) if index == 0 or files[index - 1] != path]
    assert len(runs) == len(set(files))  # each file's tests stay together


def test_the_known_heavy_files_are_marked() -> None:
    """Files measured at seconds of work each carry the mark (a new one belongs here too)."""
    import test_browser
    import test_plain_layout
    import test_write_safety

    marks = {
        module.__name__: [m.name for m in _marks(module.pytestmark)]
        for module in (test_browser, test_plain_layout, test_write_safety)
    }
    assert all("heavy" in names for names in marks.values()), marks


def _marks(value: object) -> list[pytest.Mark]:
    marks = value if isinstance(value, list) else [value]
    return [m.mark for m in marks if isinstance(m, pytest.MarkDecorator)]
