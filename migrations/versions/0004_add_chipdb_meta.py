"""add chipdb_meta

A key/value table about the database itself. `chipdb seed --bundled` (and the first use) records there which
bundled seed data was loaded (chipdb version, a fingerprint of the files, a hash of their contents, when), so
that read commands can say in one line when the installed chipdb carries newer data than the database holds.
A database upgraded to this revision has no record yet: read commands suggest `chipdb seed --bundled` once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chipdb_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_chipdb_meta")),
    )


def downgrade() -> None:
    op.drop_table("chipdb_meta")
