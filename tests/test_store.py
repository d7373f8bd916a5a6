"""kzturk.store: strict, read-only loading, the store path, and the canonical text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, MINI_STORE, ids, sha256

from kzturk.errors import StoreError
from kzturk.model import FACT_FIELDS, SOURCE_FIELDS
from kzturk.store import (
    ENV_VAR,
    ReadOnlyJSONStorage,
    bundled_store_path,
    canonical_text,
    load_store,
    parse_store_text,
    resolve_store_path,
)


def mini_data() -> dict[str, Any]:
    return json.loads(MINI_STORE.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# ---- loading the mini store -----------------------------------------------------------------


def test_load_store_reads_every_fact_and_source() -> None:
    store = load_store(MINI_STORE)
    data = mini_data()
    assert len(store.facts) == len(data["facts"]) == len(MINI["chronological"])
    assert sorted(store.sources) == ["alpha", "beta", "gamma"]
    assert sorted(ids(store)) == sorted(MINI["chronological"])
    assert store.path == MINI_STORE


def test_loaded_records_have_every_field() -> None:
    store = load_store(MINI_STORE)
    for fact in store:
        assert set(fact) == set(FACT_FIELDS)
    for source in store.sources.values():
        assert set(source) == set(SOURCE_FIELDS)


def test_store_fact_lookup() -> None:
    store = load_store(MINI_STORE)
    f102 = store.fact("F102")
    assert f102 is not None
    assert f102["parties"][0] == "Recep Tayyip Erdoğan"  # read as UTF-8
    assert store.fact("F999") is None
    assert store.fact("f102") is None  # the store is exact; the CLI normalises case


def test_fact_document_keys_are_the_numbers_in_the_ids() -> None:
    for key, fact in mini_data()["facts"].items():
        assert fact["id"] == f"F{key}"


def test_loading_does_not_change_the_file(mini_store_copy: Path) -> None:
    before = sha256(mini_store_copy)
    mtime = mini_store_copy.stat().st_mtime_ns
    load_store(mini_store_copy)
    assert sha256(mini_store_copy) == before
    assert mini_store_copy.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in mini_store_copy.parent.iterdir()) == ["facts.json"]


def test_read_only_storage_refuses_to_write(mini_store_copy: Path) -> None:
    storage = ReadOnlyJSONStorage(str(mini_store_copy))
    with pytest.raises(StoreError, match="read-only"):
        storage.write({"sources": {}, "facts": {}})


# ---- broken stores --------------------------------------------------------------------------


def _deep(depth: int) -> bytes:
    return ('{"sources": {}, "facts": ' + '{"1": ' * depth + "{}" + "}" * depth + "}").encode()


def _missing_source() -> bytes:
    data = mini_data()
    data["facts"]["101"]["sources"][0]["source"] = "nowhere"
    return json.dumps(data).encode()


def _with_number(where: tuple[str | int, ...], literal: str) -> bytes:
    """The mini store with one number written as `literal`, which json.dumps cannot make."""
    data = mini_data()
    record: Any = data
    for key in where[:-1]:
        record = record[key]
    record[where[-1]] = "__NUMBER__"
    return json.dumps(data).replace('"__NUMBER__"', literal).encode()


def _missing_field() -> bytes:
    data = mini_data()
    del data["facts"]["103"]["summary"]
    return json.dumps(data).encode()


BROKEN: dict[str, tuple[bytes, str]] = {
    # name: (file content, regex the message must match after the path)
    "empty": (b"", r"empty"),
    "whitespace only": (b"  \n\t\n", r"empty"),
    "list": (b"[]", r"not a kzturk store.*found list"),
    "null": (b"null", r"not a kzturk store.*found null"),
    "string": (b'"facts"', r"not a kzturk store.*found str"),
    "no facts table": (b'{"sources": {}}', r"no table 'facts'"),
    "table not an object": (b'{"sources": {}, "facts": []}', r"no table 'facts'"),
    "truncated": (
        b'{"sources": {},\n "facts": {"1": {"id": "F1", ',
        r"invalid JSON at line 2 column \d+",
    ),
    "not utf-8": (b'{"sources": {}, "facts": {}, "x": "\xff\xfe"}', r"not UTF-8 \(byte \d+\)"),
    "latin-1": ('{"sources": {}, "facts": {}, "x": "Erdoğan"}'.encode("cp1254"), r"not UTF-8"),
    "non-numeric key": (b'{"sources": {"alpha": {}}, "facts": {}}', r"key 'alpha' is not a number"),
    "document not an object": (b'{"sources": {}, "facts": {"1": []}}', r"document 1 is not an"),
    "duplicate keys": (
        b'{"sources": {}, "facts": {}, "sources": {}}',
        r"duplicate key 'sources'",
    ),
    "duplicate document": (
        b'{"sources": {"1": {}, "1": {}}, "facts": {}}',
        r"duplicate key '1'",
    ),
    "NaN": (b'{"sources": {}, "facts": {}, "x": NaN}', r"NaN"),
    "Infinity": (b'{"sources": {}, "facts": {}, "x": -Infinity}', r"Infinity"),
    "nested 10000 deep": (_deep(10000), r"nested too deeply"),
    # 1e400 is not the literal Infinity, but Python reads it as inf: kzturk then prints
    # "$inf bn" and cannot write the fact as JSON. The store must refuse it on reading.
    "number overflowing to infinity": (
        _with_number(("facts", "106", "amount_usd"), "1e400"),
        r"(?i)1e400|range|finite|inf",
    ),
    "integer beyond any float": (
        _with_number(("facts", "101", "values", 0, "amount"), "1" + "0" * 400),
        r"(?i)range|too large|finite|number",
    ),
    "missing source": (_missing_source(), r"fact F101 .*cites source 'nowhere'"),
    "missing field": (_missing_field(), r"fact F103 .*missing field 'summary'"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_store_is_a_store_error_naming_the_path(tmp_path: Path, name: str) -> None:
    content, pattern = BROKEN[name]
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        load_store(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert re.search(pattern, message), message
    assert "\n" not in message
    assert "Traceback" not in message
    # A read never repairs, truncates or rewrites the file.
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.json"]


def test_missing_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "facts.json"
    with pytest.raises(StoreError, match=re.escape(f"{path}: no such file")):
        load_store(path)
    assert not path.exists()
    assert not path.parent.exists()


def test_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=re.escape(f"{tmp_path}: is a directory")):
        load_store(tmp_path)


def test_several_problems_are_counted(tmp_path: Path) -> None:
    data = mini_data()
    del data["facts"]["101"]["summary"]
    del data["facts"]["102"]["summary"]
    with pytest.raises(StoreError, match=r"and 1 more; run 'kzturk check'"):
        load_store(write_json(tmp_path / "facts.json", data))


@pytest.mark.parametrize(
    ("field", "value", "pattern"),
    [
        ("kind", "rumour", r"'kind' 'rumour' is not one of"),
        ("sectors", ["defence"], r"unknown sector 'defence'"),
        ("date", "2022-13", r"'date' '2022-13' is not YYYY"),
        ("status", "maybe", r"'status' 'maybe'"),
        ("sources", [], r"'sources' must cite at least one source"),
        ("amount_usd", "lots", r"'amount_usd' must be a number"),
        ("parties", "Turkey", r"'parties' must be a list of strings"),
    ],
)
def test_invalid_fact_field_is_an_error(
    tmp_path: Path, field: str, value: Any, pattern: str
) -> None:
    data = mini_data()
    data["facts"]["101"][field] = value
    with pytest.raises(StoreError, match=r"fact F101 \(facts/101\): " + pattern):
        load_store(write_json(tmp_path / "facts.json", data))


def test_duplicate_fact_id_is_an_error(tmp_path: Path) -> None:
    data = mini_data()
    data["facts"]["999"] = dict(data["facts"]["101"])
    with pytest.raises(StoreError, match="duplicate fact id"):
        load_store(write_json(tmp_path / "facts.json", data))


def test_a_missing_optional_field_reads_empty_and_a_missing_required_one_is_an_error(
    tmp_path: Path,
) -> None:
    data = mini_data()
    data["sources"]["1"]["url"] = "https://example.org/a"
    del data["sources"]["1"]["url"]
    assert "values" in data["facts"]["107"]
    del data["facts"]["107"]["values"]
    store = load_store(write_json(tmp_path / "facts.json", data))
    assert store.sources["alpha"]["url"] is None
    fact = store.fact("F107")
    assert fact is not None and fact["values"] == []
    del data["entities"]["1"]["name"]
    with pytest.raises(StoreError, match=r"entity .*missing field 'name'"):
        load_store(write_json(tmp_path / "facts.json", data))


def test_parse_store_text_accepts_the_empty_store(tmp_path: Path) -> None:
    data = parse_store_text(b'{"sources": {}, "facts": {}}', tmp_path / "x.json")
    assert data == {"sources": {}, "facts": {}}
    store = load_store(write_json(tmp_path / "facts.json", data))
    assert store.facts == []
    assert store.sources == {}


# ---- which file ------------------------------------------------------------------------------


def test_db_option_wins_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.json"))
    assert resolve_store_path(str(tmp_path / "option.json")) == tmp_path / "option.json"


def test_environment_wins_over_bundled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.json"))
    assert resolve_store_path(None) == tmp_path / "env.json"


def test_bundled_store_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_store_path(None) == bundled_store_path()
    monkeypatch.setenv(ENV_VAR, "")
    assert resolve_store_path(None) == bundled_store_path()


def test_store_path_expands_the_home_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_store_path("~/facts.json") == tmp_path / "facts.json"


def test_bundled_store_loads_and_has_facts() -> None:
    path = bundled_store_path()
    assert path.is_file(), path
    before = sha256(path)
    store = load_store(path)
    assert len(store.facts) > 0
    assert len(store.sources) > 0
    assert sha256(path) == before


# ---- canonical text --------------------------------------------------------------------------


def test_canonical_text_is_idempotent() -> None:
    text = canonical_text(mini_data())
    again = canonical_text(json.loads(text))
    assert again == text
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")


def test_canonical_text_sorts_keys_and_orders_documents_numerically() -> None:
    data = {
        "sources": {"1": {"b": 1, "a": {"z": 0, "y": [{"d": 1, "c": 2}]}}},
        "facts": {"10": {"id": "F10"}, "2": {"id": "F2"}, "1": {"id": "F1"}},
    }
    text = canonical_text(data)
    assert list(json.loads(text)) == ["facts", "sources"]
    assert list(json.loads(text)["facts"]) == ["1", "2", "10"]
    assert text.index('"2"') < text.index('"10"')
    assert text.index('"a"') < text.index('"b"')
    assert text.index('"y"') < text.index('"z"')
    assert text.index('"c"') < text.index('"d"')  # inside lists too
    assert json.loads(text) == data  # same content, only the order differs


def test_canonical_text_is_unescaped_utf8_with_two_space_indent() -> None:
    text = canonical_text(mini_data())
    assert "Erdoğan" in text
    assert "\\u011f" not in text
    assert '\n  "facts": {\n    "101": {\n      "date": "2022-05-10",\n' in text
    assert ": null" not in text.split('"entities"')[0]  # empty optional fields are left out


def test_canonical_text_refuses_nan() -> None:
    with pytest.raises(ValueError):
        canonical_text({"sources": {}, "facts": {"1": {"x": float("nan")}}})


def test_canonical_text_does_not_depend_on_input_order() -> None:
    data = mini_data()
    reversed_data = {
        table: {key: dict(reversed(list(doc.items()))) for key, doc in reversed(rows.items())}
        for table, rows in reversed(data.items())
    }
    assert canonical_text(reversed_data) == canonical_text(data)
