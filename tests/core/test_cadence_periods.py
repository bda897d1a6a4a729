"""Tester's finding: a talk held late, in the next period, filled the period it missed, so
the overdue month read as met and the month it was held in as owed. The policies owe one
in each period (anshan 第十一条 班导师每月与学生交流一次, 第十二条 辅导员每周与学生沟通一次;
lzut 第四部分第五条 班主任每月至少安排 1 次; shaoxing 第四条 每月一次 / 两周一次): a talk
counts for the period it is held in, and a period without one stays missed; the latest one
is overdue while the period under way has none. A one-off deadline (a first parent contact
within a month), and "at least N a term", are still met by a late one."""

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
    assert [state for state, _ in found][:3] == ["on_time", "overdue", "due"]


def test_after_a_missed_month_it_is_overdue_its_period_named_and_the_month_under_way_due():
    """On 2 April, March went without: it is overdue (the due lists show the student, not
    as due soon), named by its period, and April's talk is due now, not only in its last
    week."""
    first, second, third, _ = assess(MONTHLY, PUBLISHED, TERM_END, [], date(2026, 4, 2))
    assert [d.state for d in (first, second, third)] == ["overdue", "due", "upcoming"]
    assert (first.starts, first.due_on) == (PUBLISHED, date(2026, 4, 1))
    assert (second.starts, second.due_on) == (date(2026, 4, 2), date(2026, 5, 1))


def test_a_talk_in_the_month_under_way_leaves_the_missed_month_missed():
    found = states(MONTHLY, [date(2026, 4, 10)], date(2026, 4, 10))
    assert [state for state, _ in found][:2] == ["missed", "on_time"]


def test_a_talk_after_its_day_is_late_for_a_deadline_and_the_next_periods_for_a_rhythm():
    """A first parent contact within a month, or a first talk followed by "at least twice a
    term" (lzut 第四部分第五条 辅导员每学期至少安排 2 次): no period of the rhythm follows, so
    a talk after its day is that one, late. A month of the rhythm is not met late."""
    talk, today = [date(2026, 4, 15)], date(2026, 4, 20)
    once = CadenceRule("red", "counselor", "parent", first_within_days=30)
    twice = CadenceRule("oral", "counselor", "talk", first_within_days=30, per_term_min=2)
    assert states(once, [], today) == [("overdue", None)]
    assert states(once, talk, today) == [("late", talk[0])]
    assert states(twice, talk, today) == [("late", talk[0]), ("upcoming", None)]
    assert states(MONTHLY, talk, today)[:2] == [("missed", None), ("on_time", talk[0])]
