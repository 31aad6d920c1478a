"""Derived figures: TPP and performance density, from dense throughput only."""

from typing import NamedTuple

from chipdb.domain.records import ChipRecord
from chipdb.domain.vocab import PRECISION_BITS


class Tpp(NamedTuple):
    """Total processing performance: the highest dense TOPS x bit length over precisions, and which."""

    value: float
    precision: str
    tops: float
    bits: int
    unknown: tuple[
        str, ...
    ]  # precisions neither given nor n/a: TPP is a lower bound if one of them is higher

    def arithmetic(self) -> str:
        return f"{fmt_number(self.tops)} x {self.bits} ({self.precision}) = {fmt_number(self.value)}"


def tpp_from_rates(rates: dict[str, float], unknown: tuple[str, ...] = ()) -> Tpp | None:
    """TPP from dense rates in TOPS/TFLOPS; None when there is no rate at all.

    On a tie the lower bit length is named (1979 x 8, not 989.5 x 16).
    """
    best: tuple[float, int, str] | None = None
    for precision, tops in rates.items():
        bits = PRECISION_BITS[precision]
        candidate = (tops * bits, -bits, precision)
        if best is None or candidate > best:
            best = candidate
    if best is None:
        return None
    value, minus_bits, precision = best
    return Tpp(value, precision, rates[precision], -minus_bits, unknown)


def tpp(chip: ChipRecord) -> Tpp | None:
    rates = chip.dense_rates()
    return tpp_from_rates(rates, chip.unknown_precisions(rates))


def performance_density(tpp_value: float | None, die_area_mm2: float | None) -> float | None:
    if tpp_value is None or not die_area_mm2:
        return None
    return tpp_value / die_area_mm2


def fmt_number(value: float) -> str:
    """1,978.9 / 15,832 / 19.46: thousands separators, at most two decimals, no trailing zeros."""
    if value.is_integer() if isinstance(value, float) else True:
        return f"{int(value):,}"
    if abs(value) < 1:
        return f"{value:.2g}"  # 0.004, not 0: a small value is never shown as zero
    return f"{value:,.2f}".rstrip("0").rstrip(".")
