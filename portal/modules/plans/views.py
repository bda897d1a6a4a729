"""Study plans pages."""

from flask import Blueprint

from portal.core.access import require
from portal.core.htmx import render

bp = Blueprint("plans", __name__, template_folder="templates")


@bp.route("/")
@require("plans.view")
def index():
    return render("plans/index.html")
