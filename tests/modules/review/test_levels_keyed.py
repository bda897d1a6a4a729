"""Every category its own level, every ruleset its own levels: the review groups warnings by
(ruleset, category, level), so a school whose colleges follow different policies never
counts anshan's 黄色预警 and lanzhou's 口头警示 (each the mildest of its ruleset) as one
level."""

from .test_review import _chart_rows, grades, history, publish  # noqa: F401  (history: the fixture)


def _group_rows(page: str) -> dict[str, str]:
    """The groups table: row name -> warned."""
    table = page[page.index('<table id="groups">') :]
    table = table[: table.index("</table>")]
    return {
        tr.split('<th scope="row">')[1].split("<")[0]: tr.split('<td class="num">')[1].split("<")[0]
        for tr in table.split("<tr>")[1:]
        if '<th scope="row">' in tr
    }


def test_the_mildest_levels_of_two_rulesets_are_two_levels(client, login, app, make, db, history):
    _students, _leader, first = history
    college = make.college("兰州学院")
    student = make.student(make.school_class(make.major(college)), name="口头")
    grades(db, student, first, 2)  # one failed course: lanzhou's 口头警示
    db.session.flush()
    publish(app, db, college, "lanzhou", first)
    login(make.user(role="leader"))  # over the whole school
    page = client.get(f"/review/?term={first.id}&by=level").get_data(as_text=True)
    rows = _group_rows(page)
    # anshan: 1 yellow (the "same" student), 3 orange … ; lanzhou: 1 oral, on its own row.
    assert rows["口头警示"] == "1" and rows["黄色预警"] == "2"
    chart = _chart_rows(page, "各等级预警人数")
    assert chart  # the levels chart over terms has a column per level, oral its own
    header = page[page.index("各等级预警人数") :]
    header = header[header.index("<thead>") : header.index("</thead>")]
    assert "口头警示" in header and "黄色预警" in header
