"""Sources and what facts quote from them: archived articles (their text kept, every quote
verified verbatim) and reference pages (cited by address and date, never quoted)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kzturk.check.problems import Problem, normalise_whitespace
from kzturk.errors import StoreError
from kzturk.store.archive import archive_dirs, find_archive, read_archive


def source_rules(source: dict[str, Any]) -> list[str]:
    """A source is archived (a text to check quotes against) or a reference page (an
    address and a publication date)."""
    if source.get("archive"):
        return []
    missing = [name for name in ("url", "published") if not source.get(name)]
    if missing:
        return [
            f"a reference source (no archived text) needs {' and '.join(missing)}; or archive "
            "its text so that quotes can be checked"
        ]
    return []


def same_page_key(url: str) -> str:
    """The address as a page's identity: spaces around it and a trailing slash left out."""
    return url.strip().rstrip("/")


def same_page_problems(sources: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """One page, one source: a second source with another's address splits the page's
    citations (and its count in `kzturk sources`) in two."""
    first: dict[str, str] = {}
    problems = []
    for name, source in sources.items():
        url = source.get("url")
        if not isinstance(url, str) or not url.strip() or source.get("archive"):
            continue
        kept = first.setdefault(same_page_key(url), name)
        if kept != name:
            problems.append(
                Problem(
                    name,
                    f"the same page as source {kept} ({url}); fold it into that one with "
                    f"kzturk source merge {name} --into {kept}",
                )
            )
    return problems


def archived_text(
    source: dict[str, Any], path: Path, problems: list[Problem], pending: Mapping[str, str]
) -> str | None:
    """The source's archived text, whitespace-normalised (None for a reference page or
    when it cannot be read: that is reported)."""
    name = str(source.get("id"))
    archive = source.get("archive")
    if not isinstance(archive, str) or not archive:
        return None
    if archive in pending:
        return normalise_whitespace(pending[archive])
    found = find_archive(path, archive)
    if found is None:
        where = " or ".join(str(d) for d in archive_dirs(path))
        problems.append(
            Problem(
                name,
                f"archived text {archive!r} not found in {where} (it must be a plain file name "
                "in one of these folders)",
            )
        )
        return None
    try:
        return normalise_whitespace(read_archive(found))
    except StoreError as exc:
        problems.append(Problem(name, f"archived text unreadable: {exc}"))
        return None


def closest_passage(quote: str, text: str) -> str | None:
    """The run of the text's words most like `quote` (as many words), when one is close: the
    hint for a quote typed with a slip."""
    import difflib

    words = text.split(" ")
    size = max(len(quote.split(" ")), 1)
    if len(words) > 200_000:  # a hint is not worth minutes
        return None
    folded = quote.casefold()
    best, best_ratio = None, 0.6
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(folded)
    for start in range(0, max(len(words) - size, 0) + 1):
        candidate = " ".join(words[start : start + size])
        matcher.set_seq1(candidate.casefold())
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def citation_rules(
    fact: dict[str, Any], sources: Mapping[str, dict[str, Any]], texts: Mapping[str, str | None]
) -> list[str]:
    """Each citation: an existing source; a verbatim quote for an archived one, none for a
    reference page; not dated after the source was published."""
    from kzturk.dates import is_partial_date, parse_partial_date

    messages: list[str] = []
    when = parse_partial_date(fact["date"]) if is_partial_date(fact["date"]) else None
    for ref in fact["sources"]:
        source = sources.get(ref["source"])
        if source is None:
            messages.append(f"cites unknown source {ref['source']!r}")
            continue
        quote = ref.get("quote")
        if not source.get("archive"):
            if quote is not None:
                messages.append(
                    f"a quote is stored for {ref['source']}, a reference page: it is cited, "
                    "not quoted (its quote must be null)"
                )
        elif not quote:
            messages.append(f"{ref['source']} is archived: its citation needs a verbatim quote")
        else:
            text = texts.get(ref["source"])
            if text is None:
                messages.append(
                    f"quote from {ref['source']} cannot be verified: its archived text is missing"
                )
            elif normalise_whitespace(quote) not in text:
                near = closest_passage(normalise_whitespace(quote), text)
                hint = f"; the closest passage is {near!r}" if near else ""
                messages.append(
                    f"quote not found verbatim in {ref['source']}'s archived text: "
                    f"{quote[:60]!r}{hint}"
                )
        published = source.get("published")
        published_by = parse_partial_date(str(published)) if is_partial_date(published) else None
        if when is not None and published_by is not None and when.start > published_by.end:
            messages.append(
                f"dated {fact['date']}, after {ref['source']} was published ({published})"
            )
    return messages
