"""The ruleset editor's form: conditions as numbered rows, added and removed on the server.

Field names: `c{i}l{j}r{k}-metric|op|threshold|group` for condition k of level j of
category i; `group` is "any" (any-of) or "all" (the all-of group). Buttons `add=c{i}l{j}`
and `remove=c{i}l{j}r{k}` change the rows without saving, so the editor works without
JavaScript; with HTMX the same requests swap the form in place.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from portal.core.i18n import _, pick
from portal.core.numbers import whole_number

from .rules import METRIC_LABELS, parse_threshold, validate_ruleset_dict

OPERATORS = (">=", ">", "<", "<=", "==")
EMPTY_ROW = {"metric": "", "op": ">=", "threshold": "", "group": "any"}


@dataclass
class Row:
    name: str
    metric: str
    op: str
    threshold: str
    group: str


@dataclass
class LevelRows:
    name: str
    category: dict
    level: dict
    rows: list[Row] = field(default_factory=list)
    consequences: dict = field(default_factory=dict)  # the notice's "what it can lead to"


def rows_from_definition(definition: dict) -> list[LevelRows]:
    found = []
    for i, category in enumerate(definition["categories"]):
        for j, level in enumerate(category["levels"]):
            name = f"c{i}l{j}"
            conditions = [dict(c, group="any") for c in level.get("any_of", [])] + [
                dict(c, group="all") for c in level.get("all_of", [])
            ]
            found.append(
                LevelRows(
                    name,
                    category,
                    level,
                    [
                        Row(f"{name}r{k}", c["metric"], c["op"], str(c["threshold"]), c["group"])
                        for k, c in enumerate(conditions)
                    ],
                    dict(level.get("consequences", {})),
                )
            )
    return found


def rows_from_form(definition: dict, form) -> list[LevelRows]:
    """The rows as posted, with one row added or removed when a button asked for it."""
    levels = rows_from_definition(definition)
    for level in levels:
        count = whole_number(form.get(f"{level.name}-rows", str(len(level.rows))) or "0")
        if count is None:  # the page's hidden count is not one ('²'): as many as saved
            count = len(level.rows)
        level.rows = [
            Row(
                f"{level.name}r{k}",
                *(
                    form.get(f"{level.name}r{k}-{part}", "").strip()
                    for part in ("metric", "op", "threshold", "group")
                ),
            )
            for k in range(min(count, 20))
        ]
        if form.get("remove", "").startswith(level.name + "r"):
            level.rows = [r for r in level.rows if r.name != form["remove"]]
        if form.get("add") == level.name:
            level.rows.append(Row(f"{level.name}r{len(level.rows)}", **EMPTY_ROW))
        for k, row in enumerate(level.rows):
            row.name = f"{level.name}r{k}"
        for lang in ("zh", "en"):
            text = form.get(f"{level.name}-consequences-{lang}")
            if text is not None:
                level.consequences[lang] = text.strip()[:1000]
    return levels


def definition_from_rows(
    definition: dict, levels: list[LevelRows], *, scale: str, names: dict
) -> dict:
    result = copy.deepcopy(definition)
    result["scale"], result["names"] = scale, names
    by_name = {level.name: level for level in levels}
    for i, category in enumerate(result["categories"]):
        for j, level in enumerate(category["levels"]):
            rows = by_name[f"c{i}l{j}"].rows
            level["consequences"] = by_name[f"c{i}l{j}"].consequences
            level["any_of"] = [_condition(r) for r in rows if r.group != "all"]
            level["all_of"] = [_condition(r) for r in rows if r.group == "all"]
    result.pop("needs_thresholds", None)
    result["needs_thresholds"] = False
    return result


def _condition(row: Row) -> dict:
    return {"metric": row.metric, "op": row.op, "threshold": row.threshold}


def problems(definition: dict) -> list[str]:
    return validate_ruleset_dict(definition)


def row_problems(levels: list[LevelRows]) -> list[str]:
    """Each bad row named by its level and row number, in the user's language."""
    found = []
    for level in levels:
        where = f"{pick(level.category['names'])} · {pick(level.level['names'])}"
        if not level.rows:
            found.append(_("%(level)s: add at least one condition.", level=where))
        for number, row in enumerate(level.rows, start=1):
            problem = _row_problem(row)
            if problem:
                found.append(
                    _("%(level)s, row %(n)d: %(problem)s", level=where, n=number, problem=problem)
                )
    return found


def _row_problem(row: Row) -> str | None:
    if row.metric not in METRIC_LABELS:
        return _("choose a metric")
    if row.op not in OPERATORS:
        return _("choose an operator")
    try:
        parse_threshold(row.threshold)
    except (ValueError, ZeroDivisionError, OverflowError):
        return _("the threshold “%(value)s” is not a number", value=row.threshold[:20])
    return None
