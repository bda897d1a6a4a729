"""Tester's finding: a talk held late, in the next period, filled the period it missed, so
the overdue month read as met and the month it was held in as owed. The policies owe one
in each period (anshan 第十一条 班导师每月与学生交流一次; lzut 5. 班主任每月至少安排 1 次;
shaoxing 每月一次 / 两周一次): a talk counts for the period it is held in, and a period
without one stays missed. A one-off deadline (a first parent contact within a month), and
"at least N a term", are still met by a late one."""

from datetime import date

from portal.core.cadence import CadenceRule, assess

PUBLISHED = date(2026, 3, 2)
TERM_END = date(2026, 7, 10)
# Due 1 April, 1 May, 31 May, 30 June: one talk a month.
MONTHLY = CadenceRule("yellow", "class_advisor", "talk", first_within_days=30, every_days=30)


def states(rule, done, today):
    return [(d.state, d.met_on) for d in assess(rule, PUBLISHED, TERM_END, done, today)]


def test_a_late_talk_counts_for_the_month_it_was_held_in():
    """Nothing in March, a talk on 15 April: March stays missed, April is met on time."""
    found = states(MONTHLY, [date(2026, 4, 15)], date(2026, 4, 20))
    assert found[:3] == [
        ("missed", None),
        ("on_time", date(2026, 4, 15)),
        ("upcoming", None),
    ]


def test_a_talk_each_month_a_little_after_its_day_misses_only_the_first():
    """Always in the month after: one month missed, each month after it met on time, not
    every month late (nor the last one owed while its talk was held)."""
    done = [date(2026, 4, 15), date(2026, 5, 15), date(2026, 6, 15)]
    found = states(MONTHLY, done, date(2026, 6, 20))
    assert [state for state, _ in found] == ["missed", "on_time", "on_time", "on_time"]


def test_two_talks_in_one_month_do_not_meet_the_next_month():
    done = [date(2026, 3, 10), date(2026, 3, 25)]
    found = states(MONTHLY, done, date(2026, 5, 5))
    assert [state for state, _ in found][:2] == ["on_time", "missed"]


def test_after_a_missed_month_the_month_under_way_is_due_at_once():
    """On 2 April, March missed: April's talk is due now (the due lists show the student),
    not only in its last week."""
    found = states(MONTHLY, [], date(2026, 4, 2))
    assert [state for state, _ in found][:3] == ["missed", "due", "upcoming"]


def test_a_one_off_deadline_is_still_met_late():
    rule = CadenceRule("red", "counselor", "parent", first_within_days=30)
    assert states(rule, [], date(2026, 4, 20)) == [("overdue", None)]
    assert states(rule, [date(2026, 4, 20)], date(2026, 4, 20)) == [("late", date(2026, 4, 20))]


def test_a_late_first_talk_before_at_least_twice_a_term_is_the_first_one_late():
    """First within a month, then at least twice a term (lzut 辅导员每学期至少 2 次): no
    month-by-month period follows the first, so a late first talk is that talk, late."""
    rule = CadenceRule("oral", "counselor", "talk", first_within_days=30, per_term_min=2)
    found = states(rule, [date(2026, 4, 10)], date(2026, 4, 20))
    assert found == [("late", date(2026, 4, 10)), ("upcoming", None)]
