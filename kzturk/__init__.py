"""kzturk: dated, sourced claims about Kazakhstan–Turkey relations.

The library the command line is made of, for scripts; each name loads its module when first
used, so `import kzturk` costs nothing at start-up:

    import kzturk
    store = kzturk.open_store()              # the bundled store ($KZTURK_DB, or a path)
    spec = kzturk.FactFilter(sectors=("defense",), kinds=("deal",))
    deals = kzturk.select(store, spec)       # what `kzturk deals --sector defense` lists
    report = kzturk.trade_report(store, kzturk.FactFilter())   # `kzturk trade`
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_API: dict[str, str] = {
    "FactFilter": "kzturk.query",
    "select": "kzturk.query",
    "select_shown": "kzturk.query",
    "fact_by_id": "kzturk.query",
    "source_by_id": "kzturk.query",
    "backlinks": "kzturk.query",
    "search": "kzturk.search",
    "parse_terms": "kzturk.search",
    "trade_report": "kzturk.analysis",
    "conflicts": "kzturk.analysis",
    "find_entity": "kzturk.entities",
    "facts_naming": "kzturk.query",
    "check_store": "kzturk.check",
    "load_store": "kzturk.store",
    "Store": "kzturk.store",
    "add_fact": "kzturk.curate",
    "edit_fact": "kzturk.curate",
    "retract_fact": "kzturk.curate",
    "add_source": "kzturk.curate",
    "add_entity": "kzturk.curate",
    "edit_entity": "kzturk.curate",
    "add_occasion": "kzturk.curate",
    "edit_occasion": "kzturk.curate",
}
__all__ = ["__version__", "open_store", *_API]

if TYPE_CHECKING:
    from pathlib import Path

    from kzturk.store import Store


def open_store(path: str | Path | None = None) -> Store:
    """The store at `path`, else $KZTURK_DB, else the bundled one, read and checked."""
    from pathlib import Path

    from kzturk.store import load_store, resolve_store_path

    return load_store(resolve_store_path(str(path) if isinstance(path, Path) else path))


def __getattr__(name: str) -> Any:
    if name in _API:
        from importlib import import_module

        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kzturk' has no attribute {name!r}")
