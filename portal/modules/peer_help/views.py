"""Peer help pages."""

from flask import Blueprint

from portal.core.access import require
from portal.core.htmx import render

bp = Blueprint("peer_help", __name__, template_folder="templates")


@bp.route("/")
@require("peer_help.view")
def index():
    return render("peer_help/index.html")
