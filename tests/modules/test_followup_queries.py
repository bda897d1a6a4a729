"""The talks and parents lists and due lists cost the same number of queries for 2 records
as for 20 (no query per row)."""

from datetime import datetime, timedelta

from portal.modules.parents.models import Contact
from portal.modules.talks.models import Talk

from ..followup import PUBLISHED, pin_today, statements_during


def add_records(db, run, students):
    """Warned at orange (so on the due lists), with a talk and a parent contact each."""
    from portal.modules.warnings.models import Warning

    for student in students:
        db.session.add(
            Warning(
                run_id=run.id,
                student_id=student.id,
                category="academic",
                level="orange",
                level_rank=2,
                fired=[],
                metrics={},
                change="new",
            )
        )
        db.session.add(
            Talk(
                student_id=student.id,
                held_at=datetime(2026, 9, 1, 15),
                method="face",
                talker_role="counselor",
                talkers="陈",
                content="谈",
            )
        )
        db.session.add(
            Contact(
                student_id=student.id,
                parent_name="母亲",
                method="phone",
                contacted_at=datetime(2026, 9, 1, 9),
                made_by="陈",
                made_by_role="counselor",
                content="告知",
            )
        )
    db.session.flush()


def test_lists_do_not_query_per_row(client, login, make, db, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=16))
    login(followup.counselor)
    counts = []
    for batch in (2, 18):
        add_records(db, followup.run, [make.student(followup.school_class) for _ in range(batch)])
        counts.append(
            [
                statements_during(db, lambda url=url: client.get(url))
                for url in ("/talks/", "/parents/", "/talks/due", "/parents/due", "/")
            ]
        )
    assert counts[0] == counts[1]
    due = client.get("/talks/due").get_data(as_text=True)
    assert due.count('class="badge orange"') >= 19  # the rows really are there
