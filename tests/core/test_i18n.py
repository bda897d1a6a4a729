"""Chinese first, English complete; no message without a zh_CN translation."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations/zh/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")


def catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def extracted_ids(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "ngettext:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(pot) if m.id}


def test_every_message_in_the_code_has_a_chinese_translation(tmp_path):
    zh = catalog(PO)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in zh
        if m.id
        and m.string
        and not m.fuzzy
        and (all(m.string) if isinstance(m.string, tuple) else True)
    }
    missing = sorted(extracted_ids(tmp_path) - translated)
    assert missing == [], f"untranslated: {missing[:20]}"


# Strings only staff read that address the reader: staff are addressed 您, students 你
# (supportive, as written for them).
STAFF_READ = (
    "Changed since version %(n)d, which you last read",  # the plan's reviewer
    "Nobody in your classes is warned.",  # a course teacher
    "Students in your classes who have an academic warning, so you can give them extra "
    "attention. Their class advisor and counselor hold the details.",
    "Students you help see your name and this contact on their home page. Your phone is "
    "shown only if you tick the box.",
    "The attendance list does not match the students you may invite.",
    "The peer-help pairing you proposed was approved.",  # the counselor who proposed it
    "The peer-help pairing you proposed was not approved.",
    "The peer-help pairing you proposed was not approved: %(reason)s",
    "Where and when students find you, or an e-mail address, e.g. Student Affairs Building "
    "305, weekdays 9–17.",
    "Your name is filled in; add anyone who talked with you.",  # who records a talk
)


def test_staff_are_addressed_with_nin():
    zh = catalog(PO)
    for msgid in STAFF_READ:
        said = zh.get(msgid).string
        assert "您" in said and "你" not in said, msgid


def test_compiled_catalogue_matches_the_po_file():
    def key(value):  # plural messages: a list of forms
        return tuple(value) if isinstance(value, list | tuple) else value

    source = {key(m.id): key(m.string) for m in catalog(PO) if m.id and m.string and not m.fuzzy}
    compiled = {key(m.id): key(m.string) for m in read_mo(io.BytesIO(MO.read_bytes())) if m.id}
    assert compiled == source, "run: flask --app portal i18n compile"


def test_placeholders_survive_translation():
    import re

    for message in catalog(PO):
        if message.id and message.string and isinstance(message.id, str):
            wanted = sorted(re.findall(r"%\(\w+\)[sd]", message.id))
            assert sorted(re.findall(r"%\(\w+\)[sd]", message.string)) == wanted, message.id


@pytest.mark.parametrize(
    "accept, expected", [("en-US,en;q=0.9", "Log in"), ("zh-CN,zh;q=0.9", "登录"), ("", "登录")]
)
def test_locale_follows_accept_language_then_defaults_to_chinese(client, accept, expected):
    page = client.get("/login", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f"<h1>{expected}</h1>" in page


def test_cookie_beats_accept_language_and_user_choice_beats_cookie(client, make, login):
    client.post("/locale", data={"locale": "en", "next": "/login"})
    page = client.get("/login", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "<h1>Log in</h1>" in page
    user = make.user("I01", role="counselor", locale="zh_CN")
    login(user)
    assert 'lang="zh-CN"' in client.get("/").get_data(as_text=True)


def test_switching_language_returns_to_the_same_page(client, make, login):
    login(make.user("I02", role="secretary"))
    response = client.post("/locale", data={"locale": "en", "next": "/students/?q=1"})
    assert response.headers["Location"] == "/students/?q=1"
    assert "Students" in client.get("/students/?q=1").get_data(as_text=True)


def test_switch_refuses_to_leave_the_site(client):
    response = client.post("/locale", data={"locale": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_terms_are_shown_in_the_locale_style(app):
    from flask_babel import force_locale

    from portal.core.templating import term_label

    with app.test_request_context():
        with force_locale("zh_CN"):
            assert term_label("2024-2025-1") == "2024-2025学年第1学期"
        with force_locale("en"):
            assert term_label("2024-2025-1") == "2024–2025 term 1"


def test_credits_and_hours_read_as_people_write_them(app):
    """5, 4.5, 0 — not 5.00, 4.50, 0.00 — to two decimals at most; an exact median too."""
    from decimal import Decimal
    from fractions import Fraction

    from flask import render_template_string

    cases = [
        (Decimal("5.00"), "5"),
        (Decimal("4.50"), "4.5"),
        (Decimal("0.00"), "0"),
        (Fraction(13, 2), "6.5"),
        (Fraction(1, 3), "0.33"),
        ("5.00", "5"),
        (None, "—"),
        ("—", "—"),
    ]
    with app.test_request_context():
        for value, shown in cases:
            assert render_template_string("{{ value|number }}", value=value) == shown, value


def test_short_dates_read_the_same_way_in_both_languages(app):
    """Not 12/3/26 in English, which reads as 12 March to many readers."""
    from datetime import date

    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context():
        for locale in ("zh_CN", "en"):
            with force_locale(locale):
                shown = render_template_string("{{ day|date('short') }}", day=date(2026, 12, 3))
            assert shown == "2026-12-03"


def test_plural_messages_are_translated(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("zh_CN"):
        text = ngettext(
            "%(num)d talk due soon or overdue.", "%(num)d talks due soon or overdue.", 37
        )
    assert text == "即将到期或已逾期的谈话 37 次。"


def test_a_forced_locale_is_used_inside_and_left_after(app):
    """The catalogue kept for the request follows force_locale (notices in Chinese from an
    English session) in Python and in templates, and is the reader's again afterwards."""
    from flask import render_template_string
    from flask_babel import force_locale, gettext

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert gettext("Talks") == "Talks"
        with force_locale("zh_CN"):
            assert gettext("Talks") == "谈话"
            assert render_template_string("{{ _('Talks') }}") == "谈话"
        assert gettext("Talks") == "Talks"
        assert render_template_string("{{ _('Talks') }}") == "Talks"
