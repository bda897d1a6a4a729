"""The review page's charts, from the figures already built: levels over terms, the flow
to next term's outcome, GPA before and after per group, the distributions of GPA and failed
credits, compliance per counselor, and one chart per registered fact (plans, peer volunteers,
cadence)."""

from __future__ import annotations

from fractions import Fraction
from itertools import repeat
from operator import attrgetter, is_

from portal.core import facts as fact_registry
from portal.core.access import student_scope
from portal.core.i18n import _, ngettext
from portal.core.templating import term_label

from . import charts, figures
from .labels import dimension_label, outcome_label

GPA_EDGES = [Fraction(n, 2) for n in range(0, 9)]  # 0, 0.5, … 4.0 and above
CREDIT_EDGES = [0, 1, 5, 10, 15, 20, 30]


def page_charts(page) -> list:
    review, shown = page.review, page.groups.items
    found = [
        _levels(),
        _flow(review, page.period.span),
        _gpa(shown, page.by),
        _distribution(
            _("Cumulative GPA of the warned students, before and after"),
            review.total,
            ("gpa_before", "gpa_after"),
            GPA_EDGES,
            lambda e: f"{float(e):.1f}",
        ),
        _distribution(
            _("Outstanding failed credits, before and after"),
            review.total,
            ("failed_before", "failed_after"),
            CREDIT_EDGES,
            str,
        ),
    ]
    # Each kind of obligation counted on its own (a group meeting is not a talk): the core
    # registers "cadence" for all of them and "cadence_<kind>" for each.
    found += [
        chart
        for code, fact in fact_registry.facts().items()
        if code == "cadence" or code.startswith("cadence_")
        if (chart := _compliance(review.groups["counselor"], fact, always=code == "cadence"))
        is not None
    ]
    found += [_fact(fact, shown, page.by) for fact in fact_registry.facts().values()]
    return found


def _levels():
    levels = figures.levels_over_terms(student_scope("review.view"))
    return charts.stacked_rows(
        _("Students warned per level, term by term"),
        [(term_label(t.code), parts) for t, parts in levels],
        [_("Term")] + [label for label, _c, _n in (levels[-1][1] if levels else [])],
    )


def _flow(review, span: str):
    flow = [
        (g.name, [(o.label, o.css, g.outcomes[o]) for o in figures.OUTCOMES])
        for g in review.groups["level"]
    ]
    chart = charts.stacked_rows(
        _("From each term's levels to its next evaluation term")
        if span == "year"
        else _("From this term's levels to the next term"),
        flow,
        [_("Level")] + [outcome_label(o) for o in figures.OUTCOMES],
    )
    # Eight outcomes across scrolled sideways in a chart's card (at 1024 and 1366 px): the
    # data lists them down, in full words, and the few levels across.
    return charts.transposed(chart, _("Outcome"))


def _gpa(groups, by: str):
    values = [v for g in groups for v in (g.median("gpa_before"), g.median("gpa_after")) if v]
    return charts.paired_rows(
        _(
            "Median cumulative GPA before and after, per %(dimension)s",
            dimension=dimension_label(by).lower(),
        ),  # "per class" (no case in Chinese)
        [(g.name, g.median("gpa_before"), g.median("gpa_after")) for g in groups],
        max([Fraction(4)] + values),
        [dimension_label(by), _("Before"), _("After")],
        _("Before"),
        _("After"),
    )


def _distribution(title: str, total, names: tuple[str, str], edges: list, show):
    before, after = (figures.distribution(total.values[n], edges) for n in names)
    labels = [f"{show(a)}–{show(b)}" for a, b in zip(edges, edges[1:], strict=False)]
    labels.append(f"≥ {show(edges[-1])}")
    chart = charts.paired_rows(
        title,
        list(zip(labels, before, after, strict=True)),
        max(before + after + [1]),
        [_("From"), _("Before"), _("After")],
        _("Before"),
        _("After"),
        show=str,
    )
    chart.notes = _without_a_figure(total, names)
    return chart


def _without_a_figure(total, names: tuple[str, str]) -> list[str]:
    """Who the bars leave out, and why, so they add up to the warned students: a walk
    counted 55 "before" against 56 warned, with nothing said. Before and after are drawn
    for the same students (figures.Group.values): one with a figure on one side only is
    left out of both, and the notes say so."""
    before, after = (sum(map(is_, map(attrgetter(n), total.rows), repeat(None))) for n in names)
    either = total.warned - len(total.values[names[0]])  # left out: no figure on a side
    one_side = either - (before + after - either)  # less those with neither
    notes = []
    if before:
        notes.append(
            ngettext(
                "%(num)d of the %(warned)d warned students has no figure before: added to the "
                "roster by a proposal, or no grades up to the term.",
                "%(num)d of the %(warned)d warned students have no figure before: added to the "
                "roster by a proposal, or no grades up to the term.",
                before,
                warned=total.warned,
            )
        )
    if after and after == total.warned:
        notes.append(
            _(
                "No warned student has a figure after yet: the next term is not graded, or its "
                "roster is not published yet."
            )
        )
    elif after:
        notes.append(
            ngettext(
                "%(num)d of the %(warned)d warned students has no figure after: not graded in "
                "the next term, or that term's roster is not published yet.",
                "%(num)d of the %(warned)d warned students have no figure after: not graded in "
                "the next term, or that term's roster is not published yet.",
                after,
                warned=total.warned,
            )
        )
    if one_side:
        notes.append(
            _(
                "Before and after are drawn for the same students: the %(num)d with both figures.",
                num=len(total.values[names[0]]),
            )
        )
    return notes


def _compliance(counselors, cadence, *, always: bool = True):
    """Per counselor: of their warned students who were owed something of the fact's kind
    (or anything, for "cadence"), the share for whom everything owed was done; None for a
    kind nothing was owed of (unless `always`)."""
    rows = []
    for group in counselors:
        counts = group.facts.get(cadence.code, {})
        met, owed = counts.get("met", 0), counts.get("met", 0) + counts.get("missed", 0)
        rows.append((group.name, Fraction(met, owed) if owed else None))
    if not always and all(share is None for _name, share in rows):
        return None
    title = (
        _("Students whose talks and contacts were all done, per counselor")
        if cadence.code == "cadence"
        else _("Students who %(fact)s, per counselor", fact=cadence.label)
    )
    return charts.rates(title, rows, [_("Counselor"), _("Share")])


def _fact(fact, groups, by: str):
    states = list(fact.states.items())
    return charts.stacked_rows(
        f"{fact.label} · {dimension_label(by)}",
        [
            (
                g.name,
                [
                    (str(label), f"{'y' if code in fact.yes else 'n'}{i}", n)
                    for i, ((code, label), n) in enumerate(
                        zip(states, g.state_counts(fact), strict=True)
                    )
                ],
            )
            for g in groups
        ],
        [dimension_label(by)] + [str(label) for _code, label in states],
    )
