"""Files the portal keeps for a while (an import's upload): in the database, so any app host
and any worker can read what another host received."""

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped

from ...extensions import db
from .base import PERSONAL, col, utcnow


class StoredFile(db.Model):
    __tablename__ = "core_stored_file"
    __audit__ = False  # what is done with it (the import, the export) is audited as such
    id: Mapped[str] = col(String(32), primary_key=True)
    size: Mapped[int] = col()
    created_at: Mapped[datetime] = col(default=utcnow, index=True)
    data: Mapped[bytes] = col(LargeBinary, sensitivity=PERSONAL)  # rosters, grades
