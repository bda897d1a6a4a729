"""After a successful grades import, offer to compute the imported term's warnings
(issue 17 #6): a button to the compute form with the term chosen."""

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import can
from portal.core.i18n import _
from portal.core.models import Term
from portal.core.templating import term_label
from portal.extensions import db


def compute_after_grades(kind: str, terms: list[str]) -> list[tuple[str, str]]:
    if kind != "grades" or not terms or not can(current_user, "warnings.manage"):
        return []
    found = db.session.execute(
        select(Term.id, Term.code)
        .where(Term.code.in_(terms), Term.n != 3)
        .order_by(Term.start_year, Term.n)
    ).all()
    return [
        (
            _("Compute this term's warnings: %(term)s", term=term_label(code)),
            url_for("warnings.compute", term=term_id),
        )
        for term_id, code in found
    ]
