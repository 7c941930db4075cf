"""Python functions for math.html: bases, Wilson intervals, beta and normal distributions.

The statistics follow the formulas Trino (Apache Commons Math) uses, so results agree to
the last few bits: the regularized incomplete beta by the same continued fraction, the
normal CDF through erf.
"""

from __future__ import annotations

import math
import re
from statistics import NormalDist

from ingest.query.trino.udf import invalid, udf

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def _check_radix(radix: int) -> None:
    if not 2 <= radix <= 36:
        raise invalid(f"Radix must be between 2 and 36: {radix}")


@udf("athena_from_base", ["VARCHAR", "BIGINT"], "BIGINT")
def from_base(text: str, radix: int) -> int:
    _check_radix(radix)
    if re.fullmatch(r"[+-]?[0-9A-Za-z]+", text) is None or any(
        _DIGITS.index(ch) >= radix for ch in text.lstrip("+-").lower()
    ):
        raise invalid(f"Not a valid base-{radix} number: {text}")
    value = int(text, radix)
    if not _LONG_MIN <= value <= _LONG_MAX:
        raise invalid(f"Not a valid base-{radix} number: {text}")
    return value


@udf("athena_to_base", ["BIGINT", "BIGINT"], "VARCHAR")
def to_base(value: int, radix: int) -> str:
    _check_radix(radix)
    if value == 0:
        return "0"
    digits = []
    magnitude = abs(value)
    while magnitude:
        magnitude, digit = divmod(magnitude, radix)
        digits.append(_DIGITS[digit])
    return ("-" if value < 0 else "") + "".join(reversed(digits))


@udf("athena_wilson", ["BIGINT", "BIGINT", "DOUBLE", "BOOLEAN"], "DOUBLE")
def wilson(successes: int, trials: int, z: float, upper: bool) -> float:
    if successes < 0:
        raise invalid("number of successes must not be negative")
    if trials <= 0:
        raise invalid("number of trials must be positive")
    if successes > trials:
        raise invalid("number of successes must not be larger than number of trials")
    if z < 0:
        raise invalid("z-score must not be negative")
    p = successes / trials
    z2 = z * z
    a = p + z2 / (2 * trials)
    b = z * math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials)
    c = 1 + z2 / trials
    return (a + b) / c if upper else (a - b) / c


def _continued_fraction(x: float, a: float, b: float) -> float:
    """Commons Math's ContinuedFraction.evaluate (modified Lentz) for the incomplete beta."""
    small = 1e-50
    epsilon = 1e-14

    def coefficient_b(n: int) -> float:
        if n % 2 == 0:
            m = n / 2.0
            return (m * (b - m) * x) / ((a + (2 * m) - 1) * (a + (2 * m)))
        m = (n - 1.0) / 2.0
        return -((a + m) * (a + b + m) * x) / ((a + (2 * m)) * (a + (2 * m) + 1.0))

    h_prev = 1.0  # a0
    d_prev = 0.0
    c_prev = h_prev
    n = 1
    while n < 100_000:
        a_n, b_n = 1.0, coefficient_b(n)
        d_n = a_n + b_n * d_prev
        if abs(d_n) < small:
            d_n = small
        c_n = a_n + b_n / c_prev
        if abs(c_n) < small:
            c_n = small
        d_n = 1 / d_n
        delta = c_n * d_n
        h_n = h_prev * delta
        if abs(delta - 1.0) < epsilon:
            return h_n
        d_prev, c_prev, h_prev = d_n, c_n, h_n
        n += 1
    return h_prev


def regularized_beta(x: float, a: float, b: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (2 + b + a) and 1 - x <= (b + 1) / (2 + b + a):
        return 1 - regularized_beta(1 - x, b, a)
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return math.exp(
        a * math.log(x) + b * math.log1p(-x) - math.log(a) - log_beta
    ) / _continued_fraction(x, a, b)


@udf("athena_beta_cdf", ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE")
def beta_cdf(a: float, b: float, value: float) -> float:
    if not a > 0:
        raise invalid("a must be > 0")
    if not b > 0:
        raise invalid("b must be > 0")
    if not 0 <= value <= 1:
        raise invalid("value must be in the interval [0, 1]")
    return regularized_beta(value, a, b)


@udf("athena_normal_cdf", ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE")
def normal_cdf(mean: float, sd: float, value: float) -> float:
    if not sd > 0:
        raise invalid("standardDeviation must be > 0")
    return 0.5 * (1 + math.erf((value - mean) / (sd * math.sqrt(2))))


@udf("athena_inverse_normal_cdf", ["DOUBLE", "DOUBLE", "DOUBLE"], "DOUBLE")
def inverse_normal_cdf(mean: float, sd: float, p: float) -> float:
    if not 0 < p < 1:
        raise invalid("p must be 0 > p > 1")
    if not sd > 0:
        raise invalid("sd must be > 0")
    return NormalDist(mean, sd).inv_cdf(p)
