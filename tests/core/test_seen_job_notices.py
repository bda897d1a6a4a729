"""No notification storms (an outside tester's badge read 33 after ~26 uploads): the end of
a job is still notified — it runs on the queue, and its owner may have left its page — but
once its owner opens the page of the ended job, its result is seen and the notification of
it is read. Nobody else's, and no job still running, is marked."""

import pytest

from portal.core.models import ImportJob, Notification
from portal.core.notify import notify

from ..xlsx_files import grade_row, grades_xlsx, post_import


@pytest.fixture
def secretary(make, db):
    college = make.college("看过学院")
    make.student(make.school_class(make.major(college)), student_no="2023880001")
    return make.user("SJ1", role="secretary", scope=college)


def _unread(db, user) -> int:
    return (
        db.session.query(Notification)
        .filter(Notification.user_id == user.id, Notification.read_at.is_(None))
        .count()
    )


def _bad_upload(client, tmp_path, n: int) -> str:
    """A refused grades file; the address of its result page."""
    bad = grades_xlsx(tmp_path / f"bad{n}.xlsx", grade_row("2099000001"))
    return post_import(client, "grades", bad).headers["Location"]


def test_a_refused_upload_whose_result_was_opened_leaves_no_unread_notification(
    client, login, db, secretary, tmp_path
):
    login(secretary)
    for n in range(3):
        result = _bad_upload(client, tmp_path, n)
        assert _unread(db, secretary) == 1  # told: they may have left the page
        assert "未导入任何数据" in client.get(result).get_data(as_text=True)
        assert _unread(db, secretary) == 0  # seen on its page: no badge for it
    home = client.get("/").get_data(as_text=True)
    assert 'class="count"' not in home
    listing = client.get("/notifications/").get_data(as_text=True)
    assert listing.count("bad") >= 3  # still listed, as read


def test_an_upload_whose_result_was_not_opened_stays_unread(client, login, db, secretary, tmp_path):
    login(secretary)
    _bad_upload(client, tmp_path, 1)
    _bad_upload(client, tmp_path, 2)
    assert _unread(db, secretary) == 2
    client.get("/imports/")  # the list of imports is not the result
    assert _unread(db, secretary) == 2


def test_opening_a_running_job_or_another_jobs_page_marks_nothing(client, login, make, db):
    user = make.user("SJ2", role="secretary")
    make.running_job(user, "r" * 32)
    make.job(user, "d" * 32, task="warnings.compute", kind="", status="done", result={})
    notify(user.id, "Your job “%(name)s” is done.", link="/imports/jobs/" + "r" * 32, name="r")
    notify(user.id, "Your job “%(name)s” is done.", link="/jobs/" + "d" * 32, name="d")
    other = make.user("SJ3", role="secretary")
    notify(other.id, "Your job “%(name)s” is done.", link="/jobs/" + "d" * 32, name="d")
    db.session.commit()
    login(user)
    client.get("/imports/jobs/" + "r" * 32)  # still running: nothing to have seen
    assert _unread(db, user) == 2
    client.get("/jobs/" + "d" * 32)  # done: its own notification only, the owner's only
    assert _unread(db, user) == 1 and _unread(db, other) == 1


def test_a_job_whose_page_goes_on_to_its_result_is_seen_there_too(client, login, make, db):
    """A computed roster's job page sends its owner on to the roster: opened, it was seen."""
    user = make.user("SJ4", role="secretary")
    result = {"link": "/warnings/", "message": "Roster computed: %(n)d students evaluated."}
    make.job(user, "c" * 32, task="warnings.compute", kind="", status="done", result=result)
    notify(user.id, "Your job “%(name)s” is done.", link="/jobs/" + "c" * 32, name="c")
    db.session.commit()
    login(user)
    assert client.get("/jobs/" + "c" * 32).status_code == 303
    assert _unread(db, user) == 0
    assert db.session.get(ImportJob, "c" * 32).status == "done"
