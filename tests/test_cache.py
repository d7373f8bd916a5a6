"""The lookup cache (kzturk.store.cache): an unchanged store comes from it, anything else is
read from the file; a cache that is odd in any way is ignored, never trusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import MINI_STORE

from kzturk.errors import StoreError
from kzturk.store import cache, files, load_store


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "facts.json"
    path.write_bytes(MINI_STORE.read_bytes())
    return path


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real read of a store fail, so a load that works came from the cache."""

    def refuse(path: Path) -> object:
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr(files, "parse_store_file", refuse)
    from kzturk.store import readonly

    monkeypatch.setattr(readonly, "parse_store_file", refuse)


def records(path: Path) -> tuple[object, ...]:
    loaded = load_store(path)
    return (loaded.facts, loaded.sources, loaded.entities, loaded.occasions)


def test_an_unchanged_store_comes_from_the_cache_as_it_was_read(
    cache_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = records(store)
    assert len(list(cache_dir.glob("*.marshal"))) == 1
    no_parsing(monkeypatch)
    assert records(store) == first
    assert load_store(store).fact("F101") is not None


def test_a_changed_store_is_read_again_even_with_its_old_size_and_time(
    cache_dir: Path, store: Path
) -> None:
    records(store)
    old = store.stat()
    text = store.read_text(encoding="utf-8")
    changed = text.replace('"Astana"', '"Astanb"', 1)
    assert changed != text and len(changed) == len(text)
    store.write_text(changed, encoding="utf-8")
    os.utime(store, ns=(old.st_atime_ns, old.st_mtime_ns))  # the change time still moves
    assert store.stat().st_size == old.st_size
    names = [e["name"] for e in load_store(store).entities.values()]
    assert "Astanb" in names and "Astana" not in names


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal data", b"\xe3" * 40],
    ids=["empty", "text", "garbage"],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(
    cache_dir: Path, store: Path, damage: bytes
) -> None:
    first = records(store)
    [entry] = cache_dir.glob("*.marshal")
    entry.write_bytes(damage)
    assert records(store) == first
    assert entry.read_bytes() != damage  # written again from the real read


def test_a_cache_file_others_could_write_is_not_trusted(
    cache_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records(store)
    [entry] = cache_dir.glob("*.marshal")
    entry.chmod(0o666)
    parsed: list[Path] = []
    real = files.parse_store_file
    from kzturk.store import readonly

    monkeypatch.setattr(readonly, "parse_store_file", lambda p: parsed.append(p) or real(p))
    load_store(store)
    assert parsed == [store]


def test_a_cache_of_another_version_or_shape_is_a_miss(
    cache_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records(store)
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.read_cached(store, store.stat()) is None
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV, str(cache_dir))
    monkeypatch.setattr(cache, "_FIELDS", (("facts", ("id",)),))
    assert cache.read_cached(store, store.stat()) is None


def test_a_broken_store_is_never_cached(cache_dir: Path, store: Path) -> None:
    data = json.loads(store.read_text(encoding="utf-8"))
    next(iter(data["facts"].values()))["kind"] = "rumour"
    store.write_text(json.dumps(data), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(StoreError, match="rumour"):
            load_store(store)
    assert not list(cache_dir.glob("*.marshal"))


@pytest.mark.parametrize("setting", ["off", "OFF", "0", "", "  "])
def test_the_cache_can_be_turned_off(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, setting)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    records(store)
    assert cache.cache_folder() is None
    assert not (tmp_path / "xdg").exists()


def test_without_a_setting_the_cache_follows_xdg_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_folder() == tmp_path / "xdg" / "kzturk"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_folder() == tmp_path / ".cache" / "kzturk"
    monkeypatch.delenv("HOME")
    assert cache.cache_folder() is None


def test_an_unwritable_cache_folder_costs_nothing_but_the_cache(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert records(store) == records(store)
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("a-file*/*"))


def test_large_stores_are_not_cached(
    cache_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_BYTES", store.stat().st_size - 1)
    records(store)
    assert not cache_dir.exists() or not list(cache_dir.glob("*.marshal"))


def test_the_cache_keeps_only_the_latest_files(cache_dir: Path, tmp_path: Path) -> None:
    for number in range(cache.KEEP + 3):
        path = tmp_path / f"store{number}.json"
        path.write_bytes(MINI_STORE.read_bytes())
        load_store(path)
    assert len(list(cache_dir.glob("*.marshal"))) == cache.KEEP
    assert not list(cache_dir.glob(".*.tmp"))
    latest = tmp_path / f"store{cache.KEEP + 2}.json"
    assert cache.read_cached(latest, latest.stat()) is not None


def test_two_paths_to_one_file_share_its_copy(cache_dir: Path, store: Path) -> None:
    link = store.parent / "link.json"
    link.symlink_to(store)
    records(store)
    assert cache.read_cached(link, link.stat()) is not None
    assert len(list(cache_dir.glob("*.marshal"))) == 1


def test_a_lookup_after_a_write_sees_the_write(cache_dir: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from store_helpers import BETA_TEXT, make_store

    folder = tmp_path / "s"
    folder.mkdir()
    path = make_store(folder)
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}

    def kzturk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kzturk", *args, "--db", str(path)],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip

    before = json.loads(kzturk("timeline", "--json").stdout)
    assert list(cache_dir.glob("*.marshal"))
    quote = BETA_TEXT.split(". ")[0].strip()
    added = kzturk("add", "--kind", "event", "--sector", "diplomacy", "--date", "2022-05",
                   "--summary", "Cached or not, this is new.", "--source", "beta",
                   "--quote", quote)  # fmt: skip
    assert added.returncode == 0, added.stderr
    after = json.loads(kzturk("timeline", "--json").stdout)
    assert len(after) == len(before) + 1
    assert "Cached or not, this is new." in [r["summary"] for r in after]
