"""The proposals page says when none has been decided, rather than an empty table (a walk
found the 已处理 table with its headings and nothing under them)."""


def test_the_decided_table_says_there_is_none_yet(client, login, make, db):
    login(make.user(role="secretary", scope=make.college("提议学院")))
    client.post("/locale", data={"locale": "en"})
    page = client.get("/warnings/proposals").get_data(as_text=True)
    decided = page[page.index("<h2>Decided</h2>") :]
    assert "No proposals have been decided yet." in decided[: decided.index("</table>")]
