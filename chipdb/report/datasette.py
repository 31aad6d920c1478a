"""Datasette metadata for a chipdb database: titles, descriptions, units, licence and sources."""

from typing import Any

from chipdb.domain.vocab import PRECISION_BITS
from chipdb.report.fields import LABELS

LICENSE_NOTE = (
    "Each value cites its source (table citations / throughputs -> sources). Values taken from Epoch AI's "
    "'Data on Machine Learning Hardware' are CC BY 4.0 and cited to it."
)


def metadata() -> dict[str, Any]:
    units = {name: unit for name, (_, unit) in LABELS.items() if unit}
    chip_columns = {
        name: f"{label}" + (f" ({unit})" if unit else "") for name, (label, unit) in LABELS.items()
    }
    chip_columns.update(
        name="Product variant (one row per variant)",
        name_key="Name folded for matching (case, spaces, hyphens ignored)",
        market="datacenter / workstation / consumer / edge (the 2023 rule treats datacenter parts differently)",
        notes="Reviewers' notes: disagreements between sources, caveats",
        die_area_mm2="Applicable die area: logic dies only, HBM excluded (mm2)",
        interconnect_bandwidth_gbs="Chip-to-chip links, bidirectional aggregate, PCIe excluded (GB/s); NULL is "
        "unknown, n/a is recorded in citations",
    )
    return {
        "title": "chipdb: AI accelerators and their export-control status",
        "description": "Specifications of AI accelerators with a source for every value, dense and sparse "
        "throughput kept apart, and dated restriction events. NULL means unknown; 'not supported by the "
        "hardware' is a citations row with not_applicable = 1.",
        "license": "Mixed; see sources",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "chipdb seed data",
        "about": LICENSE_NOTE,
        "databases": {
            "*": {
                "tables": {
                    "chip_summary": {
                        "title": "Chip summary",
                        "description": "One row per chip: key specs, dense FP16/BF16 and FP8/INT8 maxima, TPP "
                        "(highest dense TOPS x bit length) and performance density (TPP per mm2 of logic die). "
                        "Whether a licence is required comes from the rules applied to country groups and dates: "
                        "ask `chipdb list` or `chipdb assess`.",
                        "columns": {
                            "tpp": "Total processing performance: highest dense TOPS x bit length over precisions",
                            "performance_density": "TPP / applicable die area (per mm2)",
                            "fp16_dense_tflops": "Highest dense FP16/BF16 tensor throughput (TFLOPS)",
                            "fp8_int8_dense_tops": "Highest dense FP8/INT8 throughput (TFLOPS/TOPS)",
                        },
                        "units": {"memory_bandwidth_gbs": "GB/s", "memory_capacity_gb": "GB", "tdp_w": "W"},
                    },
                    "chips": {"title": "Chips", "columns": chip_columns, "units": units},
                    "throughputs": {
                        "title": "Peak throughput",
                        "description": "Per chip, precision and sparsity (dense / sparse never mixed). Bit "
                        "lengths used by the rules: "
                        + ", ".join(f"{p} {b}" for p, b in PRECISION_BITS.items()),
                        "columns": {"tflops": "TFLOPS (floating point) or TOPS (integer)"},
                    },
                    "citations": {
                        "title": "Citations",
                        "description": "The source behind each spec field of a chip; not_applicable = 1 means "
                        "the hardware does not support it (shown as n/a).",
                    },
                    "alternatives": {
                        "title": "Values other sources give",
                        "description": "Kept beside the value chipdb trusts.",
                    },
                    "sources": {
                        "title": "Sources",
                        "description": "Documents, with tier official / secondary / estimate.",
                    },
                    "events": {
                        "title": "Restriction events",
                        "description": "Dated actions (rules, licence letters, guidance); effective_on is the day "
                        "by which each is known to be in force.",
                    },
                    "event_chips": {"title": "Chips named by each event"},
                    "event_destinations": {
                        "title": "Destinations of each event (ISO codes, country groups, worldwide)"
                    },
                    "vendors": {"title": "Vendors"},
                    "aliases": {
                        "title": "Other names of each chip (unique; matching ignores case and spaces)"
                    },
                    "chipdb_meta": {
                        "title": "About this database",
                        "description": "Which bundled seed data it was last loaded with (chipdb version, a "
                        "fingerprint and a hash of the files, the date): read commands compare it with the "
                        "installed chipdb's and suggest `chipdb seed --bundled` when that is newer.",
                    },
                }
            }
        },
    }
