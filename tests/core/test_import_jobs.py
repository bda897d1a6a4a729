"""Web imports run in the background; the page shows progress, then the report."""

import time

import pytest
from flask_migrate import upgrade

from portal import create_app
from portal.core.models.uploads import StoredFile
from portal.extensions import db

from ..conftest import TEST_CONFIG, TEST_PASSWORD
from ..factories import Factory
from ..xlsx_files import GRADES_HEADER, ROSTER_HEADER, grade_row, roster_row, write_xlsx


def test_background_import_reports_progress_then_the_result(tmp_path):
    app = create_app({**TEST_CONFIG, "IMPORT_IN_BACKGROUND": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/jobs.db",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade()
        Factory(app, db).user("JOB1", role="admin")  # creates the organisation
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "JOB1", "password": TEST_PASSWORD})
    roster = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER] + [
        roster_row(f"2023{n:05d}") for n in range(300)])
    with open(roster, "rb") as handle:
        response = client.post("/imports/students", data={"file": (handle, "r.xlsx")},
                               content_type="multipart/form-data")
    assert response.status_code == 303
    job_url = response.headers["Location"]
    page = ""
    for _ in range(100):
        page = client.get(job_url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if "hx-trigger" not in page:
            break
        time.sleep(0.05)
    assert 'id="progress"' in page and "新增 300" in page
    grades = write_xlsx(tmp_path / "g.xlsx", [GRADES_HEADER, grade_row("9999999")])
    with open(grades, "rb") as handle:
        response = client.post("/imports/grades", data={"file": (handle, "g.xlsx")},
                               content_type="multipart/form-data")
    for _ in range(100):
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        if "未导入任何数据" in page:
            break
        time.sleep(0.05)
    assert "未知学号 9999999" in page
    with app.app_context():
        db.engine.dispose()


def test_another_users_job_is_not_found(client, make, login, db):
    from portal.core.models import ImportJob

    owner = make.user("JOB2", role="secretary")
    db.session.add(ImportJob(id="x" * 32, kind="students", filename="a.xlsx", stored_path="/none",
                             user_id=owner.id, status="done", result={}))
    db.session.flush()
    login(make.user("JOB3", role="secretary"))
    assert client.get("/imports/jobs/" + "x" * 32).status_code == 404


# --- issue 15, finding 8: imports at once, uploads removed, no job left "writing" ---------


def _upload(client, kind, path):
    with open(path, "rb") as handle:
        return client.post(f"/imports/{kind}", data={"file": (handle, path.name)},
                           content_type="multipart/form-data")


def _running(db, make, n):
    from portal.core.models import ImportJob

    owner = make.user()
    for i in range(n):
        db.session.add(ImportJob(id=f"{i:032d}", kind="grades", filename="a.xlsx",
                                 stored_path="/nonexistent", user_id=owner.id, status="reading"))
    db.session.flush()


def test_finding_8_a_further_upload_is_told_to_try_again_while_two_imports_run(
        app, client, make, login, db, tmp_path):
    from portal.core.models import ImportJob

    _running(db, make, app.config["IMPORT_MAX_RUNNING"])
    login(make.user("JOB4", role="admin"))
    roster = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER, roster_row("2023099001")])
    response = _upload(client, "students", roster)
    assert response.status_code == 429 and response.headers["Retry-After"] == "60"
    assert "已有 2 个导入正在进行，本次未保存任何数据；请一分钟后再试。" in response.get_data(as_text=True)
    assert db.session.query(ImportJob).count() == 2
    assert db.session.query(StoredFile).count() == 0


def test_finding_8_imports_under_the_limit_and_after_a_dead_worker_still_run(
        app, client, make, login, db, tmp_path):
    """One running import leaves room for another; a job whose worker died (no progress for
    ten minutes) does not count, ends failed, and its upload is removed."""
    from datetime import timedelta

    from portal.core.jobs import STALE_AFTER
    from portal.core.models import ImportJob
    from portal.core.models.base import utcnow

    _running(db, make, 1)
    long_ago = utcnow() - STALE_AFTER - timedelta(seconds=1)
    db.session.add(StoredFile(id="dead", size=1, data=b"x", created_at=long_ago))
    owner = make.user()
    db.session.add(ImportJob(id="d" * 32, kind="grades", filename="d.xlsx", user_id=owner.id,
                             stored_path="dead", status="writing", updated_at=long_ago))
    db.session.flush()
    login(make.user("JOB5", role="admin"))
    roster = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER, roster_row("2023099002")])
    page = client.get(_upload(client, "students", roster).headers["Location"])
    assert "新增 1" in page.get_data(as_text=True)
    assert db.session.get(ImportJob, "d" * 32).status == "failed"
    assert db.session.get(StoredFile, "dead") is None


def _bad_roster(tmp_path):
    return write_xlsx(tmp_path / "bad.xlsx", [ROSTER_HEADER, roster_row(None)])


def _huge_row(tmp_path):
    from ..xlsx_files import huge_row_xlsx

    return huge_row_xlsx(tmp_path / "huge.xlsx", ROSTER_HEADER, 5000)


def _good_roster(tmp_path):
    return write_xlsx(tmp_path / "good.xlsx", [ROSTER_HEADER, roster_row("2023099003")])


@pytest.mark.parametrize(("build", "expected"), [
    (_good_roster, "新增 1"), (_bad_roster, "未导入任何数据"),
    (_huge_row, "第 2 行超过 1,000 个单元格"), (_good_roster, "导入未完成"),
], ids=["imported", "bad rows", "huge row refused", "crashed while writing"])
def test_finding_8_the_upload_is_removed_and_the_job_ended_whatever_happens(
        app, client, make, login, db, tmp_path, monkeypatch, build, expected):
    import dataclasses

    from portal.core import importing
    from portal.core.models import ImportJob

    if expected == "导入未完成":
        def crash(records):
            raise RuntimeError("the disk is full")

        monkeypatch.setitem(importing.KINDS, "students",
                            dataclasses.replace(importing.KINDS["students"], write=crash))
    login(make.user("JOB6", role="admin"))
    response = _upload(client, "students", build(tmp_path))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert expected in page
    [job] = db.session.query(ImportJob).all()
    assert job.status in ("done", "failed")
    assert db.session.get(StoredFile, job.stored_path) is None
    assert db.session.query(StoredFile).count() == 0


def test_finding_8_a_job_crashing_while_writing_in_the_background_ends_failed(
        tmp_path, monkeypatch):
    """In a worker thread, past the "writing" progress mark: the job ends failed, not
    "writing", and its upload is removed."""
    import dataclasses

    from portal.core import importing
    from portal.core.models import ImportJob

    def crash(records):
        raise MemoryError

    app = create_app({**TEST_CONFIG, "IMPORT_IN_BACKGROUND": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/crash.db",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade()
        Factory(app, db).user("JOB7", role="admin")
        db.session.commit()
    monkeypatch.setitem(importing.KINDS, "students",
                        dataclasses.replace(importing.KINDS["students"], write=crash))
    client = app.test_client()
    client.post("/login", data={"username": "JOB7", "password": TEST_PASSWORD})
    response = _upload(client, "students", _good_roster(tmp_path))
    page = ""
    for _ in range(200):
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        if "导入未完成" in page:
            break
        time.sleep(0.05)
    assert "导入未完成" in page
    with app.app_context():
        [job] = db.session.query(ImportJob).all()
        assert job.status == "failed"
        assert db.session.query(StoredFile).count() == 0
        db.engine.dispose()
