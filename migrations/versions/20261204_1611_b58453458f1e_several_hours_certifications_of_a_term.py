"""A volunteer may have several hours certifications of one term: a later run certifies the
hours checked since the earlier one (one per volunteer and term left hours checked after a
mid-term run uncertifiable for good). Each session is still on at most one certificate.

A downgrade restores the one-per-term rule and fails where a term has several.

Revision ID: b58453458f1e
Revises: a5d3e1f7c902
Create Date: 2026-12-04 16:11:12
"""

from alembic import op

revision = "b58453458f1e"
down_revision = "a5d3e1f7c902"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("peer_certification") as batch:
        batch.drop_constraint("uq_peer_certification_volunteer_id_term_id", type_="unique")


def downgrade():
    with op.batch_alter_table("peer_certification") as batch:
        batch.create_unique_constraint(
            "uq_peer_certification_volunteer_id_term_id", ["volunteer_id", "term_id"]
        )
