"""My background jobs (/jobs/): what a user asked the portal to prepare over the last day,
found again without its notification — each job's page, its file while it is kept; never
another user's job, nor one whose right the user no longer holds."""

from datetime import timedelta

from portal.core import uploads
from portal.core.models.base import utcnow


def _page(client) -> str:
    response = client.get("/jobs/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_user_finds_their_jobs_of_the_day_with_their_files(client, make, login, db):
    secretary = make.user("MJ1", role="secretary")
    kept = uploads.store(b"xlsx")
    export = {"file": kept, "filename": "roster.xlsx", "rows": 3}
    make.job(secretary, "e" * 32, task="warnings.export", status="done", result=export)
    gone = {"file": "missing", "filename": "old.xlsx", "rows": 3}
    make.job(secretary, "g" * 32, task="warnings.export", status="done", result=gone)
    make.job(secretary, "i" * 32, filename="名单.xlsx", status="failed", result={})
    make.job(secretary, "o" * 32, filename="去年.xlsx", created_at=utcnow() - timedelta(days=2))
    login(secretary)
    page = _page(client)
    assert f'href="/jobs/{"e" * 32}/file"' in page and "下载" in page
    assert "文件已不再保留" in page and f"/jobs/{'g' * 32}/file" not in page
    assert f'href="/imports/jobs/{"i" * 32}">名单.xlsx</a>' in page and "未完成" in page
    assert "去年.xlsx" not in page  # older than the day a result is kept


def test_no_one_else_sees_a_users_jobs_nor_a_job_whose_right_is_gone(client, make, login, db):
    owner = make.user("MJ2", role="secretary")
    result = {"file": uploads.store(b"xlsx"), "filename": "roster.xlsx", "rows": 1}
    make.job(owner, "r" * 32, task="warnings.export", status="done", result=result)
    login(make.user("MJ3", role="secretary"))
    assert "r" * 32 not in _page(client)
    login(owner)
    assert "r" * 32 in _page(client)
    owner.grants.clear()
    make.grant(owner, "teacher")
    db.session.commit()
    page = _page(client)
    assert "r" * 32 not in page and "过去一天里没有" in page


def test_the_list_is_linked_from_notifications_and_reads_in_english(client, make, login, db):
    user = make.user("MJ4", role="secretary", locale="en")
    make.job(user, "q" * 32, task="warnings.export", status="queued")
    login(user)
    assert 'href="/jobs/"' in client.get("/notifications/").get_data(as_text=True)
    page = _page(client)
    assert "My background jobs" in page and "Queued" in page
    assert "Download it" not in page and f'href="/jobs/{"q" * 32}">' in page


def test_the_list_reads_its_jobs_and_files_at_once(client, make, login, db):
    """No statement a job: as many for twelve jobs with files as for two."""
    from functools import partial

    from ..followup import statements_during

    counts = []
    for n in (2, 12):
        user = make.user(f"MJ{n}N", role="secretary")
        for i in range(n):
            result = {"file": uploads.store(b"x"), "filename": f"{i}.xlsx", "rows": 1}
            make.job(user, f"{n:02d}{i:030d}", task="warnings.export", status="done", result=result)
        login(user)
        client.get("/jobs/")  # the first request of a login reads more
        counts.append(statements_during(db, partial(client.get, "/jobs/")))
    assert counts[0] == counts[1]


def test_a_student_is_greeted_with_ni_and_offered_no_background_jobs(client, make, login, db):
    """A student has no background jobs, and reads 你 (walk: "董琪，您好")."""
    student = make.student_user(make.student(make.school_class(), name="董琪"))
    login(student)
    home = client.get("/").get_data(as_text=True)
    assert "你好" in home and "您好" not in home
    assert 'href="/jobs/"' not in client.get("/notifications/").get_data(as_text=True)


def _status_cells(page: str, name: str) -> list[str]:
    """The state a list gives the row of the job named `name` (its last cell but one on
    /jobs/, its last on /imports/)."""
    import re

    row = re.search(rf"<tr>\s*<td><a [^>]*>{re.escape(name)}</a>.*?</tr>", page, re.S).group(0)
    return [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]


def test_a_refused_import_reads_not_imported_on_both_lists_a_crashed_one_did_not_finish(
    client, make, login, db
):
    """An outside tester's finding: /jobs/ said 未完成 of an upload the imports list (and its
    notification) said 未导入. Rows to correct: not imported, on both lists; a run that
    crashed: did not finish, on both, as its notification says."""
    secretary = make.user("MJ5", role="secretary")
    refused = {"error_count": 2, "error_rows": 1, "whole_file": False, "errors": []}
    make.job(secretary, "x" * 32, filename="坏名单.xlsx", status="failed", result=refused)
    crashed = {"errors": [], "crashed": True, "reason": "OSError: disk"}
    make.job(secretary, "y" * 32, filename="断了.xlsx", status="failed", result=crashed)
    login(secretary)
    jobs, imports = _page(client), client.get("/imports/").get_data(as_text=True)
    assert _status_cells(jobs, "坏名单.xlsx")[2] == "未导入"
    assert _status_cells(imports, "坏名单.xlsx")[-1] == "未导入"
    assert _status_cells(jobs, "断了.xlsx")[2] == "未完成"
    assert _status_cells(imports, "断了.xlsx")[-1] == "未完成"
