"""What waits for the secretary's confirmation of a lifting (walk findings 2 and 3).

A lifting proposed at a term ends that warning (warning-rules.md §6), confirmed or not; but a
student a later roster warns again in that category is not "no longer warned": the page
lists them apart, not ticked, beside the warning that stands now, and confirming it does
not tell them their warning is lifted. The dashboard's line counts exactly the students the
page lists to confirm, in the same scope, whatever term the card shows."""

import html
import re

import pytest

from portal.core.models import GradeRecord, Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.lifecycle import transition
from portal.modules.warnings.models import Lift, Warning

FAIL, PASS = [("A", 4, 20, "regular"), ("B", 10, 90, "regular")], [("C", 4, 90, "regular")]


@pytest.fixture
def college_terms(make, grades, db):
    """An anshan college: `publish(term, {student: attempts})` adds the grades, computes,
    submits and approves the term's roster."""
    college = make.college("再警学院")
    school_class = make.school_class(make.major(college))
    leader = make.user(role="leader", scope=college)
    secretary = make.user(role="secretary", scope=college)

    def publish(term_code, attempts):
        for student, rows in attempts.items():
            grades(student, term_code, rows)
        run = compute_run(make.term(term_code), rulesets.load("anshan"), college_id=college.id)
        transition(run, "submit", user_id=secretary.id)
        transition(run, "approve", user_id=leader.id)
        db.session.flush()
        return run

    return dict(college=college, school_class=school_class, secretary=secretary, publish=publish)


@pytest.fixture
def warned_again(make, db, college_terms):
    """Lifted at 2024-2025-2 both, 再红 is warned (red) again at 2025-2026-1, 已好 is not;
    另一 is lifted at 2025-2026-1 itself."""
    school_class, publish = college_terms["school_class"], college_terms["publish"]
    again = make.student(school_class, name="再红", student_no="20240001")
    well = make.student(school_class, name="已好", student_no="20240002")
    other = make.student(school_class, name="另一", student_no="20240003")
    publish("2024-2025-1", {again: FAIL, well: FAIL, other: PASS})
    publish("2024-2025-2", {again: PASS, well: PASS, other: FAIL[:1]})
    publish(
        "2025-2026-1",
        {again: [("D", 4, 10, "regular"), ("E", 2, 95, "regular")], well: PASS, other: PASS},
    )
    users = {s: make.student_user(s) for s in (again, well, other)}
    db.session.commit()
    return dict(again=again, well=well, other=other, users=users, **college_terms)


def _lift_of(db, student) -> Lift:
    [lift] = db.session.query(Lift).join(Lift.warning).filter(Warning.student_id == student.id)
    return lift


def _page(client) -> str:
    client.post("/locale", data={"locale": "en"})
    return html.unescape(client.get("/warnings/lifting").get_data(as_text=True))


def _section(page: str, table_id: str) -> str:
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    return found.group(1) if found else ""


def test_a_student_warned_again_is_listed_apart_not_ticked_with_the_warning_that_stands(
    client, login, db, warned_again
):
    login(warned_again["secretary"])
    page = _page(client)
    offered = _section(page, "lifts-offered")
    apart = _section(page, "lifts-warned-again")
    assert "已好" in offered and "另一" in offered and "再红" not in offered
    assert offered.count("checked") == 2
    assert "再红" in apart and "checked" not in apart
    # Now's level and figures: red, for this term's 4 of 6 credits failed — not the old
    # "no longer warned" figures of 2024-2025-2.
    assert '2025–2026 term 1 <span class="badge red">' in apart
    assert "66.7%" in apart and "no longer warned" not in apart


def test_confirming_a_warned_again_lifting_records_it_without_telling_the_student(
    client, login, db, warned_again
):
    login(warned_again["secretary"])
    ids = [str(_lift_of(db, warned_again[s]).id) for s in ("again", "well")]
    response = client.post("/warnings/lifting/confirm", data={"lift": ids})
    assert response.status_code in (302, 303)
    for key in ("again", "well"):
        assert _lift_of(db, warned_again[key]).confirmed_at is not None
    told = {
        key: db.session.query(Notification)
        .filter_by(user_id=warned_again["users"][warned_again[key]].id)
        .filter(Notification.message.like("%lifted%"))
        .count()
        for key in ("again", "well")
    }
    assert told == {"again": 0, "well": 1}


def _card(client) -> str:
    client.post("/locale", data={"locale": "en"})
    return client.get("/warnings/widget").get_data(as_text=True)


def _card_count(card: str) -> int:
    found = re.search(r"(\d+) students? ha(?:s|ve) a lifting proposed", card)
    return int(found.group(1)) if found else 0


def _page_count(page: str) -> int:
    found = re.search(r"(\d+) students?(?:'s|') liftings? awaits? your confirmation", page)
    return int(found.group(1)) if found else 0


def test_the_dashboard_counts_the_students_the_lifting_page_lists(client, login, db, warned_again):
    login(warned_again["secretary"])
    page, card = _page(client), _card(client)
    assert _page_count(page) == _card_count(card) == 2  # 已好 (2024-2025-2) and 另一
    assert 'href="/warnings/lifting"' in card


def test_the_line_stays_while_a_later_roster_leaves_the_liftings_unconfirmed(
    client, login, db, warned_again
):
    """The card counts the latest published term; a lifting of an earlier term still waits."""
    warned_again["publish"](
        "2025-2026-2", {warned_again[k]: [("F", 4, 90, "regular")] for k in ("well", "other")}
    )
    db.session.commit()
    login(warned_again["secretary"])
    page, card = _page(client), _card(client)
    assert _page_count(page) == _card_count(card) == 2


def test_a_counselor_counts_the_students_of_their_own_classes_only(
    client, login, make, db, warned_again
):
    elsewhere = make.school_class(warned_again["school_class"].major, name="别班")
    moved = warned_again["other"]
    moved.class_id = elsewhere.id
    counselor = make.user(role="counselor", scope=warned_again["school_class"])
    db.session.commit()
    login(counselor)
    assert _card_count(_card(client)) == 1  # 已好 only: 另一 is in another class


def test_a_lifting_that_ends_one_of_two_warnings_says_the_other_still_stands(
    client, login, make, grades, db, liaoning
):
    """USTL: the 降级警示 is lifted (outstanding under 20) while the 学位警示 stands."""
    student = liaoning["student"]
    grades(student, "2025-2026-2", [("A", 12, 70, "retake"), ("E", 1, 30, "regular")])
    for record in db.session.query(GradeRecord).filter_by(student_id=student.id, course_code="E"):
        record.degree_course = True
    run = compute_run(
        make.term("2025-2026-2"), rulesets.load("liaoning"), college_id=liaoning["college"].id
    )
    transition(run, "submit", user_id=liaoning["secretary"].id)
    transition(run, "approve", user_id=make.user(role="leader", scope=liaoning["college"]).id)
    db.session.commit()
    [lift] = db.session.query(Lift).all()
    assert lift.warning.category == "demotion"
    login(liaoning["secretary"])
    offered = _section(_page(client), "lifts-offered")
    assert "Still warned in: Degree warning" in offered
    client.post("/warnings/lifting/confirm", data={"lift": [str(lift.id)]})
    [message] = (
        db.session.query(Notification.message)
        .filter_by(user_id=liaoning["user"].id)
        .filter(Notification.message.like("%lifted%"))
        .all()
    )
    assert message[0].startswith("One of your academic warnings has been lifted")
