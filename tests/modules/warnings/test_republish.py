"""Re-publishing a term's roster: a student whose warning it states unchanged keeps the
notice they hold — confirmation, objection and answer, parent copy — and is not told again;
a student whose warning changed gets a new notice and is told."""

import copy
import re
from datetime import datetime, timedelta

import pytest

from portal.core.models import AuditEvent, GradeRecord, Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Notice, Warning

from ...migration_step import migration, run_step

TERM = "2024-2025-1"
YELLOW = [("A", 1, 20, "regular"), ("B", 19, 95, "regular")]  # 1 of 20 credits failed
MORE_FAILED = [("C", 4, 30, "regular")]  # 5 of 24 failed: orange


class Term:
    """A college's term: three warned students who each did something with their notice."""

    def __init__(self, make, grades, db, client, login):
        self.make, self.grades, self.db, self.client, self.login = make, grades, db, client, login
        self.college = make.college("重发学院")
        self.school_class = make.school_class(make.major(self.college), "重发1班")
        names = {"confirmed": "确认同学", "upheld": "维持同学", "pending": "未确认同学"}
        self.students = {k: make.student(self.school_class, name=n) for k, n in names.items()}
        for student in self.students.values():
            grades(student, TERM, YELLOW)
        self.users = {k: make.student_user(s) for k, s in self.students.items()}
        self.secretary = make.user("RP1", role="secretary", scope=self.college)
        self.leader = make.user("RP2", role="leader", scope=self.college)
        self.counselor = make.user("RP3", role="counselor", scope=self.school_class)

    def compute(self):
        return compute_run(
            make_term(self.make), rulesets.load("anshan"), college_id=self.college.id
        )

    def publish(self, run=None):
        """Compute (unless given the run), submit and approve through the pages."""
        run = run or self.compute()
        self.login(self.secretary)
        assert self.client.post(f"/warnings/runs/{run.id}/submit").status_code == 303
        self.login(self.leader)
        approve = self.client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
        assert approve.status_code == 303 and run.status == "published"
        return run

    def notice(self, key, run) -> Notice:
        student = self.students[key]
        return self.db.session.query(Notice).filter_by(run_id=run.id, student_id=student.id).one()

    def act_on_notices(self, run):
        """confirmed confirms; upheld objects and is answered; pending's parent copy goes out
        and the college's days to confirm pass."""
        self.login(self.users["confirmed"])
        self.client.post(f"/warnings/notices/{self.notice('confirmed', run).id}/confirm")
        upheld = self.notice("upheld", run)
        self.login(self.users["upheld"])
        self.client.post(f"/warnings/notices/{upheld.id}/object", data={"reason": "补考未录入"})
        self.login(self.secretary)
        self.client.post(
            f"/warnings/notices/{upheld.id}/answer",
            data={"decision": "uphold", "answer": "已核对，成绩无误"},
        )
        pending = self.notice("pending", run)
        pending.created_at -= timedelta(days=8)
        self.db.session.flush()
        # The parent copy went out the day after the notice (its UTC day: Beijing's or the day
        # before), a week ago.
        self.login(self.counselor)
        self.sent = pending.created_at.date() + timedelta(days=1)
        recorded = self.client.post(
            f"/warnings/notices/{pending.id}/parent",
            data={"method": "registered_letter", "reference": "XA1CN", "sent_on": str(self.sent)},
        )
        assert recorded.status_code == 303

    def withdrawn(self, key) -> Notice:
        """The student objects to the first roster's notice and the secretary withdraws it."""
        notice = self.notice(key, self.first)
        self.login(self.users[key])
        self.client.post(f"/warnings/notices/{notice.id}/object", data={"reason": "成绩有误"})
        self.login(self.secretary)
        self.client.post(
            f"/warnings/notices/{notice.id}/answer", data={"decision": "withdraw", "answer": "撤销"}
        )
        return notice

    def told(self, key) -> int:
        user = self.users[key]
        return self.db.session.query(Notification).filter_by(user_id=user.id).count()

    def page(self, who, url) -> str:
        self.login(who)
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)


def make_term(make):
    return make.term(TERM)


@pytest.fixture
def term(make, grades, db, client, login):
    term = Term(make, grades, db, client, login)
    first = term.publish()
    term.act_on_notices(first)
    term.first = first
    return term


def _snapshot(notice: Notice) -> tuple:
    return (
        notice.id,
        notice.state,
        notice.created_at,
        notice.confirmed_at,
        notice.objection,
        notice.answer,
        notice.parent_method,
        notice.parent_sent_on,
    )


def _row(page: str, name: str) -> str:
    """The roster's row of the student named."""
    return next(row for row in page.split("<tr") if name in row)


def test_republishing_an_unchanged_roster_keeps_each_notice_as_it_stands(term, db):
    before = {k: _snapshot(term.notice(k, term.first)) for k in term.students}
    told = {k: term.told(k) for k in term.students}
    second = term.publish()
    db.session.expire_all()
    after = {k: _snapshot(term.notice(k, second)) for k in term.students}
    assert after == before
    assert [s[1] for s in after.values()] == ["confirmed", "upheld", "pending"]
    assert after["upheld"][5] == "已核对，成绩无误" and after["pending"][7] == term.sent
    assert db.session.query(Notice).count() == 3  # no second notice for anyone
    assert {k: term.told(k) for k in term.students} == told  # nobody is told again
    kept = db.session.query(AuditEvent).filter_by(action="notice_kept").all()
    assert sorted(int(e.object_id) for e in kept) == sorted(b[0] for b in before.values())
    assert {e.detail for e in kept} == {f"run={term.first.id} -> run={second.id}"}


def test_after_republishing_every_page_reads_the_kept_notices(term, db):
    notices = {k: term.notice(k, term.first).id for k in term.students}
    term.publish()
    confirmed = term.students["confirmed"]
    home = term.page(term.users["confirmed"], "/")
    assert "阅读并确认2024-2025学年第1学期的通知书" not in home
    why = term.page(term.users["confirmed"], f"/warnings/students/{confirmed.id}")
    assert "学生已确认" in why and "待学生确认" not in why
    home = term.page(term.users["upheld"], "/")
    assert set(re.findall(r"/warnings/notices/(\d+)", home)) == {str(notices["upheld"])}
    roster = term.page(term.secretary, "/warnings/")
    assert "异议已答复，维持警示" in _row(roster, "维持同学")
    assert "学生已确认" in _row(roster, "确认同学")
    unconfirmed = term.page(term.counselor, "/warnings/unconfirmed")
    assert unconfirmed.count("未确认同学") == 1 and f"/notices/{notices['pending']}" in unconfirmed
    assert "确认同学</" not in unconfirmed.replace("未确认同学", "")
    sent = term.page(term.counselor, "/warnings/?receipt=sent")
    assert "未确认同学" in sent and "维持同学" not in sent
    term_id = term.first.term_id
    printed = term.page(term.counselor, f"/warnings/notices/print?term={term_id}&part=parent")
    assert printed.count('class="notice-part"') == 3  # the kept notices, once each


def test_a_student_whose_warning_rose_gets_a_new_notice_and_is_told(term, db):
    term.grades(term.students["confirmed"], TERM, MORE_FAILED)
    told = {k: term.told(k) for k in term.students}
    kept = {k: term.notice(k, term.first).id for k in ("upheld", "pending")}
    old = term.notice("confirmed", term.first)
    second = term.publish()
    db.session.expire_all()
    new = term.notice("confirmed", second)
    assert new.id != old.id and new.state == "pending"
    assert old.state == "confirmed" and old.run_id == term.first.id  # what was confirmed, kept
    assert {k: term.notice(k, second).id for k in kept} == kept
    assert term.told("confirmed") == told["confirmed"] + 1
    assert term.told("upheld") == told["upheld"] and term.told("pending") == told["pending"]
    home = term.page(term.users["confirmed"], "/")
    assert (
        "阅读并确认2024-2025学年第1学期的通知书" in home and f"/warnings/notices/{new.id}" in home
    )


def test_a_notice_a_new_one_replaced_is_no_longer_chased(term, db):
    term.grades(term.students["pending"], TERM, MORE_FAILED)
    term.publish()
    unconfirmed = term.page(term.counselor, "/warnings/unconfirmed")
    assert "未确认同学" not in unconfirmed  # the new notice's days have only begun


def test_compared_with_the_published_notice_not_with_the_last_draft(term, db):
    """A draft escalated the student and was never published; the next computation is the
    "same" as that draft, yet it states another level than the notice the student holds."""
    term.grades(term.students["confirmed"], TERM, MORE_FAILED)
    term.compute()  # a draft, left as it is
    second = term.compute()
    changes = db.session.query(Warning.change).filter_by(
        run_id=second.id, student_id=term.students["confirmed"].id
    )
    assert [c for (c,) in changes] == ["same"]
    term.publish(second)
    assert term.notice("confirmed", second).state == "pending"
    assert term.notice("upheld", second).state == "upheld"


def test_a_level_whose_words_changed_is_a_new_notice(term, db):
    """The ruleset says other consequences for the same level: the notice reads otherwise."""
    second = term.compute()
    snapshot = copy.deepcopy(second.ruleset_snapshot)
    snapshot["categories"][0]["levels"][0]["consequences"] = {"zh": "新的后果", "en": "New"}
    second.ruleset_snapshot = snapshot
    db.session.flush()
    term.publish(second)
    db.session.expire_all()
    assert {term.notice(k, second).state for k in term.students} == {"pending"}
    assert term.notice("confirmed", term.first).state == "confirmed"


def _republished(liaoning, make):
    """The liaoning college's term computed again, submitted and approved."""
    from portal.modules.warnings.lifecycle import transition

    college = liaoning["college"]
    run = compute_run(make.term("2024-2025-2"), rulesets.load("liaoning"), college_id=college.id)
    transition(run, "submit", user_id=liaoning["secretary"].id)
    transition(run, "approve", user_id=make.user(role="leader", scope=college).id)
    return run


def test_each_of_a_students_two_notices_is_kept_on_its_own(liaoning, make, db):
    """USTL's two notices (降级/退学 and 学位): each compared with what it states."""

    first = liaoning["run"]
    held = {n.kind: n.id for n in db.session.query(Notice).filter_by(run_id=first.id)}
    assert set(held) == {"standing", "degree"}
    told = db.session.query(Notification).filter_by(user_id=liaoning["user"].id).count()
    second = _republished(liaoning, make)
    db.session.flush()
    kept = {n.kind: n.id for n in db.session.query(Notice).filter_by(run_id=second.id)}
    assert kept == held and db.session.query(Notice).count() == 2
    assert db.session.query(Notification).filter_by(user_id=liaoning["user"].id).count() == told


def test_a_colleges_roster_after_one_over_all_students_keeps_its_notices(term, make, db):
    """The roster that listed the college's students until now was the one over the whole
    school: its notices are the ones compared, and kept, and kept again the next time."""
    from portal.modules.warnings.lifecycle import transition

    def publish(college_id):
        run = compute_run(make_term(make), rulesets.load("anshan"), college_id=college_id)
        transition(run, "submit", user_id=term.secretary.id)
        transition(run, "approve", user_id=term.leader.id)
        db.session.flush()
        return run

    school = publish(None)
    held = {n.student_id: n.id for n in db.session.query(Notice).filter_by(run_id=school.id)}
    assert len(held) == 3  # the school's roster came after the college's first one: kept too
    college = publish(term.college.id)
    assert {
        n.student_id: n.id for n in db.session.query(Notice).filter_by(run_id=college.id)
    } == held
    again = publish(None)
    assert {n.student_id: n.id for n in db.session.query(Notice).filter_by(run_id=again.id)} == held
    assert db.session.query(Notice).count() == 3


def test_a_notice_whose_reasons_changed_is_new_but_new_values_keep_it(term, db):
    """The notice prints each reason with its threshold: a college that lowered a threshold
    tells the student anew; figures a make-up exam moved (the values) do not."""
    second = term.compute()
    for warning in db.session.query(Warning).filter_by(run_id=second.id):
        fired = copy.deepcopy(warning.fired)
        if warning.student_id == term.students["confirmed"].id:
            fired[0]["threshold"] = 0.01  # the reason now reads another threshold
        else:
            fired[0]["value"] = 0.5  # the same reason, another figure
        warning.fired = fired
    db.session.flush()
    told = term.told("confirmed")
    term.publish(second)
    db.session.expire_all()
    assert term.notice("confirmed", second).state == "pending"
    assert term.told("confirmed") == told + 1
    assert term.notice("upheld", second).state == "upheld"


def test_a_student_warned_again_after_a_withdrawn_objection_gets_a_new_notice(term, db):
    """Withdrawn after an objection, then warned again by the next computation: a new notice
    to confirm, never the withdrawn one carried over."""
    withdrawn = term.withdrawn("pending")
    told = term.told("pending")
    second = term.publish()
    db.session.expire_all()
    again = term.notice("pending", second)
    assert again.id != withdrawn.id and again.state == "pending" and again.answer is None
    assert term.told("pending") == told + 1
    assert db.session.get(Notice, withdrawn.id).state == "withdrawn"


def test_a_student_added_back_after_a_withdrawn_objection_is_issued_a_notice_afresh(term, db):
    """An accepted proposal puts the student back on the roster whose notice was withdrawn:
    the notice is issued again to confirm, not left reading "withdrawn"."""
    from portal.modules.warnings.notices import notice_for_added

    term.withdrawn("pending")
    again = notice_for_added(term.first, term.students["pending"].id, "academic")
    assert again.state == "pending" and again.objection is None and again.answer is None
    assert again.parent_sent_on is None  # the parent copy of the new warning is still to send


def test_a_student_the_new_roster_no_longer_warns_is_no_longer_chased(term, db):
    """Passed the make-up exam: not on the re-published roster, so their old notice is not
    on the unconfirmed list (the counselor would chase a student no longer warned), and
    their objection waiting for an answer leaves the objections list."""
    term.grades(term.students["pending"], TERM, [("A", 1, 80, "makeup")])
    waiting = term.notice("confirmed", term.first)
    term.login(term.users["confirmed"])
    db.session.query(Notice).filter_by(id=waiting.id).update({"state": "pending"})
    term.client.post(f"/warnings/notices/{waiting.id}/object", data={"reason": "成绩有误"})
    term.grades(term.students["confirmed"], TERM, [("A", 1, 80, "makeup")])
    assert "未确认同学" in term.page(term.counselor, "/warnings/unconfirmed")
    assert "确认同学" in term.page(term.secretary, "/warnings/objections")
    second = term.publish()
    assert (
        not db.session.query(Warning)
        .filter_by(run_id=second.id, student_id=term.students["pending"].id)
        .count()
    )
    assert "未确认同学" not in term.page(term.counselor, "/warnings/unconfirmed")
    objections = term.page(term.secretary, "/warnings/objections")
    waiting_rows = objections[: objections.index("近期已答复")]
    assert "确认同学" not in waiting_rows


def test_an_older_roster_is_not_published_over_a_newer_one(term, db):
    """Computed and submitted first, approved after a newer one was published: it would give
    the students notices no page follows, and tell them again."""
    older = term.compute()
    term.login(term.secretary)
    term.client.post(f"/warnings/runs/{older.id}/submit")
    newer = term.publish()
    told = {k: term.told(k) for k in term.students}
    term.login(term.leader)
    refused = term.client.post(
        f"/warnings/runs/{older.id}/approve", data={"confirm": "1"}, follow_redirects=True
    )
    assert "本学期已有更新的名单" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert older.status == "submitted" and newer.status == "published"
    assert not db.session.query(Notice).filter_by(run_id=older.id).count()
    assert {k: term.told(k) for k in term.students} == told


def test_each_notice_issued_at_publication_is_in_the_audit_trail_once(term, db):
    """Issued: audited, one row a notice; kept: audited as kept, not issued again."""

    def issued() -> dict[int, int]:
        rows = db.session.query(AuditEvent.object_id).filter_by(action="notice_issued")
        found: dict[int, int] = {}
        for (object_id,) in rows:
            found[int(object_id)] = found.get(int(object_id), 0) + 1
        return found

    first = {term.notice(k, term.first).id for k in term.students}
    assert issued() == dict.fromkeys(first, 1)
    term.grades(term.students["confirmed"], TERM, MORE_FAILED)
    second = term.publish()
    db.session.expire_all()
    new = term.notice("confirmed", second).id
    assert issued() == dict.fromkeys(first | {new}, 1)


DROPPED_ZH = "2024-2025学年第1学期的名单经更正后已不再列入你，你该学期的学业警示已撤销。"
DROPPED_EN = (
    "The corrected roster of 2024–2025 term 1 no longer lists you: "
    "your academic warning for that term is withdrawn."
)
NEXT_STEP = "下一步怎么做，请和你的"


def _passes_makeup(term, key):
    term.grades(term.students[key], TERM, [("A", 1, 80, "makeup")])


def test_a_student_the_corrected_roster_no_longer_warns_is_told_once(term, db, client):
    """Passed the make-up exam: the re-published roster no longer lists them. They are told,
    once, in the words of whoever reads it (zh, en), with a link to their warnings page; the
    students it keeps warned are not told again."""
    _passes_makeup(term, "pending")
    told = {k: term.told(k) for k in term.students}
    term.publish()
    assert term.told("pending") == told["pending"] + 1
    assert {k: term.told(k) for k in ("confirmed", "upheld")} == {
        k: told[k] for k in ("confirmed", "upheld")
    }
    latest = (
        db.session.query(Notification)
        .filter_by(user_id=term.users["pending"].id)
        .order_by(Notification.id.desc())
        .first()
    )
    assert latest.link == "/warnings/"
    listing = term.page(term.users["pending"], "/notifications/")
    assert DROPPED_ZH in listing
    client.post("/locale", data={"locale": "en", "next": "/"})
    assert DROPPED_EN in client.get("/notifications/").get_data(as_text=True)
    client.post("/locale", data={"locale": "zh_CN", "next": "/"})
    term.publish()  # again, still not warned: nothing more to tell
    assert term.told("pending") == told["pending"] + 1


def test_the_notice_of_a_student_no_longer_warned_is_withdrawn_and_audited(term, db):
    """Their notice no longer asks to be confirmed (nor objected to, nor answered): it reads
    withdrawn, the roster that withdrew it in the audit trail; confirmed and objected ones
    too. A student the roster keeps warned keeps theirs as it stands."""
    for key in ("pending", "confirmed"):
        _passes_makeup(term, key)
    notices = {k: term.notice(k, term.first).id for k in term.students}
    second = term.publish()
    db.session.expire_all()
    states = {k: db.session.get(Notice, n).state for k, n in notices.items()}
    assert states == {"pending": "dropped", "confirmed": "dropped", "upheld": "upheld"}
    assert db.session.get(Notice, notices["confirmed"]).confirmed_at is not None  # the record
    dropped = db.session.query(AuditEvent).filter_by(action="notice_dropped").all()
    assert sorted(int(e.object_id) for e in dropped) == sorted(
        notices[k] for k in ("pending", "confirmed")
    )
    assert {e.detail for e in dropped} == {f"run={second.id}"}
    page = term.page(term.users["pending"], f"/warnings/notices/{notices['pending']}")
    assert "已撤销：更正后的名单不再列入" in page
    assert "我已阅读本通知书（确认）" not in page and "提出异议" not in page
    assert "按更正后的成绩，你2024-2025学年第1学期已不在学业警示之列" in page  # above what it said


def test_an_objection_waiting_when_the_roster_drops_the_student_is_not_answered(term, db):
    """The student objected, then passed the make-up exam: nothing is left to answer — the
    objection leaves the secretary's waiting list and the notice's answer form, and stands
    among the answered as settled by the corrected roster, so the secretary who saw it
    waiting sees what became of it; the student reads that it needs no answer."""
    waiting = term.notice("confirmed", term.first)
    db.session.query(Notice).filter_by(id=waiting.id).update({"state": "pending"})
    term.login(term.users["confirmed"])
    term.client.post(f"/warnings/notices/{waiting.id}/object", data={"reason": "补考已通过"})
    _passes_makeup(term, "confirmed")
    term.publish()
    db.session.expire_all()
    assert db.session.get(Notice, waiting.id).state == "dropped"
    page = term.page(term.secretary, f"/warnings/notices/{waiting.id}")
    assert 'id="answer-form"' not in page
    assert SETTLED_ZH in page and "更正后的名单发布时" in page
    waiting_list, answered = term.page(term.secretary, "/warnings/objections").split("近期已答复")
    assert "补考已通过" not in waiting_list
    assert SETTLED_ZH in _row(answered, "补考已通过")
    own = term.page(term.users["confirmed"], f"/warnings/notices/{waiting.id}")
    assert "你的异议已无需答复" in own and "你的异议已得到答复：维持警示" not in own
    home = term.page(term.users["confirmed"], "/")
    assert "你的异议已于" not in home


SETTLED_ZH = "已了结：更正后的名单不再列入该生"


def test_no_list_chases_a_notice_the_corrected_roster_withdrew(term, db, app):
    """Unconfirmed, objections, parent receipts, the student's own card, the counselor's
    talks due: none asks anything more of the student for that term's warning."""
    from portal.core.cadence_policies import apply_preset

    with app.test_request_context():
        apply_preset(term.college, "anshan")  # the talks the college's policy asks for
    due_before = term.page(term.counselor, "/talks/due")
    assert "未确认同学" in due_before
    _passes_makeup(term, "pending")
    notice = term.notice("pending", term.first)
    term.publish()
    assert "未确认同学" not in term.page(term.counselor, "/warnings/unconfirmed")
    assert "未确认同学" not in term.page(term.counselor, "/warnings/?receipt=sent")
    assert "未确认同学" not in term.page(term.counselor, "/talks/due")
    home = term.page(term.users["pending"], "/")
    assert f"/warnings/notices/{notice.id}" not in home and "阅读并确认" not in home


def test_the_warnings_page_of_a_student_no_longer_warned_says_so_kindly(term, db, client):
    """No next-step advice without a warning now: a supportive line about the corrected
    grades instead, in the reader's language; staff read that the notice was withdrawn."""
    student = term.students["pending"]
    url = f"/warnings/students/{student.id}"
    assert NEXT_STEP in term.page(term.users["pending"], url)
    _passes_makeup(term, "pending")
    term.publish()
    page = term.page(term.users["pending"], url)
    assert NEXT_STEP not in page
    supportive = "按更正后的成绩，你2024-2025学年第1学期已不在学业警示之列：该学期的通知书已撤销，你无需再做什么。"
    assert supportive in page
    assert supportive in term.page(term.users["pending"], "/")  # the home card too
    client.post("/locale", data={"locale": "en", "next": "/"})
    english = client.get(url).get_data(as_text=True)
    assert "The corrected grades of 2024–2025 term 1 no longer warn you" in english
    assert "what to do next" not in english
    client.post("/locale", data={"locale": "zh_CN", "next": "/"})
    staff = term.page(term.counselor, url)
    assert "2024-2025学年第1学期的名单经更正后已不再列入该生，该学期的通知书已撤销。" in staff
    kept = term.page(term.users["upheld"], f"/warnings/students/{term.students['upheld'].id}")
    assert NEXT_STEP in kept and "经更正后" not in kept and "按更正后的成绩" not in kept


def test_a_student_warned_again_after_being_dropped_gets_a_new_notice(term, db):
    """Dropped by the second roster, warned by the third (the make-up grade was wrong): a
    new notice to confirm, the student told as for any new warning; the page no longer says
    the warning was withdrawn."""
    student = term.students["pending"]
    _passes_makeup(term, "pending")
    dropped = term.notice("pending", term.first)
    term.publish()
    db.session.query(GradeRecord).filter_by(student_id=student.id, kind="makeup").delete()
    told = term.told("pending")
    third = term.publish()
    db.session.expire_all()
    again = term.notice("pending", third)
    assert again.id != dropped.id and again.state == "pending"
    assert db.session.get(Notice, dropped.id).state == "dropped"
    assert term.told("pending") == told + 1
    page = term.page(term.users["pending"], f"/warnings/students/{student.id}")
    assert "按更正后的成绩" not in page and NEXT_STEP in page


def test_a_correction_does_not_restart_the_follow_up_of_those_it_still_warns(app, term, db, client):
    """A walk saw a corrected re-publish move every student first warned that term to the
    new day: their owed talks, missed and done, vanished from compliance. A student the
    correction still warns dates from the first roster; one it raises, from the first
    roster too (warned since then); only a student it newly warns dates from the new one."""
    from portal.core import standing
    from portal.modules.warnings.models import RunEvent

    ten_days_ago = datetime.now() - timedelta(days=10)
    for event in db.session.query(RunEvent).filter_by(run_id=term.first.id, action="approve"):
        event.at = ten_days_ago
    newcomer = term.make.student(term.school_class, name="新增同学")
    term.grades(newcomer, TERM, YELLOW)
    term.grades(term.students["confirmed"], TERM, MORE_FAILED)
    _passes_makeup(term, "pending")
    db.session.commit()
    second = term.publish()
    db.session.expire_all()
    approved = db.session.query(RunEvent).filter_by(run_id=second.id, action="approve").one()
    with app.test_request_context():
        since = {
            key: [s.since for s in standing.of_student(student.id)]
            for key, student in {**term.students, "new": newcomer}.items()
        }
    assert since == {
        "upheld": [ten_days_ago.date()],
        "confirmed": [ten_days_ago.date()],
        "pending": [],
        "new": [approved.at.date()],
    }


@pytest.fixture(params=["withdrawn", "dropped"])
def closed(request, term, db):
    """A notice closed either way: its objection accepted, or the corrected roster no longer
    lists the student. The pending student's parent copy went out before (act_on_notices)."""
    if request.param == "withdrawn":
        notice = term.withdrawn("pending")
    else:
        notice = term.notice("pending", term.first)
        _passes_makeup(term, "pending")
        term.publish()
    db.session.expire_all()
    notice = db.session.get(Notice, notice.id)
    assert notice.state == request.param
    return notice


def _parent_copy(notice: Notice) -> tuple:
    return (notice.parent_method, notice.parent_reference, notice.parent_sent_on)


def test_a_closed_notice_takes_no_parent_copy(term, db, closed):
    """Nothing goes to the parents of a withdrawn notice: no form to record it, and a form
    sent anyway is refused (409, saying why) with nothing written."""
    page = term.page(term.counselor, f"/warnings/notices/{closed.id}")
    assert f"/warnings/notices/{closed.id}/parent" not in page
    assert 'name="reference"' not in page
    before = _parent_copy(closed)
    response = term.client.post(
        f"/warnings/notices/{closed.id}/parent",
        data={"method": "handed", "reference": "XB2CN", "sent_on": "2026-12-01"},
    )
    assert response.status_code == 409
    assert "这份通知书已撤销" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _parent_copy(db.session.get(Notice, closed.id)) == before


def test_a_closed_notice_prints_as_a_withdrawn_record(term, closed):
    """Marked withdrawn, once: no next steps, no letter to the parents, nothing to sign."""
    printed = term.page(term.counselor, f"/warnings/notices/{closed.id}/print")
    assert "（已撤销）" in printed and "仅作记录" in printed
    assert printed.count('class="notice-part"') == 1
    assert term.students["pending"].name in printed and "2024-2025学年第1学期" in printed
    for gone in ('class="next"', 'class="consequences"', 'class="sign"', "签名", "家长回执"):
        assert gone not in printed, gone


def test_a_closed_notice_asks_nothing_more_of_the_student(term, client, closed):
    """The student reads the facts and that it is withdrawn, not what a warning leads to."""
    for language in ("zh_CN", "en"):
        term.login(term.users["pending"])
        client.post("/locale", data={"locale": language, "next": "/"})
        page = term.page(term.users["pending"], f"/warnings/notices/{closed.id}")
        assert term.students["pending"].name in page
        for gone in ('class="next"', 'class="consequences"', "7 天内", "within 7 days"):
            assert gone not in page, gone
    client.post("/locale", data={"locale": "zh_CN", "next": "/"})


def test_a_notice_still_standing_keeps_its_next_steps_and_parent_copy(term):
    notice = term.notice("confirmed", term.first)
    page = term.page(term.counselor, f"/warnings/notices/{notice.id}")
    assert f"/warnings/notices/{notice.id}/parent" in page
    printed = term.page(term.counselor, f"/warnings/notices/{notice.id}/print")
    assert printed.count('class="notice-part"') == 3 and 'class="next"' in printed


def test_a_student_who_loses_one_of_two_notices_is_told_the_other_stands(
    client, login, liaoning, make, db
):
    """USTL: the grades are corrected (two courses were not degree courses): the degree
    notice is withdrawn, the demotion notice stands, and the student hears both, once."""

    student = liaoning["student"]
    for record in db.session.query(GradeRecord).filter_by(student_id=student.id):
        record.degree_course = record.course_code in ("B", "D")
    _republished(liaoning, make)
    db.session.commit()
    states = {n.kind: n.state for n in db.session.query(Notice).filter_by(student_id=student.id)}
    assert states == {"standing": "pending", "degree": "dropped"}
    messages = [
        n.message
        for n in db.session.query(Notification).filter_by(user_id=liaoning["user"].id)
        if "withdraws one of your notices" in n.message
    ]
    assert len(messages) == 1
    assert (
        not db.session.query(Notification)
        .filter(
            Notification.user_id == liaoning["user"].id,
            Notification.message.contains("no longer lists you"),
        )
        .count()
    )
    login(liaoning["user"])
    client.post("/locale", data={"locale": "zh_CN", "next": "/"})
    assert "你该学期的一份通知书已撤销" in client.get("/notifications/").get_data(as_text=True)
    client.post("/locale", data={"locale": "en", "next": "/"})
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "withdraws one of your notices for that term; the other still stands" in listing


def test_a_correction_keeps_the_roster_telling_who_is_new_this_term(term, db):
    """The roster compares with last term, so a corrected roster still finds the students
    first warned this term ("new"); the run's own page tells what the correction changed
    against the roster before it, and only that."""
    newcomer = term.make.student(term.school_class, name="新增同学")
    term.grades(newcomer, TERM, YELLOW)
    term.grades(term.students["confirmed"], TERM, MORE_FAILED)  # yellow -> orange
    _passes_makeup(term, "pending")
    second = term.publish()
    new = term.page(term.secretary, f"/warnings/?term={second.term_id}&change=new")
    for name in ("维持同学", "确认同学", "新增同学"):
        assert "新增" in _row(new, name), name
    assert "未确认同学" not in new
    changed = term.page(term.secretary, f"/warnings/runs/{second.id}").split("变化情况")[1]
    assert "新增" in _row(changed, "新增同学") and "加重" in _row(changed, "确认同学")
    assert "不再预警" in _row(changed, "未确认同学") and "维持同学" not in changed


def test_warnings_stored_before_the_upgrade_read_as_the_computation_gives_them(app, term, db):
    """The upgrade (3c1d5e8a9f20) works out each stored warning's standing against last
    term from its runs' changes: the same as computing it now, through a correction."""
    term.grades(term.students["confirmed"], TERM, MORE_FAILED)
    _passes_makeup(term, "pending")
    term.publish()
    computed = dict(db.session.query(Warning.id, Warning.since_last_term))
    db.session.query(Warning).update({"since_last_term": "?"})
    run_step(db, migration(app, "3c1d5e8a9f20")._backfill)
    assert dict(db.session.query(Warning.id, Warning.since_last_term)) == computed
