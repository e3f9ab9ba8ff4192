"""The audit screen filters by user and by action, newest first.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 20:50:00
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_user_name_id", "audit_log", ["user_name", "id"])
    op.create_index("ix_audit_log_action_id", "audit_log", ["action", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_action_id", table_name="audit_log")
    op.drop_index("ix_audit_log_user_name_id", table_name="audit_log")
