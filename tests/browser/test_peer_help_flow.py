"""Peer help in a real browser: a student applies, the counselor selects them and proposes a
pairing, the class advisor and the college agree, the volunteer logs a session on a phone,
the mentee confirms, the counselor checks, certifies and exports the hours. With JavaScript
in Chinese, without it in English."""

from datetime import timedelta

from .conftest import log_in, use_language
from .test_foundation_flows import shot


def _people(live_app):
    """A student of the counselor's major who is not warned nor a volunteer yet, and a warned
    student of the class advisor's class."""
    from portal.core import standing
    from portal.core.models import RoleGrant, Student, User
    from portal.extensions import db
    from portal.modules.peer_help.models import Volunteer

    with live_app.test_request_context():

        def scope_of(username):
            return (
                db.session.query(RoleGrant.scope_id)
                .join(User, User.id == RoleGrant.user_id)
                .filter(User.username == username)
                .scalar()
            )

        warned = standing.current(Student.class_id == scope_of("advisor"))
        mentee = (
            db.session.query(Student)
            .filter(Student.id.in_(warned))
            .order_by(Student.student_no)
            .first()
        )
        taken = {sid for (sid,) in db.session.query(Volunteer.student_id)}
        every_warned = standing.current(Student.major_id == scope_of("counselor"))
        helper = (
            db.session.query(Student)
            .join(User, User.username == Student.student_no)
            .filter(
                Student.major_id == scope_of("counselor"),
                Student.id.not_in(taken | set(every_warned)),
            )
            .order_by(Student.student_no)
            .first()
        )
        return helper, mentee


def _today(live_app):
    """The portal's day (the college's clock), not the machine's."""
    from portal.core import clock

    with live_app.app_context():
        return clock.today()


def as_user(page, username, english):
    log_in(page, username)
    if english:
        use_language(page, "en")


def test_apply_pair_log_confirm_check_certify_export(page, live_app):
    english = not page.js
    helper, mentee = _people(live_app)
    today = _today(live_app)
    as_user(page, helper.student_no, english)
    page.goto("/peer-help/apply")
    page.fill("#courses", "高等数学")
    page.check("input[name=times][value=weekday_eve]")
    page.fill("#statement", "我数学成绩较好，愿意帮助同学。")
    page.click("button.primary")
    page.wait_for_url("**/peer-help/")

    as_user(page, "counselor", english)
    page.goto("/peer-help/")
    page.click(f"text={helper.name}")
    page.click("form[action$='/active'] button")
    # The retire form is there before the click too: wait for "activate" to go, or the next
    # page load may cut the POST short (an intermittent failure before).
    page.wait_for_selector("form[action$='/active']", state="detached")
    page.goto(f"/peer-help/pairings/new/{mentee.id}")
    page.check(f"text={helper.name}")
    # Nothing is ticked at first: the counselor names what the volunteer will tutor.
    assert not page.is_checked("input[name=courses] >> nth=0")
    page.check("input[name=courses] >> nth=0")
    page.fill("#difficulty", "基础薄弱")
    page.fill("#plan", "每周两次答疑")
    page.fill("#contact", "微信")
    page.fill("#starts_on", (today - timedelta(days=7)).isoformat())
    page.click("button.primary")
    page.wait_for_url("**/peer-help/pairings/*")
    pairing_url = page.url

    for reviewer in ("advisor", "leader"):
        as_user(page, reviewer, english)
        page.goto(pairing_url)
        page.fill("#comment", "同意")
        page.click("form.card button.primary")
        page.wait_for_selector("td >> text=同意" if not english else "text=agreed")
    shot(page, "pairing-approved")

    as_user(page, helper.student_no, english)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/peer-help/")
    # The log button and the stipend link beside it keep a gap between them.
    button = page.locator("a.button[href='/peer-help/sessions/new']").bounding_box()
    stipend = page.locator("a[href='/peer-help/me/stipend']").bounding_box()
    assert (
        stipend["x"] - (button["x"] + button["width"]) >= 12
        or stipend["y"] >= button["y"] + button["height"]
    )
    page.click("a[href='/peer-help/sessions/new']")
    # Yesterday's session: one logged today could still be to come (the hour CI runs at).
    page.fill("#held_on", (today - timedelta(days=1)).isoformat())
    page.fill("#starts_at", "07:00")
    page.fill("#ends_at", "08:30")
    page.fill("#what", "讲解极限的计算")
    page.fill("#place", "图书馆")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "session-phone")
    page.click("button.primary")
    page.wait_for_url("**/peer-help/")
    page.set_viewport_size({"width": 1366, "height": 768})

    as_user(page, mentee.student_no, english)
    page.goto("/peer-help/")
    # The helper's session (the demo volunteer may have logged one with this student too).
    page.locator(".session", has_text="讲解极限的计算").locator("button.primary").click()
    page.wait_for_url("**/peer-help/")

    as_user(page, "counselor", english)
    page.goto("/peer-help/check")
    page.click("button.primary")
    page.wait_for_selector(".flash.success")
    # The demo volunteer's session still waiting for its mentee stays listed; the helper's
    # is checked.
    assert helper.name not in page.locator("main").inner_text()
    page.goto("/peer-help/hours")
    page.click("form[action$='/certify'] button")
    page.wait_for_selector(f"td >> text={helper.name}")
    shot(page, "hours-certified")
    with page.expect_download() as download:
        page.click("a[href$='.xlsx']")
    assert download.value.suggested_filename.startswith("volunteer-hours-")
    assert not page.csp_violations
