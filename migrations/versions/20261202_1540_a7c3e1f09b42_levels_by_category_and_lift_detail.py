"""levels by category in cadence rules; the values a lifting was judged on; review setting

Revision ID: a7c3e1f09b42
Revises: beea3c67e02d
Create Date: 2026-12-02 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e1f09b42'
down_revision = 'beea3c67e02d'
branch_labels = None
depends_on = None

DEFAULT_RULESET = 'lanzhou'
POLICY = sa.table('core_cadence_policy', sa.column('id', sa.Integer),
                  sa.column('college_id', sa.Integer), sa.column('rules', sa.JSON))
RULESET = sa.table('warnings_ruleset', sa.column('code', sa.String),
                   sa.column('definition', sa.JSON))


def _definitions(bind) -> dict:
    from portal.modules.warnings.presets import PRESETS

    found = {code: definition for code, definition in PRESETS.items()}
    for code, definition in bind.execute(sa.select(RULESET.c.code, RULESET.c.definition)):
        found[code] = definition
    return found


def upgrade():
    op.create_table(
        'review_setting',
        sa.Column('college_id', sa.Integer(), nullable=False),
        sa.Column('count_eased', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.Column('saved_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['college_id'], ['core_college.id'],
                                name=op.f('fk_review_setting_college_id_core_college'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['saved_by_id'], ['core_user.id'],
                                name=op.f('fk_review_setting_saved_by_id_core_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('college_id', name=op.f('pk_review_setting')),
    )
    with op.batch_alter_table('warnings_lift', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.JSON(), nullable=True))
    # Each cadence rule names the category of its level: a level is (category, level). A
    # level code found in several categories of the college's ruleset (liaoning's
    # "warning") keeps an empty category, which matches them all, as before.
    bind = op.get_bind()
    definitions = _definitions(bind)
    rulesets = dict(bind.execute(sa.text(
        'SELECT college_id, ruleset_code FROM warnings_college_setting')).all())
    for policy_id, college_id, rules in bind.execute(
            sa.select(POLICY.c.id, POLICY.c.college_id, POLICY.c.rules)).all():
        rules = list(rules or [])
        definition = definitions.get(rulesets.get(college_id, DEFAULT_RULESET), {})
        categories: dict[str, list[str]] = {}
        for category in definition.get('categories', []):
            for level in category.get('levels', []):
                categories.setdefault(level['code'], []).append(category['code'])
        for rule in rules:
            if 'category' not in rule:
                found = categories.get(rule.get('level'), [])
                rule['category'] = found[0] if len(found) == 1 else ''
        bind.execute(POLICY.update().where(POLICY.c.id == policy_id).values(rules=rules))


def downgrade():
    bind = op.get_bind()
    for policy_id, rules in bind.execute(sa.select(POLICY.c.id, POLICY.c.rules)).all():
        rules = list(rules or [])
        for rule in rules:
            rule.pop('category', None)
        bind.execute(POLICY.update().where(POLICY.c.id == policy_id).values(rules=rules))
    with op.batch_alter_table('warnings_lift', schema=None) as batch_op:
        batch_op.drop_column('detail')
    op.drop_table('review_setting')
