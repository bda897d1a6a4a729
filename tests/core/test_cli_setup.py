"""`init-db` builds the schema on an empty database; `create-admin` makes a working admin."""

from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db

from ..conftest import TEST_CONFIG


def test_init_db_then_create_admin_on_a_fresh_database(tmp_path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/new.db"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        assert inspect(db.engine).has_table("core_user")
    for weak in ("12345678", "abcdefghij", "rootroot2026", "管理员的足够长的密码"):
        refused = runner.invoke(
            args=["create-admin", "--username", "root"], input=f"{weak}\n{weak}\n"
        )
        assert refused.exit_code != 0, weak
    good = runner.invoke(
        args=["create-admin", "--username", "root"],
        input="一个足够长的后台密码\n一个足够长的后台密码\n",
    )
    assert good.exit_code == 0, good.output
    client = app.test_client()
    response = client.post("/login", data={"username": "root", "password": "一个足够长的后台密码"})
    assert response.status_code == 303
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        db.engine.dispose()
