"""The parent copy's dates (家长联与回执): what has happened, since the notice was issued.

An outside tester saved a parent copy sent on 2027-05-10 with its receipt back the same day
(both in the future), and one sent on 2026-01-10 with the receipt on 2026-01-20 for a notice
issued on 2026-10-30. Each date is one of what has happened (core.happened, as the contact
log's), not before the notice was issued, the receipt not before the sending; a refused post
is the form again as typed (422), each error at its field and in the summary, all at once,
nothing written."""

from datetime import date, datetime

import pytest

from ...followup import pin_today

ISSUED = datetime(2026, 10, 30, 2, 0)  # UTC: 10:00 on 30 October in the college's time
TODAY = date(2026, 12, 4)


@pytest.fixture
def notice(published, db, monkeypatch, client, login):
    """The first student's notice, issued on 2026-10-30; today is 2026-12-04; the counselor
    is signed in."""
    pin_today(monkeypatch, TODAY)
    record = published["notices"][published["first"].id]
    record.created_at = ISSUED
    db.session.flush()
    login(published["counselor"])
    return record


def _post(client, notice, **dates):
    data = {"method": "registered_letter", "reference": "XA9CN", "remarks": "家长已知悉", **dates}
    return client.post(f"/warnings/notices/{notice.id}/parent", data=data)


def _form(response) -> str:
    return response.get_data(as_text=True).split('id="parent-form"')[1].split("</form>")[0]


def _error_at(form: str, field: str) -> str:
    """The words of the error shown at `field` ('' when none)."""
    marker = f'id="{field}-err">'
    return form.split(marker)[1].split("<")[0] if marker in form else ""


def _nothing_written(db, notice) -> None:
    db.session.refresh(notice)
    recorded = (notice.parent_method, notice.parent_reference, notice.parent_sent_on)
    assert recorded == (None, None, None)
    assert (notice.receipt_returned_on, notice.parent_remarks) == (None, None)


def test_dates_in_the_future_are_refused_each_at_its_field(client, db, notice):
    answer = _post(client, notice, sent_on="2027-05-10", returned_on="2027-05-10")
    assert answer.status_code == 422
    form = _form(answer)
    for field in ("sent_on", "returned_on"):  # both said at once, the contact log's words
        assert "日期在将来" in _error_at(form, field), field
    assert 'value="2027-05-10"' in form and 'value="XA9CN"' in form  # as typed
    assert "家长已知悉</textarea>" in form and 'selected value="registered_letter"' in form
    assert 'role="alert" tabindex="-1" autofocus' in form  # in view, without JavaScript
    _nothing_written(db, notice)


def test_dates_before_the_notice_was_issued_are_refused(client, db, notice):
    client.post("/locale", data={"locale": "en", "next": "/"})
    answer = _post(client, notice, sent_on="2026-01-10", returned_on="2026-01-20")
    assert answer.status_code == 422
    form = _form(answer)
    for field in ("sent_on", "returned_on"):
        error = _error_at(form, field)
        assert "before the notice was issued" in error and "2026-10-30" in error, field
    # The summary names each field.
    assert "<li>Sent on: " in form and "<li>Receipt returned on: " in form
    _nothing_written(db, notice)


def test_a_receipt_before_the_sending_is_refused_at_the_receipts_field(client, db, notice):
    answer = _post(client, notice, sent_on="2026-11-09", returned_on="2026-11-01")
    assert answer.status_code == 422
    form = _form(answer)
    assert _error_at(form, "returned_on") == "回执收回日期不能早于寄出日期。"
    assert _error_at(form, "sent_on") == ""
    _nothing_written(db, notice)


def test_every_problem_of_a_post_is_said_at_once(client, db, notice):
    answer = _post(client, notice, method="pigeon", sent_on="2027-01-02", returned_on="2026-02-30")
    assert answer.status_code == 422
    form = _form(answer)
    assert _error_at(form, "method") == "请选择家长联的送达方式。"
    assert "日期在将来" in _error_at(form, "sent_on")
    assert "“回执收回日期”不是有效的日期" in _error_at(form, "returned_on")
    _nothing_written(db, notice)


def test_the_day_of_issue_and_today_are_accepted(client, db, notice):
    answer = _post(client, notice, sent_on="2026-10-30", returned_on=TODAY.isoformat())
    assert answer.status_code == 303
    db.session.refresh(notice)
    assert (notice.parent_sent_on, notice.receipt_returned_on) == (date(2026, 10, 30), TODAY)
    assert (notice.parent_reference, notice.parent_remarks) == ("XA9CN", "家长已知悉")
