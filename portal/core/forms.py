"""Core forms. Labels are lazy: fields are class attributes, built before any request."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from .i18n import _l
from .roles import ROLES


class LoginForm(FlaskForm):
    username = StringField(_l("Student or staff number"), validators=[DataRequired(), Length(max=40)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))])


class UserForm(FlaskForm):
    username = StringField(_l("Student or staff number"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    active = BooleanField(_l("Account active"), default=True)


class GrantForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(code, label) for code, label in ROLES.items()])
    # "all", "self", or "college:3" / "major:7" / "class:12"; choices are set per request.
    scope = SelectField(_l("Scope"), choices=[], validate_choice=False)


class UploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .xls)"), validators=[FileRequired()])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter: nothing changes

    user = StringField(_l("Account"), validators=[Optional(), Length(max=40)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=40)])
    object_type = StringField(_l("Record type"), validators=[Optional(), Length(max=60)])
