"""Cross-source analysis: where sources disagree (`conflicts`), and how trade targets compare
with actual figures (`progress`). Pure functions over a store; the CLI only renders them."""

from kzturk.analysis.conflicts import Conflict, conflicts, find_conflicts
from kzturk.analysis.progress import (
    TargetProgress,
    TradeReport,
    latest_actual,
    period_end,
    target_progress,
    trade_report,
)

__all__ = [
    "Conflict",
    "TargetProgress",
    "TradeReport",
    "conflicts",
    "find_conflicts",
    "latest_actual",
    "period_end",
    "target_progress",
    "trade_report",
]
