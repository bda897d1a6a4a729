"""URLs from the app's rules, with their variables filled in (for tests that walk them)."""

import re

VARIABLE = re.compile(r"<(?:(any)\(([^)]*)\):|\w+:)?(\w+)>")


def fill(rule: str, values=None, default="1") -> str:
    """`<int:x>` and `<x>` from `values` (else `default`); `<any(a, b):x>` → `a`."""
    values = values or {}

    def one(match):
        if match.group(1):
            return match.group(2).split(",")[0].strip()
        return str(values.get(match.group(3), default))

    return VARIABLE.sub(one, rule)
