"""Templates stay readable in a side-by-side diff: no line over 160 characters."""

from pathlib import Path

import portal

LIMIT = 160


def test_no_template_line_is_longer_than_160_characters():
    root = Path(portal.__file__).parent
    long = [
        f"{path.relative_to(root)}:{n}: {len(line)} characters"
        for path in sorted(root.rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > LIMIT
    ]
    assert not long, "\n".join(long)
