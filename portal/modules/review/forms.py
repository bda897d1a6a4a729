"""The leaders' text section of the review."""

from wtforms import TextAreaField
from wtforms.validators import Length

from portal.core.forms import PortalForm

from .labels import ASSESSMENT_PARTS


class ReportForm(PortalForm):
    worked = TextAreaField(ASSESSMENT_PARTS["worked"], validators=[Length(max=8000)])
    not_worked = TextAreaField(ASSESSMENT_PARTS["not_worked"], validators=[Length(max=8000)])
    changes = TextAreaField(ASSESSMENT_PARTS["changes"], validators=[Length(max=8000)])

    def written(self) -> bool:
        """Whether any part holds more than spaces."""
        return any((self[name].data or "").strip() for name in ASSESSMENT_PARTS)
