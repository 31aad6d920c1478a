"""Quantities in seed files ("3.35 TB/s", "700 W") read as NUMBER [UNIT] into chipdb's canonical units.

Seed files are untrusted, so a value is never evaluated: it is a decimal number (optionally with thousands
separators and an exponent), then optionally one unit from a fixed list per kind of quantity, converted with a
table of factors. Anything else ("2 * 40 GB", "9**9**8 GB") is refused in one line. Only the loader imports it.
"""

import math
import re

from chipdb.catalog.problems import did_you_mean
from chipdb.errors import SeedError

#: Per canonical unit, the units a seed file may write and how many canonical units one of them is.
FACTORS: dict[str, dict[str, float]] = {
    "GB": {
        "MB": 1e-3, "GB": 1.0, "TB": 1e3,
        "MiB": 2**20 / 1e9, "GiB": 2**30 / 1e9, "TiB": 2**40 / 1e9,
    },
    "GB/s": {
        "MB/s": 1e-3, "GB/s": 1.0, "TB/s": 1e3,
        "MiB/s": 2**20 / 1e9, "GiB/s": 2**30 / 1e9, "TiB/s": 2**40 / 1e9,
        "Gb/s": 0.125, "Tb/s": 125.0, "Gbit/s": 0.125, "Tbit/s": 125.0,
    },
    "W": {"mW": 1e-3, "W": 1.0, "kW": 1e3},
    "mm2": {"mm2": 1.0, "mm^2": 1.0, "mm²": 1.0, "cm2": 100.0, "cm^2": 100.0, "cm²": 100.0},
    "TFLOPS": {
        "GFLOPS": 1e-3, "TFLOPS": 1.0, "PFLOPS": 1e3, "EFLOPS": 1e6,
        "GFLOP/s": 1e-3, "TFLOP/s": 1.0, "PFLOP/s": 1e3, "EFLOP/s": 1e6,
        "GOPS": 1e-3, "TOPS": 1.0, "POPS": 1e3, "EOPS": 1e6,
        "GOP/s": 1e-3, "TOP/s": 1.0, "POP/s": 1e3, "EOP/s": 1e6,
    },
    "billion": {
        "million": 1e-3, "billion": 1.0, "trillion": 1e3,
        "million transistors": 1e-3, "billion transistors": 1.0, "trillion transistors": 1e3,
    },
}  # fmt: skip

#: What each kind of quantity is, for "wrong dimension" messages.
KINDS = {
    "GB": "memory",
    "GB/s": "bandwidth",
    "W": "power",
    "mm2": "area",
    "TFLOPS": "throughput",
    "billion": "a count",
}
_KIND_OF_UNIT = {unit: canonical for canonical, units in FACTORS.items() for unit in units}

_MAX_CHARS = 60  # longer than any number with a unit; nothing longer is even looked at
#: A decimal number (1979, 3.35, .5, 1,979.5, 1.5e3), then an optional unit of letters, '/', '^' and '²'.
_NUMBER = (
    r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?"
)
_QUANTITY = re.compile(rf"({_NUMBER})\s*([A-Za-z][A-Za-z0-9/^² ]*)?")
FORM = "NUMBER [UNIT] (a decimal number such as 3.35, 1,979 or 1.5e3, then a unit)"


def to_canonical(value: str, unit: str) -> float:
    """Read "3.35 TB/s" as the magnitude in `unit` (a key of FACTORS, or "" for a plain number).

    A bare number is already in `unit`. Raises SeedError (without the place: the caller adds it) on anything
    that is not NUMBER [UNIT] with a unit allowed for `unit`.
    """
    text = value.strip()
    match = _QUANTITY.fullmatch(text) if len(text) <= _MAX_CHARS else None
    allowed = ", ".join(FACTORS.get(unit, {}))
    if match is None:
        shown = repr(text if len(text) <= 40 else text[:37] + "...")
        if not unit:
            raise SeedError(
                f"cannot read {shown} as a number (a decimal number such as 3.35, 1,979 or 1.5e3)"
            )
        raise SeedError(f"cannot read {shown} as {FORM}; units here: {allowed}")
    number = float(match.group(1).replace(",", ""))
    written = match.group(2)
    if written is None:
        return number
    if not unit:
        raise SeedError(f"{text!r}: give a plain number, without a unit")
    factor = FACTORS[unit].get(written)
    if factor is None:
        other = _KIND_OF_UNIT.get(written)
        if other is not None:
            raise SeedError(
                f"{text!r} is not a quantity in {unit} (wrong dimension: {written} is {KINDS[other]}, "
                f"not {KINDS[unit]}); units here: {allowed}"
            )
        hint = did_you_mean(written, FACTORS[unit])
        raise SeedError(f"{text!r}: unknown unit {written!r}; units here: {allowed}{hint}")
    return _tidy(number * factor)


def _tidy(number: float) -> float:
    """Drop binary noise from unit conversion (3.35 TB/s is 3350 GB/s, not 3350.0000000000005)."""
    return float(f"{number:.12g}") if math.isfinite(number) else number
