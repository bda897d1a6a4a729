"""The leaders' text section of the review."""

from wtforms import TextAreaField
from wtforms.validators import Length

from portal.core.forms import PortalForm
from portal.core.i18n import _l


class ReportForm(PortalForm):
    worked = TextAreaField(_l("What worked"), validators=[Length(max=8000)])
    not_worked = TextAreaField(_l("What did not work"), validators=[Length(max=8000)])
    changes = TextAreaField(_l("What changes next term"), validators=[Length(max=8000)])
