"""The Alembic migrations, shipped inside the package (see setup.py)."""
