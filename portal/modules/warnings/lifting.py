"""Lifting (解除), warning-rules.md §6: when a roster is published, the standing of its
students (standing.py) says whose warning ends at its term — the ruleset's lifting rule
held (兰州理工大学生命科学与工程学院《本科生学业警示及帮扶工作实施细则》（2021）: outstanding
failed credits under 6; 辽宁科技大学《学生学业警示及帮扶实施办法（试行）》（2019）: 降级警示
under 20, 退学警示 under 40) or, without a rule, the evaluation no longer warns them. Each
proposal names what held with the metric values, like a warning's "why". The secretary
confirms (who and when are kept); the student is told."""

from __future__ import annotations

from sqlalchemy import insert, select, true

from portal.core import audit
from portal.core.i18n import N_, _, pick
from portal.core.models import Student, User
from portal.core.models.base import utcnow
from portal.core.notify import notify
from portal.extensions import db

from .explain import describe, metric_label, show_number
from .models import Lift, Run, Warning
from .standing import build


def propose_lifts(run: Run) -> int:
    """Flush a proposal for every warning that ends at the published run's term (flush
    only). The history is built afresh: the run was published a moment ago."""
    condition = Student.college_id == run.college_id if run.college_id else true()
    data = build(condition)
    known = set(db.session.scalars(select(Lift.warning_id)))
    code = run.term.code
    rows = []
    for college in data.colleges.values():
        if college.rostered.get(run.term_id) != run.id:
            continue
        for held in college.at[run.term_id].values():
            if held.state == "lifting_proposed" and held.warning_id not in known:
                known.add(held.warning_id)
                rows.append(
                    {
                        "warning_id": held.warning_id,
                        "reason": held.reason,
                        "detail": dict(held.values or {}, term=code),
                        "proposed_in_run_id": run.id,
                        "created_at": utcnow(),
                    }
                )
    if rows:
        db.session.execute(insert(Lift), rows)
    return len(rows)


def why(lift: Lift) -> str:
    """What held, in words: "未取得学分 4 < 6", or "no longer warned (…)"."""
    detail = lift.detail or {}
    if lift.reason == "rule" and detail.get("fired"):
        return _(
            "the lifting rule holds: %(why)s",
            why=pick({"zh": "；", "en": "; "}).join(describe(f) for f in detail["fired"]),
        )
    metrics = detail.get("metrics") or {}
    values = pick({"zh": "；", "en": "; "}).join(
        f"{metric_label(k)} {show_number(v)}" for k, v in metrics.items() if v is not None
    )
    return _("no longer warned: %(values)s", values=values) if values else _("no longer warned")


def proposed(scope_clause) -> list[Lift]:
    return list(
        db.session.scalars(
            select(Lift)
            .join(Lift.warning)
            .join(Warning.student)
            .where(Lift.confirmed_at.is_(None), scope_clause)
            .order_by(Student.student_no)
        )
    )


def confirm_lifts(lifts: list[Lift], user_id: int) -> int:
    now = utcnow()
    for lift in lifts:
        lift.confirmed_at, lift.confirmed_by_id = now, user_id
        lift.warning.lifted_at, lift.warning.lifted_by_id = now, user_id
        accounts = db.session.scalars(
            select(User.id).where(User.student_id == lift.warning.student_id)
        ).all()
        notify(
            accounts,
            N_("Your academic warning has been lifted. Well done, keep it up!"),
            link="/warnings/",
        )
    audit.record("lift", object_type="Warning", detail=f"count={len(lifts)}")
    return len(lifts)
