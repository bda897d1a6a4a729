"""Found by name: `Module` reads TEMPLATE_GLOBALS here without the declaration naming it."""

TEMPLATE_GLOBALS = {"notes_heading": lambda: "NOTES-PAGE"}
