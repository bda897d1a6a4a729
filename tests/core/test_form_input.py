"""What every form reads from what was typed (core/form_input.py), found by an outside
tester: a date typed 2026-13-45 was said "该字段是必填字段" (WTForms' DataRequired took the
date it could not read for a missing one, and dropped its "Not a valid date value."); a
support period of 0 days was said to be required, not out of its range; a \\x07 typed into
free text was stored as typed. Every form gets the fix from its base (forms.SaidMeta)."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, NumberRange

from portal.core.form_input import READ_FIELDS
from portal.core.forms import PortalForm, PortalSubform
from portal.modules.parents.models import Contact

from ..html_forms import error_at
from ..modules.parents.test_parents import contact, guardian_of
from .test_cadence_views import policy_of, save_policy
from .test_form_messages import subclasses

# What WTForms says, in each language: a date, a time, a whole number it cannot read; a
# number out of 7 to 400; a field left empty.
SAID = {
    "zh-CN": (
        "不是有效的日期值。",
        "不是有效的时间值。",
        "不是有效的整数。",
        "数值大小必须介于 7 到 400 之间。",
    ),
    "en": (
        "Not a valid date value.",
        "Not a valid time value.",
        "Not a valid integer value.",
        "Number must be between 7 and 400.",
    ),
}
REQUIRED = {"zh-CN": "该字段是必填字段。", "en": "This field is required."}


class Typed(PortalForm):
    day = DateField("Day", validators=[DataRequired()])
    at = TimeField("At", validators=[DataRequired()])
    days = IntegerField("Days", validators=[DataRequired(), NumberRange(7, 400)])


def errors(form_class, **posted) -> dict[str, list[str]]:
    form = form_class(formdata=MultiDict(posted), meta={"csrf": False})
    form.validate()
    return {name: [str(e) for e in field.errors] for name, field in form._fields.items()}


@pytest.mark.parametrize("language", SAID)
def test_what_is_no_date_time_or_number_is_said_so_and_a_number_out_of_range_its_range(
    app, language
):
    date_, time_, integer, between = SAID[language]
    required = REQUIRED[language]
    with app.test_request_context(headers={"Accept-Language": language}):
        wrong = errors(Typed, day="2026-13-45", at="25:00", days="abc")
        assert wrong == {"day": [date_], "at": [time_], "days": [integer]}
        empty = errors(Typed, day="", at=" ", days="")
        assert empty == {"day": [required], "at": [required], "days": [required]}
        falsy = errors(Typed, day="2026-12-04", at="00:00", days="0")  # read, then ranged
        assert falsy == {"day": [], "at": [], "days": [between]}
        assert errors(Typed, day="2026-12-04", at="00:00", days="7") == {
            "day": [],
            "at": [],
            "days": [],
        }


def required_read_fields():
    """Each field of a portal form that reads a value (a date, a time, a number) and is
    asked for with DataRequired: (its form's name and its own, the field)."""
    for cls in subclasses(Form):
        if not cls.__module__.startswith("portal."):
            continue
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            if (
                isinstance(unbound, UnboundField)
                and issubclass(unbound.field_class, READ_FIELDS)
                and any(type(v) is DataRequired for v in unbound.kwargs.get("validators") or ())
            ):
                yield f"{cls.__module__}.{cls.__qualname__}.{name}", unbound


def test_every_required_date_time_and_number_of_the_portal_says_what_it_cannot_read(app):
    found = dict(required_read_fields())
    assert len(found) >= 10  # talks, parents, peer help, plans, the cadence policy…
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for where, unbound in found.items():
            alone = type("Alone", (PortalForm,), {"field": unbound})
            said = errors(alone, field="2026-13-45 25:00 abc")["field"]
            assert said and "This field is required." not in said, where
            assert errors(alone, field="")["field"] == ["This field is required."], where


class Row(PortalSubform):
    note = StringField("Note")


class Written(PortalForm):
    name = StringField("Name")
    text = TextAreaField("Text")
    password = PasswordField("Password")
    rows = FieldList(FormField(Row), min_entries=1)


def test_free_text_loses_its_control_characters_and_keeps_its_lines(app):
    with app.test_request_context():
        form = Written(
            formdata=MultiDict(
                {
                    "name": "名字\x07",
                    "text": "第一行\r\n第二行\t完\x00\x1b[0m\x7f\x85",
                    "password": "pass\x07word",
                    "rows-0-note": "备\x08注",
                }
            ),
            meta={"csrf": False},
        )
    assert (form.name.data, form.text.data) == ("名字", "第一行\r\n第二行\t完[0m")
    assert form.rows[0].note.data == "备注"  # a form inside a form alike
    assert form.password.data == "pass\x07word"  # compared as typed, never shown


def test_a_date_typed_wrong_on_a_page_is_said_at_its_field_as_typed(client, login, db, followup):
    login(followup.counselor)
    parent = guardian_of(db, followup.red)
    answer = client.post(
        f"/parents/students/{followup.red.id}/new", data=contact(parent, contacted_on="2026-13-45")
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert error_at(page, "contacted_on") == "不是有效的日期值。"
    assert 'value="2026-13-45"' in page and "告知预警情况</textarea>" in page
    assert db.session.query(Contact).count() == 0


def test_a_support_period_of_0_days_says_its_range(client, login, make, db, followup):
    college = followup.school_class.major.college
    saved = policy_of(db, college)
    before = (saved.period_days, list(saved.rules))
    for period, said in ((0, "数值大小必须介于 7 到 400 之间。"), ("abc", "不是有效的整数。")):
        answer = save_policy(client, login, make, college, period=period)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 422, period
        assert error_at(page, "period_days") == said
        assert f'value="{period}"' in page
    db.session.expire_all()
    assert (policy_of(db, college).period_days, policy_of(db, college).rules) == before
