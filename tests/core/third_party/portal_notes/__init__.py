"""A module that lives outside the `portal` package: the contract is all it knows."""

from flask import Blueprint

from portal.core.access import require, scoped_student_or_404
from portal.core.htmx import render
from portal.core.modules import Module, NavItem, Permission, ProfileTab, Widget
from portal.core.profile_tabs import tab_page

bp = Blueprint("notes", __name__, template_folder="templates")


@bp.route("/")
@require("notes.view")
def index():
    return render("notes/index.html")


@bp.route("/widget")
@require("notes.view")
def widget():
    return "<p>NOTES-WIDGET-BODY</p>"


@bp.route("/students/<int:student_id>")
@require("notes.view")
def tab(student_id):
    student = scoped_student_or_404(student_id, "notes.view")
    return tab_page("notes/tab.html", student)


# Each link, card and tab is shown under its view's `@require`: no permission named twice.
module = Module(
    __name__,
    label="Notes",
    blueprint=bp,
    permissions=[Permission("notes.view", "See notes", ("counselor",))],
    nav=[NavItem("notes.index", "NOTES-NAV")],
    widgets=[Widget("notes.widget", "NOTES-WIDGET")],
    profile_tabs=[ProfileTab("notes.tab", "NOTES-TAB")],
)
