"""The forms a page offers, read from its HTML (for tests that post them back changed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Fields whose value is a choice the server must re-check (text the user types is not).
CHOICE_KINDS = {"select", "radio", "checkbox", "hidden"}


@dataclass
class Field:
    name: str
    kind: str  # select, radio, checkbox, hidden, text, textarea, date, time, number, ...
    values: list[str] = field(default_factory=list)  # what the page would send as it is
    options: set[str] = field(default_factory=set)  # a checkbox's or radio's values


@dataclass
class PageForm:
    action: str  # the path posted to
    fields: dict[str, Field] = field(default_factory=dict)
    button: tuple[str, str] | None = None  # the first named submit button

    def data(self) -> dict[str, list[str]]:
        """What a user pressing the first button would send, with typed fields filled in."""
        sent = {}
        for f in self.fields.values():
            values = f.values
            if not values and f.kind not in CHOICE_KINDS | {"file"}:
                values = [TYPED.get(f.kind, "选择测试")]
            if values:
                sent[f.name] = list(values)
        if self.button:
            sent.setdefault(self.button[0], [self.button[1]])
        return sent

    def choices(self) -> list[Field]:
        """The fields offering a choice: not the CSRF token, not a yes/no box."""
        return [
            f
            for f in self.fields.values()
            if f.kind in CHOICE_KINDS
            and f.name != "csrf_token"
            and not (f.kind == "checkbox" and f.options <= {"y", "on", "1"})
        ]


TYPED = {"date": "2026-10-01", "time": "10:00", "number": "30", "email": "a@example.com"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.form: PageForm | None = None
        self.select: Field | None = None
        self.option: str | None = None
        self.first_option: str | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("data-hx-post") or a.get("action")
            self.form = (
                PageForm(urlsplit(action).path)
                if (method == "post" or a.get("data-hx-post")) and action
                else None
            )
            if self.form:
                self.forms.append(self.form)
            return
        if self.form is None or not a.get("name"):
            if tag == "option" and self.select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image"):
                if self.form.button is None:
                    self.form.button = (name, a.get("value", ""))
                return
            one = self.form.fields.setdefault(name, Field(name, kind))
            if kind in ("checkbox", "radio"):
                one.options.add(a.get("value", "on"))
                if "checked" in a:
                    one.values.append(a.get("value", "on"))
            elif kind != "file":
                one.values.append(a.get("value", ""))
                if one.values == [""] and kind != "hidden":
                    one.values = []  # typed in by the user: filled in by `data()`
        elif tag == "button":
            if (a.get("type") or "submit") == "submit" and self.form.button is None:
                self.form.button = (name, a.get("value", ""))
        elif tag == "select":
            self.select = self.form.fields.setdefault(name, Field(name, "select"))
            self.first_option = None
        elif tag == "textarea":
            self.textarea = self.form.fields.setdefault(name, Field(name, "textarea"))

    def _option(self, a):
        value = a.get("value", "")
        if self.first_option is None:
            self.first_option = value
        if "selected" in a:
            self.select.values.append(value)

    def handle_data(self, data):
        if self.textarea is not None and data.strip():
            self.textarea.values = [data.strip()]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if not self.select.values and self.first_option is not None:
                self.select.values = [self.first_option]  # what a browser sends
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(html: str) -> list[PageForm]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def declared_form(action: str, form_class) -> PageForm:
    """The fields a module's declared form class posts (core.modules.Module.forms), for a
    form no fixture page shows: every choice field gets a stand-in value, a list one row."""
    from wtforms import (
        BooleanField,
        DateField,
        FieldList,
        FormField,
        HiddenField,
        IntegerField,
        RadioField,
        SelectField,
        SelectMultipleField,
        TextAreaField,
    )

    form = form_class(formdata=None, meta={"csrf": False})
    found = PageForm(action)

    def walk(one):
        if isinstance(one, FieldList):
            if not one.entries:
                one.append_entry()
            for entry in one.entries:
                walk(entry)
            return
        if isinstance(one, FormField):
            for sub in one:
                walk(sub)
            return
        options = (
            {str(c[0]) for c in one.iter_choices()}
            if isinstance(one, SelectField | SelectMultipleField | RadioField)
            else set()
        )
        if isinstance(one, SelectMultipleField):
            item = Field(one.name, "checkbox", [], options or {"1"})
        elif isinstance(one, RadioField):
            item = Field(one.name, "radio", sorted(options)[:1] or ["1"], options or {"1"})
        elif isinstance(one, SelectField):
            item = Field(one.name, "select", sorted(options)[:1] or ["1"])
        elif isinstance(one, HiddenField):
            item = Field(one.name, "hidden", ["1"])
        elif isinstance(one, BooleanField):
            item = Field(one.name, "checkbox", [], {"y"})
        else:
            kind = (
                "date"
                if isinstance(one, DateField)
                else "number"
                if isinstance(one, IntegerField)
                else "textarea"
                if isinstance(one, TextAreaField)
                else "text"
            )
            item = Field(one.name, kind)
        found.fields[item.name] = item

    for one in form:
        walk(one)
    return found


def error_at(page: str, field: str) -> str:
    """The words of the error a page shows at `field` (macros/forms.html's `field`: its
    element id="<field>-err"), '' when none."""
    marker = f'id="{field}-err">'
    return page.split(marker)[1].split("<")[0] if marker in page else ""
