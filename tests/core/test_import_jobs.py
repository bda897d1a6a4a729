"""Web imports run in the background; the page shows progress, then the report."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade

from portal import create_app
from portal.core import queue
from portal.core.models.uploads import StoredFile
from portal.extensions import db

from ..conftest import TEST_CONFIG, TEST_PASSWORD
from ..factories import Factory
from ..xlsx_files import grade_row, grades_xlsx, post_import, roster_row, roster_xlsx


def _consumer(app):
    """A real Huey consumer's threads inside the test process (the embedded default)."""
    consumer = queue.huey_of(app).create_consumer(workers=2, worker_type="thread", periodic=False)
    consumer.scheduler.start()
    for _, worker in consumer.worker_threads:
        worker.start()
    return consumer


def _queued_app(tmp_path, name="jobs", **config):
    """A portal on its own SQLite file whose jobs go through a real store: a SQLite file, or
    the one TEST_JOB_STORE names (`.ci/run` sets Redis when one answers). A queue name of
    its own: on a shared Redis, a worker of an earlier test never takes this test's jobs."""
    store = os.environ.get("TEST_JOB_STORE") or f"sqlite:///{tmp_path}/{name}-queue.db"
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/{name}.db",
            "JOB_STORE": store,
            "DATA_KEY": "ab" * 32,
            "JOB_QUEUE_NAME": f"portal-{tmp_path.name}-{name}",
            "JOB_POLL_SECONDS": 0.2,
            "JOB_HEARTBEAT_SECONDS": 0.2,
            **config,
        }
    )
    with app.app_context():
        upgrade()
    return app


def _wait_for(client, url, text, headers=None):
    page = ""
    for _ in range(600):
        page = client.get(url, headers=headers or {}).get_data(as_text=True)
        if text in page:
            break
        time.sleep(0.05)
    return page


def test_a_queued_import_reports_progress_then_the_result(tmp_path):
    """On the queue with a real consumer (threads, SQLite job store): the upload returns at
    once, the page polls, the result is on the job page, the imports page and in a
    notification."""
    app = _queued_app(tmp_path)
    with app.app_context():
        Factory(app, db).office("JOB1")  # creates the organisation
        db.session.commit()
    consumer = _consumer(app)
    client = app.test_client()
    client.post("/login", data={"username": "JOB1", "password": TEST_PASSWORD})
    roster = roster_xlsx(tmp_path / "r.xlsx", *(roster_row(f"2023{n:05d}") for n in range(300)))
    response = post_import(client, "students", roster)
    assert response.status_code == 303
    job_url = response.headers["Location"]
    page = _wait_for(client, job_url, "新增 300", headers={"HX-Request": "true"})
    assert 'id="progress"' in page and "新增 300" in page and "hx-trigger" not in page
    assert "r.xlsx" in client.get("/imports/").get_data(as_text=True)
    assert "r.xlsx" in client.get("/notifications/").get_data(as_text=True)
    grades = grades_xlsx(tmp_path / "g.xlsx", grade_row("9999999"))
    page = _wait_for(
        client, post_import(client, "grades", grades).headers["Location"], "未导入任何数据"
    )
    assert "未知学号 9999999" in page
    consumer.stop(graceful=True)
    with app.app_context():
        assert db.session.query(StoredFile).count() == 0
        db.engine.dispose()


def test_a_web_import_run_by_a_worker_is_audited_as_the_uploader_and_their_request(tmp_path):
    """Issue 22 #6: the job replays the upload's request (queue.as_user) in the worker
    thread, so its audit rows name the uploader, their roles, address and request id —
    as the upload itself would have been audited — never the command line ("cli")."""
    from portal.core.models import AuditEvent, ImportJob

    app = _queued_app(tmp_path, "audited")
    with app.app_context():
        Factory(app, db).office("JOBA")
        db.session.commit()
    consumer = _consumer(app)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    client.post("/login", data={"username": "JOBA", "password": TEST_PASSWORD})
    roster = roster_xlsx(tmp_path / "a.xlsx", *(roster_row(f"2025{n:05d}") for n in range(3)))
    job_url = post_import(client, "students", roster).headers["Location"]
    assert "新增 3" in _wait_for(client, job_url, "新增 3")
    consumer.stop(graceful=True)
    with app.app_context():
        job = db.session.get(ImportJob, job_url.rsplit("/", 1)[1])
        rows = db.session.query(AuditEvent).filter(AuditEvent.at >= job.created_at).all()
        assert {(r.action, r.object_type) for r in rows} >= {
            ("import", "students"),
            ("create", "Student"),
        }
        assert {(r.username, r.roles, r.ip) for r in rows} == {("JOBA", "secretary", "203.0.113.9")}
        assert {r.request_id for r in rows} == {job.params["request_id"]} != {None}
        db.engine.dispose()


def test_a_job_whose_worker_is_killed_is_run_again_and_completes_once(tmp_path):
    """kill -9 of the worker process mid-import: nothing was written; after its lease
    another worker runs the job again and every row is there exactly once."""
    from portal.core.models import ImportBatch, ImportJob, Student

    app = _queued_app(tmp_path, JOB_LEASE_SECONDS=2)
    database, store, queue_name = (
        app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "JOB_STORE", "JOB_QUEUE_NAME")
    )
    with app.app_context():
        Factory(app, db).office("JOB9")
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "JOB9", "password": TEST_PASSWORD})
    rows = 2000
    roster = roster_xlsx(tmp_path / "big.xlsx", *(roster_row(f"2024{n:06d}") for n in range(rows)))
    job_id = post_import(client, "students", roster).headers["Location"].rsplit("/", 1)[1]

    def job():
        with app.app_context():
            found = db.session.get(ImportJob, job_id)
            db.session.expunge_all()
            db.session.remove()
            return found

    def worker(*slow):
        return subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("job_worker.py")),
                database,
                store,
                queue_name,
                *slow,
            ],
            cwd=tmp_path,
        )

    first = worker("0.3")
    try:
        for _ in range(600):
            if job().rows_read >= 400:
                break
            time.sleep(0.05)
        first.kill()  # SIGKILL: no clean-up of any kind
        first.wait()
    finally:
        first.kill()
    halfway = job()
    assert halfway.status == "running" and 400 <= halfway.rows_read < rows
    assert halfway.attempts == 1
    with app.app_context():
        assert db.session.query(Student).count() == 0  # nothing half-written
    time.sleep(2.5)  # the killed worker's lease runs out
    second = worker()
    try:
        for _ in range(1200):
            if job().status in ("done", "failed"):
                break
            time.sleep(0.05)
    finally:
        second.kill()
        second.wait()
    done = job()
    assert done.status == "done" and done.attempts == 2
    assert done.result["inserted"] == rows
    with app.app_context():
        assert db.session.query(Student).count() == rows
        assert db.session.query(ImportBatch).count() == 1
        assert db.session.query(StoredFile).count() == 0
        db.engine.dispose()
    page = client.get(f"/imports/jobs/{job_id}").get_data(as_text=True)
    assert f"新增 {rows}" in page


def test_another_users_job_is_not_found(client, make, login, db):

    owner = make.user("JOB2", role="secretary")
    make.job(owner, "x" * 32, stored_path="/none", status="done", result={})
    login(make.user("JOB3", role="secretary"))
    assert client.get("/imports/jobs/" + "x" * 32).status_code == 404


def test_a_jobs_result_is_not_served_once_its_right_is_gone(client, make, login, db):
    """A roster export made by a secretary is kept a day; were the secretary's grant removed
    meanwhile, neither the job's page nor its file is served (least privilege)."""
    owner = make.user("JOB4", role="secretary")
    result = {"file": "/none", "filename": "roster.xlsx", "rows": 1}
    make.job(owner, "y" * 32, task="warnings.export", status="done", result=result)
    login(owner)
    assert client.get("/jobs/" + "y" * 32).status_code == 200
    owner.grants.clear()
    make.grant(owner, "teacher")
    for url in ("/jobs/" + "y" * 32, "/jobs/" + "y" * 32 + "/file"):
        assert client.get(url).status_code == 404, url


# --- issue 15, finding 8: imports at once, uploads removed, no job left "writing" ---------


def _jobs(make, n, status, start=0):
    from datetime import timedelta

    from portal.core.models.base import utcnow

    owner = make.user()
    for i in range(start, start + n):
        created_at = utcnow() - timedelta(minutes=5 - i)
        make.job(owner, f"{i:032d}", kind="grades", status=status, created_at=created_at)


def test_more_imports_than_the_limit_wait_in_the_queue_shown_as_n_ahead(
    app, client, make, login, db, tmp_path
):
    """JOB_LIMITS["import"] = 2 run at once; a further upload is kept and waits its turn
    behind the two queued before it, and runs when they have."""
    from portal.core.models import ImportJob, Student

    with app.app_context():
        assert queue.limit("import") == 2
    _jobs(make, 2, "running")
    _jobs(make, 2, "queued", start=2)
    login(make.office("JOB4"))
    roster = roster_xlsx(tmp_path / "r.xlsx", roster_row("2023099001"))
    response = post_import(client, "students", roster)
    assert response.status_code == 303
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "排队中，前面还有 2 个。" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="progress"')
    assert f'hx-get="{url.removeprefix("https://localhost")}"' in fragment
    assert "排队中，前面还有 2 个。" in fragment and "<meta" not in fragment
    job_id = url.rsplit("/", 1)[1]
    assert db.session.get(ImportJob, job_id).status == "queued"
    assert db.session.query(StoredFile).count() == 1  # kept for its turn
    for earlier in db.session.query(ImportJob).filter(ImportJob.id != job_id):
        earlier.status = "done"
    db.session.flush()
    with app.app_context():
        queue._run(job_id, "zh_CN")  # its message comes back: now a slot is free
    assert db.session.query(Student).filter_by(student_no="2023099001").count() == 1
    page = client.get(url).get_data(as_text=True)
    assert "新增 1" in page and "<meta http-equiv" not in page
    assert db.session.query(StoredFile).count() == 0


def test_a_running_job_shows_rows_step_and_percent_with_and_without_js(
    app, client, make, login, db
):
    from portal.core.models import ImportJob

    user = make.office("JOB8")
    make.running_job(
        user,
        "p" * 32,
        kind="grades",
        filename="g.xlsx",
        step="writing",
        rows_read=20000,
        percent=90,
        attempts=2,
    )
    login(user)
    page = client.get("/imports/jobs/" + "p" * 32).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert '<progress max="100" value="90"' in page and "90%" in page
    fragment = client.get("/imports/jobs/" + "p" * 32, headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert 'hx-trigger="load delay:1s"' in fragment and 'value="90"' in fragment
    assert "<html" not in fragment
    db.session.get(ImportJob, "p" * 32).step = "reading"
    db.session.flush()
    fragment = client.get("/imports/jobs/" + "p" * 32, headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "20000" in fragment
    db.session.get(ImportJob, "p" * 32).step = "printing"  # a batch of notices
    db.session.flush()
    fragment = client.get("/imports/jobs/" + "p" * 32, headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "正在准备通知书：已完成 20000 份" in fragment


def test_a_job_whose_worker_died_is_run_again_or_ends_failed_with_the_reason(
    app, client, make, login, db, tmp_path
):
    """No heartbeat for a lease: the job is queued again (and here runs at once); after
    JOB_MAX_ATTEMPTS runs it ends failed with the reason and its upload is removed."""
    from datetime import timedelta

    from portal.core import uploads
    from portal.core.models import ImportJob, Student
    from portal.core.models.base import utcnow

    user = make.office("JOB5")
    long_ago = utcnow() - timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)
    roster = roster_xlsx(tmp_path / "r.xlsx", roster_row("2023099002"))
    again = uploads.store(roster.read_bytes())
    dead = uploads.store(b"x")
    for job_id, kind, filename, path, attempts in (
        ("a" * 32, "students", "r.xlsx", again, 1),
        ("d" * 32, "grades", "d.xlsx", dead, 3),
    ):
        make.running_job(
            user,
            job_id,
            kind=kind,
            filename=filename,
            stored_path=path,
            attempts=attempts,
            claim="c" * 32,
            updated_at=long_ago,
        )
    with app.app_context():
        assert queue.reap() == 2
    rerun, failed = db.session.get(ImportJob, "a" * 32), db.session.get(ImportJob, "d" * 32)
    assert rerun.status == "done" and rerun.attempts == 2
    assert db.session.query(Student).filter_by(student_no="2023099002").count() == 1
    assert failed.status == "failed" and failed.result["reason"] == "its worker stopped 3 times"
    assert db.session.query(StoredFile).count() == 0
    login(user)
    page = client.get("/imports/jobs/" + "d" * 32).get_data(as_text=True)
    assert "导入未完成" in page and "its worker stopped 3 times" in page


def _bad_roster(tmp_path):
    return roster_xlsx(tmp_path / "bad.xlsx", roster_row(None))


def _huge_row(tmp_path):
    from ..xlsx_files import ROSTER_HEADER, huge_row_xlsx

    return huge_row_xlsx(tmp_path / "huge.xlsx", ROSTER_HEADER, 5000)


def _good_roster(tmp_path):
    return roster_xlsx(tmp_path / "good.xlsx", roster_row("2023099003"))


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (_good_roster, "新增 1"),
        (_bad_roster, "未导入任何数据"),
        (_huge_row, "第 2 行超过 1,000 个单元格"),
        (_good_roster, "导入未完成"),
    ],
    ids=["imported", "bad rows", "huge row refused", "crashed while writing"],
)
def test_finding_8_the_upload_is_removed_and_the_job_ended_whatever_happens(
    app, client, make, login, db, tmp_path, monkeypatch, build, expected
):
    import dataclasses

    from portal.core.models import ImportJob

    if expected == "导入未完成":

        def crash(records):
            raise RuntimeError("the disk is full")

        store = app.extensions["portal.import_kinds"]
        monkeypatch.setitem(store, "students", dataclasses.replace(store["students"], write=crash))
    login(make.office("JOB6"))
    response = post_import(client, "students", build(tmp_path))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert expected in page
    [job] = db.session.query(ImportJob).all()
    assert job.status in ("done", "failed")
    assert db.session.get(StoredFile, job.stored_path) is None
    assert db.session.query(StoredFile).count() == 0


def test_finding_8_a_job_crashing_while_writing_in_the_background_ends_failed(
    tmp_path, monkeypatch
):
    """In a worker thread, past the "writing" progress mark: the job ends failed, not
    "writing", and its upload is removed."""
    import dataclasses

    from portal.core.models import ImportJob

    def crash(records):
        raise MemoryError

    app = _queued_app(tmp_path, "crash")
    with app.app_context():
        Factory(app, db).office("JOB7")
        db.session.commit()
    store = app.extensions["portal.import_kinds"]
    monkeypatch.setitem(store, "students", dataclasses.replace(store["students"], write=crash))
    client = app.test_client()
    client.post("/login", data={"username": "JOB7", "password": TEST_PASSWORD})
    consumer = _consumer(app)
    response = post_import(client, "students", _good_roster(tmp_path))
    page = ""
    for _ in range(200):
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        if "导入未完成" in page:
            break
        time.sleep(0.05)
    assert "导入未完成" in page
    with app.app_context():
        [job] = db.session.query(ImportJob).all()
        assert job.status == "failed" and job.result["reason"].startswith("MemoryError")
        assert db.session.query(StoredFile).count() == 0
        db.engine.dispose()
    consumer.stop(graceful=True)


def test_nightly_work_runs_once_however_many_workers_are_due(tmp_path):
    """Every worker's scheduler enqueues the periodic tasks; a record per due time lets the
    first run it and the others skip (the retention purge at 02:30)."""
    from portal.core.models import ImportJob

    app = _queued_app(tmp_path, "nightly")
    assert queue.PERIODIC["retention"][0] == {"hour": "2", "minute": "30"}
    with app.app_context():
        assert [queue._once("retention") for _ in range(3)] == [True, False, False]
        [record] = db.session.query(ImportJob).filter_by(task="retention").all()
        assert record.status == "done"
        db.engine.dispose()


def test_the_reaper_gives_way_to_a_writer_and_reaps_the_next_minute(app, monkeypatch, caplog):
    """On SQLite the reaper's read cannot become a write while an import writes: that
    minute's reaper logs one line, no traceback, and leaves the work to the next."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def locked():
        raise OperationalError("DELETE …", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(queue, "reap", locked)
    with app.app_context(), caplog.at_level("INFO"):
        queue.reap_unless_busy()
    assert "the database is busy" in caplog.text and "Traceback" not in caplog.text

    def broken():
        raise OperationalError("SELECT …", {}, sqlite3.OperationalError("no such table: x"))

    monkeypatch.setattr(queue, "reap", broken)
    with app.app_context(), pytest.raises(OperationalError):
        queue.reap_unless_busy()
