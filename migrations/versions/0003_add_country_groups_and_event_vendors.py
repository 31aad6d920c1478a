"""add country groups and event vendors

The licence determination reads dated country-group membership (country_group_members) and entity listings by
vendor (event_vendors); events gain the actions `rule` and `embargo`. The chip_summary view loses
restricted_cn_since: whether a licence is required comes from the rules applied to groups and dates, which a
view cannot hold without copying the rules (ask `chipdb list` or `chipdb assess`); it gains int4_fp4_dense_tops,
so `list` can tell a TPP resting on 4-bit rates from one resting on 32- or 64-bit rates only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen vocabulary at this revision (migrations never import app code).
OLD_ACTIONS = ("licence_required", "licences_granted", "licence_requirement_removed", "review_policy", "guidance",
               "entity_listing", "other")  # fmt: skip
NEW_ACTIONS = ("rule", "licence_required", "licences_granted", "licence_requirement_removed", "review_policy",
               "embargo", "guidance", "entity_listing", "other")  # fmt: skip
GROUPS = ("A:5", "A:6", "D:1", "D:4", "D:5")
BITS = {"fp64": 64, "fp64_tensor": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16, "fp8": 8, "int8": 8,
        "int4": 4, "fp4": 4}  # fmt: skip


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _view(with_status: bool) -> str:
    bits = " ".join(f"WHEN '{p}' THEN {b}" for p, b in BITS.items())
    dense = "FROM throughputs t WHERE t.chip_id = c.id AND t.sparsity = 'dense'"
    status = ""
    low_bits = (
        ""
        if with_status
        else (
            f"\n       (SELECT MAX(t.tflops) {dense} AND t.precision IN ('int4', 'fp4')) AS int4_fp4_dense_tops,"
        )
    )
    if with_status:  # the 0002 column, for downgrade
        status = """,
       (SELECT MIN(r.effective_on)
          FROM event_chips rc JOIN events r ON r.id = rc.event_id
         WHERE rc.chip_id = c.id AND r.effective_on <= CURRENT_DATE
           AND r.action IN ('licence_required', 'guidance', 'entity_listing')
           AND EXISTS (SELECT 1 FROM event_destinations d
                        WHERE d.event_id = r.id AND d.destination IN ('CN', 'worldwide'))
           AND NOT EXISTS (
                SELECT 1 FROM event_chips lc JOIN events l ON l.id = lc.event_id
                 WHERE lc.chip_id = c.id AND l.action IN ('licence_requirement_removed')
                   AND l.effective_on >= r.effective_on AND l.effective_on <= CURRENT_DATE
                   AND EXISTS (SELECT 1 FROM event_destinations ld
                                WHERE ld.event_id = l.id AND ld.destination IN ('CN', 'worldwide')))
       ) AS restricted_cn_since"""
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
       (SELECT MAX(t.tflops) {dense} AND t.precision IN ('fp8', 'int8')) AS fp8_int8_dense_tops,{low_bits}
       (SELECT MAX(t.tflops * CASE t.precision {bits} END) {dense}) AS tpp,
       (SELECT MAX(t.tflops * CASE t.precision {bits} END) {dense}) / c.die_area_mm2 AS performance_density{status}
FROM chips c
JOIN vendors v ON v.id = c.vendor_id
"""


def upgrade() -> None:
    op.execute("DROP VIEW chip_summary")  # SQLite cannot rebuild a table a view reads
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(op.f("ck_events_action"), type_="check")
        batch.create_check_constraint("action", _in("action", NEW_ACTIONS))
    op.create_table(
        "event_vendors",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_vendors_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendors.id"], name=op.f("fk_event_vendors_vendor_id_vendors"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "vendor_id", name=op.f("pk_event_vendors")),
    )  # fmt: skip
    op.create_index(op.f("ix_event_vendors_vendor_id"), "event_vendors", ["vendor_id"])
    op.create_table(
        "country_group_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=8), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(_in("group_code", GROUPS), name=op.f("ck_country_group_members_group_code")),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"],
                                name=op.f("fk_country_group_members_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_group_members")),
        sa.UniqueConstraint("group_code", "country", "valid_from", name="uq_country_group_members_period"),
    )  # fmt: skip
    op.create_index(op.f("ix_country_group_members_country"), "country_group_members", ["country"])
    op.create_index(op.f("ix_country_group_members_source_id"), "country_group_members", ["source_id"])
    op.execute(_view(with_status=False))


def downgrade() -> None:
    op.execute("DROP VIEW chip_summary")
    op.drop_index(op.f("ix_country_group_members_source_id"), table_name="country_group_members")
    op.drop_index(op.f("ix_country_group_members_country"), table_name="country_group_members")
    op.drop_table("country_group_members")
    op.drop_index(op.f("ix_event_vendors_vendor_id"), table_name="event_vendors")
    op.drop_table("event_vendors")
    # 0002 recorded rule versions as licence requirements and had no embargo action
    op.execute("UPDATE events SET action = 'licence_required' WHERE action = 'rule'")
    op.execute("UPDATE events SET action = 'other' WHERE action = 'embargo'")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(op.f("ck_events_action"), type_="check")
        batch.create_check_constraint("action", _in("action", OLD_ACTIONS))
    op.execute(_view(with_status=True))
