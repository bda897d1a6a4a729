"""The roster page, the "why" tab and the export: scoped, filtered, with and without HTMX."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.core.i18n import N_, kept
from portal.core.models import ImportJob, Notification
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import Run


@pytest.fixture
def roster_setup(make, grades, db):
    college = make.college("测试学院")
    class_a = make.school_class(make.major(college), "A班")
    class_b = make.school_class(make.major(college), "B班")
    warned_a = make.student(class_a, name="甲警示")
    warned_b = make.student(class_b, name="乙警示")
    fine = make.student(class_a, name="丙正常")
    for student, score in ((warned_a, 30), (warned_b, 40), (fine, 90)):
        grades(student, "2024-2025-1", [("A", 4, score, "regular"), ("B", 16, 90, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"), college_id=college.id)
    run.status = "published"
    return dict(
        college=college,
        class_a=class_a,
        class_b=class_b,
        warned_a=warned_a,
        warned_b=warned_b,
        fine=fine,
        run=run,
    )


def test_secretary_sees_the_whole_college_with_counts(client, make, login, roster_setup):
    login(make.user("W01", role="secretary", scope=roster_setup["college"]))
    page = client.get("/warnings/").get_data(as_text=True)
    assert "甲警示" in page and "乙警示" in page and "丙正常" not in page
    assert "橙色预警 2" in page


def test_advisor_sees_only_their_class(client, make, login, roster_setup):
    login(make.user("W02", role="class_advisor", scope=roster_setup["class_a"]))
    page = client.get("/warnings/").get_data(as_text=True)
    assert "甲警示" in page and "乙警示" not in page


def test_filters_work_as_plain_links_and_as_htmx_fragments(client, make, login, roster_setup):
    login(make.user("W03", role="secretary", scope=roster_setup["college"]))
    url = f"/warnings/?class={roster_setup['class_b'].id}"
    full = client.get(url).get_data(as_text=True)
    assert "<html" in full and "乙警示" in full and "甲警示" not in full
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="results">') and "乙警示" in fragment
    assert len(fragment.encode()) < 5 * 1024


def test_search_by_number(client, make, login, roster_setup):
    login(make.user("W04", role="secretary", scope=roster_setup["college"]))
    number = roster_setup["warned_b"].student_no
    page = client.get(f"/warnings/?q={number}").get_data(as_text=True)
    assert "乙警示" in page and "甲警示" not in page


def test_roster_page_uses_a_constant_number_of_queries(
    app, client, make, login, grades, roster_setup, db
):
    from sqlalchemy import event

    login(make.user("W05", role="secretary", scope=roster_setup["college"]))
    counts = []
    for extra in (0, 30):
        for _ in range(extra):
            s = make.student(roster_setup["class_a"])
            grades(s, "2024-2025-1", [("A", 4, 20, "regular"), ("B", 16, 90, "regular")])
        compute_run(
            make.term("2024-2025-1"), rulesets.load("anshan"), college_id=roster_setup["college"].id
        )
        statements = []

        def count(*args, seen=statements, **kwargs):
            seen.append(1)

        event.listen(db.session.get_bind(), "before_cursor_execute", count)
        client.get("/warnings/?sort=name")
        event.remove(db.session.get_bind(), "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_why_tab_shows_conditions_and_courses(client, make, login, roster_setup):
    student = roster_setup["warned_a"]
    login(make.student_user(student))
    page = client.get(f"/warnings/students/{student.id}").get_data(as_text=True)
    assert "本学期不及格学分比例 0.20 ≥ 0.25" not in page
    assert "不及格学分比例" in page and "课程A" in page
    assert "不是处分" in page or "帮助" in page


def test_student_cannot_open_another_students_why_tab(client, make, login, roster_setup):
    login(make.student_user(roster_setup["warned_a"]))
    response = client.get(f"/warnings/students/{roster_setup['warned_b'].id}")
    assert response.status_code == 404
    assert "乙警示" not in response.get_data(as_text=True)


def test_student_opening_the_roster_lands_on_their_own_tab(client, make, login, roster_setup):
    student = roster_setup["warned_a"]
    login(make.student_user(student))
    response = client.get("/warnings/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/warnings/students/{student.id}")


def _only_class_a_exported_and_audited(db, download):
    from portal.core.models import AuditEvent

    rows = list(load_workbook(BytesIO(download.data)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["甲警示"]
    [audited] = db.session.query(AuditEvent).filter_by(action="export")
    assert audited.detail.startswith("rows=1 file=")


def test_export_from_the_page_is_scoped_and_audited(client, make, login, roster_setup, db):

    login(make.user("W06", role="secretary", scope=roster_setup["college"]))
    response = client.get(f"/warnings/export?class={roster_setup['class_a'].id}")
    _only_class_a_exported_and_audited(db, response)


def test_counselor_cannot_export_or_compute(client, make, login, roster_setup):
    login(make.user("W07", role="counselor", scope=roster_setup["college"]))
    assert client.get("/warnings/export").status_code == 403
    assert client.get("/warnings/compute").status_code == 403


def _compute(client, make, roster_setup):
    """The logged-in user asks for the college's anshan roster of 2024-2025-1."""
    college_id, term_id = roster_setup["college"].id, make.term("2024-2025-1").id
    form = {"term": str(term_id), "college": str(college_id), "ruleset": "anshan"}
    return client.post("/warnings/compute", data=form)


def test_secretary_computes_from_the_page(client, make, login, roster_setup, db):
    login(make.user("W08", role="secretary", scope=roster_setup["college"]))
    response = _compute(client, make, roster_setup)
    assert response.status_code == 303
    # A queue job (run at once in the tests); its page goes on to the run.
    assert "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "评估 3 名学生" in page or "3" in page


# --- issue 20: computing is a queue job; its page follows the progress, then the run ------


def test_computing_is_a_job_whose_page_goes_on_to_the_run(client, make, login, roster_setup, db):
    user = make.user("CJ1", role="secretary", scope=roster_setup["college"])
    login(user)
    response = _compute(client, make, roster_setup)
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    job = db.session.get(ImportJob, response.headers["Location"].rsplit("/", 1)[1])
    assert job.task == "warnings.compute" and job.status == "done" and job.percent == 100
    run = db.session.get(Run, job.result["run_id"])
    page = client.get(response.headers["Location"])
    assert page.status_code == 303 and page.headers["Location"] == f"/warnings/runs/{run.id}"
    fragment = client.get(response.headers["Location"], headers={"HX-Request": "true"})
    assert f"/warnings/runs/{run.id}" in fragment.headers["HX-Location"]
    assert "评估 3 名学生" in client.get(page.headers["Location"]).get_data(as_text=True)
    [note] = db.session.query(Notification).filter_by(user_id=user.id).all()
    assert note.link == f"/jobs/{job.id}"


def test_a_computation_started_in_english_is_named_in_the_readers_language(
    client, make, login, roster_setup, db
):
    """The job's name is kept as words, not as its starter's English: the notification of
    its end reads in Chinese once its reader reads Chinese."""
    user = make.user("CJ4", role="secretary", scope=roster_setup["college"], locale="en")
    login(user)
    _compute(client, make, roster_setup)
    assert "Your job “Roster of 2024–2025 term 1” is done." in client.get(
        "/notifications/"
    ).get_data(as_text=True)
    user.locale = "zh_CN"
    db.session.flush()
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "您的任务“2024-2025学年第1学期预警名单”已完成。" in listing
    assert "Roster of" not in listing


def test_a_running_computations_page_names_it_in_the_readers_language(client, make, login, db):
    """Its title as kept words, said for each reader; an older job's name, stored as words,
    is shown as it was stored."""
    user = make.user("CJ5", role="secretary", locale="en")
    title = kept(N_("Roster of %(term)s"), term="2024-2025-1")
    computing = dict(task="warnings.compute", kind="", filename="", step="computing")
    make.running_job(user, "d" * 32, params={"title": title}, **computing)
    older = dict(computing, filename="Roster of 2023–2024 term 2")
    make.running_job(user, "e" * 32, **older)
    login(user)
    assert "<h1>Roster of 2024–2025 term 1</h1>" in client.get("/jobs/" + "d" * 32).get_data(
        as_text=True
    )
    user.locale = "zh_CN"
    db.session.flush()
    page = client.get("/jobs/" + "d" * 32).get_data(as_text=True)
    assert "<h1>2024-2025学年第1学期预警名单</h1>" in page and "Roster of" not in page
    assert "<h1>Roster of 2023–2024 term 2</h1>" in client.get("/jobs/" + "e" * 32).get_data(
        as_text=True
    )


def test_a_running_computation_shows_its_percentage_with_and_without_js(client, make, login, db):
    user = make.user("CJ2", role="secretary")
    computing = dict(task="warnings.compute", kind="", filename="2024-2025-1", step="computing")
    make.running_job(user, "c" * 32, rows_read=12000, percent=66, **computing)
    login(user)
    url = "/jobs/" + "c" * 32
    page = client.get(url).get_data(as_text=True)
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "正在计算：已完成 12000 名学生" in page and 'value="66"' in page
    assert "<html" not in fragment and 'hx-trigger="load delay:1s"' in fragment
    login(make.user("CJ3", role="secretary"))
    assert client.get(url).status_code == 404  # another user's job


def test_the_computation_reports_its_progress(make, roster_setup, db):
    heard = []
    compute_run(
        make.term("2024-2025-1"),
        rulesets.load("anshan"),
        college_id=roster_setup["college"].id,
        progress=lambda step, **values: heard.append((step, values["percent"])),
    )
    assert heard[0] == ("computing", 0) and ("computing", 50) in heard
    assert heard[-1] == ("computing", 90)


def _when_done(client, job_url):
    """The job's page once it goes on to its result (a real worker: polled)."""
    import time

    response = client.get(job_url)
    for _ in range(600):
        if response.status_code == 303:
            break
        time.sleep(0.05)
        response = client.get(job_url)
    return response


def test_a_computation_on_a_real_worker_ends_at_its_run(tmp_path):
    """A real consumer (threads, SQLite job store and database): the computation writes its
    progress from its own connection while it reads, then its run, without locking itself
    out (the SQLite write lock is taken after the last report)."""
    from portal.extensions import db as _db

    from ...conftest import TEST_PASSWORD
    from ...core.test_import_jobs import _consumer, _queued_app
    from ...factories import Factory

    app = _queued_app(tmp_path, "compute")
    with app.app_context():
        make = Factory(app, _db)
        college = make.college("队列学院")
        klass = make.school_class(make.major(college), "Q班")
        term = make.term("2024-2025-1")
        for _ in range(5):
            student = make.student(klass)
            make.grade(student, term, "A", 16, 30, absent=False)
        make.user("CJ9", role="secretary", scope=college)
        _db.session.commit()
        term_id, college_id = term.id, college.id
    consumer = _consumer(app)
    client = app.test_client()
    client.post("/login", data={"username": "CJ9", "password": TEST_PASSWORD})
    job_url = client.post(
        "/warnings/compute",
        data={"term": str(term_id), "college": str(college_id), "ruleset": "anshan"},
    ).headers["Location"]
    response = _when_done(client, job_url)
    assert response.status_code == 303 and "/warnings/runs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "评估 5 名学生" in page
    # A large export, built in the worker as the user who asked.
    app.config["EXPORT_JOB_ROWS"] = 0
    offer = client.get(f"/warnings/export?term={term_id}")  # a GET only offers the job
    assert offer.status_code == 200 and 'method="post"' in offer.get_data(as_text=True)
    job_url = client.post(f"/warnings/export?term={term_id}").headers["Location"]
    response = _when_done(client, job_url)
    book = load_workbook(BytesIO(client.get(response.headers["Location"]).data))
    assert len(list(book.active.iter_rows(values_only=True))) >= 1 + 5
    # The roster published, its notices printed at once: prepared in the worker, the page
    # rendered there as the user who asked, opened from the job's page.
    from portal.modules.warnings.lifecycle import transition

    with app.app_context():
        run = _db.session.scalars(_db.select(Run)).one()
        transition(run, "submit", user_id=make.user("CJ8", role="secretary", scope=college).id)
        transition(run, "approve", user_id=make.user("CJ7", role="leader", scope=college).id)
        _db.session.commit()
        run_id = run.id
    app.config["PRINT_JOB_NOTICES"] = 0
    job_url = client.post(f"/warnings/notices/print?run={run_id}").headers["Location"]
    response = _when_done(client, job_url)
    consumer.stop()
    # The file is sent as stored, not compressed in memory (it answered 500 when asked gzip).
    gzip_ok = {"Accept-Encoding": "gzip, deflate"}
    page = client.get(response.headers["Location"], headers=gzip_ok).get_data(as_text=True)
    assert page.count('class="notice-part"') == 3 * 5 and "家长回执" in page
    with app.app_context():
        _db.engine.dispose()


def test_a_large_export_is_a_job_whose_file_keeps_the_filters_and_is_audited_once(
    app, client, make, login, roster_setup, db, monkeypatch
):
    """Above EXPORT_JOB_ROWS the roster is built by a queue job as the user who asked, with
    their filters; the job's page hands out the file, audited at the download."""

    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 0)
    login(make.user("W16", role="secretary", scope=roster_setup["college"]))
    response = client.post(f"/warnings/export?class={roster_setup['class_a'].id}")
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    job_page = client.get(response.headers["Location"])
    assert job_page.status_code == 303 and job_page.headers["Location"].endswith("/file")
    download = client.get(job_page.headers["Location"])
    _only_class_a_exported_and_audited(db, download)
    login(make.user("W17", role="secretary", scope=roster_setup["college"]))
    assert client.get(job_page.headers["Location"]).status_code == 404  # not their job


def test_a_large_exports_offer_and_notification_name_it_in_the_readers_words(
    app, client, make, login, roster_setup, monkeypatch
):
    """Walk finding 13 and 18: named by words said for each reader, not its Chinese file."""
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 0)
    login(make.user("W18", role="secretary", scope=roster_setup["college"], locale="en"))
    url = f"/warnings/export?term={roster_setup['run'].term_id}"
    name = "Academic warning roster of 2024–2025 term 1 (workbook)"
    assert f"<h1>{name}</h1>" in client.get(url).get_data(as_text=True)
    client.post(url)
    listing = client.get("/notifications/").get_data(as_text=True)
    assert f"Your job “{name}” is done." in listing and ".xlsx" not in listing


def test_the_compute_form_names_the_colleges_own_ruleset(client, make, login, roster_setup):
    """ "The college's own ruleset" said nothing of which one: for one college it is named."""
    from portal.modules.warnings import rulesets

    rulesets.assign(roster_setup["college"], "shaoxing")
    login(make.user("W40", role="secretary", scope=roster_setup["college"]))
    page = client.get("/warnings/compute").get_data(as_text=True)
    name = rulesets.ruleset_row("shaoxing").definition["names"]["zh"]
    assert re.search(rf'<option[^>]*value="">学院自己的规则集：{re.escape(name)}</option>', page)
