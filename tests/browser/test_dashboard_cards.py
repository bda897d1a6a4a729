"""Issue 17 missing 3: what waits on each user is a card on their dashboard, zh and en."""

from __future__ import annotations

import pytest

from .conftest import log_in, on_campus_screen, use_language
from .test_foundation_flows import shot

CARDS = {
    "advisor": ("等待您处理的结对", "Pairings waiting for you"),
    "leader": ("待您审批的名单", "Rosters awaiting your approval"),
    "teacher": ("期中学情调查", "Progress survey"),
}


@pytest.mark.parametrize("who", sorted(CARDS))
def test_issue17_m3_each_role_sees_a_card_for_what_waits_on_them(page, who):
    zh, en = CARDS[who]
    log_in(page, who)
    cards = page.locator("section.card h2")
    assert cards.count() >= 1
    assert zh in cards.all_inner_texts(), cards.all_inner_texts()
    shot(page, f"dashboard-{who}-zh")
    use_language(page, "en")
    assert en in page.locator("section.card h2").all_inner_texts()
    shot(page, f"dashboard-{who}-en")
    use_language(page, "zh_CN")


def test_a_long_menu_leaves_the_brand_and_the_tools_one_row(page):
    """The secretary's 15 links took two rows and pushed the notifications and log-out to a
    third at 1024 px: a long menu now takes its own rows under them."""
    on_campus_screen(page, "secretary", "en")
    brand = page.locator("header.top .brand").bounding_box()
    tools = page.locator("header.top .tools").bounding_box()
    nav = page.locator("header.top nav").bounding_box()
    assert abs(brand["y"] + brand["height"] / 2 - (tools["y"] + tools["height"] / 2)) < 8
    assert nav["y"] >= tools["y"] + tools["height"] - 1
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 130, header
    use_language(page, "zh_CN")
