"""The five preset rulesets (warning-rules.md §3), one per policy the portal was modelled on,
written with the articles they follow in presets.toml and read here into plain JSON-safe
dicts in the canonical form of `rules.ruleset_to_dict`, seeded into the database as they are.
The codes are part of the contract (exports, CLI, tests). The `consequences` of each level,
printed on the notice, first name what the policy says the level can lead to (the notice must
tell student and parents 可能产生的不良后果: LUT 一.1, ASNU 第九条), then the support the
policy offers. The notice adds that a warning is help offered early (提醒性帮助), not a
disciplinary sanction, and not in the student's file.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files


def _names(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _conditions(*texts: str) -> list[dict[str, str]]:
    """Conditions written `metric operator threshold`, as warning-rules.md writes them."""
    return [dict(zip(("metric", "op", "threshold"), text.split(), strict=True)) for text in texts]


def _level(level: dict, support: dict | None) -> dict:
    """A level: its consequences are what it can lead to, then (on its own line) the help
    offered, its own or `support`, its ruleset's for every level."""
    said, helped = level["consequence"], level.get("support", support)
    return {
        "code": level["code"],
        "names": _names(**level["names"]),
        "consequences": _names(**{lang: said[lang] + "\n" + helped[lang] for lang in ("zh", "en")}),
        "any_of": _conditions(*level.get("any_of", ())),
        "all_of": _conditions(*level.get("all_of", ())),
    }


def _category(category: dict, support: dict | None) -> dict:
    """Its levels from mild to severe."""
    levels = [_level(level, support) for level in category["levels"]]
    return {"code": category["code"], "names": _names(**category["names"]), "levels": levels}


def _ruleset(code: str, table: dict) -> dict:
    """A ruleset of presets.toml, a setting it leaves out at its default."""
    ruleset = {
        "code": code,
        "names": _names(**table["names"]),
        "scale": "linear5",
        "evaluate_on": table.get("evaluate_on", "every_term"),
        "needs_thresholds": table.get("needs_thresholds", False),
        "lifting": _conditions(table["lifting"])[0] if "lifting" in table else None,
        "categories": [_category(c, table.get("support")) for c in table["categories"]],
    }
    if "roster_deadline" in table:
        ruleset["roster_deadline"] = table["roster_deadline"]
    return ruleset


def _read() -> dict[str, dict]:
    text = files(__package__).joinpath("presets.toml").read_text("utf-8")
    return {code: _ruleset(code, table) for code, table in tomllib.loads(text).items()}


PRESETS: dict[str, dict] = _read()

# The conditions whose figures the policy leaves open: the UI marks them as the college's.
COLLEGE_SETS = {"anshan": {("red", "gpa_drop"), ("red", "absence_hours")}}
