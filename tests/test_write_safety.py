"""Writes survive crashes and concurrent writers.

- Crash trials: a writer killed with SIGKILL at a random moment of one change of a run of
  changes leaves the store byte for byte equal to the state before or after it, and valid.
  The writers are forked by a small process of their own (tests/crash_writers.py).
- Kill points: a writer killed just before and just after the os.replace leaves the old or
  the new file, and the next writer cleans up and succeeds.
- The real entry point killed at random moments of `kzturk add`.
- Concurrency: two processes each adding 50 facts while a third reads in a loop.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from crash_writers import EXTRA_QUOTES, fork_writer, operations, seed_store
from store_helpers import make_store, new_fact

from kzturk import curate
from kzturk.check import check_store
from kzturk.store import parse_store_text

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(
        not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork and SIGKILL (Linux)"
    ),
]

KZTURK = Path(sys.executable).with_name("kzturk")
SEED = int(os.environ.get("KZTURK_CRASH_SEED", "20250729"))
TRIALS = 200


class Writers:
    """The process that forks the trials' writers (`tests/crash_writers.py`)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("crash_writers.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, *words: object) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(" ".join(map(str, words)) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"crash_writers ended (exit {self.process.poll()})"
        return answer.strip()

    def start(self, number: int, path: Path) -> int:
        """A writer making change `number` to the store at `path`, running: its pid."""
        return int(self.ask("run", number, path))

    def wait(self, pid: int) -> int:
        """The writer's wait status once it has ended."""
        return int(self.ask("wait", pid))

    def kill(self, pid: int) -> int:
        """SIGKILL the writer (if it is still running); its wait status."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return self.wait(pid)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(30) == 0


@pytest.fixture(scope="module")
def writers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writers]:
    started = Writers()
    assert started.ask("warm", seed_store(tmp_path_factory.mktemp("warm-up"))) == "ok"
    yield started
    started.close()


class Run(NamedTuple):
    """The run of changes done once: the store before and after each change, a copy of the
    whole folder before each, and how long each change takes in a forked writer."""

    states: list[bytes]
    folders: list[Path]
    times: list[float]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, writers: Writers) -> Run:
    base = tmp_path_factory.mktemp("reference")
    (base / "run").mkdir()
    path = seed_store(base / "run")
    states, folders, times = [path.read_bytes()], [], []
    for number, op in enumerate(operations()):
        folders.append(base / f"before-{number}")
        shutil.copytree(path.parent, folders[-1])
        # Timed as a trial runs it: a forked writer on a copy, from the fork to its end; the
        # shortest of three, so that a busy moment does not stretch every trial's wait.
        timed = []
        for attempt in range(3):
            trial = base / f"timed-{number}-{attempt}"
            shutil.copytree(folders[-1], trial)
            started = time.perf_counter()
            status = writers.wait(writers.start(number, trial / "facts.json"))
            timed.append(time.perf_counter() - started)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, number
        times.append(min(timed))
        op(path)
        states.append(path.read_bytes())
        assert (trial / "facts.json").read_bytes() == states[-1], "a change is reproducible"
    assert len(set(states)) == len(states), "every operation changes the store"
    return Run(states, folders, times)


def assert_valid(path: Path) -> None:
    problems = check_store(path)
    assert not problems, [str(p) for p in problems]


def test_crash_trials(
    tmp_path: Path, reference: Run, writers: Writers, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each trial starts a writer on a copy of the folder as it was before a change chosen
    at random, and kills it at a random moment of that change: the store is the state
    before or after it, valid, and the next writer succeeds."""
    states, ops = reference.states, operations()
    rng = random.Random(SEED)
    reached: Counter[int] = Counter()
    mid_write = 0
    for trial in range(TRIALS):
        number = rng.randrange(len(ops))
        folder = tmp_path / f"t{trial}"
        shutil.copytree(reference.folders[number], folder)
        path = folder / "facts.json"
        pid = writers.start(number, path)
        time.sleep(rng.uniform(0, reference.times[number] * 1.1))
        writers.kill(pid)
        after = path.read_bytes()
        assert after in states[number : number + 2], (
            f"trial {trial} (seed {SEED}): the store is neither old nor new"
        )
        reached[number + (after == states[number + 1])] += 1
        if list(folder.glob(".facts.json.*.tmp")):
            mid_write += 1
        assert_valid(path)
        # the next writer finds the lock free, removes the orphans and succeeds (it checks
        # the store it writes itself: a parse shows the write is whole)
        added = curate.add_fact(path, new_fact(summary="After the crash."))
        assert added.written and not list(folder.rglob("*.tmp"))
        stored = parse_store_text(path.read_bytes(), path)["facts"]
        assert stored[added.record["id"][1:]]["summary"] == "After the crash."
    with capsys.disabled():
        print(
            f"\n{TRIALS} crash trials (seed {SEED}): the store after k of {len(ops)} "
            f"changes: {dict(sorted(reached.items()))}; {mid_write} killed mid-write"
        )
    assert len(reached) >= 5, f"kills landed at too few points: {reached}"
    assert mid_write > 0, "no kill landed between creating the temp file and the replace"


@pytest.mark.parametrize(
    ("point", "expect_new"),
    [
        ("fsync", False),  # the temp file is written, not yet synced
        ("replace", False),  # synced, not yet moved over the store
        ("after-replace", True),  # moved, the folder not yet synced
    ],
)
def test_kill_points(tmp_path: Path, point: str, expect_new: bool) -> None:
    path = seed_store(tmp_path)
    old = path.read_bytes()

    def body(path: Path) -> None:
        name = "replace" if point == "after-replace" else point
        real = getattr(os, name)

        def die(*args: Any) -> None:
            if point == "after-replace":
                real(*args)
            os.kill(os.getpid(), signal.SIGKILL)

        setattr(os, name, die)
        curate.add_fact(path, new_fact())

    _, status = os.waitpid(fork_writer(path, body), 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    after = path.read_bytes()
    if expect_new:
        assert after != old and parse_store_text(after, path)["facts"]["103"]["id"] == "F103"
    else:
        assert after == old
        assert list(tmp_path.glob(".facts.json.*.tmp")), "the killed writer left its temp file"
    assert_valid(path)
    outcome = curate.add_fact(path, new_fact(summary="The next writer."))
    assert outcome.record["id"] == ("F104" if expect_new else "F103")
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert_valid(path)


def test_the_cli_killed_at_random_moments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real `kzturk add`, start-up included, killed at random moments of its run (as
    long as one run to its end takes here)."""
    rng = random.Random(SEED + 1)
    outcomes: Counter[str] = Counter()

    def command(path: Path) -> list[str]:
        return [
            str(KZTURK), "add", "--kind", "event", "--sector", "diplomacy", "--date", "2022-05",
            "--summary", "Killed CLI fact.", "--source", "beta", "--quote", EXTRA_QUOTES[0],
            "--db", str(path),
        ]  # fmt: skip

    (tmp_path / "timed").mkdir()
    started = time.perf_counter()
    subprocess.run(command(seed_store(tmp_path / "timed")), capture_output=True, check=True)
    elapsed = time.perf_counter() - started
    for trial in range(12):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        path = seed_store(folder)
        old = path.read_bytes()
        proc = subprocess.Popen(command(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, elapsed * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = path.read_bytes()
        if after == old:
            outcomes["old"] += 1
        else:
            outcomes["new"] += 1
            assert parse_store_text(after, path)["facts"]["103"]["summary"] == "Killed CLI fact."
        assert_valid(path)
    assert sum(outcomes.values()) == 12
    # and the command itself agrees about the last one
    checked = subprocess.run(
        [str(KZTURK), "check", "--db", str(path)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0 and checked.stdout.startswith("ok:"), checked.stderr
    with capsys.disabled():
        print(f"\n12 kzturk add processes killed at random: {dict(outcomes)}")


READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from kzturk.store import load_store
    path, stop = Path(sys.argv[1]), Path(sys.argv[2])
    reads = errors = decreases = 0
    last = 0
    first_error = None
    while not stop.exists():
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
            count = len(data["facts"])
            if reads % 4 == 0:
                load_store(path)  # what every lookup command does
        except Exception as exc:
            errors += 1
            first_error = first_error or repr(exc)
            continue
        reads += 1
        decreases += count < last
        time.sleep(0.001)
        last = count
    print(json.dumps({"reads": reads, "errors": errors, "decreases": decreases,
                      "first_error": first_error}))
    """
)

WRITER = textwrap.dedent(
    """
    import sys
    from kzturk.cli import main
    path, writer = sys.argv[1], sys.argv[2]
    for i in range(50):
        main(["add", "--kind", "event", "--sector", "diplomacy", "--date", "2022-05",
              "--summary", f"Writer {writer} fact {i}.", "--source", "beta",
              "--quote", "Tokayev visited Ankara in May 2022", "--db", path])
    """
)


def test_two_writers_and_a_reader(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_store(tmp_path)
    stop = tmp_path / "stop"
    env = {**os.environ, curate.LOCK_TIMEOUT_ENV: "60"}
    started = time.perf_counter()
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("A", "B")
    ]
    printed: list[str] = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        printed += out.split()
    stop.touch()
    report = json.loads(reader.communicate(timeout=60)[0])
    elapsed = time.perf_counter() - started

    data = parse_store_text(path.read_bytes(), path)
    new = {key: fact for key, fact in data["facts"].items() if int(key) > 102}
    assert len(new) == 100, "a fact was lost"
    assert sorted(printed) == sorted(fact["id"] for fact in new.values())
    assert len(set(printed)) == 100
    summaries = {fact["summary"] for fact in new.values()}
    assert summaries == {f"Writer {w} fact {i}." for w in "AB" for i in range(50)}
    assert data["meta"]["1"]["last_fact_number"] == 202
    assert report["errors"] == 0, report["first_error"]
    assert report["decreases"] == 0
    assert report["reads"] > 0
    assert_valid(path)
    with capsys.disabled():
        print(f"\n2 writers x 50 facts, reader made {report['reads']} reads: {elapsed:.1f} s")


# ---- one write path: check --fix follows the same rules as every writer -------------------


def test_check_fix_waits_only_as_long_as_kzturk_lock_timeout(tmp_path: Path) -> None:
    """`check --fix` takes the store's lock like every writer and gives up after the time
    $KZTURK_LOCK_TIMEOUT asks, not a fixed 10 s."""
    import json as json_module
    import time

    from filelock import FileLock

    path = tmp_path / "facts.json"
    path.write_text(json_module.dumps({"facts": {}, "sources": {}}), encoding="utf-8")
    kzturk = Path(sys.executable).parent / "kzturk"
    env = {**os.environ, "KZTURK_LOCK_TIMEOUT": "0.5"}
    with FileLock(f"{path}.lock"):
        started = time.monotonic()
        done = subprocess.run(
            [str(kzturk), "check", "--fix", "--db", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        waited = time.monotonic() - started
    assert done.returncode == 1
    assert "another kzturk is writing it (waited 0.5 s" in done.stderr
    assert waited < 5


def test_check_fix_of_a_device_is_the_normal_read_error() -> None:
    kzturk = Path(sys.executable).parent / "kzturk"
    done = subprocess.run(
        [str(kzturk), "check", "--fix", "--db", "/proc/self/mem"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert (
        done.stderr.startswith("kzturk: error: /proc/self/mem: ")
        and "internal error" not in done.stderr
    )
    assert done.stderr.count("\n") == 1
