"""The review's figures on a hand-built history with known answers: five students warned in
2025-2026-2 under anshan (failed credits of 20: 1 yellow, 3 orange, 5 red), and what
2026-2027-1 made of them — lifted, eased, same, escalated, left — plus a class with nobody
warned."""

import re
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.core.models import GradeRecord, Student
from portal.modules.plans.models import Plan, Version
from portal.modules.review import views as review_views
from portal.modules.review.models import Setting
from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import RunEvent

from ...print_pages import back_link, check_bulk_print, path_and_query, printed_exports

FIRST, NEXT = "2025-2026-2", "2026-2027-1"


def grades(db, student, term, failed, course="B", retake=None):
    """20 credits in the term: `failed` of them failed (score 40), the rest at 90; and
    optionally an earlier failed course passed again."""
    rows = (
        [(f"A{term.code}", 20 - failed, 90)]
        + ([(f"{course}{term.code}", failed, 40)] if failed else [])
        + ([(f"B{retake.code}", 5, 90)] if retake else [])
    )
    for code, credits, score in rows:
        if credits:
            db.session.add(
                GradeRecord(
                    student_id=student.id,
                    term_id=term.id,
                    course_code=code,
                    course_name=f"课程{code}",
                    credits=Decimal(credits),
                    kind="regular",
                    score=Decimal(score),
                    score_text=str(score),
                    passed=score >= 60,
                )
            )


def publish(app, db, college, ruleset: str, *terms) -> None:
    """`college` follows `ruleset`, and has a published run of it for each term."""
    with app.test_request_context():
        rulesets.assign(college, ruleset)
        for term in terms:
            run = compute_run(term, rulesets.load(ruleset), college_id=college.id)
            run.status = "published"
            db.session.add(RunEvent(run_id=run.id, action="approve", at=datetime(2026, 9, 7)))
        db.session.flush()


@pytest.fixture
def history(app, make, db):
    school_class = make.school_class(name="甲班")
    calm = make.school_class(school_class.major, name="乙班")  # nobody warned here
    first, later = make.term(FIRST), make.term(NEXT)
    plan = {"lifted": (5, 0), "eased": (3, 1), "same": (1, 1), "escalated": (1, 5), "left": (5, 5)}
    students = {}
    for name, (before, after) in plan.items():
        students[name] = make.student(school_class, name=name)
        grades(db, students[name], first, before)
        grades(
            db, students[name], later, after, course="C", retake=first if name == "lifted" else None
        )
    grades(db, make.student(calm, name="calm"), first, 0)
    students["left"].status = "dropped"
    db.session.flush()
    college = school_class.major.college
    publish(app, db, college, "anshan", first, later)
    leader = make.user(role="leader", scope=college)
    make.user(role="counselor", scope=school_class, name="甲班辅导员")
    return students, leader, first


def test_each_outcome_and_the_conversion_rate(client, login, history):
    students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    summary = page[page.index("帮扶效果") : page.index("转化率") + 200]
    assert "20.0%" in summary  # 1 lifted ÷ (5 warned − 0 pending − 0 graduated − 0 suspended)
    assert "已解除 1 ÷（预警 5 − 尚不可知 0 − 已毕业 0 − 休学 0）" in summary
    table = page[page.index('<table id="groups">') :]
    row = table[table.index('<th scope="row">甲班</th>') :]
    row = row[: row.index("</tr>")]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    # warned, lifted, eased, same, escalated, graduated, suspended, withdrawn, pending, rate
    assert cells[:10] == ["5", "1", "1", "1", "1", "0", "0", "1", "0", "20.0%"]
    assert "乙班" not in table[: table.index("</table>")]  # nobody warned there


def test_gpa_and_failed_credits_before_and_after(app, history):
    from portal.core import standing

    students, _leader, first = history
    with app.test_request_context():
        rows = {
            r.student_id: r
            for r in standing.cohort(first.id, Student.id.in_([s.id for s in students.values()]))
        }
    lifted, same = rows[students["lifted"].id], rows[students["same"].id]
    # Before: 15 credits at 4.0 and 5 failed at 0 → 3.0. After: the failed course passed.
    assert lifted.gpa_before == Fraction(3) and lifted.gpa_after > lifted.gpa_before
    assert (lifted.failed_before, lifted.failed_after) == (5, 0)
    # 1 credit failed each term, never retaken: 1 outstanding before, 2 after.
    assert (same.failed_before, same.failed_after) == (1, 2)
    assert {r.outcome for r in rows.values()} == {
        "lifted",
        "eased",
        "same",
        "escalated",
        "withdrawn",
    }


def test_per_group_figures_come_in_two_tables_that_fit_a_campus_screen(client, login, history):
    """One table of outcomes and one of before-and-after with the help received: a single
    table of both took 21 columns and scrolled sideways at 1024 px."""
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    for table_id in ("groups", "groups-help"):
        table = page[page.index(f'<table id="{table_id}">') :]
        table = table[: table.index("</table>")]
        columns = table[: table.index("</thead>")].count("</th>")
        assert columns <= 12, (table_id, columns)
    rows = {}
    for table_id in ("groups", "groups-help"):
        table = page[page.index(f'<table id="{table_id}">') :]
        rows[table_id] = re.findall(
            r'<th scope="row">([^<]+)</th>', table[: table.index("</table>")]
        )
    assert rows["groups"] == rows["groups-help"] == ["甲班"]
    help_table = page[page.index('<table id="groups-help">') :]
    assert re.search(r'<td class="num">\d\.\d\d → \d\.\d\d</td>', help_table)


def test_credits_and_hours_read_as_people_write_them(client, login, history):
    """A walk read "未通过学分中位数 6.00 → 7.00" and "已认定志愿服务时数 0.00": credits and
    hours as written (3, 4.5, 0); a GPA keeps its two decimals."""
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    summary = page[page.index('id="summary"') : page.index('id="per-group"')]
    credits = re.search(r"未通过学分中位数</dt><dd>([^<]+)</dd>", summary)[1]
    assert re.fullmatch(r"\d+(\.\d+)? → \d+(\.\d+)?", credits) and ".00" not in credits
    assert "已认定志愿服务时数</dt><dd>0</dd>" in summary
    assert re.search(r"累计平均学分绩点中位数</dt><dd>\d\.\d\d → \d\.\d\d</dd>", summary)
    help_table = page[page.index('<table id="groups-help">') :]
    assert re.search(r'<td class="num">\d+ → \d+</td>', help_table)


def _sign_a_plan(make, student):
    """A plan signed within the support period (both rosters are of 7 September here)."""
    written, signed = datetime(2026, 9, 7, 3), datetime(2026, 9, 7, 6)
    make.signed_plan(student, date(2026, 9, 7), created_at=written, signed_at=signed)


def test_comparisons_by_plan_show_group_sizes(client, login, make, history):
    students, leader, first = history
    _sign_a_plan(make, students["lifted"])
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    table = page[page.index('<table id="comparisons">') :]
    row = table[table.index("有经签字的学习计划") :]
    row = row[: row.index("</tr>")]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["1", "100.0%", "4", "0.0%"]


def test_the_export_matches_the_page_and_can_hide_names(client, login, history):
    students, leader, first = history
    login(leader)
    book = load_workbook(BytesIO(client.get(f"/review/export.xlsx?term={first.id}").data))
    classes = book["班级"]
    header = [c.value for c in classes[1]]
    row = dict(zip(header, [c.value for c in classes[2]], strict=True))
    assert row["班级"] == "甲班" and row["预警人数"] == 5 and row["转化率"] == 0.2
    people = [c.value for c in book.worksheets[-1]["A"]][1:]
    assert any("lifted" in p for p in people)
    anonymous = load_workbook(
        BytesIO(client.get(f"/review/export.xlsx?term={first.id}&anonymous=1").data)
    ).worksheets[-1]
    hidden = [c.value for c in anonymous["A"]][1:]
    assert not any(
        s.student_no in str(h) or s.name in str(h) for s in students.values() for h in hidden
    )
    again = load_workbook(
        BytesIO(client.get(f"/review/export.xlsx?term={first.id}&anonymous=1").data)
    ).worksheets[-1]
    assert [c.value for c in again["A"]][1:] == hidden  # stable pseudonyms


def test_a_large_export_is_a_job_whose_file_keeps_the_period_and_hides_names(
    app, client, login, db, history, monkeypatch
):
    """Above EXPORT_JOB_ROWS students the workbook is written by a queue job, as the leader
    who asked and with their period and pseudonyms; the job's page hands the file out,
    audited once, at the download."""
    from portal.core.models import AuditEvent

    students, leader, first = history
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 2)
    login(leader)
    url = f"/review/export.xlsx?term={first.id}&anonymous=1"
    assert client.get(url).status_code == 200  # a GET offers the job, writes nothing
    response = client.post(url)
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    job_page = client.get(response.headers["Location"])
    assert job_page.status_code == 303 and job_page.headers["Location"].endswith("/file")
    book = load_workbook(BytesIO(client.get(job_page.headers["Location"]).data))
    row = dict(
        zip(
            [c.value for c in book["班级"][1]],
            [c.value for c in book["班级"][2]],
            strict=True,
        )
    )
    assert row["班级"] == "甲班" and row["预警人数"] == 5
    hidden = [c.value for c in book.worksheets[-1]["A"]][1:]
    assert len(hidden) == 5 and not any(s.name in str(h) for s in students.values() for h in hidden)
    [audited] = db.session.query(AuditEvent).filter_by(action="export").all()
    assert audited.object_type == "Review" and audited.detail.startswith("rows=5 file=review-")


def test_a_large_exports_offer_names_it_in_the_readers_words(
    app, client, login, db, history, monkeypatch
):
    """Walk finding 13: the offer's heading is the export in words, not its file name."""
    _students, leader, first = history
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 2)
    leader.locale = "en"
    db.session.flush()
    login(leader)
    page = client.get(f"/review/export.xlsx?term={first.id}&anonymous=1").get_data(as_text=True)
    assert "<h1>Effectiveness review of 2025–2026 term 2 (anonymised workbook)</h1>" in page
    assert "review-" not in page


def test_charts_are_svg_with_their_data_tables(client, login, history):
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    # levels by term, the flow, GPA per group, two distributions, compliance per counselor,
    # and one per fact (plans, mentors, cadence, a mid-term concern first), and the cadence
    # of each kind of obligation on its own (talks, group meetings, parent contacts,
    # pairings, support-team plans): a group meeting is not counted as a talk.
    assert page.count("<svg viewBox") == 15 and page.count('class="chart-data"') == 15
    for label in (
        "完成了应有的全部个别谈话",
        "参加了应有的全部集体谈话",
        "完成了应有的全部家长联系",
    ):
        assert label in page
    assert "<script" not in page.split("</head>")[1]
    gpa = _chart_rows(page, "警示学生的累计绩点")
    # Before: 3.0 (lifted, left), 3.4 (eased), 3.8 (same, escalated).
    assert gpa["3.0–3.5"][0] == "3" and gpa["3.5–4.0"][0] == "2"
    assert sum(int(before) for before, _after in gpa.values()) == 5
    credits = _chart_rows(page, "未修复的不及格学分")
    assert credits["1–5"][0] == "3" and credits["5–10"][0] == "2"  # 3, 1, 1 and 5, 5


def test_the_long_page_opens_with_its_contents_and_the_tables_before_the_charts(
    client, login, history
):
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    contents = page[
        page.index('<nav class="toc') : page.index("</nav>", page.index('<nav class="toc'))
    ]
    targets = ["summary", "per-group", "with-without", "charts", "assessment"]
    assert [f'href="#{t}"' in contents for t in targets] == [True] * 5
    assert all(f'id="{t}"' in page for t in targets)
    places = [page.index(f'id="{t}"') for t in targets]
    assert places == sorted(places)  # summary, the tables, then the 15 charts, then the words


def _chart_rows(page: str, title: str) -> dict[str, list[str]]:
    """A chart's data table: first cell -> the other cells."""
    chart = page[page.index(title) :]
    table = chart[chart.index("<tbody>") : chart.index("</tbody>")]
    rows = {}
    for tr in table.split("<tr>")[1:]:
        head = tr.split('<th scope="row">')[1].split("<")[0]
        rows[head] = [c.split("<")[0] for c in tr.split('<td class="num">')[1:]]
    return rows


def test_plans_count_for_the_support_period_they_were_written_in(app, db, history):
    from portal.core import facts
    from portal.core.models import Student as StudentModel

    students, _leader, first = history
    earlier, current = students["same"], students["lifted"]
    for student, start in ((earlier, datetime(2026, 3, 1)), (current, datetime(2026, 9, 7))):
        db.session.add(
            Plan(
                student_id=student.id,
                period_start=start.date(),
                reviewer_role="mentor",
                status="signed",
                versions=[Version(number=1, content={})],
            )
        )
    db.session.flush()
    with app.test_request_context():
        since = {s.id: datetime(2026, 9, 7).date() for s in students.values()}
        states = facts.facts()["plan"].values(
            facts.Cohort(first.id, StudentModel.id.in_(list(since)), since)
        )
    assert states[current.id] == "signed" and states[earlier.id] == "none"


def test_the_after_figures_are_the_same_without_the_stored_metrics(app, db, history):
    from sqlalchemy import delete

    from portal.core import standing
    from portal.modules.warnings.models import RunMetric

    students, _leader, first = history
    condition = Student.id.in_([s.id for s in students.values()])
    with app.test_request_context():
        stored = {
            (r.student_id, r.gpa_after, r.failed_after)
            for r in standing.cohort(first.id, condition)
        }
    db.session.execute(delete(RunMetric))  # runs computed before the table existed
    with app.test_request_context():
        again = {
            (r.student_id, r.gpa_after, r.failed_after)
            for r in standing.cohort(first.id, condition)
        }
    assert stored == again and all(after is not None for _s, after, _f in stored)


def test_an_academic_year_counts_each_student_once_at_their_latest_warning(
    client, login, app, db, make, history
):
    students, leader, first = history
    year_start = make.term("2025-2026-1")
    recovered = make.student(students["lifted"].school_class, name="recovered")
    grades(db, recovered, year_start, 5)  # warned (yellow) in the first term …
    grades(db, recovered, first, 0, retake=year_start)  # … and lifted by the second
    db.session.flush()
    college = students["lifted"].school_class.major.college
    # A new run of each term now counts the newcomer.
    publish(app, db, college, "anshan", year_start, first)
    login(leader)
    page = client.get("/review/?term=y2025&by=class").get_data(as_text=True)
    assert "2025-2026学年" in page and 'value="y2025" selected' in page
    assert "2025–2026" not in page  # the year as every term reads: no en dash in Chinese
    row = page[page.index('<table id="groups">') :]
    row = row[row.index('<th scope="row">甲班</th>') :]
    cells = [c.split("<")[0] for c in row[: row.index("</tr>")].split('<td class="num">')[1:]]
    # 6 warnings: the newcomer lifted in the second term; the five as the term view found.
    assert cells[:10] == ["6", "2", "1", "1", "1", "0", "0", "1", "0", "33.3%"]


def test_the_printed_review_leads_back_to_the_same_review(client, login, history):
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/print?term={first.id}&by=class").get_data(as_text=True)
    href, words = back_link(page)
    assert path_and_query(href) == ("/review/", {"term": [str(first.id)], "by": ["class"]})
    assert words == "返回帮扶效果" and client.get(href).status_code == 200


def test_the_printed_review_is_a_bulk_export(client, login, monkeypatch, db, history):
    """Every group's figures of the college's warned students, as in its workbook: the
    password again on a login that is not fresh, before anything is built, then audited with
    the number of students (security.md checks 7 and 24)."""
    built = []
    build = review_views.build_page
    monkeypatch.setattr(review_views, "build_page", lambda *a: built.append(a) or build(*a))
    _students, leader, first = history
    login(leader)
    url = f"/review/print?term={first.id}&by=class"
    check_bulk_print(client, db, url, rows=5, what="Review", built=built)


def test_printing_the_review_counts_against_the_export_limit(
    app, client, login, db, history, monkeypatch
):
    monkeypatch.setitem(app.config, "EXPORT_LIMIT", 1)
    _students, leader, first = history
    login(leader)
    assert client.get(f"/review/export.xlsx?term={first.id}").status_code == 200
    refused = client.get(f"/review/print?term={first.id}")
    assert refused.status_code == 429 and "甲班" not in refused.get_data(as_text=True)
    assert printed_exports(db) == []


def test_leaders_write_the_assessment_and_it_prints(client, login, make, db, history):
    _students, leader, first = history
    login(leader)
    client.post(
        f"/review/report?term={first.id}",
        data={"worked": "谈话及时", "not_worked": "", "changes": "加强家校联系"},
    )
    printed = client.get(f"/review/print?term={first.id}").get_data(as_text=True)
    assert "谈话及时" in printed and "加强家校联系" in printed and "<nav" not in printed
    login(make.user(role="counselor", scope=make.school_class()))
    assert client.post(f"/review/report?term={first.id}", data={"worked": "x"}).status_code == 403


def test_an_assessment_too_long_comes_back_with_the_error_and_the_text_kept(
    client, login, db, history
):
    """Probe finding 6: 8001 characters in `worked` were refused silently (303 to the
    review, no message): the leader thought it saved. The review comes back (422) with the
    field's error, at the field and in the summary, and everything as typed; nothing saved."""
    from portal.modules.review.models import Report

    _students, leader, first = history
    login(leader)
    url = f"/review/report?term={first.id}&by=class"
    typed = {"worked": "谈" * 8001, "not_worked": "家校联系不够", "changes": "每月一次"}
    for headers in ({}, {"HX-Request": "true", "HX-Boosted": "true"}):
        response = client.post(url, data=typed, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "请更正标出的字段：" in page and "字段长度不能超过 8000 个字符" in page
        assert 'aria-describedby="worked-err"' in page
        assert "谈" * 8001 in page and "家校联系不够" in page and "每月一次" in page
        assert "帮扶效果" in page  # the review itself, not a bare form
    assert db.session.query(Report).count() == 0
    client.post("/locale", data={"locale": "en", "next": "/"})
    page = client.post(url, data=typed).get_data(as_text=True)
    assert "Field cannot be longer than 8000 characters." in page
    client.post(url, data={**typed, "worked": "谈话及时"})
    assert db.session.query(Report).one().worked == "谈话及时"


def test_the_school_sees_colleges_side_by_side_and_a_leader_only_theirs(
    client, login, make, history
):
    _students, leader, first = history
    other = make.college(name="另一学院")
    login(make.user(role="leader"))  # over the whole school
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    assert 'value="college" selected' in page
    login(make.user(role="leader", scope=other))
    assert "甲班" not in client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)


def test_figures_kept_between_requests_follow_changes_to_the_roster_and_students(
    client, login, db, history
):
    students, leader, first = history
    login(leader)

    def left_counts() -> list[str]:  # suspended, withdrawn
        page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
        table = page[page.index('<table id="groups">') :]
        row = table[table.index('<th scope="row">甲班</th>') :]
        return [c.split("<")[0] for c in row[: row.index("</tr>")].split('<td class="num">')[1:]][
            6:8
        ]

    assert left_counts() == ["0", "1"]
    students["same"].status = "suspended"  # the student's record changes …
    db.session.commit()
    assert left_counts() == ["1", "1"]  # … and the figures kept from the last request follow


def test_a_college_choosing_lifted_plus_eased_sees_it_said(client, login, history):
    _students, leader, first = history
    login(leader)
    client.post(f"/review/setting?term={first.id}", data={"count_eased": "1"})
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    summary = page[page.index("review-summary") : page.index("</section>")]
    assert "40.0%" in summary and "本学院将预警等级降低也计为转化" in summary


def test_a_numerator_not_offered_is_refused_on_the_review(client, login, db, history):
    """Probe finding 4: the review again with why (422), not a redirect and a flash."""
    _students, leader, first = history
    login(leader)
    response = client.post(f"/review/setting?term={first.id}", data={"count_eased": "2"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请从页面给出的两种分子中选择一种；未保存任何内容。" in page and "review-summary" in page
    assert db.session.query(Setting).count() == 0


def test_lifts_awaiting_confirmation_are_marked(client, login, history):
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    summary = page[page.index("帮扶效果") : page.index("转化率")]
    assert 'class="awaiting"' in summary  # the lifted student's lifting is only proposed
    # The role as the role table names it (walk finding 17: not 学院秘书).
    assert '<small class="awaiting">（其中 1 人待教学秘书确认）</small>' in summary


def test_a_college_with_no_next_roster_is_pending_never_100_percent_lifted(
    client, login, app, make, db, history
):
    students, _leader, first = history
    other = make.college("未发布学院")
    quiet = make.student(make.school_class(make.major(other)), name="quiet")
    grades(db, quiet, first, 5)
    grades(db, quiet, make.term(NEXT), 0)  # its grades are in, its roster is not
    db.session.flush()
    publish(app, db, other, "anshan", first)
    login(make.user(role="leader"))  # over the whole school
    page = client.get(f"/review/?term={first.id}&by=college").get_data(as_text=True)
    table = page[page.index('<table id="groups">') :]
    row = table[table.index('<th scope="row">未发布学院</th>') :]
    cells = [c.split("<")[0] for c in row[: row.index("</tr>")].split('<td class="num">')[1:]]
    assert cells[:10] == ["1", "0", "0", "0", "0", "0", "0", "0", "1", "—"]


def test_a_warning_kept_because_the_next_roster_did_not_evaluate_it_is_said(
    app, make, db, client, login
):
    """Warned at T with no grades at next(T): "same level" by rule 3, and the summary says
    why, so a low conversion after a partial roster is not read as failed help."""
    school_class = make.school_class(name="丙班")
    first, later = make.term(FIRST), make.term(NEXT)
    absent, back = (
        make.student(school_class, name="无成绩"),
        make.student(school_class, name="有成绩"),
    )
    for student in (absent, back):
        grades(db, student, first, 5)
    grades(db, back, later, 5, course="C")
    publish(app, db, school_class.major.college, "anshan", first, later)
    leader = make.user(role="leader", scope=school_class.major.college)
    db.session.commit()
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    assert "其中 1 人在下一学期没有成绩" in page
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    assert "(1 not evaluated by the next roster" in page


def _group_rows(page: str) -> dict[str, str]:
    table = page[page.index('<table id="groups">') :]
    table = table[: table.index("</table>")]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table))


def test_by_counselor_the_students_with_none_are_a_row_and_the_rows_add_up(
    client, login, make, db, history
):
    """A walk found 29 students by counselor against 42 in the summary: the students of
    classes no counselor is granted were left out, on the page and in the export. A
    counselor granted both a student's class and major counts the student once."""
    from portal.core.models import User

    students, leader, first = history
    moved = students["lifted"]
    other = make.school_class(make.major(moved.school_class.major.college), name="丙班")
    moved.class_id, moved.major_id = other.id, other.major_id
    counselor = db.session.query(User).filter_by(name="甲班辅导员").one()
    make.grant(counselor, "counselor", students["same"].school_class.major)
    db.session.commit()
    login(leader)
    client.post("/locale", data={"locale": "en"})
    page = client.get(f"/review/?term={first.id}&by=counselor").get_data(as_text=True)
    assert _group_rows(page) == {"甲班辅导员": "4", "No counselor assigned": "1"}
    book = load_workbook(BytesIO(client.get(f"/review/export.xlsx?term={first.id}").data))
    sheet = book["Counselor"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {"甲班辅导员": 4, "No counselor assigned": 1}
    for dimension in ("college", "major", "class", "level"):
        page = client.get(f"/review/?term={first.id}&by={dimension}").get_data(as_text=True)
        assert sum(map(int, _group_rows(page).values())) == 5, dimension


def test_the_flow_charts_data_lists_the_outcomes_down_and_the_levels_across(client, login, history):
    """Eight outcomes across did not fit the chart's card: the data lists them down, each
    with its count per level, in full words."""
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    rows = _chart_rows(page, "本学期各等级在下学期的变化")
    assert list(rows)[:3] == ["已解除", "预警等级降低", "等级不变"] and len(rows) == 8
    assert "退学或被开除学籍" in rows
    levels = len(rows["已解除"])
    assert sum(int(n) for cells in rows.values() for n in cells) == 5 and levels <= 3


def _summary_rows(book) -> dict:
    """The summary sheet's rows by their first cell."""
    return {
        row[0].value: row[1:]
        for row in book.worksheets[0].iter_rows(min_row=2)
        if row and row[0].value
    }


def test_the_export_opens_with_the_summary_and_comparisons_the_page_shows(
    client, login, db, make, history
):
    """An outside tester found the workbook without the page's summary (warned, lifted,
    pending, the rate and its formula) or its comparisons with and without."""
    students, leader, first = history
    _sign_a_plan(make, students["lifted"])
    db.session.commit()
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    formula = re.search(r"<strong>20\.0%</strong> <small>([^<]+)</small>", page)[1]
    book = load_workbook(BytesIO(client.get(f"/review/export.xlsx?term={first.id}").data))
    assert book.sheetnames[:2] == ["概况", "班级"]
    rows = _summary_rows(book)
    assert rows["学期或学年"][0].value == "2025-2026学年第2学期"
    assert rows["转化率的分子"][0].value == "已解除"
    counts = {word: rows[word][0].value for word in ("已解除", "预警等级降低", "尚不可知")}
    assert counts == {"已解除": 1, "预警等级降低": 1, "尚不可知": 0}
    rate, said = rows["转化率"][0], rows["转化率"][1].value
    assert rate.value == 0.2 and rate.number_format == "0.0%"
    assert said == f"20.0% {formula}" and "已解除 1 ÷（预警 5 − 尚不可知 0" in said
    plan = rows["有经签字的学习计划"]
    assert [c.value for c in plan[:4]] == [1, 1.0, 4, 0.0]
    assert plan[1].number_format == "0.0%"


def test_the_export_says_the_numerator_chosen_and_marks_lifts_awaiting_confirmation(
    client, login, history
):
    """Chosen (lifted + milder level), nothing in the file said the numerator changed; and a
    lifted student whose lifting awaits the secretary read "已解除" unmarked (§6 marks it)."""
    _students, leader, first = history
    login(leader)
    client.post(f"/review/setting?term={first.id}", data={"count_eased": "1"})
    client.post("/locale", data={"locale": "en", "next": "/"})
    book = load_workbook(BytesIO(client.get(f"/review/export.xlsx?term={first.id}").data))
    rows = _summary_rows(book)
    assert rows["Conversion rate's numerator"][0].value == "lifted + milder level"
    assert rows["Conversion rate"][0].value == 0.4
    assert "this college counts a milder level as converted" in rows["Conversion rate"][1].value
    assert "1 awaiting confirmation by the teaching secretary" in rows["Lifted"][1].value
    people = book["Students"]
    header = [c.value for c in people[1]]
    outcomes = [
        dict(zip(header, row, strict=True)) for row in people.iter_rows(min_row=2, values_only=True)
    ]
    lifted = [r for r in outcomes if "lifted" in r["Student"]]
    assert lifted[0]["Outcome"] == "lifted (awaiting confirmation by the teaching secretary)"
    assert "Term" not in header  # a term's workbook: the summary names it


def test_the_export_writes_rates_as_percentages_and_figures_as_the_page_shows_them(
    client, login, history
):
    """A walk found 转化率 0.0732 (General) and GPAs of four decimals beside a page showing
    12.5 % and 2.09: a rate is a number shown as a percentage, a GPA two decimals, both still
    numbers."""
    _students, leader, first = history
    login(leader)
    book = load_workbook(BytesIO(client.get(f"/review/export.xlsx?term={first.id}").data))
    classes = book["班级"]
    header = [c.value for c in classes[1]]
    cells = dict(zip(header, classes[2], strict=True))
    rate = cells["转化率"]
    assert rate.value == 0.2 and rate.number_format == "0.0%"
    for name in ("之前绩点中位数", "之后绩点中位数", "之前未通过学分中位数"):
        cell = cells[name]
        assert isinstance(cell.value, int | float) and cell.number_format == "0.00", name
        assert cell.value == round(cell.value, 2), name
    assert cells["预警人数"].number_format == "General"  # counts as written
    people = book.worksheets[-1]
    header = [c.value for c in people[1]]
    for row in people.iter_rows(min_row=2):
        gpa = dict(zip(header, row, strict=True))["之前绩点"]
        assert gpa.number_format == "0.00" and gpa.value == round(gpa.value, 2)


def test_the_chart_is_drawn_at_the_size_it_is_shown(client, login, history):
    """Its text, 12 units, is 12 px: the SVG is as wide as its drawing (never stretched or
    squeezed), which fits the review's card at 1024 px (about 460 px inside); a 640-wide
    drawing in that card made 7–8 px labels."""
    _students, leader, first = history
    login(leader)
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    sizes = re.findall(
        r'<svg viewBox="0 0 ([\d.]+) ([\d.]+)" width="([\d.]+)" height="([\d.]+)"', page
    )
    assert len(sizes) == 15
    assert all(w == width and h == height for w, h, width, height in sizes)
    assert all(float(w) <= 460 for w, _h, _width, _height in sizes)


def test_a_distribution_says_who_it_leaves_out_and_why(app, client, login, make, db, history):
    """A walk counted 55 "before" against 56 warned with nothing said: a student added by a
    proposal has no figure before; one without grades in the next term none after."""
    from portal.modules.warnings.models import Run

    students, leader, first = history
    login(leader)
    whole = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    assert 'class="chart-note"' not in whole  # every warned student drawn: nothing to say
    added = make.student(students["lifted"].school_class, name="提议加入")
    run = db.session.query(Run).filter_by(term_id=first.id).one()
    make.warning(run, added, level="yellow", level_rank=1, source="proposal")
    db.session.commit()
    page = client.get(f"/review/?term={first.id}").get_data(as_text=True)
    gpa = page[page.index("警示学生的累计绩点") :]
    gpa = gpa[: gpa.index("</figure>")]
    assert "6 名警示学生中有 1 人没有“之前”的数值：经提议加入名单" in gpa
    assert "6 名警示学生中有 1 人没有“之后”的数值：下一学期没有成绩" in gpa
    assert (
        sum(int(before) for before, _after in _chart_rows(gpa, "警示学生的累计绩点").values()) == 5
    )
    credits = page[page.index("未修复的不及格学分") :]
    assert "6 名警示学生中有 1 人没有“之前”的数值" in credits[: credits.index("</figure>")]
    later = make.term(NEXT)  # no roster after it yet: nobody has a figure after
    page = client.get(f"/review/?term={later.id}").get_data(as_text=True)
    assert "警示学生都还没有“之后”的数值：下一学期尚无成绩，或其名单尚未发布。" in page


@pytest.mark.parametrize(
    ("locale", "awaiting", "per_group", "gpa", "failed"),
    [
        (
            "zh_CN",
            "（其中 1 人待教学秘书确认）",
            "按班级",
            "绩点（之前→之后）",
            "不及格学分（之前→之后）",
        ),
        (
            "en",
            " (1 awaiting confirmation by the teaching secretary)",
            "Per class",
            "GPA before → after",
            "Failed credits before → after",
        ),
    ],
)
def test_the_review_s_words_are_the_portal_s_own(
    client, login, history, locale, awaiting, per_group, gpa, failed
):
    """Walk finding 17: the role as the role table names it (not 学院秘书), "Per class" alike
    in the contents and the heading, no stray spaces between Chinese words."""
    _students, leader, first = history
    login(leader)
    client.post("/locale", data={"locale": locale, "next": "/"})
    page = client.get(f"/review/?term={first.id}&by=class").get_data(as_text=True)
    assert f'<small class="awaiting">{awaiting}</small>' in page
    contents = page[page.index('<nav class="toc') :]
    contents = contents[: contents.index("</nav>")]
    assert f'href="#per-group">{per_group}</a>' in contents
    assert f"<h2>{per_group}</h2>" in page
    headings = re.findall(r'<th class="num">\s*([^<]*?)\s*</th>', page)
    assert gpa in headings and failed in headings
