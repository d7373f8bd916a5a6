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

    def refuse(path: Path, **_: object) -> object:
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

    monkeypatch.setattr(
        readonly, "parse_store_file", lambda p, **kw: parsed.append(p) or real(p, **kw)
    )
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


# ---- any doubt means reading the store ------------------------------------------------------


def _coarse_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store on a file system that keeps whole seconds, every change in one second: its
    status shows the same times before and after an edit."""
    from kzturk.store import loaded

    real = loaded.require_regular_file

    class Coarse:
        def __init__(self, status: os.stat_result) -> None:
            for name in dir(status):
                if name.startswith("st_"):
                    setattr(self, name, getattr(status, name))
            for name in ("st_atime", "st_mtime", "st_ctime"):
                setattr(self, name, 1_700_000_000)
                setattr(self, f"{name}_ns", 1_700_000_000 * 10**9)

    monkeypatch.setattr(loaded, "require_regular_file", lambda path: Coarse(real(path)))


@pytest.mark.parametrize("edit", [("Astana", "Astanb"), ("2022", "2023"), ("F101", "F191")])
def test_a_same_size_edit_in_the_same_second_is_seen(
    cache_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str]
) -> None:
    _coarse_clock(monkeypatch)
    records(store)
    text = store.read_text(encoding="utf-8")
    changed = text.replace(edit[0], edit[1], 1)
    assert changed != text and len(changed) == len(text)
    inode = store.stat().st_ino
    with store.open("r+", encoding="utf-8") as handle:  # in place: the same inode
        handle.write(changed)
    assert store.stat().st_ino == inode
    served = records(store)
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert served == records(store)  # what the file holds now


@pytest.mark.parametrize("kind", ["fifo", "folder", "link to a fifo"])
def test_a_cache_entry_that_is_not_a_regular_file_is_never_read(
    cache_dir: Path, store: Path, kind: str
) -> None:
    """A FIFO at the entry would block the open (or the read) of every lookup; it is looked
    at without blocking and passed over, and the lookup reads the store."""
    import subprocess
    import sys

    records(store)
    [entry] = cache_dir.glob("*.marshal")
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    else:
        os.mkfifo(cache_dir / "fifo")
        entry.symlink_to(cache_dir / "fifo")
    code = "from pathlib import Path; import sys; from kzturk.store import load_store;"
    code += "print(len(load_store(Path(sys.argv[1])).facts))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(store)],
        env={**os.environ, cache.CACHE_ENV: str(cache_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "11"), done.stderr


def test_every_damaged_byte_of_a_cache_file_is_a_miss(cache_dir: Path, store: Path) -> None:
    """A cache file damaged anywhere (a flipped byte in the header, in the digest, in a
    summary, a cut-off end) never serves text that is in no version of the store, and never
    fails: the store is read instead."""
    first = records(store)
    [entry] = cache_dir.glob("*.marshal")
    good = entry.read_bytes()
    positions = sorted({*range(0, len(good), max(1, len(good) // 300)), len(good) - 1})
    for position in positions:
        damaged = bytearray(good)
        damaged[position] ^= 0x01
        entry.write_bytes(bytes(damaged))
        assert records(store) == first, position
    for cut in (1, len(good) // 2, len(good) - 1):
        entry.write_bytes(good[:cut])
        assert records(store) == first, cut


def test_a_store_edited_while_it_is_read_is_cached_as_parsed(
    cache_dir: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy is keyed by the bytes parsed, not by those looked at before: an edit made in
    between must not file the new records under the old content."""
    before = store.read_text(encoding="utf-8")
    after = before.replace('"Astana"', '"Astanb"', 1)
    from kzturk.store import loaded

    real = cache.read_cached

    def edit_after_looking(path: Path, st: os.stat_result, key: object = None) -> object:
        found = real(path, st)
        store.write_text(after, encoding="utf-8")
        return found

    monkeypatch.setattr(loaded, "read_cached", edit_after_looking)
    names = {e["name"] for e in load_store(store).entities.values()}
    assert "Astanb" in names  # the parse saw the edit
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV, str(cache_dir))
    store.write_text(before, encoding="utf-8")
    names = {e["name"] for e in load_store(store).entities.values()}
    assert "Astana" in names and "Astanb" not in names


def test_the_cache_keeps_within_its_byte_budget_but_always_the_newest(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for number in range(3):
        path = tmp_path / f"store{number}.json"
        path.write_bytes(MINI_STORE.read_bytes())
        paths.append(path)
    load_store(paths[0])
    [entry] = cache_dir.glob("*.marshal")
    monkeypatch.setattr(cache, "BUDGET", 2 * entry.stat().st_size)
    load_store(paths[1])
    load_store(paths[2])
    assert len(list(cache_dir.glob("*.marshal"))) == 2
    assert cache.read_cached(paths[0], paths[0].stat()) is None
    assert cache.read_cached(paths[2], paths[2].stat()) is not None
    monkeypatch.setattr(cache, "BUDGET", 1)  # smaller than any copy: the newest stays
    load_store(paths[0])
    assert len(list(cache_dir.glob("*.marshal"))) == 1
    assert cache.read_cached(paths[0], paths[0].stat()) is not None
