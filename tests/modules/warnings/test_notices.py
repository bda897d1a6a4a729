"""Notices: made at publication, confirmed or objected to, answered, printed, receipts kept."""

import re
from datetime import date, datetime

from portal.core.models import ImportJob, Notification
from portal.modules.warnings import notice_views
from portal.modules.warnings.models import Warning

from ...conftest import TEST_PASSWORD
from ...followup import pin_today
from ...print_pages import back_link, check_bulk_print, path_and_query, printed_exports, stale


def test_publication_makes_one_notice_per_warned_student(published):
    assert set(published["notices"]) == {published["first"].id, published["second"].id}


def test_student_confirms_their_notice(client, login, published, db):
    notice = published["notices"][published["first"].id]
    login(published["first_user"])
    page = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    assert "红色预警" in page or "橙色预警" in page
    client.post(f"/warnings/notices/{notice.id}/confirm")
    db.session.refresh(notice)
    assert notice.state == "confirmed" and notice.confirmed_by_id == published["first_user"].id


def test_student_cannot_touch_another_students_notice(client, login, published):
    other = published["notices"][published["second"].id]
    login(published["first_user"])
    assert client.get(f"/warnings/notices/{other.id}").status_code == 404
    assert client.post(f"/warnings/notices/{other.id}/confirm").status_code == 404


def test_objection_upheld_with_an_answer_the_student_reads(client, login, published, db):
    notice = published["notices"][published["first"].id]
    login(published["first_user"])
    client.post(f"/warnings/notices/{notice.id}/object", data={"reason": "补考成绩未录入"})
    login(published["secretary"])
    assert "补考成绩未录入" in client.get("/warnings/objections").get_data(as_text=True)
    client.post(
        f"/warnings/notices/{notice.id}/answer",
        data={"decision": "uphold", "answer": "已核对，成绩无误"},
    )
    login(published["first_user"])
    assert "已核对，成绩无误" in client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
    [told] = db.session.query(Notification).filter_by(user_id=published["first_user"].id).all()
    assert told.message == "Your objection has been answered."


def test_withdrawn_objection_removes_the_warning_with_history(client, login, published, db):
    notice = published["notices"][published["second"].id]
    login(published["second_user"])
    client.post(f"/warnings/notices/{notice.id}/object", data={"reason": "成绩有误"})
    login(published["secretary"])
    client.post(
        f"/warnings/notices/{notice.id}/answer",
        data={"decision": "withdraw", "answer": "成绩更正，撤销警示"},
    )
    assert "乙同学" not in client.get("/warnings/").get_data(as_text=True)
    kept = db.session.query(Warning).filter_by(student_id=published["second"].id).one()
    assert kept.removed_at is not None
    said = re.compile(r'class="notice-warning">.*?原因：.*?</section>', re.S)
    for user in (published["secretary"], published["second_user"]):
        login(user)  # the record still says what was withdrawn: level and reasons
        page = client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True)
        assert "异议成立，已撤销" in page and said.search(page), user.username
    login(published["secretary"])
    printed = client.get(f"/warnings/notices/{notice.id}/print").get_data(as_text=True)
    assert "已撤销" in printed and said.search(printed)


def test_objection_needs_a_reason(client, login, published, db):
    notice = published["notices"][published["first"].id]
    login(published["first_user"])
    client.post(f"/warnings/notices/{notice.id}/object", data={"reason": " "})
    db.session.refresh(notice)
    assert notice.state == "pending"


def _issued_in_october(notice, db, monkeypatch) -> None:
    """The notice was issued on 2026-10-30 and today is 2026-12-04: a parent copy sent in
    November is one of what has happened since (test_parent_copy_dates.py)."""
    pin_today(monkeypatch, date(2026, 12, 4))
    notice.created_at = datetime(2026, 10, 30, 2, 0)
    db.session.flush()


def test_parent_receipt_is_recorded_and_filters_the_roster(
    client, login, published, db, monkeypatch
):
    notice = published["notices"][published["first"].id]
    _issued_in_october(notice, db, monkeypatch)
    login(published["counselor"])
    client.post(
        f"/warnings/notices/{notice.id}/parent",
        data={
            "method": "registered_letter",
            "reference": "XA123456789CN",
            "sent_on": "2026-11-01",
            "returned_on": "2026-11-09",
            "remarks": "家长表示会配合",
        },
    )
    db.session.refresh(notice)
    assert notice.parent_reference == "XA123456789CN" and notice.receipt_returned_on
    returned = client.get("/warnings/?receipt=returned").get_data(as_text=True)
    assert "甲同学" in returned and "乙同学" not in returned
    assert "乙同学" in client.get("/warnings/?receipt=none").get_data(as_text=True)


def test_receipt_before_sending_is_refused(client, login, published, db, monkeypatch):
    notice = published["notices"][published["first"].id]
    _issued_in_october(notice, db, monkeypatch)
    login(published["counselor"])
    answer = client.post(
        f"/warnings/notices/{notice.id}/parent",
        data={"method": "handed", "sent_on": "2026-11-09", "returned_on": "2026-11-01"},
    )
    assert answer.status_code == 422
    db.session.refresh(notice)
    assert notice.parent_sent_on is None


def test_a_parent_copy_with_a_date_that_is_not_one_is_refused_whole(
    client, login, published, db, monkeypatch
):
    """Probe finding 3: 2026-02-30 or "yesterday" was kept as "no date" (wiping the dates
    already recorded) and the page said "recorded". Now the whole post is refused with the
    field named, and what was recorded stays."""
    notice = published["notices"][published["first"].id]
    _issued_in_october(notice, db, monkeypatch)
    login(published["counselor"])
    url = f"/warnings/notices/{notice.id}/parent"
    recorded = {"method": "handed", "sent_on": "2026-11-01", "returned_on": "2026-11-09"}
    client.post(url, data=recorded, follow_redirects=True)
    typo = {"method": "registered_letter", "reference": "R9", "remarks": "改"}
    answer = client.post(url, data={**typo, "sent_on": "2026-02-30", "returned_on": ""})
    assert answer.status_code == 422  # the form again, as typed, the problem in it
    form = answer.get_data(as_text=True).split('id="parent-form"')[1].split("</form>")[0]
    assert "“寄出日期”不是有效的日期，请写成 2026-09-01 这样的格式。未保存任何内容。" in form
    assert 'role="alert" tabindex="-1" autofocus' in form  # in view, without JavaScript
    assert 'value="R9"' in form and 'value="2026-02-30"' in form and "改</textarea>" in form
    assert 'selected value="registered_letter"' in form
    assert "家长联送达情况已记录" not in answer.get_data(as_text=True)
    answer = client.post(
        url,
        data={**typo, "sent_on": "2026-11-02", "returned_on": "yesterday"},
        follow_redirects=True,
    )
    assert "“回执收回日期”不是有效的日期" in answer.get_data(as_text=True)
    db.session.refresh(notice)
    assert (notice.parent_method, notice.parent_reference, notice.parent_remarks) == (
        "handed",
        None,
        None,
    )
    assert (str(notice.parent_sent_on), str(notice.receipt_returned_on)) == (
        "2026-11-01",
        "2026-11-09",
    )
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.post(url, data={**typo, "sent_on": "1.11."}, follow_redirects=True)
    assert "“Sent on” is not a valid date; write it as 2026-09-01. Nothing was saved." in (
        page.get_data(as_text=True)
    )


def test_a_parent_copy_dated_before_the_records_floor_is_refused_whole(
    client, login, published, db, monkeypatch
):
    """Probe finding 3: a date a record happened on is not before ten years ago
    (core.happened); the field is named, nothing is written."""
    notice = published["notices"][published["first"].id]
    _issued_in_october(notice, db, monkeypatch)
    login(published["counselor"])
    client.post("/locale", data={"locale": "en", "next": "/"})
    url = f"/warnings/notices/{notice.id}/parent"
    for field, label in (("sent_on", "Sent on"), ("returned_on", "Receipt returned on")):
        dates = {"sent_on": "2026-11-01", "returned_on": "2026-11-09", field: "0001-01-01"}
        answer = client.post(url, data={"method": "handed", **dates})
        assert answer.status_code == 422
        assert f"“{label}” cannot be before" in answer.get_data(as_text=True)
    db.session.refresh(notice)
    assert (notice.parent_method, notice.parent_sent_on, notice.receipt_returned_on) == (
        None,
        None,
        None,
    )


def test_class_notices_print_three_parts_each(client, login, published):
    login(published["counselor"])
    page = client.get("/warnings/notices/print").get_data(as_text=True)
    assert page.count('class="notice-part"') == 6
    assert "学院存根" in page and "家长回执" in page and "<nav" not in page


def test_a_print_without_a_term_is_of_the_term_the_roster_shows_and_names_it(
    client, login, make, grades, db, published
):
    """An outside tester's finding: /warnings/notices/print with no `term` printed the
    notices of every term. It prints those of the term the roster list opens on — the newest
    published — and says which, in its title and above the sheets."""
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run
    from portal.modules.warnings.lifecycle import transition
    from portal.modules.warnings.models import Notice

    grades(published["first"], "2024-2025-2", [("C", 4, 20, "regular"), ("D", 10, 90, "regular")])
    college_id = published["run"].college_id
    later = compute_run(make.term("2024-2025-2"), rulesets.load("anshan"), college_id=college_id)
    transition(later, "submit", user_id=published["secretary"].id)
    college = published["first"].school_class.major.college
    transition(later, "approve", user_id=make.user(role="leader", scope=college).id)
    db.session.commit()
    issued = db.session.query(Notice).filter_by(run_id=later.id).count()
    assert issued >= 1
    login(published["counselor"])
    page = client.get("/warnings/notices/print").get_data(as_text=True)
    assert page.count('class="notice-part"') == 3 * issued
    assert "2024-2025学年第2学期" in page and "2024-2025学年第1学期" not in page
    title = re.search(r"<title[^>]*>(.*?)</title>", page, re.S).group(1)
    assert title == f"2024-2025学年第2学期学业警示通知书（{issued}份）"
    assert back_link(page)[0] == "/warnings/"  # back to the roster, as before
    client.post("/locale", data={"locale": "en"})
    english = client.get("/warnings/notices/print").get_data(as_text=True)
    assert f"Academic warning notices of 2024–2025 term 2 ({issued})" in english
    # A term asked for is still printed.
    first_term = published["run"].term_id
    asked = client.get(f"/warnings/notices/print?term={first_term}").get_data(as_text=True)
    assert asked.count('class="notice-part"') == 6 and "2024–2025 term 1 (2)" in asked


def test_printing_more_notices_than_the_setting_is_a_job_that_opens_the_print(
    app, client, login, make, published, monkeypatch
):
    """Above PRINT_JOB_NOTICES the notices are prepared by a queue job, as the user who
    asked and with what they asked for (`part`); its page opens the print when done, for
    them only."""
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    login(published["counselor"])
    url = f"/warnings/notices/print?run={published['run'].id}&part=parent"
    offer = client.get(url)  # a GET offers the job; the button posts to the same address
    action = url.replace("&", "&amp;")
    assert offer.status_code == 200 and f'action="{action}"' in offer.get_data(as_text=True)
    response = client.post(url)
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    job_page = client.get(response.headers["Location"])
    assert job_page.status_code == 303 and job_page.headers["Location"].endswith("/file")
    printed = client.get(job_page.headers["Location"])
    assert printed.mimetype == "text/html"
    page = printed.get_data(as_text=True)
    assert page.count('class="notice-part"') == 2 and "甲同学" in page and "乙同学" in page
    assert "家长回执" in page and "学院存根" not in page
    login(make.user("NT9", role="counselor", scope=published["first"].school_class))
    assert client.get(job_page.headers["Location"]).status_code == 404  # not their job


def test_a_terms_notices_printed_at_once_are_a_bulk_export(
    client, login, monkeypatch, db, published
):
    """Every warned student's notice of the term on one page: the password again on a login
    that is not fresh, before anything is built, then audited with the number of notices
    (security.md checks 7 and 24)."""
    built = []
    context = notice_views.print_context
    monkeypatch.setattr(
        notice_views, "print_context", lambda *a, **k: built.append(a) or context(*a, **k)
    )
    login(published["secretary"])
    url = f"/warnings/notices/print?term={published['run'].term_id}"
    check_bulk_print(client, db, url, rows=2, what="Notice", built=built)


def test_a_print_job_of_notices_is_a_bulk_export_before_it_is_queued_and_when_opened(
    app, client, login, db, published, monkeypatch
):
    """A print too large for a request: no job is queued for a login that is not fresh, and
    its page is opened (and audited with its count) like a job's download."""
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    login(published["counselor"])
    url = f"/warnings/notices/print?run={published['run'].id}"
    stale(client)
    assert client.get(url).headers["Location"].startswith("/confirm")  # not even offered
    asked = client.post(url, headers={"Referer": f"https://localhost{url}"})
    assert asked.status_code == 303 and asked.headers["Location"].startswith("/confirm")
    assert db.session.query(ImportJob).count() == 0
    client.post(asked.headers["Location"], data={"password": TEST_PASSWORD})
    file_url = client.get(client.post(url).headers["Location"]).headers["Location"]
    stale(client)  # the job ran while the password grew old
    assert client.get(file_url).headers["Location"].startswith("/confirm")
    assert printed_exports(db) == []
    client.post(f"/confirm?next={file_url}", data={"password": TEST_PASSWORD})
    page = client.get(file_url)
    assert page.status_code == 200 and page.get_data(as_text=True).count("甲同学") >= 1
    [audited] = printed_exports(db)
    assert audited.object_type == "Notice" and audited.detail == "rows=2 file=学业警示通知书-2.html"


def test_a_print_job_takes_its_slot_of_the_limit_when_queued_and_the_41st_is_refused(
    app, client, login, db, published, monkeypatch
):
    """Probe finding 2: a print made by a queue job is a bulk export counted when it is
    queued (the job builds it), like a direct print before it is built. With a limit of 40,
    40 are queued; the 41st is refused with the limit's words and queues nothing, and the
    print is no longer even offered."""
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 40)
    login(published["secretary"])
    url = f"/warnings/notices/print?class={published['first'].class_id}"
    assert [client.post(url).status_code for _ in range(40)] == [303] * 40
    refused = client.post(url)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "已达到导出上限" in page
    assert "多名学生记录的导出和打印每10分钟最多 40 次，您已达到上限。" in page
    assert db.session.query(ImportJob).count() == 40
    assert client.get(url).status_code == 429  # the button is not offered either


def test_a_print_jobs_page_opens_on_the_slot_it_took_when_queued(
    app, client, login, db, published, monkeypatch
):
    """The queued print's page is the same export: opening it (again) takes no second slot,
    and each opening is audited with its count; a direct print is then past the limit."""
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 1)
    login(published["secretary"])
    url = f"/warnings/notices/print?class={published['first'].class_id}"
    file_url = client.get(client.post(url).headers["Location"]).headers["Location"]
    assert [client.get(file_url).status_code for _ in range(2)] == [200, 200]
    assert [e.detail for e in printed_exports(db)] == ["rows=2 file=学业警示通知书-2.html"] * 2
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 100)
    assert client.get(url).status_code == 429


def test_a_job_queued_without_a_slot_takes_one_when_its_file_is_opened(
    app, client, login, make, db, published, monkeypatch
):
    """A print queued before slots were taken at queueing: its page counts when opened."""
    from portal.core import uploads

    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 1)
    secretary = published["secretary"]
    result = dict(file=uploads.store(b"<p>1</p>"), filename="n.html", what="Notice", rows=1)
    make.job(secretary, "a" * 32, task="warnings.print_notices", status="done", result=result)
    make.job(secretary, "b" * 32, task="warnings.print_notices", status="done", result=result)
    db.session.commit()
    login(secretary)
    assert client.get(f"/jobs/{'a' * 32}/file").status_code == 200
    assert client.get(f"/jobs/{'b' * 32}/file").status_code == 429


def test_printing_notices_counts_against_the_export_limit(
    app, client, login, db, published, monkeypatch
):
    """The roster's downloads used up the limit: the notices' print is refused (429)."""
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 1)
    login(published["secretary"])
    term = published["run"].term_id
    assert client.get(f"/warnings/export?term={term}").status_code == 200
    refused = client.get(f"/warnings/notices/print?term={term}")
    assert refused.status_code == 429 and "甲同学" not in refused.get_data(as_text=True)
    assert printed_exports(db) == []


def test_one_notices_print_needs_no_fresh_password(client, login, db, published):
    notice = published["notices"][published["first"].id]
    login(published["counselor"])
    stale(client)
    page = client.get(f"/warnings/notices/{notice.id}/print")
    assert page.status_code == 200 and "甲同学" in page.get_data(as_text=True)
    assert printed_exports(db) == []


def test_a_printed_notice_leads_back_to_the_notice_on_screen(client, login, published):
    notice = published["notices"][published["first"].id]
    login(published["counselor"])
    page = client.get(f"/warnings/notices/{notice.id}/print").get_data(as_text=True)
    assert back_link(page) == (f"/warnings/notices/{notice.id}", "返回通知书")
    assert client.get(f"/warnings/notices/{notice.id}").status_code == 200  # theirs to see


def test_notices_printed_from_the_roster_lead_back_to_it_with_its_filters(
    app, client, login, published, monkeypatch
):
    """Directly, and from the queue job that prepares a larger print."""
    login(published["counselor"])
    term = published["run"].term_id
    url = f"/warnings/notices/print?term={term}&class={published['first'].class_id}&part=parent"
    roster = ("/warnings/", {"term": [str(term)], "class": [str(published["first"].class_id)]})
    href, words = back_link(client.get(url).get_data(as_text=True))
    assert path_and_query(href) == roster and words == "返回学业警示名单"
    assert client.get(href).status_code == 200
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    job_page = client.get(client.post(url).headers["Location"])
    printed = client.get(job_page.headers["Location"]).get_data(as_text=True)
    assert printed.count('class="notice-part"') == 2
    assert path_and_query(back_link(printed)[0]) == roster


def test_a_query_name_url_for_reads_itself_never_steers_the_roster_links(
    app, client, login, published, monkeypatch
):
    """`_method`, `endpoint` and `_external` in the query were passed on to url_for: the
    print and the roster answered 500, and a queued print led back to another host."""
    login(published["counselor"])
    term, class_id = published["run"].term_id, published["first"].class_id
    steering = "_method=POST&endpoint=x&_external=1&_scheme=https&_anchor=x"
    url = f"/warnings/notices/print?term={term}&class={class_id}&{steering}"
    response = client.get(url)
    assert response.status_code == 200
    href, _words = back_link(response.get_data(as_text=True))
    assert path_and_query(href) == ("/warnings/", {"term": [str(term)], "class": [str(class_id)]})
    assert href.startswith("/warnings/?")  # a path on this site, never a host
    roster = client.get(f"/warnings/?term={term}&{steering}")
    links = re.findall(r'href="([^"]*)"', roster.get_data(as_text=True))
    assert roster.status_code == 200 and not [link for link in links if "_method" in link]
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)
    job_page = client.get(client.post(url).headers["Location"])
    printed = client.get(job_page.headers["Location"]).get_data(as_text=True)
    assert back_link(printed)[0].startswith("/warnings/?")


def test_unconfirmed_after_the_colleges_days(client, login, published, db):
    from datetime import timedelta

    notice = published["notices"][published["first"].id]
    notice.created_at = notice.created_at - timedelta(days=8)
    db.session.flush()
    login(published["counselor"])
    page = client.get("/warnings/unconfirmed").get_data(as_text=True)
    assert "甲同学" in page and "乙同学" not in page


def test_a_printed_notice_is_dated_with_the_colleges_day_not_the_servers(
    client, login, published, monkeypatch
):
    """Printed between 00:00 and 08:00 in Beijing, the notice carried yesterday's date (the
    server's UTC day): it is dated with the portal's day (clock.today)."""
    from datetime import date

    from ...followup import pin_today

    pin_today(monkeypatch, date(2026, 12, 4))
    login(published["counselor"])
    page = client.get(f"/warnings/notices/print?run={published['run'].id}").get_data(as_text=True)
    assert "2026年12月4日" in page
