"""Words of the survey pages (walk finding 17): the widest menu (every staff role) names
the secretary's surveys and the teacher's answer page apart; the teacher's list heads its
closing date as such (not a bare 至)."""

import re

import pytest


def _nav(page: str) -> dict[str, str]:
    nav = page[page.index('<nav aria-label="') : page.index("</nav>")]
    return dict(re.findall(r'<a href="([^"]+)"[^>]*>\s*([^<]+?)\s*</a>', nav))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_no_two_links_of_the_widest_menu_read_alike(client, make, login, db, locale):
    login(make.every_role("NV1", locale=locale))
    links = _nav(client.get("/").get_data(as_text=True))
    assert links["/concerns/"] != links["/concerns/teach"]
    assert (
        links["/concerns/teach"]
        == {"zh_CN": "填写期中学情调查", "en": "Answer a progress survey"}[locale]
    )
    labels = list(links.values())
    assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize(("locale", "closes"), [("zh_CN", "截止日期"), ("en", "Closes on")])
def test_the_teacher_s_surveys_head_their_closing_date(client, login, db, world, locale, closes):
    world.teacher.locale = locale
    login(world.teacher)
    page = client.get("/concerns/teach").get_data(as_text=True)
    head = page[page.index("<thead>") : page.index("</thead>")]
    headings = [h.strip() for h in re.findall(r"<th[^>]*>([^<]*)</th>", head)]
    assert closes in headings and "至" not in headings and "Until" not in headings
