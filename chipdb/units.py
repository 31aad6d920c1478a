"""Quantities in seed files ("3.35 TB/s", "700 W") parsed with pint into chipdb's canonical units.

A small registry of our own: pint's default one treats bytes as dimensionless, so it could not tell
"80 GB/s" from "80 TFLOPS". Only the seed loader imports this module.
"""

import re
from functools import lru_cache

import pint

from chipdb.errors import SeedError

_DEFINITIONS = """
second = [time] = s = sec
meter = [length] = m
gram = [mass] = g
byte = [information] = B
bit = byte / 8 = b
operation = [computation] = op
transistor = [transistor_count]
watt = 1000 * gram * meter ** 2 / second ** 3 = W
FLOPS = operation / second = flops = FLOP/s
OPS = operation / second = ops
billion = 1e9
million = 1e6
kilo- = 1e3 = k-
mega- = 1e6 = M-
giga- = 1e9 = G-
tera- = 1e12 = T-
peta- = 1e15 = P-
exa- = 1e18 = E-
milli- = 1e-3 = m-
centi- = 1e-2 = c-
kibi- = 2**10 = Ki-
mebi- = 2**20 = Mi-
gibi- = 2**30 = Gi-
tebi- = 2**40 = Ti-
"""

#: Canonical unit per kind of quantity, as pint expressions.
CANONICAL: dict[str, str] = {
    "mm2": "millimeter ** 2",
    "GB": "gigabyte",
    "GB/s": "gigabyte / second",
    "W": "watt",
    "TFLOPS": "teraFLOPS",
    "billion": "billion",
}

_SQUARE = re.compile(r"\b(mm|cm|m)2\b")
_FLOPS_ALIASES = re.compile(r"(?<=[0-9\s])([kMGTPE]?)(?:FLOP/s|OP/s)")


def _preprocess(text: str) -> str:
    text = _SQUARE.sub(r"\1**2", text)
    text = _FLOPS_ALIASES.sub(r"\1FLOPS", text)
    return text.replace("billion transistors", "billion").replace("transistors", "")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(None, preprocessors=[_preprocess], autoconvert_offset_to_baseunit=False)
    for line in _DEFINITIONS.strip().splitlines():
        reg.define(line)
    return reg


@lru_cache(maxsize=65536)
def to_canonical(value: str, unit: str) -> float:
    """Parse "3.35 TB/s" into the magnitude in `unit` (a key of CANONICAL); raise SeedError on a bad one."""
    reg = registry()
    target = reg.parse_units(CANONICAL[unit]) if unit != "billion" else None
    try:
        quantity = reg.Quantity(value)
    except Exception as exc:  # pint raises many kinds on junk input; any of them means "not a quantity"
        raise SeedError(f"cannot read {value!r} as a quantity in {unit} ({exc})") from None
    if unit == "billion":
        if not isinstance(quantity, pint.Quantity) or quantity.dimensionless:
            magnitude = quantity.to("billion").magnitude if isinstance(quantity, pint.Quantity) else quantity
            return _tidy(float(magnitude))
        raise SeedError(f"{value!r} is not a count (expected billions of transistors)")
    if not isinstance(quantity, pint.Quantity) or quantity.dimensionless:
        raise SeedError(f"{value!r} has no unit; give a bare number in {unit} or a number with a unit")
    if quantity.dimensionality != target.dimensionality:
        raise SeedError(f"{value!r} is not a quantity in {unit} (wrong dimension: {quantity.units})")
    return _tidy(float(quantity.to(target).magnitude))


def _tidy(number: float) -> float:
    """Drop binary noise from unit conversion (3.35 TB/s is 3350 GB/s, not 3350.0000000000005)."""
    return float(f"{number:.12g}")
