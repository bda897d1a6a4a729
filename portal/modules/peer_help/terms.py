"""The terms a pairing and its sessions fall in. Hours are certified term by term (志愿服务时数
认定, shaoxing 第六条1; `hours.certify`), so a pairing is bounded by the terms and a session
falls within one: a pairing dated 2020 to 2035 let a session of 2021 wait for a certification
no term could give it.

A term's days are the core's (`binder.term_span`: the administrator's dates, else the
convention); "the term under way" is the one today falls in, or, in a holiday, the one that
ended last."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.core.binder import current_code, first_day, following, last_day, term_of
from portal.core.models import Term
from portal.extensions import db


def under_way(today: date) -> Term:
    """The term today falls in by the calendar (`binder.current_code`), or the next one when
    the administrator's dates start it earlier (a spring term from late February)."""
    term = term_of(current_code(today))
    after = following(term)
    return after if first_day(after) <= today else term


def pairing_bounds(today: date) -> tuple[date, date]:
    """The first and last day a pairing proposed today may have. The policies give no
    length: support is decided term by term ("每学期初…认定", shaoxing 第五条; gxu 第四条(3)
    "学院在学期初要对帮扶工作成效进行分析总结…提出后续处理意见"), and a volunteer is paired "帮助、
    监督下一阶段的学习" (shaoxing 第五条 二级帮扶 3). We chose: from the first day of the term
    under way (a pairing agreed on paper earlier in the term is entered as it began; today,
    if that day is still to come) to the last day of the next term, so a pairing proposed
    late in a term still covers the next one, and a longer need is proposed again after the
    college's review at that term's start."""
    term = under_way(today)
    return min(first_day(term), today), last_day(following(term))


def covering(day: date, today: date) -> Term | None:
    """The term `day` falls in, of those whose hours can be certified: the terms the portal
    lists (the certify form offers those) and the term under way (listed once its dates or
    its grades are entered); None in a holiday between two terms the administrator dated,
    or in a term the portal does not list (a typo's 2021)."""
    terms = list(db.session.scalars(select(Term)))
    now = under_way(today)
    if all(t.code != now.code for t in terms):
        terms.append(now)
    return next((t for t in terms if first_day(t) <= day <= last_day(t)), None)
