"""add fp32_matrix precision

FP32 figures come in two kinds that differ by up to 2x on the same chip: the vector (non-matrix) rate NVIDIA
quotes as "FP32", and the matrix rate AMD quotes beside its vector rate (MI250X: 47.9 vector, 95.7 matrix). One
`fp32` column held both, so a list ranked an AMD part's matrix rate against NVIDIA's vector ones. `fp32` now means
vector; `fp32_matrix` (32 bits, so it counts towards TPP) holds the matrix rate where a vendor gives it. The
chip_summary view's TPP counts the new precision.

Downgrade deletes fp32_matrix figures (their citations stay, as citations of no figure).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen vocabulary at this revision (migrations never import app code).
OLD_BITS = {"fp64": 64, "fp64_tensor": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16, "fp8": 8, "int8": 8,
            "int4": 4, "fp4": 4}  # fmt: skip
NEW_BITS = {"fp64": 64, "fp64_tensor": 64, "fp32": 32, "fp32_matrix": 32, "tf32": 32, "bf16": 16, "fp16": 16,
            "fp8": 8, "int8": 8, "int4": 4, "fp4": 4}  # fmt: skip


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _view(bits_of: dict[str, int]) -> str:
    """The chip_summary view of 0003, with the TPP's bit lengths given."""
    bits = " ".join(f"WHEN '{p}' THEN {b}" for p, b in bits_of.items())
    dense = "FROM throughputs t WHERE t.chip_id = c.id AND t.sparsity = 'dense'"
    return f"""
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
       (SELECT MAX(t.tflops) {dense} AND t.precision IN ('int4', 'fp4')) AS int4_fp4_dense_tops,
       (SELECT MAX(t.tflops * CASE t.precision {bits} END) {dense}) AS tpp,
       (SELECT MAX(t.tflops * CASE t.precision {bits} END) {dense}) / c.die_area_mm2 AS performance_density
FROM chips c
JOIN vendors v ON v.id = c.vendor_id
"""


def _precisions(bits_of: dict[str, int]) -> None:
    op.execute("DROP VIEW chip_summary")  # SQLite cannot rebuild a table a view reads
    with op.batch_alter_table("throughputs") as batch:
        batch.drop_constraint(op.f("ck_throughputs_precision"), type_="check")
        batch.create_check_constraint("precision", _in("precision", tuple(bits_of)))
    op.execute(_view(bits_of))


def upgrade() -> None:
    _precisions(NEW_BITS)


def downgrade() -> None:
    op.execute("DELETE FROM throughputs WHERE precision = 'fp32_matrix'")
    _precisions(OLD_BITS)
