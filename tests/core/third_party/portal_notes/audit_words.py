"""Found by name: the audit trail's words for this module's records."""

RECORDS = {"Note": "NOTES-RECORD"}

DETAILS = {"visits": "NOTES-VISITS"}
