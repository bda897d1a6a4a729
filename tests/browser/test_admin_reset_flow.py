"""An administrator resets a teacher's password (issue 15 #6): the temporary password is on
the answer page once, with JavaScript on and off, and the teacher must change it."""

import pytest

from .conftest import DEMO_PASSWORD, log_in
from .test_foundation_flows import shot


@pytest.fixture
def teacher_id(live_app):
    """The demo teacher, given back their demo password after the test: the other browser
    tests log in as them."""
    from portal.core.models import User
    from portal.core.passwords import hash_password
    from portal.extensions import db

    with live_app.app_context():
        teacher_id = db.session.query(User.id).filter_by(username="teacher").scalar()
    yield teacher_id
    with live_app.app_context():
        teacher = db.session.get(User, teacher_id)
        teacher.password_hash = hash_password(DEMO_PASSWORD)
        teacher.must_change_password = False
        db.session.commit()


def test_reset_password_shows_the_temporary_password_on_the_answer(page, live_app, teacher_id):
    log_in(page, "admin")
    page.goto(f"/admin/users/{teacher_id}")
    page.click("text=重置密码")
    page.wait_for_selector("#temporary-password")
    temporary = page.inner_text("#temporary-password").strip()
    assert len(temporary) >= 10
    assert "只显示这一次" in page.inner_text("main")
    shot(page, "admin-temporary-password")
    assert page.csp_violations == []
    context = page.context.browser.new_context(base_url=page.url.split("/admin")[0])
    other = context.new_page()
    log_in_page = other.goto("/login")
    assert log_in_page.status == 200
    other.fill("#username", "teacher")
    other.fill("#password", temporary)
    other.click("button.primary")
    other.wait_for_url(lambda url: "/password" in url)  # must choose a new password first
    context.close()
