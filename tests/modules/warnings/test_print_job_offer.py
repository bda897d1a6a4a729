"""Walk finding 13: the page offering a print too large for a request is one a user can come
back to. It names the work in words (not its file name), says truthfully where the result
will be, and links to the same batch prepared from the same address within the day its
file is kept (opened through the step-up, the export limit and the audit like any job's
file). The job's notification names it in the reader's language."""

from portal.core import uploads
from portal.core.models import ImportJob

from ...print_pages import printed_exports, stale


def _big_print(app, monkeypatch):
    monkeypatch.setitem(app.config, "PRINT_JOB_NOTICES", 1)


def _url(published):
    return f"/warnings/notices/print?term={published['run'].term_id}"


def test_the_offer_names_the_print_in_words_not_its_file(
    app, client, login, make, published, monkeypatch
):
    _big_print(app, monkeypatch)
    school_class = published["first"].school_class
    login(make.user("PO1", role="counselor", scope=school_class, locale="en"))
    page = client.get(_url(published)).get_data(as_text=True)
    assert "<h1>Academic warning notices of 2024–2025 term 1 to print (2)</h1>" in page
    assert "学业警示通知书-2.html" not in page
    assert "imports page" not in page and "a notification tells you" in page


def test_coming_back_to_the_print_links_to_the_batch_prepared(
    app, client, login, make, db, published, monkeypatch
):
    _big_print(app, monkeypatch)
    login(published["counselor"])
    url = _url(published)
    assert "/jobs/" not in client.get(url).get_data(as_text=True)  # nothing prepared yet
    job_id = client.post(url).headers["Location"].rsplit("/", 1)[1]
    again = client.get(url).get_data(as_text=True)
    assert f'href="/jobs/{job_id}/file"' in again and "开始准备" not in again
    # Opened from here, the batch is a bulk export as from its job: step-up, then audited.
    stale(client)
    assert client.get(f"/jobs/{job_id}/file").headers["Location"].startswith("/confirm")
    assert printed_exports(db) == []
    client.post(f"/confirm?next=/jobs/{job_id}/file", data={"password": "correct horse battery"})
    printed = client.get(f"/jobs/{job_id}/file")
    assert printed.status_code == 200 and "甲同学" in printed.get_data(as_text=True)
    assert len(printed_exports(db)) == 1
    # Another address (one part only) is another batch; another user sees none of theirs.
    assert "/jobs/" not in client.get(url + "&part=parent").get_data(as_text=True)
    login(make.user("PO2", role="counselor", scope=published["first"].school_class))
    assert "/jobs/" not in client.get(url).get_data(as_text=True)
    # Its file purged (a day later), the batch is no longer offered.
    login(published["counselor"])
    uploads.remove(db.session.get(ImportJob, job_id).result["file"])
    assert "/jobs/" not in client.get(url).get_data(as_text=True)


def test_a_print_being_prepared_is_followed_not_asked_again(
    app, client, login, make, published, monkeypatch
):
    _big_print(app, monkeypatch)
    counselor = published["counselor"]
    login(counselor)
    term = str(published["run"].term_id)
    origin = {"path": "/warnings/notices/print", "args": {"term": [term]}, "offered": True}
    make.running_job(
        counselor, "f" * 32, task="warnings.print_notices", kind="", params=origin, step="printing"
    )
    offer = client.get(_url(published)).get_data(as_text=True)
    assert f'href="/jobs/{"f" * 32}"' in offer and 'method="post"' not in offer.split("<main")[1]
    progress = client.get("/jobs/" + "f" * 32).get_data(as_text=True)
    assert "导入页面" not in progress  # the imports page never lists a print
    assert f'href="/warnings/notices/print?term={term}"' in progress


def test_only_an_imports_page_says_its_result_stays_on_the_imports_page(client, login, make):
    user = make.user("PO3", role="secretary")
    make.running_job(user, "a" * 32)  # an import
    make.running_job(user, "b" * 32, task="warnings.compute", kind="", step="computing")
    login(user)
    assert "导入页面" in client.get("/imports/jobs/" + "a" * 32).get_data(as_text=True)
    computing = client.get("/jobs/" + "b" * 32).get_data(as_text=True)
    assert "导入页面" not in computing and "/warnings/notices/print" not in computing


def test_the_print_jobs_notification_names_it_in_the_readers_language(
    app, client, login, make, db, published, monkeypatch
):
    """Started on an English page: the notification reads in English, not with the
    Chinese file name; its reader switched to Chinese, the term reads in Chinese."""
    _big_print(app, monkeypatch)
    user = make.user("PO4", role="counselor", scope=published["first"].school_class, locale="en")
    login(user)
    client.post(_url(published))
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "Your job “Academic warning notices of 2024–2025 term 1 to print (2)” is done." in (
        listing
    )
    assert "学业警示通知书-2.html" not in listing
    user.locale = "zh_CN"
    db.session.flush()
    assert "2024-2025学年第1学期" in client.get("/notifications/").get_data(as_text=True)
