"""A warning added by an accepted proposal names that proposal: its reason is the
warning's "why", and the day it was accepted starts the follow-up of a student added to a
published roster.

Existing warnings added by proposal take the latest accepted proposal to add that student
in that category at that level for their run's term (a proposal applied to one run of the
term; none was carried to a later run until now).

Revision ID: a5d3e1f7c902
Revises: 3c1d5e8a9f20
Create Date: 2026-12-04 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a5d3e1f7c902"
down_revision = "3c1d5e8a9f20"
branch_labels = None
depends_on = None

WARNING = sa.table("warnings_warning", sa.column("id", sa.Integer),
                   sa.column("run_id", sa.Integer), sa.column("student_id", sa.Integer),
                   sa.column("category", sa.String), sa.column("level", sa.String),
                   sa.column("source", sa.String),
                   sa.column("added_by_proposal_id", sa.Integer))
RUN = sa.table("warnings_run", sa.column("id", sa.Integer), sa.column("term_id", sa.Integer))
PROPOSAL = sa.table("warnings_proposal", sa.column("id", sa.Integer),
                    sa.column("term_id", sa.Integer), sa.column("student_id", sa.Integer),
                    sa.column("action", sa.String), sa.column("category", sa.String),
                    sa.column("level", sa.String), sa.column("decision", sa.String),
                    sa.column("decided_at", sa.DateTime))


def _backfill() -> None:
    bind = op.get_bind()
    accepted = {}
    for proposal_id, term_id, student_id, category, level, _at in bind.execute(
        sa.select(PROPOSAL.c.id, PROPOSAL.c.term_id, PROPOSAL.c.student_id,
                  PROPOSAL.c.category, PROPOSAL.c.level, PROPOSAL.c.decided_at)
        .where(PROPOSAL.c.action == "add", PROPOSAL.c.decision == "accepted")
        .order_by(PROPOSAL.c.decided_at, PROPOSAL.c.id)
    ):
        accepted[term_id, student_id, category, level] = proposal_id  # the latest wins
    rows = bind.execute(
        sa.select(WARNING.c.id, RUN.c.term_id, WARNING.c.student_id, WARNING.c.category,
                  WARNING.c.level)
        .join(RUN, RUN.c.id == WARNING.c.run_id)
        .where(WARNING.c.source == "proposal")
    ).all()
    for warning_id, *key in rows:
        proposal_id = accepted.get(tuple(key))
        if proposal_id is not None:
            bind.execute(WARNING.update().where(WARNING.c.id == warning_id)
                         .values(added_by_proposal_id=proposal_id))


def upgrade():
    with op.batch_alter_table("warnings_warning") as batch:
        batch.add_column(sa.Column("added_by_proposal_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_warnings_warning_added_by_proposal_id_warnings_proposal"),
            "warnings_proposal", ["added_by_proposal_id"], ["id"])
    _backfill()


def downgrade():
    with op.batch_alter_table("warnings_warning") as batch:
        batch.drop_constraint(
            batch.f("fk_warnings_warning_added_by_proposal_id_warnings_proposal"),
            type_="foreignkey")
        batch.drop_column("added_by_proposal_id")
