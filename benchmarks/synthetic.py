"""Synthetic catalogs for benchmarks and stress tests: plausible, sourced, deterministic chips."""

import json
import random
from pathlib import Path
from typing import Any

SOURCE = {"id": "synthetic-catalog", "title": "Synthetic test catalog (not real chips)", "tier": "estimate"}


def chips(count: int, *, seed: int = 0, prefix: str = "Synthetic") -> list[dict[str, Any]]:
    """`count` chip entries in the seed format; the same arguments give the same chips."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        fp16 = round(rng.uniform(20, 2000), 1)
        out.append({
            "name": f"{prefix} S{i:06d}",
            "vendor": "NVIDIA",
            "aliases": [f"{prefix}-{i:06d}"],
            "source": SOURCE["id"],
            "market": rng.choice(["datacenter", "workstation", "consumer", "edge"]),
            "family": f"Family {i % 17}",
            "release_date": f"{2018 + i % 8}-{1 + i % 12:02d}",
            "process_node": rng.choice(["N7", "N5", "4N", "N3"]),
            "foundry": "TSMC",
            "die_area_mm2": round(rng.uniform(100, 900), 1),
            "memory_type": "HBM3",
            "memory_capacity_gb": rng.choice([24, 48, 80, 96, 141, 192]),
            "memory_bandwidth_gbs": f"{round(rng.uniform(0.5, 8), 2)} TB/s",
            "interconnect_bandwidth_gbs": rng.choice([400, 600, 900, "n/a"]),
            "host_interface": "PCIe 5.0 x16",
            "tdp_w": f"{rng.randrange(75, 1000, 25)} W",
            "performance": {
                "fp16": {"dense": fp16, "sparse": fp16 * 2},
                "bf16": {"dense": fp16},
                "fp8": {"dense": fp16 * 2},
                "fp64": "n/a" if i % 3 == 0 else {"dense": round(fp16 / 20, 2)},
            },
        })  # fmt: skip
    return out


def write_catalog(
    path: Path, count: int, *, seed: int = 0, prefix: str = "Synthetic", with_source: bool = True
) -> Path:
    """A seed file of `count` synthetic chips and (unless another file has it) their one source.

    JSON is valid YAML and quick to write; seed files are limited to 8 MiB, about 25,000 synthetic chips.
    """
    document: dict[str, Any] = {"sources": [SOURCE]} if with_source else {}
    document["chips"] = chips(count, seed=seed, prefix=prefix)
    path.write_text(json.dumps(document))
    return path


def write_catalogs(
    directory: Path, count: int, *, per_file: int = 10_000, prefix: str = "Synthetic"
) -> list[Path]:
    """`count` synthetic chips split over as many files as the size limit needs."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, count, per_file):
        n = min(per_file, count - start)
        part = f"{prefix}{start // per_file:03d}"
        paths.append(
            write_catalog(directory / f"{part}.yaml", n, seed=start, prefix=part, with_source=start == 0)
        )
    return paths
