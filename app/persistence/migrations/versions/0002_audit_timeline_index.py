"""Read a record's timeline by table and id: one composite index instead of the id alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 20:30:00
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain DDL, not batch mode: rebuilding the table would drop its append-only triggers.
    op.drop_index("ix_audit_log_record_id", table_name="audit_log")
    op.create_index("ix_audit_log_table_record", "audit_log", ["table_name", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_table_record", table_name="audit_log")
    op.create_index("ix_audit_log_record_id", "audit_log", ["record_id"])
