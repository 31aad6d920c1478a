"""add chip_summary view

One row per chip with the key specs, dense throughput, TPP, performance density and the date since
which a restriction for China has been in force today (NULL: none): for `chipdb list`, sqlite3 and Datasette. TPP here is the same definition as
chipdb.domain.metrics (highest dense TOPS x bit length); a test checks the two agree on every bundled chip.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the bit lengths at the time of this revision (migrations never import app code).
BITS = {"fp64": 64, "fp64_tensor": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16, "fp8": 8, "int8": 8,
        "int4": 4, "fp4": 4}  # fmt: skip
RESTRICTING = ("licence_required", "guidance", "entity_listing")
LIFTING = ("licence_requirement_removed",)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    bits = " ".join(f"WHEN '{p}' THEN {b}" for p, b in BITS.items())
    dense = "FROM throughputs t WHERE t.chip_id = c.id AND t.sparsity = 'dense'"
    # correlated subqueries on the (chip_id, ...) primary key: faster than joining grouped subqueries
    op.execute(f"""
CREATE VIEW chip_summary AS
SELECT c.id AS chip_id,
       c.name AS chip,
       v.name AS vendor,
       v.country AS vendor_country,
       c.market,
       c.family AS architecture,
       c.release_date,
       c.process_node,
       c.die_area_mm2,
       c.memory_type,
       c.memory_capacity_gb,
       c.memory_bandwidth_gbs,
       c.interconnect_bandwidth_gbs,
       c.host_interface,
       c.tdp_w,
       (SELECT MAX(t.tflops) {dense} AND t.precision IN ('fp16', 'bf16')) AS fp16_dense_tflops,
       (SELECT MAX(t.tflops) {dense} AND t.precision IN ('fp8', 'int8')) AS fp8_int8_dense_tops,
       (SELECT MAX(t.tflops * CASE t.precision {bits} END) {dense}) AS tpp,
       (SELECT MAX(t.tflops * CASE t.precision {bits} END) {dense}) / c.die_area_mm2 AS performance_density,
       (SELECT MIN(r.effective_on)
          FROM event_chips rc JOIN events r ON r.id = rc.event_id
         WHERE rc.chip_id = c.id AND r.effective_on <= CURRENT_DATE AND r.action IN ({_in(RESTRICTING)})
           AND EXISTS (SELECT 1 FROM event_destinations d
                        WHERE d.event_id = r.id AND d.destination IN ('CN', 'worldwide'))
           AND NOT EXISTS (
                SELECT 1 FROM event_chips lc JOIN events l ON l.id = lc.event_id
                 WHERE lc.chip_id = c.id AND l.action IN ({_in(LIFTING)})
                   AND l.effective_on >= r.effective_on AND l.effective_on <= CURRENT_DATE
                   AND EXISTS (SELECT 1 FROM event_destinations ld
                                WHERE ld.event_id = l.id AND ld.destination IN ('CN', 'worldwide')))
       ) AS restricted_cn_since
FROM chips c
JOIN vendors v ON v.id = c.vendor_id
""")


def downgrade() -> None:
    op.execute("DROP VIEW chip_summary")
