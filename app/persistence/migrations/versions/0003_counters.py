"""Per-site counters for human numbers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:25:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", "period", name=op.f("pk_counters")),
    )


def downgrade() -> None:
    op.drop_table("counters")
