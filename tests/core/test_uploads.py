"""Uploads live in the database (issue 20): any app host's worker reads what another host
received, nothing is left on the receiving host's disk, and the upload goes when its job
ends, whatever the end."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_migrate import upgrade
from werkzeug.datastructures import FileStorage

from portal import create_app
from portal.core import jobs, queue, uploads
from portal.core.models import GradeRecord, ImportJob, Student
from portal.core.models.uploads import StoredFile
from portal.extensions import db as _db

from ..conftest import TEST_CONFIG
from ..factories import Factory
from ..xlsx_files import GRADES_HEADER, ROSTER_HEADER, grade_row, roster_row, write_xlsx


def stored(db) -> int:
    return db.session.query(StoredFile).count()


def upload(client, kind: str, path):
    with open(path, "rb") as handle:
        return client.post(
            f"/imports/{kind}",
            data={"file": (handle, path.name)},
            content_type="multipart/form-data",
        )


def test_an_upload_received_by_one_host_is_imported_by_another(tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path}/shared.sqlite3"

    def host(name: str):
        monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path / name))
        return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database})

    host_a, host_b = host("a"), host("b")
    roster = write_xlsx(
        tmp_path / "r.xlsx", [ROSTER_HEADER, roster_row("2023000001"), roster_row("2023000002")]
    )
    with host_a.test_request_context():
        upgrade()
        user = Factory(host_a, _db).office("HOSTA")
        with open(roster, "rb") as handle:
            upload_id = jobs.store_upload(FileStorage(handle, "r.xlsx"))
        _db.session.add(
            ImportJob(
                id="j" * 32,
                kind="students",
                filename="r.xlsx",
                stored_path=upload_id,
                user_id=user.id,
            )
        )
        _db.session.commit()
    # Nothing but its generated data key on host A's disk: the upload is in the database.
    assert {p.name for p in (tmp_path / "a").rglob("*")} == {"data_key"}
    with host_b.test_request_context():
        queue._run("j" * 32, "zh_CN")  # a worker on host B
        assert _db.session.query(Student).count() == 2
        assert _db.session.get(ImportJob, "j" * 32).status == "done"
        assert _db.session.query(StoredFile).count() == 0
    for application in (host_a, host_b):
        with application.app_context():
            _db.engine.dispose()


def test_the_upload_is_removed_when_the_import_succeeds_or_is_refused(
    client, make, login, db, tmp_path
):
    login(make.office("UPL1"))
    good = write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER, roster_row("2023000101")])
    assert upload(client, "students", good).status_code == 303
    assert db.session.query(Student).filter_by(student_no="2023000101").count() == 1
    bad = write_xlsx(tmp_path / "g.xlsx", [GRADES_HEADER, grade_row("9999999")])
    assert upload(client, "grades", bad).status_code == 303
    assert db.session.query(GradeRecord).count() == 0
    assert stored(db) == 0


def test_the_upload_is_removed_when_the_import_crashes(
    client, make, login, db, tmp_path, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(jobs, "run_import", crash)
    login(make.office("UPL2"))
    response = upload(client, "students", write_xlsx(tmp_path / "r.xlsx", [ROSTER_HEADER]))
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert db.session.get(ImportJob, job_id).status == "failed"
    assert stored(db) == 0


def test_an_upload_whose_job_never_ended_is_purged_by_a_later_one(app, db):
    with app.test_request_context():
        orphan = uploads.store(b"left by a killed worker")
        db.session.get(StoredFile, orphan).created_at -= uploads.ORPHAN_AFTER + timedelta(minutes=1)
        db.session.flush()
        recent = uploads.store(b"a live job's")
        assert db.session.get(StoredFile, orphan) is None
        assert uploads.open(recent).read() == b"a live job's"
        assert uploads.purge(older_than=timedelta(0), keep=[recent]) == 0  # a live job's
        assert db.session.get(StoredFile, recent) is not None
        with uploads.as_file(recent) as path:
            assert path.read_bytes() == b"a live job's"
        assert not path.exists()
        uploads.remove(recent)
        assert stored(db) == 0
