"""What the review knows of plans: none, written, signed, executed (reported on)."""

from sqlalchemy import select

from portal.extensions import db

from .models import Plan

STATE = {"draft": "written", "submitted": "written", "returned": "written", "signed": "signed",
         "reported": "executed", "closed": "executed"}


def plan_states(student_ids: list[int]) -> dict[int, str]:
    found = {sid: "none" for sid in student_ids}
    for student_id, status in db.session.execute(
            select(Plan.student_id, Plan.status).where(Plan.student_id.in_(student_ids))
            .order_by(Plan.period_start)):
        found[student_id] = STATE.get(status, "written")  # the latest period wins
    return found
