"""Effectiveness review pages."""

from flask import Blueprint

from portal.core.access import require
from portal.core.htmx import render

bp = Blueprint("review", __name__, template_folder="templates")


@bp.route("/")
@require("review.view")
def index():
    return render("review/index.html")
