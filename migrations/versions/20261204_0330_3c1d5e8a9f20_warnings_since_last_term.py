"""A warning's standing against last evaluation term, kept beside its change against the
term's previous run: the roster shows the first, so a corrected roster no longer turns
every "new" into "unchanged".

Existing warnings take it from what their runs stored: a warning its run's previous run
did not give had its change computed against last term already; one that run gave takes
its predecessor's, moved by what changed between the two runs. Where that cannot tell (a
level moved back towards last term's after moving away), the predecessor's is kept.

Revision ID: 3c1d5e8a9f20
Revises: f700cd17e58f
Create Date: 2026-12-04 03:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3c1d5e8a9f20"
down_revision = "f700cd17e58f"
branch_labels = None
depends_on = None

WARNING = sa.table("warnings_warning", sa.column("id", sa.Integer),
                   sa.column("run_id", sa.Integer), sa.column("student_id", sa.Integer),
                   sa.column("category", sa.String), sa.column("change", sa.String),
                   sa.column("since_last_term", sa.String))
RUN = sa.table("warnings_run", sa.column("id", sa.Integer),
               sa.column("previous_run_id", sa.Integer))


def _moved(before: str, change: str) -> str:
    """Against last term, from the predecessor's standing and the change since it."""
    if change == "same" or before == "new" or before == change:
        return before
    return change if before == "continuing" else before


def _backfill() -> None:
    bind = op.get_bind()
    previous = dict(bind.execute(sa.select(RUN.c.id, RUN.c.previous_run_id)).all())
    since: dict[tuple, str] = {}
    rows = bind.execute(
        sa.select(WARNING.c.id, WARNING.c.run_id, WARNING.c.student_id, WARNING.c.category,
                  WARNING.c.change).order_by(WARNING.c.run_id, WARNING.c.id)
    ).all()
    updates: dict[str, list[int]] = {}
    for warning_id, run_id, student_id, category, change in rows:
        before = since.get((previous.get(run_id), student_id, category))
        value = change if before is None else _moved(before, change)
        if value == "same":  # a predecessor this migration could not read: as continuing
            value = "continuing"
        since[run_id, student_id, category] = value
        updates.setdefault(value, []).append(warning_id)
    for value, ids in updates.items():
        for start in range(0, len(ids), 5000):
            bind.execute(WARNING.update().where(WARNING.c.id.in_(ids[start:start + 5000]))
                         .values(since_last_term=value))


def upgrade():
    with op.batch_alter_table("warnings_warning") as batch:
        batch.add_column(sa.Column("since_last_term", sa.String(10), nullable=True))
    _backfill()
    with op.batch_alter_table("warnings_warning") as batch:
        batch.alter_column("since_last_term", existing_type=sa.String(10), nullable=False)


def downgrade():
    with op.batch_alter_table("warnings_warning") as batch:
        batch.drop_column("since_last_term")
