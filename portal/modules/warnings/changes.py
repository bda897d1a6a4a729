"""What a warning is against what came before: against the student's standing at the last
evaluation term (the roster's "new", "continuing", …) and against the term's previous run
(the run's page: what a correction changed). A computed warning and one an accepted
proposal adds are compared alike."""

from __future__ import annotations


def since_last_term(held: int | None, rank: int) -> str:
    """Against the level the student stood at last evaluation term (issue 17 missing 7: a
    student warned again is not "new"; one warned more severely is escalated). What the
    roster shows: a corrected roster of the term leaves it as it was."""
    if held is None:
        return "new"
    return compared(rank, held, "continuing")


def change(earlier, since: str, rank: int) -> str:
    """Against the term's previous run, for the run's page of what it changed; a warning
    that run did not give is as it stands against last term (`since`). `earlier`: (rank,
    level) the previous run gave, or None."""
    return compared(rank, earlier[0], "same") if earlier else since


def compared(rank: int, held: int, unchanged: str) -> str:
    return "escalated" if rank > held else "eased" if rank < held else unchanged
