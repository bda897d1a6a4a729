"""The parent copy's receipt (回执), found by an outside tester: a receipt's return date was
saved with no day the copy was sent and no letter number, and a save with nothing typed was
written. A receipt needs the copy sent first (its day, and a registered letter's number); a
copy with nothing recorded is not saved empty. Each is said at the field to fill (422, the
form as typed, nothing written)."""

from datetime import date

import pytest

from .test_parent_copy_dates import _error_at, _form, _nothing_written, notice  # noqa: F401

EMPTY = {"method": "registered_letter", "reference": "", "sent_on": "", "returned_on": ""}


@pytest.fixture(autouse=True)
def in_english(notice, client):
    """The counselor reads English: the words below are new."""
    client.post("/locale", data={"locale": "en", "next": "/"})


def _post(client, notice, **fields):
    data = {**EMPTY, "remarks": "", **fields}
    return client.post(f"/warnings/notices/{notice.id}/parent", data=data)


def test_a_receipt_needs_the_copy_sent_and_its_letter_number(client, db, notice):
    answer = _post(client, notice, returned_on="2026-11-20", remarks="家长已知悉")
    assert answer.status_code == 422
    form = _form(answer)
    assert (
        _error_at(form, "sent_on")
        == "The receipt came back: give the day the parent copy was sent."
    )
    assert _error_at(form, "reference") == "Sent by registered letter: give the letter number."
    assert 'value="2026-11-20"' in form and "家长已知悉</textarea>" in form  # as typed
    _nothing_written(db, notice)


def test_a_receipt_of_a_copy_handed_over_needs_no_letter_number(client, db, notice):
    answer = _post(client, notice, method="handed", returned_on="2026-11-20")
    assert _error_at(_form(answer), "reference") == ""
    answer = _post(client, notice, method="handed", sent_on="2026-11-02", returned_on="2026-11-20")
    assert answer.status_code == 303
    db.session.refresh(notice)
    assert (notice.parent_sent_on, notice.receipt_returned_on) == (
        date(2026, 11, 2),
        date(2026, 11, 20),
    )


def test_nothing_typed_is_not_saved_on_a_copy_with_nothing_recorded(client, db, notice):
    answer = _post(client, notice, remarks="  ")
    assert answer.status_code == 422
    said = _error_at(_form(answer), "sent_on")
    assert said == "Nothing to save: give at least the day the parent copy was sent."
    _nothing_written(db, notice)
    assert _post(client, notice, sent_on="2026-11-02", reference="XA9CN").status_code == 303
    assert _post(client, notice).status_code == 303  # a copy recorded may be emptied
    db.session.refresh(notice)
    assert (notice.parent_sent_on, notice.parent_reference) == (None, None)
