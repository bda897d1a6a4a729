"""Every row of some tables, as comparable values: what an all-or-nothing operation that
refused must leave exactly as it was."""


def rows_of(db, *tables) -> dict:
    """Each table's rows, each row its sorted (column, text) pairs (`updated_at` aside)."""
    return {
        t.__name__: sorted(
            tuple(
                sorted(
                    (k, str(v))
                    for k, v in vars(o).items()
                    if not k.startswith("_") and k != "updated_at"
                )
            )
            for o in db.session.query(t)
        )
        for t in tables
    }
