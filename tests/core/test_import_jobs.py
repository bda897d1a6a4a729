"""Web imports run in the background; the page shows progress, then the report."""

import time

from flask_migrate import upgrade

from portal import create_app
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
