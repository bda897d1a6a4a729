"""Cadence presets from the seed text: a policy still exactly as copied from an old preset
is replaced by the new one (kinds, methods, clauses; anshan red no longer owing less parent
contact than orange). A policy a college edited is left as it is.

Revision ID: 9e4c2b7d1a05
Revises: 5b8d0e2f7a13
Create Date: 2026-12-02 21:40:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "9e4c2b7d1a05"
down_revision = "5b8d0e2f7a13"
branch_labels = None
depends_on = None

POLICY = sa.table("core_cadence_policy", sa.column("id", sa.Integer),
                  sa.column("preset", sa.String), sa.column("rules", sa.JSON))
FIELDS = ("level", "role", "kind", "first_within_days", "every_days", "per_term_min",
          "category")
# The presets as they were stored before (level, role, kind, first, every, per term, category).
OLD = {
    "anshan": [("yellow", "class_advisor", "talk", 30, 30, None, "academic"),
               ("orange", "counselor", "talk", 7, 7, None, "academic"),
               ("orange", "counselor", "parent", 14, 14, None, "academic"),
               ("red", "counselor", "parent", 30, None, None, "academic"),
               ("red", "counselor", "talk", 7, 7, None, "academic")],
    "shaoxing": [("level1", "class_advisor", "talk", 30, 30, None, "difficulty"),
                 ("level2", "class_advisor", "talk", 14, 14, None, "difficulty"),
                 ("level2", "counselor", "talk", 30, 30, None, "difficulty"),
                 ("level3", "counselor", "talk", 14, 14, None, "difficulty")],
    "lanzhou": [("oral", "counselor", "talk", 30, None, 2, "academic"),
                ("written", "counselor", "talk", 30, None, 2, "academic"),
                ("oral", "class_advisor", "talk", 30, 30, None, "academic"),
                ("written", "class_advisor", "talk", 30, 30, None, "academic")],
}


def _key(rules) -> list[str]:
    return sorted(json.dumps({k: r.get(k) for k in FIELDS}, sort_keys=True)
                  for r in rules or [])


def upgrade():
    from portal.core.cadence_presets import PRESETS

    bind = op.get_bind()
    for policy_id, preset, rules in bind.execute(
            sa.select(POLICY.c.id, POLICY.c.preset, POLICY.c.rules)).all():
        old = OLD.get(preset)
        if old and _key(rules) == _key([dict(zip(FIELDS, r, strict=True)) for r in old]):
            bind.execute(POLICY.update().where(POLICY.c.id == policy_id).values(
                rules=[rule.stored() for rule in PRESETS[preset]]))


def downgrade():
    pass  # the new rules carry more than the old ones; nothing to undo safely
