"""How spec fields are labelled and shown: labels with units, groups, and unknown / n/a as text."""

from chipdb.domain.metrics import fmt_number
from chipdb.domain.vocab import NOT_APPLICABLE, UNKNOWN

LABELS: dict[str, tuple[str, str]] = {  # field -> (label, unit)
    "family": ("Architecture", ""),
    "release_date": ("Release date", ""),
    "process_node": ("Process node", ""),
    "foundry": ("Foundry", ""),
    "transistors_billion": ("Transistors", "billion"),
    "die_area_mm2": ("Die area (logic)", "mm2"),
    "memory_type": ("Memory type", ""),
    "memory_capacity_gb": ("Memory capacity", "GB"),
    "memory_bandwidth_gbs": ("Memory bandwidth", "GB/s"),
    "interconnect_bandwidth_gbs": ("Chip-to-chip interconnect", "GB/s"),
    "host_interface": ("Host interface", ""),
    "tdp_w": ("TDP", "W"),
    "form_factor": ("Form factor", ""),
    "tpp_stated": ("TPP stated by vendor", ""),
}
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (
        "identity",
        (
            "family",
            "release_date",
            "process_node",
            "foundry",
            "transistors_billion",
            "die_area_mm2",
            "form_factor",
            "host_interface",
        ),
    ),
    ("memory", ("memory_type", "memory_capacity_gb", "memory_bandwidth_gbs")),
    ("interconnect", ("interconnect_bandwidth_gbs",)),
    ("power", ("tdp_w",)),
]


def precision_label(precision: str) -> str:
    """FP64 tensor, FP32 vector, FP32 matrix, TF32, BF16...: each says which units the figure is for."""
    if precision == "fp32":
        return "FP32 vector"
    return precision.upper().replace("_TENSOR", " tensor").replace("_MATRIX", " matrix")


def precision_unit(precision: str) -> str:
    return "TOPS" if precision.startswith("int") else "TFLOPS"


def shown(value: float | str | None) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, str):
        return value
    return fmt_number(value)


def ratio(a: float | str | None, b: float | str | None) -> str:
    if isinstance(a, str) or isinstance(b, str):
        return NOT_APPLICABLE if NOT_APPLICABLE in (a, b) else ""
    if a is None or b is None:
        return UNKNOWN
    if b == 0:
        return NOT_APPLICABLE
    return f"{a / b:.2f}x"


#: The panels of a chart comparing chips, (title, unit), in order: `chipdb plot compare` and the web's bars.
METRICS: list[tuple[str, str]] = [
    ("FP16/BF16 dense", "TFLOPS"),
    ("FP8/INT8 dense", "TOPS"),
    ("TPP", "TOPS × bits"),
    ("Memory", "GB"),
    ("Memory bandwidth", "GB/s"),
    ("Interconnect", "GB/s"),
    ("TDP", "W"),
]
