"""Who reaches which page of the module, role by role (the matrix test checks the rest)."""

import pytest

from portal.core.roles import ROLES

PAGES = {
    "/concerns/": {"secretary"},
    "/concerns/watch": {"secretary", "leader"},
    "/concerns/review": {"secretary", "leader"},
    "/concerns/teach": {"teacher"},
    "/concerns/teach/widget": {"teacher"},
    "/concerns/due": {"counselor", "class_advisor"},
    "/concerns/widget": {"counselor", "class_advisor"},
    "/concerns/officers": {"counselor"},
    "/concerns/mine": {"student"},
    "/concerns/report": {"student"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(client, login, make, world, role):
    if role in ("student", "volunteer"):
        user = make.student_user(world.students_a[0])
        if role == "volunteer":
            user.grants.clear()
            make.grant(user, "volunteer")
    else:
        scope = world.class_a if role in ("counselor", "class_advisor") else world.college
        user = make.user(role=role, scope=scope)
    login(user)
    for url, roles in PAGES.items():
        status = client.get(url).status_code
        assert (status == 200) == (role in roles), (url, status)
        assert status in (200, 403), (url, status)


def test_the_secretary_of_another_college_cannot_open_this_survey(client, login, make, world):
    other = make.college(name="别的学院")
    login(make.user(role="secretary", scope=other))
    assert client.get(f"/concerns/surveys/{world.survey.id}").status_code == 404
    assert (
        client.post(
            f"/concerns/surveys/{world.survey.id}/assign",
            data={"course_name": "x", "class_id": world.class_a.id, "teacher_id": world.teacher.id},
        ).status_code
        == 404
    )
    assert "期中调查" not in client.get("/concerns/").get_data(as_text=True)
