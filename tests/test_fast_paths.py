"""Every shortcut taken for speed gives exactly what the straightforward code gives.

Start-up and large stores take quicker routes (see tests/bench/bench_cli.py for the figures):
a JSON pretty-printer of our own, a one-pass shape check, a one-byte copy of a large store to
parse, a translate table instead of a regex, letters folded by replacing instead of
translating, the SQLite export's own JSON cells. Each is checked here against the reference
it replaces (text written without Rich's console: tests/test_plain_layout.py).
"""

from __future__ import annotations

import calendar
import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, mini_facts
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kzturk import store as store_module
from kzturk.dates import days_in_month
from kzturk.errors import StoreError
from kzturk.model import FACT_FIELDS, fact_shape_problems
from kzturk.model.shape import upgrade_tables
from kzturk.render.json_format import pretty_json
from kzturk.render.text import clean_text

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

# ---- JSON output ----------------------------------------------------------------------------

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
# Defined by recursion rather than with `st.recursive`, which draws its trees at twice the
# cost; these are as large on average and nest deeper.
json_tree: st.SearchStrategy[Any] = st.deferred(
    lambda: (
        json_leaf
        | st.lists(json_tree, max_size=6)
        | st.dictionaries(st.text(), json_tree, max_size=6)
    )
)


def reference_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=2)


@settings(max_examples=500)
@given(json_tree)
def test_pretty_json_and_export_cells_are_json_dumps(value: Any) -> None:
    """Both fast JSON writers against the standard library, on the same generated values
    (drawing the trees is most of the cost; each is drawn once for both)."""
    from kzturk.export.sqlite import _json

    assert pretty_json(value) == reference_json(value)
    assert _json(value) == json.dumps(value, ensure_ascii=False, allow_nan=False)


def test_pretty_json_of_the_records() -> None:
    assert pretty_json(mini_facts()) == reference_json(mini_facts())


@pytest.mark.parametrize("value", [float("nan"), [1, float("inf")], {1: "a"}, (1, 2), {"a": {2}}])
def test_pretty_json_unusual_values_as_json_dumps(value: Any) -> None:
    def outcome(encode: Any) -> str:
        try:
            return str(encode(value))
        except (TypeError, ValueError) as exc:
            return f"{type(exc).__name__}: {exc}"

    assert outcome(pretty_json) == outcome(reference_json)


# ---- the shape check ------------------------------------------------------------------------

odd_values = st.sampled_from(
    [
        *(None, "", "x", "defense", "deal", "2022", "2022-13", 0, 1.5, True, [], ["x"], [1]),
        *({}, [{}], {"amount": 1, "currency": None, "unit": None}, {"reason": "r"}),
        *([{"source": "a", "quote": "q"}], {"date": "2024", "reason": "r"}),
        [{"fact": "F1", "relation": "x"}],
    ]
)


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(mini_facts()))),
    st.dictionaries(st.sampled_from([*FACT_FIELDS, "extra"]), odd_values, max_size=3),
    st.lists(st.sampled_from(FACT_FIELDS), max_size=2),
)
def test_shape_check_fast_pass_agrees_with_the_diagnosis(
    index: int, changes: dict[str, Any], removed: list[str]
) -> None:
    record: dict[str, Any] = copy.deepcopy(dict(mini_facts()[index]))
    record.update(changes)
    for name in removed:
        record.pop(name, None)
    problems = fact_shape_problems(record)
    # The same record through the full diagnosis only (the quick pass declined).
    store_module_problems = _diagnosis_only(record)
    assert problems == store_module_problems


document_keys = st.text(alphabet="0123456789١ a", max_size=4) | st.sampled_from(
    ["0", "00", "", "7" * 300, "7" * 301]
)


@settings(max_examples=500)
@given(st.dictionaries(document_keys, st.sampled_from([{}, [], "x", None]), max_size=5))
def test_the_table_frame_check_agrees_with_each_key(rows: dict[str, Any]) -> None:
    from kzturk.store.files import _plain_table, is_document_key

    expected = all(is_document_key(k) and type(v) is dict for k, v in rows.items())
    assert _plain_table(rows) == expected


def _diagnosis_only(record: dict[str, Any]) -> list[str]:
    from kzturk.model.shape import diagnose_fact

    return diagnose_fact(record)


# ---- large stores ---------------------------------------------------------------------------


@cache
def _big_store_text() -> str:
    """8,000 facts with characters beyond U+00FF, as `json.dumps` indents them (made once:
    the standard library's indenting encoder takes a quarter of a second)."""
    data = json.loads(MINI_STORE.read_text(encoding="utf-8"))
    originals = list(data["facts"].values())
    facts = {}
    for number in range(1, 8001):
        clone = dict(originals[number % len(originals)])
        clone["id"] = f"F{number}"
        clone["summary"] += " – Türkiye’s 😀 ğ"
        facts[str(number)] = clone
    data["facts"] = facts
    return json.dumps(data, ensure_ascii=False, indent=2)


def _big_store(tmp_path: Path, extra: str = "") -> Path:
    """The big store's text, with `extra` written just before its last brace."""
    path = tmp_path / "big.json"
    text = _big_store_text()
    path.write_text(text[:-2] + extra + text[-2:], encoding="utf-8")
    assert path.stat().st_size > store_module.ASCII_PARSE_ABOVE
    return path


def test_a_large_store_parses_to_the_same_records(tmp_path: Path) -> None:
    path = _big_store(tmp_path)
    loaded = store_module.load_store(path)
    direct = json.loads(path.read_text(encoding="utf-8"))
    upgrade_tables(direct)  # what the loader does after parsing, either way
    assert [dict(f) for f in loaded.facts] == list(direct["facts"].values())


# Text with what the one-byte copy must get right: Latin-1 letters, BMP and astral characters,
# and backslashes of the store's own (escaped) right before them or before an "x" or a "U".
_TRICKY = st.text(
    alphabet=st.sampled_from(["a", "x", "U", "é", "ü", "\x80", "\xff", "–", "Қ", "😀", "\\", '"']),
    max_size=40,
)


@example(["\\xab", "é"])  # the store's own "\\xab" beside a Latin-1 letter
@example(["\\\\xab\xe9", "\\\xe9"])  # backslash runs right before them
@example(["\\Uab", "é"])  # a "\\U" of the store's own
@example(["😀", "é"])  # a character beyond U+FFFF
@given(st.lists(st.one_of(_TRICKY, st.text(max_size=20)), max_size=8))
def test_the_one_byte_copy_is_the_handlers_and_parses_the_same(values: list[str]) -> None:
    from kzturk.store.files import one_byte_json_text

    text = json.dumps(values, ensure_ascii=False)
    fast = one_byte_json_text(text)
    assert fast == text.encode("latin-1", "kzturk-json-escape").decode("latin-1")
    assert max(fast, default=" ") <= "\xff"
    assert json.loads(fast) == values


@pytest.mark.parametrize("extra", [', "sources": {}', ", ]", ', "facts": {"1": NaN}'])
def test_a_broken_large_store_reports_as_a_small_one(tmp_path: Path, extra: str) -> None:
    path = _big_store(tmp_path, extra)
    with pytest.raises(StoreError) as large:
        store_module.load_store(path)
    with pytest.raises(StoreError) as direct:
        store_module.parse_store_text(path.read_bytes(), path)
    assert str(large.value) == str(direct.value)


# ---- small things ---------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_clean_text_removes_what_the_regex_did() -> None:
    for code in range(0x3000):
        text = f"a{chr(code)}b\r\n\tc"
        expected = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        assert clean_text(text) == expected.replace("\t", " ")


def test_days_in_month_is_calendar_monthrange() -> None:
    for year in range(1, 2401):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


# ---- JSON escapes ---------------------------------------------------------------------------


def test_long_json_texts_are_escaped_as_short_ones() -> None:
    from kzturk.render.text import _JSON_ESCAPES, _SCAN_ABOVE, json_safe

    every = "".join(map(chr, range(0x0, 0x2100))) + "\u061c"
    long_text = (every + "Türkiye’s ₸ 😀 ") * (_SCAN_ABOVE // len(every) + 2)
    assert len(long_text) >= _SCAN_ABOVE
    assert json_safe(long_text) == long_text.translate(_JSON_ESCAPES)
    clean = "plain text, Türkiye’s ₸ 😀 " * (_SCAN_ABOVE // 10)
    assert json_safe(clean) is clean


def _reference_fold(text: str) -> str:
    """What `fold_text` did before it replaced `str.translate` with a scan per letter."""
    import unicodedata

    from kzturk.textfold import _BASE, _MARKS

    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())).translate(_BASE)


@settings(max_examples=500)
@given(st.text() | st.text(alphabet="ıøđłßæœIİĞğŞşÇçÖöÜü “”-aZ "))
def test_fold_text_is_the_translate_table(text: str) -> None:
    from kzturk.textfold import fold_text

    assert fold_text(text) == _reference_fold(text)


def test_fold_text_of_every_letter() -> None:
    from kzturk.textfold import fold_text

    for code in range(0x3000):
        assert fold_text(f"a{chr(code)}b") == _reference_fold(f"a{chr(code)}b")


# ---- the SQLite export's JSON columns -------------------------------------------------------


def test_export_json_cells_of_the_records() -> None:
    from kzturk.export.sqlite import _json

    for fact in mini_facts():
        for value in fact.values():
            if isinstance(value, list | dict):
                assert _json(value) == json.dumps(value, ensure_ascii=False)


def test_the_store_is_written_as_json_dumps_would_write_it() -> None:
    """`canonical_text` writes with the fast encoder: the bundled store's text is the one
    `json.dumps(..., indent=2, ensure_ascii=False)` gives, and a value JSON cannot hold is
    refused as it would be."""
    import json

    from kzturk.store import write
    from kzturk.store.files import read_store_tables
    from kzturk.store.paths import bundled_store_path

    text, data = read_store_tables(bundled_store_path())
    written = write.canonical_text(data)
    assert written == text  # the bundled store is kept canonical
    reordered = json.loads(written)
    assert written == json.dumps(reordered, indent=2, ensure_ascii=False) + "\n"
    data["facts"][next(iter(data["facts"]))]["value"] = float("nan")
    with pytest.raises(ValueError, match="JSON compliant"):
        write.canonical_text(data)
