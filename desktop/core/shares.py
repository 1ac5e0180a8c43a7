"""Shares derived from counts: never stored, always computed from the counts shown beside them."""

from __future__ import annotations


def percent(part: int, whole: int) -> float | None:
    """Share as a fraction (0.25 is 25 %); None when there is nothing to divide by."""
    return part / whole if whole else None
