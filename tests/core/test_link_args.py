"""A list's pager keeps the page's query, never a name url_for reads itself: `?_method=POST`
or `?endpoint=x` on a list of more than one page answered 500, and `?_external=1` made its
links point at a host."""

from types import SimpleNamespace

from flask import render_template_string

PAGER = '{% from "macros/forms.html" import pager %}{{ pager(page, "admin.audit_log") }}'


def test_the_pager_keeps_the_lists_query_and_drops_what_steers_url_for(app):
    page = SimpleNamespace(pages=3, page=2, has_prev=True, prev_num=1, has_next=True, next_num=3)
    query = "/?q=%E7%94%B2&_method=POST&endpoint=x&_external=1&_scheme=https"
    with app.test_request_context(query):
        html = render_template_string(PAGER, page=page)
    assert 'href="/admin/audit?q=%E7%94%B2&amp;page=1"' in html
    assert 'href="/admin/audit?q=%E7%94%B2&amp;page=3"' in html
    assert "http" not in html and "_method" not in html
