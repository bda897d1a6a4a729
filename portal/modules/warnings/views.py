"""Academic warnings pages."""

from flask import Blueprint

from portal.core.access import require
from portal.core.htmx import render

bp = Blueprint("warnings", __name__, template_folder="templates")


@bp.route("/")
@require("warnings.view")
def index():
    return render("warnings/index.html")
