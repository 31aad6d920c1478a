"""The fixed vocabulary shared by the schema, the seed format, the rules and the output (no heavy imports)."""

from typing import Final

#: Precisions in display order, with the bit length the export-control rules multiply by.
#: TF32 counts as 32 bits: it is stored and moved as 32-bit words, and the rules say "bit length of the
#: operation"; counting its 19 significant bits would undercount.  It never decides TPP on current parts
#: anyway, because FP16/BF16 run at twice the TF32 rate.
PRECISION_BITS: Final[dict[str, int]] = {
    "fp64": 64,
    "fp64_tensor": 64,
    "fp32": 32,  # vector (non-matrix) FP32: NVIDIA's "FP32", AMD's "vector FP32"
    "fp32_matrix": 32,  # matrix / tensor-core FP32 where the vendor states it apart (AMD's "matrix FP32")
    "tf32": 32,
    "bf16": 16,
    "fp16": 16,
    "fp8": 8,
    "int8": 8,
    "int4": 4,
    "fp4": 4,
}
PRECISIONS: Final[tuple[str, ...]] = tuple(PRECISION_BITS)
SPARSITIES: Final[tuple[str, ...]] = ("dense", "sparse")

MARKETS: Final[tuple[str, ...]] = ("datacenter", "workstation", "consumer", "edge")
TIERS: Final[tuple[str, ...]] = ("official", "secondary", "estimate")
ACTIONS: Final[tuple[str, ...]] = (
    "rule",  # a rule version in force: its licence requirement comes from the thresholds, not a chip list
    "licence_required",  # a company-specific action (an 'is informed' letter, a determination)
    "licences_granted",
    "licence_requirement_removed",
    "review_policy",
    "embargo",  # a country-wide licence requirement for all items subject to the EAR (15 CFR part 746)
    "guidance",
    "entity_listing",
    "other",
)
#: Recorded status (`chipdb check`): actions that name a chip as restricted, and the one that lifts that.
RESTRICTING_ACTIONS: Final[frozenset[str]] = frozenset(
    {"rule", "licence_required", "guidance", "entity_listing"}
)
LIFTING_ACTIONS: Final[frozenset[str]] = frozenset({"licence_requirement_removed"})
#: The EAR country groups the licence determination reads (Supplement No. 1 to part 740).
COUNTRY_GROUPS: Final[tuple[str, ...]] = ("A:5", "A:6", "D:1", "D:4", "D:5")
WORLDWIDE: Final[str] = "worldwide"

#: Numeric spec fields with their canonical unit (the seed parser converts to these).
NUMERIC_FIELDS: Final[dict[str, str]] = {
    "transistors_billion": "billion",
    "die_area_mm2": "mm2",
    "memory_capacity_gb": "GB",
    "memory_bandwidth_gbs": "GB/s",
    "interconnect_bandwidth_gbs": "GB/s",
    "tdp_w": "W",
    "tpp_stated": "",
}
TEXT_FIELDS: Final[tuple[str, ...]] = (
    "family",
    "release_date",
    "process_node",
    "foundry",
    "memory_type",
    "host_interface",
    "form_factor",
)
#: The chip table's spec columns, in table order (queries and the writer use the same list).
SPEC_COLUMNS: Final[tuple[str, ...]] = (*TEXT_FIELDS, *NUMERIC_FIELDS)
#: Every cited spec field, in the order `show` lists them.
SPEC_FIELDS: Final[tuple[str, ...]] = (
    "family",
    "release_date",
    "process_node",
    "foundry",
    "transistors_billion",
    "die_area_mm2",
    "memory_type",
    "memory_capacity_gb",
    "memory_bandwidth_gbs",
    "interconnect_bandwidth_gbs",
    "host_interface",
    "tdp_w",
    "form_factor",
    "tpp_stated",
)
UNKNOWN: Final[str] = "unknown"
NOT_APPLICABLE: Final[str] = "n/a"
DEFAULT_DESTINATION: Final[str] = "CN"
