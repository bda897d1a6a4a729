"""Whom a warned student is sent to (their home card, their notice, the parent copy, their
warning's page): the counselor where the class has no class advisor — many classes have
none, and "your class advisor or counselor" sent those students to look for someone who is
not there — and both where both are assigned, as the "who helps you" card lists them."""

from flask_babel import force_locale

from portal.core.helpers import who_helps

from .test_objection_answers import in_english


def _pages(client, published) -> dict[str, str]:
    notice = published["notices"][published["first"].id]
    return {
        "card": client.get("/warnings/widget").get_data(as_text=True),
        "notice": client.get(f"/warnings/notices/{notice.id}").get_data(as_text=True),
        "why": client.get(f"/warnings/students/{published['first'].id}").get_data(as_text=True),
    }


def test_a_student_whose_class_has_no_class_advisor_is_sent_to_the_counselor(
    app, client, login, published, db
):
    with app.test_request_context(), force_locale("en"):
        assert str(who_helps(published["first"])) == "counselor"
    login(published["first_user"])
    in_english(client)
    pages = _pages(client, published)
    assert "Next: talk with your counselor" in pages["card"]
    assert "your counselor will talk with you" in pages["notice"]
    assert "Talk to your counselor about what to do next." in pages["why"]
    for page in pages.values():
        assert "class advisor or counselor" not in page
    login(published["secretary"])
    in_english(client)
    notice = published["notices"][published["first"].id]
    url = f"/warnings/notices/{notice.id}/print?part=parent&lang=en"
    parent = client.get(url).get_data(as_text=True)
    assert "Your child's counselor will" in parent and "class advisor or" not in parent


def test_a_student_with_both_is_sent_to_either_and_one_with_an_advisor_only_to_the_advisor(
    app, client, login, published, make, db
):
    school_class = published["first"].school_class
    make.user("NT4", role="class_advisor", scope=school_class)
    login(published["first_user"])
    in_english(client)
    assert "Next: talk with your class advisor or counselor" in _pages(client, published)["card"]
    published["counselor"].active = False  # holders() counts active accounts only
    db.session.flush()
    card = client.get("/warnings/widget").get_data(as_text=True)
    assert "Next: talk with your class advisor, and write your study plan." in card
