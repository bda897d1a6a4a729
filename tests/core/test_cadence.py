"""Due and overdue from cadence rules, with a fixed clock at the edges."""

from datetime import date

from portal.core.cadence import PRESETS, CadenceRule, assess, rules_for, schedule

PUBLISHED = date(2026, 3, 2)
TERM_END = date(2026, 7, 10)
MONTHLY = CadenceRule("yellow", "class_advisor", "talk", first_within_days=30, every_days=30)


def test_monthly_schedule_runs_to_the_end_of_term():
    dates = schedule(MONTHLY, PUBLISHED, TERM_END)
    assert dates[0] == date(2026, 4, 1) and dates[1] == date(2026, 5, 1)
    assert dates[-1] <= TERM_END and len(dates) == 4


def test_due_today_is_due_not_overdue():
    [first, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [], today=date(2026, 4, 1))
    assert first.state == "due"


def test_one_day_late_is_overdue():
    [first, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [], today=date(2026, 4, 2))
    assert first.state == "overdue"


def test_a_talk_on_the_due_day_is_on_time_and_the_next_day_is_late():
    [on_time, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [date(2026, 4, 1)], date(2026, 4, 5))
    [late, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [date(2026, 4, 2)], date(2026, 4, 5))
    assert (on_time.state, late.state) == ("on_time", "late")


def test_far_obligations_are_upcoming():
    states = [d.state for d in assess(MONTHLY, PUBLISHED, TERM_END, [], date(2026, 3, 3))]
    assert states == ["upcoming"] * 4


def test_talks_before_publication_do_not_count():
    [first, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [date(2026, 2, 20)], date(2026, 4, 5))
    assert first.state == "overdue"


def test_at_least_twice_a_term_spreads_over_the_term():
    rule = CadenceRule("oral", "counselor", "talk", per_term_min=2)
    assert schedule(rule, PUBLISHED, TERM_END) == [date(2026, 5, 6), TERM_END]


def test_first_within_a_month_then_at_least_twice_a_term():
    rule = CadenceRule("oral", "counselor", "talk", first_within_days=30, per_term_min=2)
    assert schedule(rule, PUBLISHED, TERM_END) == [date(2026, 4, 1), TERM_END]


def test_presets_follow_the_seed_policies():
    weekly = rules_for(PRESETS["anshan"], "orange", "counselor", "talk")
    parents = rules_for(PRESETS["anshan"], "orange", "counselor", "parent")
    assert weekly[0].every_days == 7 and parents[0].every_days == 14
    assert rules_for(PRESETS["shaoxing"], "level2", "class_advisor", "talk")[0].every_days == 14
    assert rules_for(PRESETS["lanzhou"], "oral", "counselor", "talk")[0].per_term_min == 2
