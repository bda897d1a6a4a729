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
    weak = runner.invoke(args=["create-admin", "--username", "root"], input="12345678\n12345678\n")
    assert weak.exit_code != 0
    good = runner.invoke(
        args=["create-admin", "--username", "root"],
        input="一个足够长的管理员密码\n一个足够长的管理员密码\n",
    )
    assert good.exit_code == 0, good.output
    client = app.test_client()
    response = client.post(
        "/login", data={"username": "root", "password": "一个足够长的管理员密码"}
    )
    assert response.status_code == 303
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        db.engine.dispose()
