"""A scan attached to a record: served to those who may see the record (see core.attachments)."""

from flask import Blueprint

from .. import attachments
from ..access import authenticated

bp = Blueprint("attachments", __name__, url_prefix="/attachments")


@bp.route("/<int:attachment_id>")
@authenticated  # the record's own permission and scope are checked in attachments.send
def get(attachment_id: int):
    return attachments.send(attachment_id)
