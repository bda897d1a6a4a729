"""Fill zh_CN translations from a TSV on stdin (msgid<TAB>msgstr), keep the rest; report gaps.

Usage: python tools/po_fill.py < new.tsv   (then `flask --app portal i18n compile`)
Literal "\\n" in either column stands for a newline.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "translations/zh/LC_MESSAGES/messages.po"


def main() -> None:
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    for line in sys.stdin.read().splitlines():
        if not line.strip() or "\t" not in line:
            continue
        msgid, msgstr = (part.replace("\\n", "\n") for part in line.split("\t", 1))
        message = catalog.get(msgid)
        if message is None:
            print(f"not in catalogue: {msgid!r}", file=sys.stderr)
            continue
        # A plural message: Chinese has one form.
        message.string = (msgstr,) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
    with open(PO, "wb") as handle:
        write_po(handle, catalog, width=100)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{len(missing)} untranslated", file=sys.stderr)
    for msgid in missing:
        print(f"  {msgid!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
