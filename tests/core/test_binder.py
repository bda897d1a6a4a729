"""The term binder of a class (issue 18; lzut §五.1, gxu (4) 材料归档): every talk and parent
record, the meeting minutes and the pairing list of the class's students in the term, in
order, each on its own page; printed, or exported as a workbook or a zip of the pages.
Modules contribute sections through the contract; the core names none of them."""

import io
import re
import zipfile
from datetime import datetime

import pytest
from flask import Blueprint
from openpyxl import load_workbook

from portal.core import binder
from portal.core.modules import BinderSection, Module, ModuleError, Registry, _check_references
from portal.modules.parents.models import Contact
from portal.modules.peer_help.models import Pairing
from portal.modules.talks.models import Talk

from ..modules.parents.test_parents import contact, guardian_of
from ..modules.talks.test_meetings_and_support import minutes
from ..modules.talks.test_talks import form
from ..print_pages import back_link, check_bulk_print, path_and_query, printed_exports, stale

PAGE = re.compile(r'<section class="form-page ([\w-]+)')


@pytest.fixture
def filed(client, login, make, db, followup):
    """Two talks and a parent contact in the autumn term, a meeting, a pairing; a talk in
    the spring before (another term) and one with a student of another class."""

    term = make.term("2026-2027-1")
    login(followup.counselor)
    for student, day in ((followup.red, "2026-09-20"), (followup.yellow, "2026-09-15")):
        assert (
            client.post(
                f"/talks/students/{student.id}/new", data=form(held_on=day, place="办公室")
            ).status_code
            == 303
        )
    # Before the warning began: no form takes that day (core.support_floor), an older record
    # (of an earlier warning) may hold it.
    spring = Talk(student_id=followup.red.id, held_at=datetime(2026, 5, 10), method="face")
    spring.talker_role, spring.talkers, spring.content = "counselor", "陈辅导员", "春季谈话"
    db.session.add(spring)
    assert (
        client.post(
            f"/parents/students/{followup.red.id}/new", data=contact(guardian_of(db, followup.red))
        ).status_code
        == 303
    )
    assert (
        client.post(
            "/talks/meetings/new", data=minutes(followup.red, followup.orange, held_on="2026-09-12")
        ).status_code
        == 303
    )
    make.pairing(
        make.volunteer(make.student(followup.school_class, name="志愿者小王")), followup.red
    )
    other = make.student(make.school_class(followup.school_class.major), name="别班学生")
    make.grant(followup.counselor, "counselor", other.school_class)
    db.session.commit()
    assert (
        client.post(f"/talks/students/{other.id}/new", data=form(held_on="2026-09-21")).status_code
        == 303
    )
    return term


def test_the_binder_prints_each_record_of_the_class_and_term_on_its_own_page_in_order(
    client, login, followup, filed
):
    login(followup.counselor)
    page = client.get(f"/binder/{followup.school_class.id}/{filed.code}").get_data(as_text=True)
    kinds = PAGE.findall(page)
    assert kinds == ["talk-page", "talk-page", "contact-page", "meeting-page", "pairing-list-page"]
    # Oldest first within a section; the spring talk and the other class's are left out.
    assert page.index(followup.yellow.name) < page.index("告知预警情况")
    assert "别班学生" not in page and "2026-05-10" not in page
    assert "<nav" not in page and "志愿者小王" in page


def test_the_printed_binder_leads_back_to_the_binder_but_its_zip_pages_do_not(
    client, login, followup, filed
):
    """The zip's pages are read without the portal: a link back would lead nowhere."""
    login(followup.counselor)
    url = f"/binder/{followup.school_class.id}/{filed.code}"
    href, words = back_link(client.get(url).get_data(as_text=True))
    query = {"class_id": [str(followup.school_class.id)], "term": [filed.code]}
    assert path_and_query(href) == ("/binder/", query) and words == "返回学期归档"
    archive = zipfile.ZipFile(io.BytesIO(client.get(url + ".zip").data))
    assert not any(b"back-link" in archive.read(name) for name in archive.namelist())


def test_the_binder_exports_a_workbook_and_a_zip_of_the_pages(client, login, followup, filed):
    login(followup.counselor)
    url = f"/binder/{followup.school_class.id}/{filed.code}"
    book = load_workbook(io.BytesIO(client.get(url + ".xlsx").data), read_only=True)
    rows = {ws.title: ws.max_row for ws in book.worksheets}
    assert set(rows) == {"谈话", "家长联系", "座谈会", "朋辈帮扶结对"}
    archive = zipfile.ZipFile(io.BytesIO(client.get(url + ".zip").data))
    pages = [n for n in archive.namelist() if n.endswith(".html")]
    assert len(pages) == 5 and "app.css" in archive.namelist()
    assert pages == sorted(pages) and pages[0].startswith("001-")
    assert 'class="form-page talk-page"' in archive.read(pages[0]).decode()


def test_the_printed_binder_is_a_bulk_export(client, login, monkeypatch, db, followup, filed):
    """The whole class's talks and parent contacts on one page, as in the binder's workbook
    and zip: the password again on a login that is not fresh, before anything is built,
    then audited with the number of pages (security.md checks 7 and 24)."""
    built = []
    pages = binder.pages
    monkeypatch.setattr(binder, "pages", lambda scope: built.append(scope) or pages(scope))
    login(followup.counselor)
    url = f"/binder/{followup.school_class.id}/{filed.code}"
    check_bulk_print(client, db, url, rows=5, what="SchoolClass", built=built)


def test_the_printed_binder_counts_against_the_export_limit(
    app, client, login, db, followup, filed, monkeypatch
):
    """The downloads used up the limit: the print is refused too, and the other way round."""
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 2)
    login(followup.counselor)
    url = f"/binder/{followup.school_class.id}/{filed.code}"
    assert [client.get(url + ".xlsx").status_code for _ in range(2)] == [200, 200]
    refused = client.get(url)
    assert refused.status_code == 429 and "谈话记录" not in refused.get_data(as_text=True)
    assert printed_exports(db) == []
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 3)
    assert client.get(url).status_code == 200
    assert client.get(url + ".zip").status_code == 429


def test_one_records_print_needs_no_fresh_password(client, login, db, followup, filed):
    """A single talk, parent contact, pairing agreement or student's archive page is not a
    bulk export: printed as before on a login that is not fresh, and not counted."""
    login(followup.counselor)
    stale(client)
    talk = db.session.query(Talk).filter_by(student_id=followup.red.id).first()
    contact = db.session.query(Contact).filter_by(student_id=followup.red.id).first()
    pairing = db.session.query(Pairing).first()
    for url in (
        f"/talks/{talk.id}/print",
        f"/parents/{contact.id}/print",
        f"/peer-help/pairings/{pairing.id}/print",
        f"/students/{followup.red.id}/archive",
    ):
        assert client.get(url).status_code == 200, url
    assert printed_exports(db) == []


def test_another_colleges_class_is_out_of_reach(client, login, make, db, followup, filed):
    outsider = make.user(role="counselor", scope=make.college(name="别的学院"))
    login(outsider)
    for suffix in ("", ".xlsx", ".zip"):
        url = f"/binder/{followup.school_class.id}/{filed.code}{suffix}"
        assert client.get(url).status_code == 404, url
    assert followup.school_class.name not in client.get("/binder/").get_data(as_text=True)


def test_a_class_advisor_has_no_binder(client, login, followup, filed):
    login(followup.advisor)
    assert client.get(f"/binder/{followup.school_class.id}/{filed.code}").status_code == 403


def test_the_binder_index_counts_the_pages_of_each_section(client, login, followup, filed):
    login(followup.counselor)
    page = client.get(
        "/binder/", query_string={"class_id": followup.school_class.id, "term": filed.code}
    ).get_data(as_text=True)
    assert "谈话记录" in page and "座谈会记录" in page and "帮扶结对情况表" in page


def test_a_binder_section_outside_its_module_is_refused_at_start_up(app):
    section = BinderSection(
        code="other.x", label="x", permission="talks.view", pages=lambda scope: []
    )
    registry = Registry(
        modules={
            "talks": Module(label="t", blueprint=Blueprint("talks", __name__), binder=[section])
        },
        permissions=dict(app.extensions["portal.modules"].permissions),
    )
    with pytest.raises(ModuleError, match="binder section"):
        _check_references(app, registry)
