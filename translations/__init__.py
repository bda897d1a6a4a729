"""The message catalogues, shipped inside the package (see setup.py)."""
