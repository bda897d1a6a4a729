"""Tester's finding: a password holding the user's own name in pinyin (张伟 → zhangwei2026!)
passed. The name's full pinyin, family name first or given name first, in any case and with
separators between, is refused with why; so is the username; nothing changes."""

import pytest

from portal.core.passwords import name_pinyin

from ..conftest import TEST_PASSWORD


def change(client, make, db, *, username="T0777", name="张伟", password):
    """The user changes their password to `password`: (the answer, whether it changed)."""
    user = make.user(username, role="counselor", name=name, locale="en")
    before = user.password_hash
    client.post("/login", data={"username": username, "password": TEST_PASSWORD})
    response = client.post(
        "/password", data={"current": TEST_PASSWORD, "new": password, "confirm": password}
    )
    db.session.refresh(user)
    return response, user.password_hash != before


@pytest.mark.parametrize(
    "password",
    [
        "zhangwei2026!",
        "ZhangWei123456",
        "WeiZhang#2026xx",  # given name first
        "zhang.wei.2026!",  # separators between
        "my-Zhang_Wei-pass",
    ],
)
def test_the_users_name_in_pinyin_is_refused(client, make, db, password):
    response, changed = change(client, make, db, password=password)
    assert response.status_code == 422 and not changed
    page = response.get_data(as_text=True)
    assert "your name in pinyin (zhangwei)" in page or "your name in pinyin (weizhang)" in page


def test_the_username_is_refused(client, make, db):
    response, changed = change(client, make, db, username="wangfang", password="Wangfang-2026!")
    assert response.status_code == 422 and not changed
    assert "your student or staff number" in response.get_data(as_text=True)


def test_a_password_of_someone_elses_name_is_accepted(client, make, db):
    """Control: another name's pinyin is not the user's own."""
    response, changed = change(client, make, db, password="liuyang-qiuzhi-2026")
    assert response.status_code == 303 and changed


def test_name_pinyin_reads_surnames_of_several_readings_and_compound_surnames():
    assert {"zhangwei", "weizhang"} <= name_pinyin("张伟")
    assert "shanxiongxin" in name_pinyin("单雄信")  # 单 as a surname reads shan
    assert "zengguofan" in name_pinyin("曾国藩")
    assert {"ouyangxiu", "xiuouyang"} <= name_pinyin("欧阳修")  # the given name after both
    assert {"lvbu", "lubu", "lyubu"} <= name_pinyin("吕布")  # ü typed as v, u or yu
    assert "maimaitiaili" in name_pinyin("买买提·艾力")
    assert name_pinyin("Tom Lee") == set() and name_pinyin("伟") == set()
