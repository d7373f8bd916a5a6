"""Start-up and scaling benchmark of the installed `kzturk`, run by hand (not by pytest).

    python tests/bench/bench_cli.py            # 10 runs of each command (the default)
    python tests/bench/bench_cli.py --runs 20 --sizes 1000,10000,100000

Everything is measured in one run, commands taking turns (run 1 of every command, then run 2
of every command, ...), so a slow moment of the machine hits all of them alike; the tables
give medians. Wall time is taken around each child process; peak memory (maximum resident set
size) comes from a second run of the same command under GNU time, in the same round.

1. Start-up: `kzturk deals --sector defense --json`, `kzturk timeline`, `kzturk trade` and
   `kzturk check` on the bundled store, against `python -c pass` (the floor: Python's own
   start-up) and `python -c "import typer"` (what any Typer tool pays), each also as a ratio
   to the Typer baseline.
2. Pages: `kzturk timeline --format html` against the `kzturk timeline` table on the same
   store (the bundled one, then synthetic stores of 1,000 and 10,000 facts): the page may
   take at most twice as long as the table.
3. Scale: synthetic stores of 1,000, 10,000 and 100,000 facts, cloned from the bundled store's
   facts with new ids (F1..Fn, document keys "1".."n") beside its sources, entities and
   occasions, written to a temporary folder; on each, `kzturk deals --sector defense --json
   --db FILE` against `jq` running the same filter (kind "deal", the sector among the fact's
   sectors, not retracted; chronological order; the stored fields plus `source_count`) on the
   same file. The two outputs are compared once per size before timing, leaving out the
   fields jq is not asked to compute (`edtf`, `party_ids`): kzturk does more work, not less.
   kzturk is timed three ways: served from its lookup cache (warmed by the unrecorded
   rounds), run first (its cache emptied before each run, so it parses the store and writes
   the copy) and with the cache off (it parses the store every time, as jq does).
4. Search: `kzturk search agreement --json` against jq's case-insensitive whole-word test()
   over the same texts, on the same synthetic stores (the ids found compared first), from
   the lookup cache and without it.
5. Export: on the largest synthetic store, with the bundled entities and occasions too,
   `kzturk export sqlite` (every table, indexes, full-text search) against `sqlite-utils
   insert --nl` loading the same facts from JSON Lines (`kzturk export jsonl`, written once
   beforehand, not timed); both start from no database file. Skipped, with a note, where
   sqlite-utils is not installed (`pip install sqlite-utils`).

Uses only the standard library, the `kzturk` found next to `sys.executable`, `jq` on PATH and,
for the export, `sqlite-utils` next to `sys.executable` or on PATH.
If PYTHONDONTWRITEBYTECODE is set, the children run without it and with a private
PYTHONPYCACHEPREFIX, so every command runs from byte code as it would after `pip install`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

KZTURK = Path(sys.executable).with_name("kzturk")
PY = sys.executable
TARGETS = {"deals --json": 1.3, "timeline": 1.8}
SCALE_TARGET = 0.8  # kzturk deals --json at most this share of jq's time on the largest store
# The lookup cache (kzturk.store.cache) off for one command: every run parses the store.
NO_CACHE = ["env", "KZTURK_CACHE=off"]
PAGE_TARGET = 2.0  # timeline --format html against the timeline table, on the same store
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


@dataclass
class Sample:
    """Wall-time seconds and peak-RSS kilobytes of every run of one command."""

    label: str
    argv: list[str]
    wall: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.wall) * 1000

    @property
    def spread_ms(self) -> float:
        """Half the interquartile range, in ms: how noisy the runs were."""
        if len(self.wall) < 4:
            return 0.0
        q1, _, q3 = statistics.quantiles(self.wall, n=4)
        return (q3 - q1) / 2 * 1000

    @property
    def peak_mb(self) -> float:
        return statistics.median(self.rss_kb) / 1024


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, exit code) of one run; output goes to /dev/null."""
    start = time.perf_counter()
    code = subprocess.call(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, code


def peak_rss_kb(argv: list[str], env: dict[str, str], scratch: Path) -> int:
    """The child's peak resident set size in KB, from GNU time when there is one.

    A child started straight from this process inherits this process's high-water mark (the
    kernel keeps the larger of the two across fork/vfork and exec), so every small command
    would show the benchmark's own size; /usr/bin/time is a small C program whose own child
    starts from a few hundred KB. Without it, `os.wait4` is used and the figure includes
    this process's size as a floor."""
    if GNU_TIME is not None:
        report = scratch / "rss.txt"
        subprocess.call(
            [GNU_TIME, "-f", "%M", "-o", str(report), *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        return int(report.read_text().split()[-1])
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return usage.ru_maxrss


def measure(
    samples: list[Sample], runs: int, warmup: int, env: dict[str, str], scratch: Path
) -> None:
    """`warmup` unrecorded rounds, then `runs` rounds; each round runs every command once for
    its time, then once more under GNU time for its memory."""
    for round_ in range(warmup + runs):
        for sample in samples:
            wall, code = run_once(sample.argv, env)
            if round_ >= warmup:
                sample.wall.append(wall)
                sample.codes.add(code)
                sample.rss_kb.append(peak_rss_kb(sample.argv, env, scratch))
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


# ---- environment ----------------------------------------------------------------------------


def child_env(workdir: Path) -> tuple[dict[str, str], list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("KZTURK_DB", "COLUMNS")}
    notes: list[str] = []
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        notes.append(
            "PYTHONDONTWRITEBYTECODE was set: children ran without it, byte code cached in a "
            "private PYTHONPYCACHEPREFIX (as after pip install)"
        )
    env["NO_COLOR"] = "1"
    # A lookup cache of this run's own, so the warm runs are warm and nothing is left behind.
    env["KZTURK_CACHE"] = str(workdir / "cache")
    return env, notes


def uncached(env: dict[str, str]) -> dict[str, str]:
    """An environment without the lookup cache: every run parses the file, as jq does."""
    return {**env, "KZTURK_CACHE": "off"}


def bundled_store() -> Path:
    from kzturk.store import bundled_store_path

    return bundled_store_path()


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in ("kzturk", "typer", "rich", "tinydb"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            versions.append(f"{name} ?")
    jq = shutil.which("jq")
    jq_version = (
        subprocess.run([jq, "--version"], capture_output=True, text=True).stdout.strip()
        if jq
        else "jq not found"
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"load average at the start (1, 5, 15 min): {load}",
        f"{cpu}, {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()} ({sys.executable}); {', '.join(versions)}; "
        f"{jq_version}",
    ]


# ---- synthetic stores -----------------------------------------------------------------------


def write_synthetic(source: Path, count: int, folder: Path) -> Path:
    """A store of `count` facts cloned round-robin from `source`, ids F1..Fn, keys "1".."n",
    beside the source's sources, entities and occasions."""
    data = json.loads(source.read_text(encoding="utf-8"))
    originals = [data["facts"][key] for key in sorted(data["facts"], key=int)]
    facts = {}
    for number in range(1, count + 1):
        clone = dict(originals[(number - 1) % len(originals)])
        clone["id"] = f"F{number}"
        facts[str(number)] = clone
    path = folder / f"facts-{count}.json"
    tables = {**data, "facts": facts}  # entities and occasions too: party ids are looked up
    text = json.dumps(tables, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def jq_filter(sector: str) -> str:
    """jq doing what `kzturk deals --sector SECTOR --json` does: same records, same order.
    The store leaves empty optional fields out (the canonical writer's rule), so jq gives
    each its empty value as kzturk's loader does: [] for a list, null otherwise, and a
    link's `about` null where it lacks one."""
    from kzturk.model import FACT_FIELDS
    from kzturk.model.fields import TABLES

    lists = {f.name for f in TABLES["facts"] if f.many}

    def value(name: str) -> str:
        if name == "links":
            return "links: ((.links // []) | map({about: null} + .))"
        return f"{name}: (.{name} // [])" if name in lists else name

    fields = ", ".join(value(name) for name in FACT_FIELDS)
    return f"""
[.facts[]
 | select(.kind == "deal" and (.retracted | not)
          and any((.sectors // [])[]; . == {json.dumps(sector)}))]
| sort_by(
    (.id | sub("^[Ff]+"; "")) as $n
    | (if ($n | test("^[0-9]+$")) then [($n | tonumber), ""] else [-1, .id] end) as $id
    | if .date then
        [0, .date + {{"4": "-01-01", "7": "-01", "10": ""}}[.date | length | tostring],
         {{"4": 0, "7": 1, "10": 2}}[.date | length | tostring], $id]
      else [1, "", 0, $id] end)
| map({{{fields}, source_count: ([(.sources // [])[].source] | unique | length)}})
"""


COMPUTED = ("edtf", "party_ids")  # kzturk works these out; the jq filter leaves them out


def same_output(kz: list[str], jq: list[str], env: dict[str, str]) -> tuple[bool, int]:
    """(same records but for COMPUTED, number of records) of the two commands."""
    a = subprocess.run(kz, capture_output=True, env=env, check=True).stdout
    b = subprocess.run(jq, capture_output=True, env=env, check=True).stdout
    records = [{k: v for k, v in r.items() if k not in COMPUTED} for r in json.loads(a)]
    return records == json.loads(b), len(records)


# ---- report ---------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def startup(runs: int, warmup: int, env: dict[str, str], scratch: Path) -> list[str]:
    kz = str(KZTURK)
    samples = [
        Sample("python -c pass", [PY, "-c", "pass"]),
        Sample('python -c "import typer"', [PY, "-c", "import typer"]),
        Sample("deals --json", [kz, "deals", "--sector", "defense", "--json"]),
        Sample("deals --json, no cache", [*NO_CACHE, kz, "deals", "--sector", "defense", "--json"]),
        Sample("timeline", [kz, "timeline"]),
        Sample("timeline, no cache", [*NO_CACHE, kz, "timeline"]),
        Sample("deals (a table)", [kz, "deals"]),
        Sample("search agreement (a table)", [kz, "search", "agreement"]),
        Sample("trade", [kz, "trade"]),
        Sample("check", [kz, "check"]),
    ]
    print(f"start-up: {len(samples)} commands x {runs} runs", file=sys.stderr)
    measure(samples, runs, warmup, env, scratch)
    floor, typer = samples[0].median_ms, samples[1].median_ms
    rows = []
    for s in samples:
        ratio = s.median_ms / typer
        target = TARGETS.get(s.label)
        verdict = "" if target is None else f"<= {target}: {'PASS' if ratio <= target else 'FAIL'}"
        rows.append(
            [
                ("kzturk " + s.label) if kz in s.argv else s.label,
                f"{s.median_ms:.1f}",
                f"{s.spread_ms:.1f}",
                f"{s.median_ms - floor:.1f}",
                f"{ratio:.2f}",
                f"{s.peak_mb:.1f}",
                ",".join(map(str, sorted(s.codes))),
                verdict,
            ]
        )
    return [
        f"Start-up on the bundled store ({bundled_store()}), medians of {runs} runs",
        table(
            ["command", "ms", "±IQR/2", "above floor", "x typer", "peak MB", "exit", "target"],
            rows,
        ),
    ]


def cache_variants(argv: list[str], folder: Path) -> list[Sample]:
    """One command three ways: served from the lookup cache (warmed by the unrecorded
    rounds), run first (its cache emptied, so it parses the store and writes the copy), and
    with the cache off (it parses the store and writes nothing, as jq)."""
    first = folder / "first-run-cache"
    empty_first = ["sh", "-c", 'rm -rf -- "$KZTURK_CACHE"; exec "$@"', "sh"]
    return [
        Sample("kzturk, cached", argv),
        Sample(
            "kzturk, first run",
            ["env", f"KZTURK_CACHE={first}", *empty_first, *argv],
        ),
        Sample("kzturk, no cache", [*NO_CACHE, *argv]),
    ]


def scale(
    sizes: list[int], sector: str, runs: int, warmup: int, env: dict[str, str], folder: Path
) -> list[str]:
    jq = shutil.which("jq")
    if jq is None:
        return ["Scale: skipped, jq is not on PATH"]
    filter_file = folder / "deals.jq"
    filter_file.write_text(jq_filter(sector), encoding="utf-8")
    source = bundled_store()
    rows: list[list[str]] = []
    results: list[tuple[int, list[Sample], Sample]] = []
    lines: list[str] = []
    for size in sizes:
        path = write_synthetic(source, size, folder)
        argv = [str(KZTURK), "deals", "--sector", sector, "--json", "--db", str(path)]
        kinds = cache_variants(argv, folder)
        jqs = Sample("jq", [jq, "-f", str(filter_file), str(path)])
        same, count = same_output(argv, jqs.argv, uncached(env))
        if not same:
            lines.append(f"WARNING: {size:,} facts: kzturk and jq outputs differ")
        mb = path.stat().st_size / 1e6
        print(f"scale: {size:,} facts ({mb:.1f} MB), {runs} runs", file=sys.stderr)
        measure([*kinds, jqs], runs, warmup, env, folder)
        results.append((size, kinds, jqs))
        for kz in kinds:
            rows.append(
                [
                    f"{size:,}",
                    f"{mb:.1f}",
                    f"{count:,}",
                    "same records" if same else "DIFFERENT",
                    kz.label.removeprefix("kzturk, "),
                    f"{kz.median_ms:.0f}",
                    f"{jqs.median_ms:.0f}",
                    f"{kz.median_ms / jqs.median_ms:.2f}",
                    f"{kz.peak_mb:.1f}",
                    f"{jqs.peak_mb:.1f}",
                    f"{kz.peak_mb / jqs.peak_mb:.2f}",
                ]
            )
    lines[:0] = [
        f"Scale: deals --sector {sector} --json on synthetic stores vs jq, medians of {runs} "
        "runs; kzturk served from its lookup cache, run first (cache emptied), and without it",
        table(
            [
                "facts",
                "file MB",
                "matches",
                "output",
                "kzturk",
                "kzturk ms",
                "jq ms",
                "time ratio",
                "kzturk MB",
                "jq MB",
                "mem ratio",
            ],
            rows,
        ),
    ]
    if len(results) >= 2:
        (n0, kinds0, _), (n1, kinds1, jq1) = results[0], results[-1]
        cold0, cold1 = kinds0[-1], kinds1[-1]
        growth = (cold1.median_ms / cold0.median_ms) / (n1 / n0)
        steps = [
            f"{(b[-1].median_ms - a[-1].median_ms) * 1000 / (m - n):.1f}"
            for (n, a, _), (m, b, _) in itertools.pairwise(results)
        ]
        lines.append(
            f"kzturk time per added fact between sizes, no cache (us): {' -> '.join(steps)}; "
            f"time({n1:,}) / time({n0:,}) = {cold1.median_ms / cold0.median_ms:.1f} "
            f"for {n1 // n0}x the facts ({growth:.2f} of linear)"
        )
    if results:
        n1, kinds1, jq1 = results[-1]
        for kz in kinds1:
            ratio = kz.median_ms / jq1.median_ms
            faster = ratio <= SCALE_TARGET
            leaner = kz.peak_mb <= jq1.peak_mb
            lines.append(
                f"target at {n1:,} facts, {kz.label}: time <= {SCALE_TARGET} x jq "
                f"{'PASS' if faster else 'FAIL'} ({ratio:.2f}), "
                f"peak memory <= jq {'PASS' if leaner else 'FAIL'} "
                f"({kz.peak_mb:.0f} MB vs {jq1.peak_mb:.0f} MB)"
            )
    return lines


SEARCH_TERM = "agreement"
# What the term matches in the store's words: its forms (kzturk.wordforms), as a regex.
SEARCH_FORMS = "agreements?"


def jq_search(term: str) -> str:
    """jq doing what `kzturk search TERM` does for one plain ASCII word: a case-insensitive
    whole-word test() over summaries, parties, quotes and notes of the live facts, of each
    of the word's forms (`SEARCH_FORMS`)."""
    return f"""
[.facts[]
 | select((.retracted | not)
     and ([.summary, (.parties[]), (.sources[].quote // ""), (.date_note // ""),
           (.curator_note // "")] | any(test("\\\\b{term}\\\\b"; "i"))))
 | .id]
"""


def scale_search(
    sizes: list[int], runs: int, warmup: int, env: dict[str, str], folder: Path
) -> list[str]:
    """`kzturk search` against jq's test() on the same synthetic stores (ids compared)."""
    jq = shutil.which("jq")
    if jq is None:
        return ["Search: skipped, jq is not on PATH"]
    filter_file = folder / "search.jq"
    filter_file.write_text(jq_search(SEARCH_FORMS), encoding="utf-8")
    rows = []
    verdict = ""
    for size in sizes:
        path = folder / f"facts-{size}.json"
        if not path.exists():
            path = write_synthetic(bundled_store(), size, folder)
        argv = [str(KZTURK), "search", SEARCH_TERM, "--json", "--db", str(path)]
        kz = Sample("kzturk", argv)
        kz_cold = Sample("kzturk, no cache", [*NO_CACHE, *argv])
        jqs = Sample("jq", [jq, "-f", str(filter_file), str(path)])
        found = {
            r["id"]
            for r in json.loads(
                subprocess.run(kz.argv, capture_output=True, env=env, check=True).stdout
            )
        }
        matched = set(
            json.loads(subprocess.run(jqs.argv, capture_output=True, env=env, check=True).stdout)
        )
        print(f"search: {size:,} facts, {runs} runs", file=sys.stderr)
        measure([kz, kz_cold, jqs], runs, warmup, env, folder)
        rows.append(
            [
                f"{size:,}",
                f"{len(found):,}",
                "same facts" if found == matched else f"{len(found ^ matched)} differ",
                f"{kz.median_ms:.0f}",
                f"{kz_cold.median_ms:.0f}",
                f"{jqs.median_ms:.0f}",
                f"{kz.median_ms / jqs.median_ms:.2f}",
                f"{kz_cold.median_ms / jqs.median_ms:.2f}",
            ]
        )
        passed = "PASS" if kz.median_ms < jqs.median_ms else "FAIL"
        cold = "PASS" if kz_cold.median_ms < jqs.median_ms else "FAIL"
        verdict = f"target at {size:,} facts: faster than jq {passed}; without the cache {cold}"
    return [
        f"Search: kzturk search {SEARCH_TERM} --json vs jq test() (whole word, any case), "
        f"medians of {runs} runs, from the lookup cache and without it",
        table(
            [
                "facts",
                "matches",
                "compared",
                "cached ms",
                "no cache ms",
                "jq ms",
                "ratio cached",
                "ratio no cache",
            ],
            rows,
        ),
        verdict,
    ]


def pages(sizes: list[int], runs: int, warmup: int, env: dict[str, str], folder: Path) -> list[str]:
    """The timeline as a page against the timeline as a table, on the same stores."""
    kz = str(KZTURK)
    stores = [("bundled", None)] + [
        (f"{size:,} facts", write_synthetic(bundled_store(), size, folder)) for size in sizes
    ]
    rows = []
    for label, path in stores:
        db = ["--db", str(path)] if path else []
        table_run = Sample("timeline", [kz, "timeline", *db])
        page_run = Sample("timeline --format html", [kz, "timeline", "--format", "html", *db])
        print(f"pages: {label}, {runs} runs", file=sys.stderr)
        measure([table_run, page_run], runs, warmup, env, folder)
        ratio = page_run.median_ms / table_run.median_ms
        size = subprocess.run(page_run.argv, capture_output=True, env=env, check=True).stdout
        rows.append(
            [
                label,
                f"{table_run.median_ms:.1f}",
                f"{page_run.median_ms:.1f}",
                f"{ratio:.2f}",
                f"{len(size) / 1e6:.2f}",
                f"{table_run.peak_mb:.1f}",
                f"{page_run.peak_mb:.1f}",
                f"<= {PAGE_TARGET}: {'PASS' if ratio <= PAGE_TARGET else 'FAIL'}",
            ]
        )
    return [
        f"Pages: timeline --format html against the timeline table, medians of {runs} runs",
        table(
            ["store", "table ms", "html ms", "ratio", "page MB", "table MB", "html MB", "target"],
            rows,
        ),
    ]


def sqlite_utils() -> str | None:
    beside = Path(sys.executable).with_name("sqlite-utils")
    return str(beside) if beside.is_file() else shutil.which("sqlite-utils")


def export(size: int, runs: int, warmup: int, env: dict[str, str], folder: Path) -> list[str]:
    """`kzturk export sqlite` against `sqlite-utils insert --nl` of the same facts."""
    tool = sqlite_utils()
    if tool is None:
        return [
            "Export: skipped, sqlite-utils is not installed (pip install sqlite-utils to compare "
            "kzturk export sqlite with sqlite-utils insert --nl)"
        ]
    store = write_synthetic(bundled_store(), size, folder)
    lines_file = folder / "facts.jsonl"
    with lines_file.open("wb") as out:
        subprocess.run(
            [str(KZTURK), "export", "jsonl", "--db", str(store)], stdout=out, env=env, check=True
        )
    ours, theirs = folder / "kzturk.db", folder / "sqlite-utils.db"
    kz = Sample(
        "kzturk export sqlite",
        [
            "sh",
            "-c",
            'rm -f "$1" && exec "$2" export sqlite "$1" --db "$3"',
            "sh",
            str(ours),
            str(KZTURK),
            str(store),
        ],
    )
    su = Sample(
        "sqlite-utils insert --nl",
        [
            "sh",
            "-c",
            'rm -f "$1" && exec "$2" insert "$1" facts "$3" --nl --pk id',
            "sh",
            str(theirs),
            tool,
            str(lines_file),
        ],
    )
    for sample in (kz, su):  # once, to check both load every fact
        subprocess.run(sample.argv, env=env, check=True, capture_output=True)
    counts = []
    for database in (ours, theirs):
        with sqlite3.connect(database) as connection:
            counts.append(connection.execute("select count(*) from facts").fetchone()[0])
    print(f"export: {size:,} facts, {runs} runs", file=sys.stderr)
    measure([kz, su], runs, warmup, env, folder)
    rows = [
        [
            s.label,
            f"{s.median_ms:,.0f}",
            f"{s.spread_ms:,.0f}",
            f"{s.peak_mb:.0f}",
            f"{(ours if s is kz else theirs).stat().st_size / 1e6:.0f}",
            f"{count:,}",
        ]
        for s, count in zip((kz, su), counts, strict=True)
    ]
    ratio = kz.median_ms / su.median_ms
    return [
        f"Export: {size:,} facts to SQLite, medians of {runs} runs "
        f"(kzturk: every table, indexes and full-text search; sqlite-utils: the facts table)",
        table(["command", "ms", "±IQR/2", "peak MB", "file MB", "facts"], rows),
        f"target: kzturk export sqlite faster than sqlite-utils insert --nl: "
        f"{'PASS' if ratio < 1 else 'FAIL'} ({ratio:.2f} of its time)",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs of each command")
    parser.add_argument("--warmup", type=int, default=2, help="unrecorded rounds first")
    parser.add_argument("--sizes", default="1000,10000,100000", help="synthetic store sizes")
    parser.add_argument("--sector", default="defense", help="sector of the scale query")
    parser.add_argument("--page-sizes", default="1000,10000", help="synthetic stores for pages")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--export-runs", type=int, default=5, help="measured runs of the export")
    args = parser.parse_args()
    if not KZTURK.is_file():
        print(f"no kzturk next to {sys.executable}; pip install . first", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="kzturk-bench-") as tmp:
        folder = Path(tmp)
        env, notes = child_env(folder)
        report = ["kzturk benchmark, " + time.strftime("%Y-%m-%d %H:%M %Z"), *machine(), *notes]
        if not args.skip_startup:
            report += ["", *startup(args.runs, args.warmup, env, folder)]
        if not args.skip_pages:
            page_sizes = [int(s) for s in args.page_sizes.split(",") if s.strip()]
            report += ["", *pages(page_sizes, args.runs, args.warmup, env, folder)]
        if not args.skip_scale:
            report += ["", *scale(sizes, args.sector, args.runs, args.warmup, env, folder)]
            report += ["", *scale_search(sizes, args.runs, args.warmup, env, folder)]
        if not args.skip_export and sizes:
            report += ["", *export(max(sizes), args.export_runs, 1, env, folder)]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    report.append(f"\nload average at the end (1, 5, 15 min): {load}")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
