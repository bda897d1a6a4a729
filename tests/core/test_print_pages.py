"""Every printable page is built on print_page.html, which leads back on screen only: a page
opened to be printed has no navigation, and a user who opened it must not need the
browser's back button."""

import re
from pathlib import Path

from flask import render_template_string

import portal

from ..print_pages import back_link

ROOT = Path(portal.__file__).parent
# The binder's zip holds pages read without the portal: a link back would lead nowhere.
OFFLINE = {"templates/binder/standalone.html"}


def test_every_print_sheet_extends_the_print_page():
    own_sheets = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("templates/**/*.html")
        if 'class="print-sheet' in path.read_text(encoding="utf-8")
    ]
    assert sorted(own_sheets) == sorted({"templates/print_page.html", *OFFLINE})


def test_the_link_back_is_hidden_on_paper(app):
    with app.test_request_context():
        page = render_template_string(
            '{% extends "print_page.html" %}{% set back_url = "/talks/1" %}'
            '{% set back_label = "Back" %}{% block sheet %}<h1>Sheet</h1>{% endblock %}'
        )
    assert back_link(page) == ("/talks/1", "Back")
    css = (ROOT / "static/app.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\{(?:(?!@media).)*?[,{]\.no-print\{display:none", css, re.S)
