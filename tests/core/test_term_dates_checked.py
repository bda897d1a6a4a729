"""The Terms page checks a term's days against each other and against the other terms: an
outside tester saved 2026-2027-1 from 2026-06-01 over 2025-2026-2 (to 2026-07-05), a new
2026-2027-2 from 2026-12-01 while 2026-2027-1 ran to 2027-01-17, a two-day term, and blank
dates over entered ones. Each is refused with words naming the term at its field, 422,
nothing written."""

from datetime import date

import pytest

from portal.core.models import Term


@pytest.fixture
def year(make, db):
    """2025-2026 term 2, its summer term and 2026-2027 term 1 with their days, 2026-2027
    term 2 without."""
    terms = {}
    for code, start, end in (
        ("2025-2026-2", date(2026, 2, 23), date(2026, 7, 5)),
        ("2025-2026-3", date(2026, 7, 13), date(2026, 8, 7)),
        ("2026-2027-1", date(2026, 9, 7), date(2027, 1, 17)),
        ("2026-2027-2", None, None),
    ):
        term = make.term(code)
        term.start_date, term.end_date = start, end
        terms[code] = term
    db.session.flush()
    return terms


def dates_of(db, term) -> tuple:
    db.session.expire_all()
    saved = db.session.get(Term, term.id)
    return saved.start_date, saved.end_date


def post(client, data) -> tuple[int, str]:
    response = client.post("/admin/terms", data=data)
    return response.status_code, response.get_data(as_text=True)


def field_error(page: str, input_id: str) -> str:
    """The words shown at the input `input_id`."""
    start = page.index(f'<small class="err" id="{input_id}-err">')
    return page[start : page.index("</small>", start)]


CASES = [
    (  # the tester's: over the term before, and months before its academic year
        "2026-2027-1",
        {"start_date": "2026-06-01", "end_date": "2027-01-17"},
        "start",
        ["2026-06-01 is not in the academic year of 2026–2027 term 1", "2026-08-01 to"],
    ),
    (  # starts before the previous term (a summer term) ends
        "2026-2027-1",
        {"start_date": "2026-08-03", "end_date": "2027-01-17"},
        "start",
        ["First day of 2026–2027 term 1 (2026-08-03) is not after 2025–2026 summer term"],
    ),
    (  # a later term that starts while the one before runs
        "2026-2027-2",
        {"start_date": "2026-12-01", "end_date": "2027-07-04"},
        "start",
        ["2026–2027 term 2", "is not after 2026–2027 term 1", "2026-09-07 – 2027-01-17"],
    ),
    (  # a term that ends after the next one starts
        "2025-2026-2",
        {"start_date": "2026-02-23", "end_date": "2026-07-20"},
        "end",
        ["Last day of 2025–2026 term 2", "is not before 2025–2026 summer term"],
    ),
    (  # two days
        "2026-2027-2",
        {"start_date": "2027-03-01", "end_date": "2027-03-02"},
        "end",
        ["2026–2027 term 2 would last 2 days", "at least 10 weeks"],
    ),
    (  # clearing a date that was entered
        "2026-2027-1",
        {"start_date": "", "end_date": "2027-01-17"},
        "start",
        ["First day of 2026–2027 term 1 was entered before", "do not clear it"],
    ),
    (
        "2026-2027-1",
        {"start_date": "2026-09-07", "end_date": ""},
        "end",
        ["Last day of 2026–2027 term 1"],
    ),
    (  # far from the code's years
        "2026-2027-2",
        {"start_date": "2028-03-01"},
        "start",
        ["2028-03-01 is not in the academic year of 2026–2027 term 2", "2026-08-01 to 2027-08-31"],
    ),
    (  # ends before it starts
        "2026-2027-2",
        {"start_date": "2027-03-01", "end_date": "2027-02-01"},
        "end",
        ["The last day of 2026–2027 term 2 must come after its first day."],
    ),
]


@pytest.mark.parametrize(("code", "data", "where", "words"), CASES)
def test_term_days_that_do_not_fit_are_refused_at_their_field(
    client, login, make, db, year, code, data, where, words
):
    term = year[code]
    before = dates_of(db, term)
    login(make.user(role="admin", locale="en"))
    status, page = post(client, {"term_id": term.id, **data})
    assert status == 422
    said = field_error(page, f"{where}-{term.id}")
    assert all(w in said for w in words), said
    assert 'aria-invalid="true"' in page and '<p class="flash error">' in page
    assert dates_of(db, term) == before


def test_days_in_order_are_saved(client, login, make, db, year):
    login(make.user(role="admin", locale="en"))
    term = year["2026-2027-2"]
    status, _page = post(
        client, {"term_id": term.id, "start_date": "2027-02-22", "end_date": "2027-07-04"}
    )
    assert status == 303
    assert dates_of(db, term) == (date(2027, 2, 22), date(2027, 7, 4))
    summer = {"code": "2026-2027-3", "start_date": "2027-07-12", "end_date": "2027-07-30"}
    assert post(client, summer)[0] == 303  # three weeks: a summer term may be short


def test_a_new_term_overlapping_another_is_refused_at_its_field(client, login, make, db, year):
    login(make.user(role="admin", locale="en"))
    data = {"code": "2026-2027-3", "start_date": "2027-01-10", "end_date": "2027-08-20"}
    status, page = post(client, data)
    assert status == 422
    assert "is not after 2026–2027 term 1" in field_error(page, "start_date")
    assert 'value="2026-2027-3"' in page  # the form keeps what was typed
    assert db.session.query(Term).filter_by(code="2026-2027-3").count() == 0


def test_a_bad_code_is_said_at_the_code(client, login, make, db):
    login(make.user(role="admin", locale="en"))
    status, page = post(client, {"code": "2026 autumn", "start_date": "2026-09-01"})
    assert status == 422 and "Write the term like 2024-2025-1." in field_error(page, "code")
