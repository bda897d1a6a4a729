"""The talks and parents lists and due lists cost the same number of queries for 2 records
as for 20 (no query per row)."""

from datetime import timedelta

from ..followup import PUBLISHED, pin_today, statements_during


def add_records(make, run, students):
    """Warned at orange (so on the due lists), with a talk and a parent contact each."""
    for student in students:
        make.warning(run, student)
        make.talk(student)
        make.contact(student)


def test_lists_do_not_query_per_row(client, login, make, db, followup, monkeypatch):
    pin_today(monkeypatch, PUBLISHED + timedelta(days=16))
    login(followup.counselor)
    counts = []
    for batch in (2, 18):
        add_records(make, followup.run, [make.student(followup.school_class) for _ in range(batch)])
        counts.append(
            [
                statements_during(db, lambda url=url: client.get(url))
                for url in ("/talks/", "/parents/", "/talks/due", "/parents/due", "/")
            ]
        )
    assert counts[0] == counts[1]
    due = client.get("/talks/due").get_data(as_text=True)
    assert due.count('class="badge orange"') >= 19  # the rows really are there
