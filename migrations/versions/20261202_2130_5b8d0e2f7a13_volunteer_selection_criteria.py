"""Volunteer selection criteria (成绩排名, 党员, 学生干部, 同寝室) on the application.

Revision ID: 5b8d0e2f7a13
Revises: a7c3e1f09b42
Create Date: 2026-12-02 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b8d0e2f7a13"
down_revision = "a7c3e1f09b42"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("peer_volunteer") as batch:
        batch.add_column(sa.Column("criteria", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("ranking", sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table("peer_volunteer") as batch:
        batch.drop_column("ranking")
        batch.drop_column("criteria")
