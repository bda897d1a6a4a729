"""Due and overdue from cadence rules, with a fixed clock at the edges."""

from datetime import date

from portal.core.cadence import CadenceRule, assess, rules_for, schedule
from portal.core.cadence_presets import PRESETS

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


def test_one_day_past_a_month_without_a_talk_it_is_overdue_and_the_next_is_due():
    """A talk held now counts for the month under way (test_cadence_periods.py)."""
    [first, second, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [], today=date(2026, 4, 2))
    assert (first.state, second.state) == ("overdue", "due")


def test_a_talk_on_the_due_day_is_on_time_and_the_next_day_is_the_next_months():
    [on_time, *_] = assess(MONTHLY, PUBLISHED, TERM_END, [date(2026, 4, 1)], date(2026, 4, 5))
    [missed, next_month, *_] = assess(
        MONTHLY, PUBLISHED, TERM_END, [date(2026, 4, 2)], date(2026, 4, 5)
    )
    assert (on_time.state, missed.state, next_month.state) == ("on_time", "missed", "on_time")


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


WEEKLY = CadenceRule("orange", "counselor", "talk", first_within_days=7, every_days=7)


def states(rule, done, today):
    return [d.state for d in assess(rule, PUBLISHED, TERM_END, done, today)]


def test_weeks_without_a_talk_are_missed_the_last_one_overdue_and_the_week_under_way_due():
    # Due 9, 16, 23, 30 March; on the 24th three weeks went without: the last is the one
    # overdue (the due lists show it), and the fourth is due at once.
    assert states(WEEKLY, [], date(2026, 3, 24))[:4] == ["missed", "missed", "overdue", "due"]


def test_a_talk_after_missed_weeks_meets_its_own_week_and_the_missed_stay_missed():
    done = [date(2026, 3, 24)]
    assert states(WEEKLY, done, date(2026, 3, 24))[:4] == ["missed", "missed", "missed", "on_time"]


def test_talks_meet_their_own_weeks_in_order():
    done = [date(2026, 3, 5), date(2026, 3, 16)]
    assert states(WEEKLY, done, date(2026, 3, 20))[:3] == ["on_time", "on_time", "due"]


def test_a_talk_on_the_day_the_next_falls_due_counts_for_the_next():
    done = [date(2026, 3, 16)]  # the second due date: the first is missed, the second met
    assert states(WEEKLY, done, date(2026, 3, 17))[:2] == ["missed", "on_time"]


def test_the_last_obligation_stays_overdue_until_met():
    rule = CadenceRule("red", "counselor", "parent", first_within_days=30)
    assert states(rule, [], date(2026, 6, 30)) == ["overdue"]
    assert states(rule, [date(2026, 6, 30)], date(2026, 6, 30)) == ["late"]


def test_talks_that_would_fall_due_in_the_summer_are_owed_on_the_first_day_back():
    weekly = CadenceRule("orange", "counselor", "talk", first_within_days=7, every_days=7)
    summer = (date(2026, 7, 11), date(2026, 9, 7))
    dates = schedule(weekly, date(2026, 6, 24), date(2026, 9, 30), [summer])
    assert dates == [
        date(2026, 7, 1),
        date(2026, 7, 8),
        date(2026, 9, 7),  # eight weeks of holiday: one talk, when the student is back,
        date(2026, 9, 14),  # and the week counts again from that day (not the 9th, 16th …)
        date(2026, 9, 21),
        date(2026, 9, 28),
    ]
    assert len(schedule(weekly, date(2026, 6, 24), date(2026, 9, 30))) == 14


def test_a_first_talk_owed_in_the_holiday_is_owed_on_the_first_day_back():
    monthly = CadenceRule("yellow", "counselor", "talk", first_within_days=30)
    summer = (date(2026, 7, 11), date(2026, 9, 7))
    assert schedule(monthly, date(2026, 7, 1), date(2026, 11, 1), [summer]) == [date(2026, 9, 7)]


def test_a_weekly_talk_is_due_soon_only_in_the_second_half_of_its_week():
    assert states(WEEKLY, [], date(2026, 3, 5))[0] == "upcoming"  # due on the 9th
    assert states(WEEKLY, [], date(2026, 3, 6))[0] == "due"
    assert states(WEEKLY, [date(2026, 3, 9)], date(2026, 3, 9))[1] == "upcoming"
