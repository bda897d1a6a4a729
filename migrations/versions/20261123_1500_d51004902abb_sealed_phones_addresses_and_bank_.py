"""sealed phones, addresses and bank accounts

Revision ID: d51004902abb
Revises: 19f962d14c14
Create Date: 2026-11-23 15:00:09.834388

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd51004902abb'
down_revision = '19f962d14c14'
branch_labels = None
depends_on = None


COLUMNS = (("core_guardian", "phone", 40, 257), ("core_guardian", "address", 200, 1109),
           ("core_student", "phone", 40, 257), ("peer_volunteer", "bank_account", 40, 257))


def upgrade():
    for table, column, plain, sealed in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.VARCHAR(length=plain),
                                  type_=sa.String(length=sealed), existing_nullable=True)
    _seal_what_is_there()


def _seal_what_is_there():
    """Values stored before sealing are sealed now, with the app's data key."""
    from portal.core.sealed import PREFIX, seal

    connection = op.get_bind()
    for table, column, _plain, _sealed in COLUMNS:
        rows = connection.execute(sa.text(
            f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' "
            f"AND {column} NOT LIKE '{PREFIX}%'")).all()
        for row_id, value in rows:
            connection.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :i"),
                               {"v": seal(value), "i": row_id})


def downgrade():
    from portal.core.sealed import unseal

    connection = op.get_bind()
    for table, column, plain, sealed in COLUMNS:
        rows = connection.execute(sa.text(
            f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
        for row_id, value in rows:
            connection.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :i"),
                               {"v": unseal(value)[:plain], "i": row_id})
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.String(length=sealed),
                                  type_=sa.VARCHAR(length=plain), existing_nullable=True)
