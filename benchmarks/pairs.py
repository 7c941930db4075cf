"""Ratios robust to a shared, noisy machine: run the two sides in interleaved pairs.

Each pair runs side A and side B back to back (alternating which goes first), so a burst
of load from elsewhere hits both sides of a pair alike. The figure is the median of the
per-pair ratios B / A; the spread (lowest and highest ratio) is printed beside it.
"""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PairedRatio:
    """What `paired` measured: the seconds of each side and the per-pair ratios."""

    baseline: list[float]
    ours: list[float]

    @property
    def ratios(self) -> list[float]:
        return [b / a for a, b in zip(self.baseline, self.ours, strict=True)]

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    def describe(self) -> str:
        ratios = sorted(self.ratios)
        return (
            f"median ratio {self.median:.2f} over {len(ratios)} pairs "
            f"(spread {ratios[0]:.2f}-{ratios[-1]:.2f}); "
            f"baseline {statistics.median(self.baseline):.3f} s, "
            f"ours {statistics.median(self.ours):.3f} s (medians)"
        )


def paired(
    baseline: Callable[[int], float], ours: Callable[[int], float], pairs: int
) -> PairedRatio:
    """Run `pairs` pairs; each callable gets the pair's index and returns its seconds."""
    base_times, our_times = [], []
    for index in range(pairs):
        sides = [(baseline, base_times), (ours, our_times)]
        for run, times in sides if index % 2 == 0 else reversed(sides):
            gc.collect()
            times.append(run(index))
    return PairedRatio(base_times, our_times)
