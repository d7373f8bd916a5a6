"""Which store a command uses, and the package's own copy of it."""

from __future__ import annotations

import os
from pathlib import Path

from kzturk.errors import UsageError
from kzturk.store.files import ENV_VAR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_ARCHIVE = PACKAGE_DIR / "archive"
CHECKOUT_STORE = PACKAGE_DIR.parent / "facts.json"


def bundled_store_path() -> Path:
    """The facts.json shipped in the wheel, or the checkout's own when run from source."""
    installed = PACKAGE_DIR / "facts.json"
    return installed if installed.is_file() else CHECKOUT_STORE


def user_path(text: str, option: str = "--db") -> Path:
    """A path as typed: `~` and `~user` expanded; an unknown user is a usage error."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise UsageError(
            f"{option} {text}: no such user's home folder; write the path out"
        ) from None


def resolve_store_path(option: str | None) -> Path:
    """`--db` wins over $KZTURK_DB, which wins over the bundled store."""
    chosen = option or os.environ.get(ENV_VAR) or None
    if chosen is None:
        return bundled_store_path()
    return user_path(chosen, "--db" if option else ENV_VAR)


def is_installed_copy(path: Path) -> bool:
    """True for the facts.json inside an installed package, which is never written."""
    try:
        return path.resolve() == (PACKAGE_DIR / "facts.json").resolve()
    except OSError:
        return False


def is_checkout_store(path: Path) -> bool:
    try:
        return path.resolve() == CHECKOUT_STORE.resolve()
    except OSError:
        return False
