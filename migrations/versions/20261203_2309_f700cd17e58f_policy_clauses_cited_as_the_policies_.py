"""Policy clauses cited as each policy numbers itself (第十条第三款, not 第十条3), joined by 、:
a stored rule whose clause is still an old preset citation, exactly, takes the new one, so
a policy copied from a preset keeps reading as the preset does. A clause a college wrote
itself is left as it is.

Revision ID: f700cd17e58f
Revises: 8567ec6d4dbd
Create Date: 2026-12-03 23:09:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f700cd17e58f"
down_revision = "8567ec6d4dbd"
branch_labels = None
depends_on = None

POLICY = sa.table("core_cadence_policy", sa.column("id", sa.Integer),
                  sa.column("rules", sa.JSON))
# Every preset citation that changed: as stored before -> as cited now.
CITATIONS = {
    "anshan-normal 第五条, 第十条": "anshan-normal 第五条、第十条",
    "anshan-normal 第五条, 第十条3, 第十二条": "anshan-normal 第五条、第十条第三款、第十二条",
    "shaoxing-yuanpei-lifesci-2015 第四条, 第五条": "shaoxing-yuanpei-lifesci-2015 第四条、第五条",
    "lzut-life-sciences-2021 三.2, 四.5": "lzut-life-sciences-2021 第三部分第二条、第四部分第五条",
    "lzut-life-sciences-2021 三.3, 四.3": "lzut-life-sciences-2021 第三部分第三条、第四部分第三条",
    "lzut-life-sciences-2021 四.10": "lzut-life-sciences-2021 第四部分第十条",
    "ustl-2019 第五条3": "ustl-2019 第五条第三款",
    "ustl-2019 第一条, 第五条3": "ustl-2019 第一条、第五条第三款",
    "ustl-2019 第五条5": "ustl-2019 第五条第五款",
    "gxu-electrical-2020 第四条2(3) 集体谈话": "gxu-electrical-2020 第四条第二款第三项“集体谈话”",
    "gxu-electrical-2020 第四条2(3) 与本人谈话": "gxu-electrical-2020 第四条第二款第三项“与本人谈话”",
    "gxu-electrical-2020 第四条2(2)a": "gxu-electrical-2020 第四条第二款第二项第一目",
    "gxu-electrical-2020 第四条2(3) 朋辈互助、结对帮扶":
        "gxu-electrical-2020 第四条第二款第三项“朋辈互助、结对帮扶”",
    "gxu-electrical-2020 第四条2(2)b": "gxu-electrical-2020 第四条第二款第二项第二目",
}


def _rewrite(mapping: dict[str, str]) -> None:
    """Each stored rule whose clause is a key of `mapping`, exactly, takes its value."""
    bind = op.get_bind()
    for policy_id, rules in bind.execute(sa.select(POLICY.c.id, POLICY.c.rules)).all():
        new = [dict(rule, clause=mapping.get(rule.get("clause"), rule.get("clause")))
               if isinstance(rule, dict) and "clause" in rule else rule for rule in rules or []]
        if new != (rules or []):
            bind.execute(POLICY.update().where(POLICY.c.id == policy_id).values(rules=new))


def upgrade():
    _rewrite(CITATIONS)


def downgrade():
    _rewrite({new: old for old, new in CITATIONS.items()})
