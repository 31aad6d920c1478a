"""What every rule version takes and returns: pure data, no database, no CLI."""

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from chipdb.domain.metrics import Tpp, fmt_number, tpp_from_rates

CONTROLLED = ("3A090", "3A090.a", "3A090.b")
NOT_CONTROLLED = "not controlled"
UNDECIDED = "undecided"

_PCIE = re.compile(r"PCIe\s*(?:Gen\s*)?([1-6])(?:\.0)?\s*x\s*(\d+)", re.IGNORECASE)
#: Raw signalling rate per lane and direction, GT/s (encoding overhead not deducted, as vendors quote it).
PCIE_GTS = {1: 2.5, 2: 5.0, 3: 8.0, 4: 16.0, 5: 32.0, 6: 64.0}


@functools.lru_cache(maxsize=256)  # a catalog holds few distinct host interfaces; a list asks for each chip
def pcie_bidirectional_gbs(host_interface: str | None) -> tuple[float, str] | None:
    """PCIe bandwidth both ways in GB/s from "PCIe 5.0 x16" (128), with a label; None if not PCIe or unknown."""
    if not host_interface:
        return None
    match = _PCIE.search(host_interface)
    if not match:
        return None
    gen, lanes = int(match.group(1)), int(match.group(2))
    return 2 * PCIE_GTS[gen] * lanes / 8, f"PCIe {gen}.0 x{lanes}"


_NO_RATES: Mapping[str, float] = MappingProxyType({})


class RuleInput(NamedTuple):
    """A chip's numbers as the rules read them; None is unknown. (A NamedTuple: a long list builds one per chip.)"""

    rates: Mapping[str, float] = _NO_RATES  # dense TOPS / TFLOPS per precision
    unknown_precisions: tuple[str, ...] = ()  # neither given nor n/a (TPP may be a lower bound)
    tpp: float | None = None  # stated directly (--tpp); wins over rates
    die_area_mm2: float | None = None
    interconnect_gbs: float | None = None  # chip-to-chip, bidirectional aggregate
    no_interconnect: bool = False  # the part has no chip-to-chip link (n/a)
    host_interface: str | None = None
    io_gbs: float | None = None  # aggregate I/O stated directly (--io-bandwidth); wins over the parts
    memory_bandwidth_gbs: float | None = None
    datacenter: bool | None = None

    def total_processing_performance(self) -> Tpp | None:
        if self.tpp is not None:
            return Tpp(self.tpp, "stated", self.tpp, 1, ())
        return tpp_from_rates(dict(self.rates), self.unknown_precisions)

    def tpp_text(self, tpp: Tpp) -> str:
        return (
            f"TPP {fmt_number(tpp.value)} (given)" if tpp.precision == "stated" else f"TPP {tpp.arithmetic()}"
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    """A classification; its reasons are written only when read (a 100k-chip list needs only labels)."""

    rule: str
    classification: str
    licence_exception: str | None = None
    review_policy: str | None = None
    why: Callable[[], tuple[str, ...]] = field(default=tuple, compare=False, repr=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.why()

    @property
    def controlled(self) -> bool | None:
        if self.classification == UNDECIDED:
            return None
        return self.classification in CONTROLLED


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    citation: str
    effective: dt.date
    destinations: str
    thresholds: tuple[str, ...]
    classify: Callable[[RuleInput], Verdict]
    cites: tuple[str, ...] = ()  # documents that apply this rule (events citing them are threshold-based)


def cmp(value: float, bound: float) -> str:
    return ">=" if value >= bound else "<"


def lower_bound_caveat(tpp: Tpp) -> tuple[str, ...]:
    if tpp.unknown and tpp.precision != "stated":
        return (f"TPP counts the precisions known; unknown: {', '.join(tpp.unknown)}",)
    return ()
