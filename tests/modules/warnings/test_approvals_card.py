"""Issue 17 missing 3: a leader's dashboard shows the rosters waiting for their approval, with
the term in words and 待审批; a leader of another college sees none of them."""

from .test_lifecycle import draft  # noqa: F401


def test_issue17_m3_leader_dashboard_lists_rosters_awaiting_approval(client, login, make, draft):
    run = draft["run"]
    login(draft["leader"])
    assert "没有等待您审批的名单" in client.get("/warnings/approvals/widget").get_data(as_text=True)
    login(draft["secretary"])
    client.post(f"/warnings/runs/{run.id}/submit")

    login(draft["leader"])
    page = client.get("/").get_data(as_text=True)
    assert "待您审批的名单" in page
    assert "2024-2025学年第1学期" in page and "待审批" in page
    assert f"/warnings/runs/{run.id}" in page
    client.post("/locale", data={"locale": "en"})
    card = client.get("/warnings/approvals/widget").get_data(as_text=True)
    assert "2024–2025 term 1" in card and "waiting for approval" in card

    login(make.user("LC8", role="leader", scope=make.college("另一学院")))
    assert f"/warnings/runs/{run.id}" not in client.get("/warnings/approvals/widget").get_data(
        as_text=True
    )
    login(draft["leader"])
    client.post("/locale", data={"locale": "zh_CN"})
    client.post(f"/warnings/runs/{run.id}/approve", data={"confirm": "1"})
    assert "没有等待您审批的名单" in client.get("/warnings/approvals/widget").get_data(as_text=True)
