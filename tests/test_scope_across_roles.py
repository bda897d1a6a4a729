"""Scope across roles: a user who holds several grants acts on a student or a unit only
through the grants that carry the permission over THAT student or unit — never because the
permission is held somewhere (`can`) or a grant of another role reaches further. Each test
was written against the code that had the hole (found by a scope hunt from outside, issue
22's access work) and failed there; each docstring says the hole and what is expected."""

from __future__ import annotations

from datetime import datetime

import pytest

TALK_CANARY = "谈话内容金丝雀SH"
CONTACT_CANARY = "家长联系内容金丝雀SH"
BANK = "6222020200112233445"


@pytest.fixture
def two_colleges(make):
    """College A with class A1 (student `a`), college B with class B1 (student `b`)."""
    college_a, college_b = make.college("甲学院SH"), make.college("乙学院SH")
    class_a = make.school_class(make.major(college_a), name="甲1班SH")
    class_b = make.school_class(make.major(college_b), name="乙1班SH")
    a = make.student(class_a, name="甲同学SH")
    b = make.student(class_b, name="乙同学SH")
    return dict(
        college_a=college_a, college_b=college_b, class_a=class_a, class_b=class_b, a=a, b=b
    )


def _teacher_of_a(make, t, *, advising_b=True):
    """A course teacher of college A; by default also the class advisor of class B1, so he
    holds talks.view and parents.view, but over college B only."""
    teacher = make.user(role="teacher", scope=t["college_a"])
    if advising_b:
        make.grant(teacher, "class_advisor", t["class_b"])
    return teacher


def _counselors_talk(make, t):
    counselor = make.user(role="counselor", scope=t["class_a"])
    return make.talk(t["a"], content=TALK_CANARY, recorded_by_id=counselor.id)


# ---- talks: a course teacher never reads other staff's talk records ------------------------


def test_teacher_with_a_view_grant_elsewhere_cannot_open_another_staffs_talk_to_edit(
    client, login, make, two_colleges
):
    """`ScannedRecordPage.to_change` (portal/core/scan_views.py) lets a talk be edited
    by one who reaches its student under talks.create and reads it, and reading once asked
    `can(user, "talks.view")`: talks.view ANYWHERE. A course teacher of college A (talks.create
    over A, no talks.view there) who is also the class advisor of a class in college B
    (talks.view over B only) opens /talks/<id>/edit of a counselor's talk with a college-A
    student and reads its content in the form. Expected: 404, as /talks/<id> answers him."""
    t = two_colleges
    talk = _counselors_talk(make, t)
    login(_teacher_of_a(make, t))
    assert client.get(f"/talks/{talk.id}").status_code == 404  # he cannot read it...
    response = client.get(f"/talks/{talk.id}/edit")
    body = response.get_data(as_text=True)
    assert TALK_CANARY not in body  # ...nor through its edit form
    assert response.status_code == 404


def test_teacher_alone_cannot_open_another_staffs_talk_to_edit(client, login, make, two_colleges):
    """Control for the test above: the same teacher without the grant in college B gets 404."""
    t = two_colleges
    talk = _counselors_talk(make, t)
    login(_teacher_of_a(make, t, advising_b=False))
    assert client.get(f"/talks/{talk.id}/edit").status_code == 404


# ---- parent contacts: the same rule, `ScannedRecordPage.to_change` ------------------------


def test_teacher_with_a_view_grant_elsewhere_cannot_open_another_staffs_contact_to_edit(
    client, login, make, two_colleges
):
    """`ScannedRecordPage.to_change` (portal/core/scan_views.py) once asked
    `can(current_user, "parents.view")` (anywhere) instead of parents.view over the contact's
    student. The college-A course teacher who advises class B1 reads a counselor's parent
    contact with a college-A student through /parents/<id>/edit. Expected: 404, as
    /parents/<id> answers him."""
    t = two_colleges
    counselor = make.user(role="counselor", scope=t["class_a"])
    contact = make.contact(t["a"], content=CONTACT_CANARY, recorded_by_id=counselor.id)
    login(_teacher_of_a(make, t))
    assert client.get(f"/parents/{contact.id}").status_code == 404
    response = client.get(f"/parents/{contact.id}/edit")
    assert CONTACT_CANARY not in response.get_data(as_text=True)
    assert response.status_code == 404


def test_teacher_with_a_view_grant_elsewhere_cannot_open_another_staffs_meeting_to_edit(
    client, login, make, two_colleges, db
):
    """`edit_meeting` (portal/modules/talks/meeting_views.py) asks
    `can(current_user, "talks.view")` (anywhere) instead of talks.view over the attendees.
    The college-A course teacher who advises class B1 opens the edit form of a counselor's
    group-meeting minutes with college-A students and reads the minutes. Expected: 404, as
    /talks/meetings/<id> answers him."""
    t = two_colleges
    counselor = make.user(role="counselor", scope=t["class_a"])
    meeting = make.meeting([t["a"]], counselor, content="座谈内容金丝雀SH")
    login(_teacher_of_a(make, t))
    assert client.get(f"/talks/meetings/{meeting.id}").status_code == 404
    response = client.get(f"/talks/meetings/{meeting.id}/edit")
    assert "座谈内容金丝雀SH" not in response.get_data(as_text=True)
    assert response.status_code == 404


def test_a_meeting_the_teacher_may_not_read_answers_its_edit_as_if_it_did_not_exist(
    client, login, make, two_colleges, db
):
    """Probe finding 8: a course teacher (talks.create over the class he teaches, no
    talks.view) got 403 for /talks/meetings/<id>/edit of a counselor's minutes and 404 for
    an id that does not exist: he learned the meeting exists and that one of its attendees
    is a student he teaches. Expected: 404 for both, the edit's GET and POST, the minutes
    unchanged; his own minutes he still edits."""
    t = two_colleges
    counselor = make.user(role="counselor", scope=t["class_a"])
    meeting = make.meeting([t["a"]], counselor, content="座谈内容金丝雀SH")
    teacher = make.user(role="teacher", scope=t["class_a"])  # teaches class A1, reads no talks
    login(teacher)
    missing = client.get(f"/talks/meetings/{meeting.id + 1000}/edit")
    assert missing.status_code == 404
    response = client.get(f"/talks/meetings/{meeting.id}/edit")
    assert response.status_code == 404
    same = missing.get_data(as_text=True).replace(f"/{meeting.id + 1000}/", f"/{meeting.id}/")
    assert response.get_data(as_text=True) == same  # the same page: nothing told apart
    posted = {
        "held_on": "2026-09-01",
        "held_time": "15:00",
        "organiser": "教师",
        "talker_role": "teacher",
        "content": "教师改写",
    }
    assert client.post(f"/talks/meetings/{meeting.id}/edit", data=posted).status_code == 404
    db.session.expire_all()
    assert db.session.get(type(meeting), meeting.id).content == "座谈内容金丝雀SH"
    own = make.meeting([t["a"]], teacher, talker_role="teacher", content="教师的座谈")
    assert "教师的座谈" in client.get(f"/talks/meetings/{own.id}/edit").get_data(as_text=True)


def test_teacher_with_a_view_grant_elsewhere_cannot_attach_to_or_read_another_staffs_talk(
    client, login, make, two_colleges, db
):
    """`ScannedRecordPage.attach` (portal/core/scan_views.py) lets one who "cannot read
    such records" attach only when `can(current_user, read_permission)`: talks.view anywhere.
    The college-A teacher who advises class B1 posts a refused file to a counselor's talk with
    a college-A student and gets the talk page back (422) with its content; a valid scan
    would be stored. Expected: 404 and no content."""
    import io

    t = two_colleges
    talk = _counselors_talk(make, t)
    login(_teacher_of_a(make, t))
    response = client.post(
        f"/talks/{talk.id}/attachments",
        data={"file": (io.BytesIO(b"not a scan"), "x.txt", "text/plain")},
        content_type="multipart/form-data",
    )
    assert TALK_CANARY not in response.get_data(as_text=True)
    assert response.status_code == 404


# ---- peer help: the stipend bank account -----------------------------------------------------


def test_bank_account_is_shown_only_to_who_holds_payments_over_the_volunteer(
    client, login, make, two_colleges
):
    """`volunteer()` (portal/modules/peer_help/staff_views.py) reveals the full bank
    account when `can(current_user, "peer_help.payments")`: the paying role ANYWHERE. A
    counselor of class A1 (peer_help.staff over a college-A volunteer) who is also the
    teaching secretary of college B (peer_help.payments over B only) opens ?bank=1 on the
    college-A volunteer and reads the whole account. Expected: only the masked account, as
    for the counselor alone (the secretary of college A pays college A's volunteers)."""
    t = two_colleges
    volunteer = make.volunteer(t["a"], bank_name="工商银行", bank_account=BANK)
    counselor = make.user(role="counselor", scope=t["class_a"])
    make.grant(counselor, "secretary", t["college_b"])
    login(counselor)
    response = client.get(f"/peer-help/volunteers/{volunteer.id}?bank=1")
    assert response.status_code == 200
    assert BANK not in response.get_data(as_text=True)


def test_bank_account_control_the_colleges_own_secretary_sees_it(client, login, make, two_colleges):
    """Control: the secretary of college A does see the account (so the test above looks at
    the right page)."""
    t = two_colleges
    volunteer = make.volunteer(t["a"], bank_name="工商银行", bank_account=BANK)
    secretary = make.user(role="secretary", scope=t["college_a"])
    login(secretary)
    response = client.get(f"/peer-help/volunteers/{volunteer.id}?bank=1")
    assert BANK in response.get_data(as_text=True)


# ---- warnings: draft rosters ----------------------------------------------------------------


def _draft_roster(make, student, college):
    """A computed, unpublished (draft) roster of `college` warning `student`."""
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run

    term = make.term("2024-2025-1")
    make.grade(student, term, "A", 4, 20)
    make.grade(student, term, "B", 10, 90)
    run = compute_run(term, rulesets.load("anshan"), college_id=college.id)
    assert run.status == "draft"
    return term, run


def test_a_draft_roster_stays_hidden_from_a_counselor_who_is_secretary_elsewhere(
    client, login, make, two_colleges
):
    """`roster.sees_drafts()` (portal/modules/warnings/roster.py) is
    `can(warnings.manage) or can(warnings.approve)`: anywhere. It decides for the whole roster
    (current_runs, terms_with_runs) whether unpublished runs count. A counselor of class A1 who
    is also the secretary of college B therefore sees college A's DRAFT roster (not computed
    by him, not approved by A's leaders) for his college-A students. Expected: as for the
    counselor alone, only published rosters of college A reach him (workflows.md: "Leaders
    approve; the roster is published to those who need it")."""
    t = two_colleges
    term, _run = _draft_roster(make, t["a"], t["college_a"])
    alone = make.user(role="counselor", scope=t["class_a"])
    login(alone)
    page = client.get(f"/warnings/?term={term.id}", follow_redirects=True).get_data(as_text=True)
    assert "甲同学SH" not in page  # control: the draft is hidden from the counselor
    counselor = make.user(role="counselor", scope=t["class_a"])
    make.grant(counselor, "secretary", t["college_b"])
    login(counselor)
    page = client.get(f"/warnings/?term={term.id}", follow_redirects=True).get_data(as_text=True)
    assert "甲同学SH" not in page


def test_a_draft_roster_stays_hidden_from_a_course_teacher_who_leads_another_college(
    client, login, make, two_colleges
):
    """The same `sees_drafts()` feeds the course teacher's name-and-level page
    (/warnings/levels, `roster.base_query(filters, "warnings.levels")`): a teacher of college
    A who is a leader of college B sees who is on college A's unapproved draft. Expected:
    only published rosters, as for the teacher alone."""
    t = two_colleges
    term, _run = _draft_roster(make, t["a"], t["college_a"])
    alone = make.user(role="teacher", scope=t["college_a"])
    login(alone)
    assert "甲同学SH" not in client.get(f"/warnings/levels?term={term.id}").get_data(as_text=True)
    teacher = make.user(role="teacher", scope=t["college_a"])
    make.grant(teacher, "leader", t["college_b"])
    login(teacher)
    assert "甲同学SH" not in client.get(f"/warnings/levels?term={term.id}").get_data(as_text=True)


# ---- review: the leaders' text and setting are written for a college chosen by another role --


def _published_roster(make, student, college, term_code="2024-2025-1"):
    from portal.modules.warnings.lifecycle import transition

    term, run = _draft_roster(make, student, college)
    transition(run, "submit", user_id=make.user(role="secretary", scope=college).id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    return term, run


def test_a_leader_of_one_college_cannot_write_another_colleges_review(client, login, make, db):
    """`save_report` and `save_setting` (portal/modules/review/views.py) require
    review.write, but the college they write for is `build_page().college_id`
    (portal/modules/review/page.py): the first college of
    `colleges_in_scope("review.view")`, i.e. chosen from grants of ANY role carrying
    review.view. The leader of college B who is also a counselor in college A (A sorts first)
    saves the effectiveness review's text and the conversion-rate numerator of college A.
    Expected: a leader writes only his own college's review (college B here), never A's."""
    from portal.modules.review.models import Report, Setting

    college_a, college_b = make.college("A学院SH"), make.college("B学院SH")
    class_a = make.school_class(make.major(college_a))
    student = make.student(class_a, name="评估同学SH")
    term, _run = _published_roster(make, student, college_a)
    leader = make.user(role="leader", scope=college_b)
    make.grant(leader, "counselor", class_a)
    login(leader)
    client.post(f"/review/setting?term={term.id}", data={"count_eased": "1"})
    client.post(
        f"/review/report?term={term.id}",
        data={"worked": "乙院领导写的甲院总结SH", "not_worked": "", "changes": ""},
    )
    setting_a = db.session.get(Setting, college_a.id)
    written = {
        "setting of A": bool(setting_a and setting_a.count_eased),
        "report of A": db.session.query(Report).filter_by(college_id=college_a.id).count() > 0,
    }
    assert written == {"setting of A": False, "report of A": False}


# ---- binder: a shared meeting's attendance names students out of scope ---------------------


def test_class_binder_does_not_name_another_colleges_students_at_a_shared_meeting(
    client, login, make, two_colleges, db
):
    """The meeting page lists only the attendees in the reader's scope
    (talks/meeting.html: `if in_scope_of(a.student, 'talks.view')`), but the class binder
    (portal/modules/talks/binder.py and 90-103, talks/_meeting_sheet.html) prints
    EVERY attendee of a meeting one of the class's students attended. A counselor of class B1
    printing or exporting B1's binder reads the names of college-A students at that warned
    students' meeting (and so learns they are warned). Expected: only B1's (in-scope) students
    are named, as on the meeting page."""
    t = two_colleges
    organiser = make.user(role="counselor")  # school-wide
    make.term("2026-2027-1")
    held = datetime(2026, 9, 15, 15)
    meeting = make.meeting([t["a"], t["b"]], organiser, held_at=held, organiser="校级辅导员")
    counselor_b = make.user(role="counselor", scope=t["class_b"])
    login(counselor_b)
    page = client.get(f"/talks/meetings/{meeting.id}").get_data(as_text=True)
    assert "乙同学SH" in page and "甲同学SH" not in page  # the meeting page filters
    printed = client.get(f"/binder/{t['class_b'].id}/2026-2027-1")
    assert printed.status_code == 200
    body = printed.get_data(as_text=True)
    assert "乙同学SH" in body
    assert "甲同学SH" not in body


# ---- warnings: a secretary granted over one major acts on the whole college ------------------


@pytest.fixture
def two_majors(make):
    college = make.college("丙学院SH")
    major_1, major_2 = make.major(college, "一专业SH"), make.major(college, "二专业SH")
    x = make.student(make.school_class(major_1), name="一专业同学SH")
    y = make.student(make.school_class(major_2), name="二专业同学SH")
    return dict(college=college, major_1=major_1, major_2=major_2, x=x, y=y)


def test_a_major_secretary_does_not_read_the_other_majors_names_on_a_college_run(
    client, login, make, two_majors
):
    """`_run_in_scope` (portal/modules/warnings/views.py) opens a run whose college is
    in `colleges_in_scope("warnings.manage")`, and `Reach.college_condition` puts a major's
    college there; the run page (`explain.run_changes`, warnings/run.html) then lists every
    changed student of the run, unfiltered. A teaching secretary granted over major 1 only
    reads the names (and levels) of major 2's students on the college's draft run. Expected:
    the run's page shows only the students the reader reaches (or answers 404)."""
    from portal.modules.warnings import rulesets
    from portal.modules.warnings.compute import compute_run

    m = two_majors
    term = make.term("2024-2025-1")
    for s in (m["x"], m["y"]):
        make.grade(s, term, "A", 4, 20)
        make.grade(s, term, "B", 10, 90)
    run = compute_run(term, rulesets.load("anshan"), college_id=m["college"].id)
    secretary = make.user(role="secretary", scope=m["major_1"])
    login(secretary)
    response = client.get(f"/warnings/runs/{run.id}")
    assert response.status_code in (403, 404)
    assert "二专业同学SH" not in response.get_data(as_text=True)


def test_a_major_secretary_cannot_compute_a_run_over_the_whole_college(
    client, login, make, two_majors, db
):
    """`_compute_form` (portal/modules/warnings/views.py) offers, and the server
    takes, `roster.units_in_scope("warnings.manage")["colleges"]`: every college with a
    student in scope. A secretary granted over major 1 therefore computes a roster over the
    whole college (major 2 included), which he can then submit for approval. Expected: the
    college is not offered to him and a posted college id is refused (no run is written)."""
    from portal.modules.warnings.models import Run

    m = two_majors
    term = make.term("2024-2025-1")
    for s in (m["x"], m["y"]):
        make.grade(s, term, "A", 4, 20)
        make.grade(s, term, "B", 10, 90)
    secretary = make.user(role="secretary", scope=m["major_1"])
    login(secretary)
    client.post(
        "/warnings/compute",
        data={"term": str(term.id), "college": str(m["college"].id), "ruleset": ""},
    )
    runs = db.session.query(Run).filter_by(college_id=m["college"].id).all()
    assert runs == []


# ---- imports: a one-college grades file rewrites the school's term dates ---------------------


def test_a_one_college_grades_file_does_not_move_the_schools_term_start(app, make, db, tmp_path):
    """`term_dates.store` (portal/core/term_dates.py), called from the grades import's
    `write` (portal/core/grades_import.py), writes the file's 开学日期 onto the shared
    `Term` row whoever uploads it. A term's dates are school-wide (entering them is
    `admin.terms`, the administrator's alone) and every college's roster deadlines count
    from them, yet a teaching secretary of ONE college, importing grades of his own students
    only, moves the whole school's term start. Expected: an upload scoped to one college does
    not change the school's term dates (the column is refused or ignored for it)."""
    from datetime import date

    from portal.core.importing import run_import

    from .xlsx_files import GRADES_HEADER, grade_row, write_xlsx

    college = make.college("丁学院SH")
    student = make.student(
        make.school_class(make.major(college)), student_no="2023990001", name="丁同学SH"
    )
    term = make.term("2024-2025-1")
    term.start_date = date(2024, 9, 2)  # as the administrator entered it
    db.session.flush()
    secretary = make.user(role="secretary", scope=college)
    path = write_xlsx(
        tmp_path / "grades.xlsx",
        [[*GRADES_HEADER, "开学日期"], [*grade_row(student.student_no), "2024-10-28"]],
    )
    with app.test_request_context():
        outcome = run_import("grades", path, filename=path.name, user=secretary)
    db.session.refresh(term)
    assert outcome.errors or term.start_date == date(2024, 9, 2)


def test_a_one_college_grades_file_fills_a_term_start_not_yet_known(app, make, db, tmp_path):
    """The other half of the rule above: with no date entered yet, the file's start is kept
    (the college's deadlines need one), and a school-wide upload moves it."""
    from datetime import date

    from portal.core.importing import run_import

    from .xlsx_files import GRADES_HEADER, grade_row, write_xlsx

    college = make.college("戊学院SH")
    student = make.student(
        make.school_class(make.major(college)), student_no="2023990002", name="戊同学SH"
    )
    term = make.term("2024-2025-1")
    path = write_xlsx(
        tmp_path / "grades.xlsx",
        [[*GRADES_HEADER, "开学日期"], [*grade_row(student.student_no), "2024-09-02"]],
    )
    with app.test_request_context():
        run_import(
            "grades", path, filename=path.name, user=make.user(role="secretary", scope=college)
        )
    db.session.refresh(term)
    assert term.start_date == date(2024, 9, 2)
    moved = write_xlsx(
        tmp_path / "moved.xlsx",
        [[*GRADES_HEADER, "开学日期"], [*grade_row(student.student_no), "2024-09-09"]],
    )
    with app.test_request_context():
        run_import("grades", moved, filename=moved.name, user=make.user(role="secretary"))
    db.session.refresh(term)
    assert term.start_date == date(2024, 9, 9)


@pytest.mark.parametrize(
    "role, url",
    [
        ("secretary", "/plans/settings"),
        ("secretary", "/warnings/settings"),
        ("secretary", "/cadence/policies"),
        ("secretary", "/peer-help/settings"),
    ],
)
def test_a_grant_over_one_major_does_not_set_its_colleges_settings(
    client, login, make, two_majors, role, url
):
    """A college's settings (who reviews plans, notice settings, talk cadence, the peer-help
    rules) are set for the whole college: a secretary granted over one major is not
    offered the college, and its own setting pages answer 404 (before, a major's grant
    reached its college's settings)."""
    college = two_majors["college"]
    login(make.user(role=role, scope=two_majors["major_1"]))
    page = client.get(url)
    assert college.name not in page.get_data(as_text=True), url
    # Control: the college's own secretary is offered it.
    login(make.user(role=role, scope=college))
    assert college.name in client.get(url).get_data(as_text=True), url


def test_a_grant_over_one_major_cannot_post_its_colleges_settings(client, login, make, two_majors):
    college = two_majors["college"]
    login(make.user(role="secretary", scope=two_majors["major_1"]))
    assert client.get(f"/warnings/settings/{college.id}").status_code == 404
    assert client.get(f"/cadence/policies/{college.id}").status_code == 404
    assert client.post(f"/plans/settings/{college.id}", data={}).status_code == 404
