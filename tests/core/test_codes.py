"""A code set's members are the stored codes and carry their words in the reader's language."""

import json

from flask_babel import force_locale

from portal.core.codes import LabelledEnum, labeller
from portal.core.i18n import _l


class Climate(LabelledEnum):
    GOOD = "good", _l("Good")
    POOR = "poor", _l("Poor")


def test_a_member_is_the_code_the_database_and_exports_keep():
    assert Climate.GOOD == "good" and Climate("poor") is Climate.POOR
    assert json.dumps([Climate.GOOD]) == '["good"]' and f"{Climate.POOR}" == "poor"
    assert "good" in tuple(Climate)


def test_a_label_is_read_in_the_readers_language(app):
    with app.test_request_context():
        with force_locale("zh_CN"):
            assert Climate.GOOD.label == "良好"
        with force_locale("en"):
            assert Climate.GOOD.label == "Good"


def test_a_code_outside_the_set_shows_as_it_is_and_no_code_as_nothing(app):
    with app.test_request_context(), force_locale("en"):
        assert Climate.label_of("poor") == "Poor"
        assert Climate.label_of("stormy") == "stormy"
        assert Climate.label_of(None) == "" and Climate.label_of("") == ""
        assert labeller({"climate": Climate})("climate", "good") == "Good"


def test_choices_follow_the_set_or_the_given_codes_with_an_optional_blank(app):
    with app.test_request_context(), force_locale("en"):
        assert [(c.value, c.label) for c in Climate.choices()] == [
            ("good", "Good"),
            ("poor", "Poor"),
        ]
        picked = Climate.choices(["poor"], blank="—")
        assert [(c.value, c.label) for c in picked] == [("", "—"), ("poor", "Poor")]
