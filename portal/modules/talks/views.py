"""Talks pages."""

from flask import Blueprint

from portal.core.access import require
from portal.core.htmx import render

bp = Blueprint("talks", __name__, template_folder="templates")


@bp.route("/")
@require("talks.view")
def index():
    return render("talks/index.html")
