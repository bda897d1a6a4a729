"""Parent contact pages."""

from flask import Blueprint

from portal.core.access import require
from portal.core.htmx import render

bp = Blueprint("parents", __name__, template_folder="templates")


@bp.route("/")
@require("parents.view")
def index():
    return render("parents/index.html")
