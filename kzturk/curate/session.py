"""One curation change through the store's one write path, validated with `kzturk check`.

A change that would add any problem `kzturk check` finds (unknown vocabulary, a bad date, an
unknown source, a quote that is not in its source's archived text, a duplicate summary...)
is refused with all of them in the message, and nothing is written; problems the store
already had do not block unrelated changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kzturk.errors import StoreError, UsageError
from kzturk.store.write import Committed, Session, transaction
from kzturk.suggest import did_you_mean

T = TypeVar("T")


def _problems(
    data: dict[str, Any], path: Path, pending: Mapping[str, str] | None = None
) -> list[Any]:
    from kzturk.check import check_data

    try:
        return check_data(data, path, pending)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise StoreError(
            f"{path}: the store has a record kzturk check cannot read ({exc}); "
            "fix it by hand, then run kzturk check"
        ) from None


def new_problems(session: Session) -> list[str]:
    """The problems `kzturk check` would find after the change and not before it, one
    "record: problem; problem" entry per record."""
    before = Counter(_problems(session.original, session.path))
    added: dict[str, list[str]] = {}
    for problem in _problems(session.data, session.path, session.pending):
        if before[problem] > 0:
            before[problem] -= 1
        else:
            added.setdefault(problem.record, []).append(problem.message)
    return [f"{record}: {'; '.join(messages)}" for record, messages in added.items()]


def refuse_new_problems(session: Session) -> None:
    problems = new_problems(session)
    if problems:
        raise UsageError(
            f"would not pass kzturk check: {' | '.join(problems)} (nothing was written)"
        )


def apply(
    path: Path,
    change: Callable[[Session], T],
    *,
    dry_run: bool,
    timeout: float | None,
) -> Committed[T]:
    """Run `change` through `kzturk.store.write.transaction`, refusing new problems."""
    import kzturk.schema  # noqa: F401  (pydantic is slow to import: not while holding the lock)

    return transaction(path, change, validate=refuse_new_problems, dry_run=dry_run, timeout=timeout)


def require_known_sources(data: Mapping[str, Any], refs: Iterable[Mapping[str, Any]]) -> None:
    """Every cited source must be in the store: a friendlier message than check's."""
    known = [str(source.get("id")) for source in data["sources"].values()]
    for ref in refs:
        if ref["source"] not in known:
            raise UsageError(
                f"unknown source {ref['source']!r}.{did_you_mean(ref['source'], known)} Add a "
                "new article first with kzturk source add"
            )
