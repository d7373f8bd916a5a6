""" "Did you mean ...?": the one way kzturk suggests the closest of known names."""

from __future__ import annotations

from collections.abc import Iterable


def closest_matches(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices most like `value`, best first."""
    import difflib  # only for error hints

    return difflib.get_close_matches(value, list(choices), n=n, cutoff=0.5)


def did_you_mean(value: str, choices: Iterable[str], n: int = 1) -> str:
    """' Did you mean 'x'?' (or 'x, y?' for n > 1), or '' when nothing is close: the hint
    that ends a usage error."""
    near = closest_matches(value, choices, n)
    if not near:
        return ""
    shown = ", ".join(near) if n > 1 else repr(near[0])
    return f" Did you mean {shown}?"
