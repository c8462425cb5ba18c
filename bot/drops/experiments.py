"""Supply experiments: two arms of a season (say supply 100 against supply 500) compared on one
figure with a two-proportion z-test.

A community of a few hundred people rarely produces a difference that is more than noise, so
the report says so plainly instead of ranking arms by a point or two: a difference is readable
only when its two-sided p-value is below READABLE_BELOW.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

READABLE_BELOW = 0.05


@dataclass(frozen=True, slots=True)
class Ratio:
    """A rate with the number of people behind it."""

    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def to_payload(self) -> dict[str, Any]:
        return {"part": self.part, "whole": self.whole, "rate": self.rate}


@dataclass(frozen=True, slots=True)
class Arm:
    variant: str
    episodes: int
    ratio: Ratio  # pooled over the arm's episodes


@dataclass(frozen=True, slots=True)
class Comparison:
    figure: str  # "conversion at 72 h"
    baseline: Arm
    other: Arm
    z: float | None  # None when there is nothing to test (an empty arm, or all or nothing)
    p_value: float | None

    @property
    def readable(self) -> bool:
        """Whether the difference is more than chance would often produce."""
        return self.p_value is not None and self.p_value < READABLE_BELOW

    def to_payload(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "baseline": _arm(self.baseline),
            "other": _arm(self.other),
            "z": self.z,
            "p_value": self.p_value,
            "readable": self.readable,
        }


def two_proportion_z(a: Ratio, b: Ratio) -> tuple[float, float] | None:
    """The pooled two-proportion z statistic of a against b and its two-sided p-value, or None
    when it cannot be computed (an arm with nobody, or a pooled rate of 0 or 1)."""
    if not a.whole or not b.whole:
        return None
    pooled = (a.part + b.part) / (a.whole + b.whole)
    spread = pooled * (1 - pooled) * (1 / a.whole + 1 / b.whole)
    if spread <= 0:
        return None
    z = (a.part / a.whole - b.part / b.whole) / math.sqrt(spread)
    # P(|Z| >= |z|) for a standard normal Z.
    return z, math.erfc(abs(z) / math.sqrt(2))


def compare(figure: str, baseline: Arm, other: Arm) -> Comparison:
    tested = two_proportion_z(other.ratio, baseline.ratio)
    z, p = tested if tested is not None else (None, None)
    return Comparison(figure, baseline, other, z, p)


def _arm(arm: Arm) -> dict[str, Any]:
    return {"variant": arm.variant, "episodes": arm.episodes, **arm.ratio.to_payload()}
