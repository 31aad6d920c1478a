"""Quantities in seed files ("3.35 TB/s", "700 W") parsed with pint into chipdb's canonical units.

A small registry of our own: pint's default one treats bytes as dimensionless, so it could not tell
"80 GB/s" from "80 TFLOPS". Only the seed loader imports this module.
"""

import re
from functools import lru_cache
from typing import Any

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
    reg: pint.UnitRegistry = pint.UnitRegistry(
        None, preprocessors=[_preprocess], autoconvert_offset_to_baseunit=False
    )
    for line in _DEFINITIONS.strip().splitlines():
        reg.define(line)
    return reg


_NUMBER_THEN_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z].*?)\s*$")


def to_canonical(value: str, unit: str) -> float:
    """Parse "3.35 TB/s" into the magnitude in `unit` (a key of CANONICAL); raise SeedError on a bad one.

    The common form "<number> <unit>" asks pint once per distinct unit for a conversion factor; anything
    else (an expression such as "2 * 40 GB") goes through pint's full parser.
    """
    match = _NUMBER_THEN_UNIT.match(value) if unit != "billion" else None
    if match is None:
        return _parse(value, unit)
    try:
        factor = _factor(match.group(2), unit)
    except SeedError as exc:
        raise SeedError(str(exc).replace("{value}", repr(value))) from None
    return _tidy(float(match.group(1)) * factor)


@lru_cache(maxsize=4096)
def _factor(unit_text: str, unit: str) -> float:
    """How many `unit` one `unit_text` is (1 TB/s -> 1000 GB/s), checked for dimension by pint."""
    return _parse(f"1 {unit_text}", unit, shown="{value}")


def _parse(value: str, unit: str, shown: str | None = None) -> float:
    reg = registry()
    label = shown if shown is not None else repr(value)
    target = reg.parse_units(CANONICAL[unit]) if unit != "billion" else None
    try:
        quantity: Any = reg.Quantity(value)
    except Exception as exc:  # pint raises many kinds on junk input; any of them means "not a quantity"
        raise SeedError(f"cannot read {label} as a quantity in {unit} ({exc})") from None
    if unit == "billion":
        if not isinstance(quantity, pint.Quantity) or quantity.dimensionless:
            magnitude = quantity.to("billion").magnitude if isinstance(quantity, pint.Quantity) else quantity
            return _tidy(float(magnitude))
        raise SeedError(f"{label} is not a count (expected billions of transistors)")
    if not isinstance(quantity, pint.Quantity) or quantity.dimensionless:
        raise SeedError(f"{label} has no unit; give a bare number in {unit} or a number with a unit")
    if target is None or quantity.dimensionality != target.dimensionality:
        raise SeedError(f"{label} is not a quantity in {unit} (wrong dimension: {quantity.units})")
    return _tidy(float(quantity.to(target).magnitude))


def _tidy(number: float) -> float:
    """Drop binary noise from unit conversion (3.35 TB/s is 3350 GB/s, not 3350.0000000000005)."""
    return float(f"{number:.12g}")
