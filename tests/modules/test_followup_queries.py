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


def test_the_search_box_narrows_the_talks_and_contacts_lists_within_scope(
    client, login, make, db, followup
):
    """By a number prefix or part of a name; a match outside the counselor's class stays out."""
    outsider = make.student(make.school_class(), name=followup.yellow.name)
    for student in (followup.yellow, followup.orange, outsider):
        make.talk(student)
        make.contact(student)
    login(followup.counselor)
    for url in ("/talks/", "/parents/"):
        by_name = client.get(url, query_string={"q": followup.yellow.name}).get_data(as_text=True)
        assert followup.yellow.student_no in by_name, url
        assert followup.orange.student_no not in by_name, url
        assert outsider.student_no not in by_name, url
        number = followup.orange.student_no
        by_number = client.get(url, query_string={"q": number[:-1]}).get_data(as_text=True)
        assert number in by_number, url
        everyone = client.get(url).get_data(as_text=True)
        assert followup.yellow.student_no in everyone and number in everyone, url
        assert outsider.student_no not in everyone, url


def test_a_tab_fetched_by_htmx_marks_itself_in_the_tabs(client, login, followup):
    """The tab is swapped into the page and the tabs out of band, so the one marked as shown
    (aria-current) is the one the user opened, with and without JavaScript."""
    import re

    login(followup.counselor)
    url = f"/talks/students/{followup.red.id}"
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    tabs = re.search(r'<nav id="record-tabs"[^>]*data-hx-swap-oob="true".*?</nav>', fragment, re.S)
    assert tabs is not None
    current = re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', tabs.group(0))
    assert current == [url]
    whole = client.get(url).get_data(as_text=True)
    assert whole.count('id="record-tabs"') == 1 and "data-hx-swap-oob" not in whole
