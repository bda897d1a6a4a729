"""The module contract: a module from outside the portal package plugs in and out."""

from pathlib import Path

import pytest

from portal import create_app
from portal.core.modules import Module, ModuleError, NavItem, Permission, load_modules
from portal.extensions import db

from ..conftest import TEST_CONFIG, TEST_PASSWORD
from ..factories import Factory

THIRD_PARTY = Path(__file__).parent / "third_party"
BUILT_IN = {"warnings", "talks", "plans", "peer_help", "parents", "review", "concerns"}


@pytest.fixture
def plugin_app(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(THIRD_PARTY))

    def build(modules=None):
        config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite3",
                  "PORTAL_MODULES": modules}
        app = create_app(config)
        with app.app_context():
            db.create_all()
        return app

    return build


def _counselor_and_student(app):
    with app.app_context():
        make = Factory(app, db)
        student = make.student()
        make.user("NC1", role="counselor", scope=student.school_class)
        db.session.commit()
        return student.id


def test_installed_built_in_modules_all_load(app):
    assert set(app.extensions["portal.modules"].modules) == BUILT_IN


def test_third_party_module_adds_page_nav_widget_and_tab(plugin_app):
    app = plugin_app()
    student_id = _counselor_and_student(app)
    client = app.test_client()
    client.post("/login", data={"username": "NC1", "password": TEST_PASSWORD})
    dashboard = client.get("/").get_data(as_text=True)
    assert "NOTES-NAV" in dashboard and "NOTES-WIDGET" in dashboard
    assert "NOTES-PAGE" in client.get("/notes/").get_data(as_text=True)
    assert "NOTES-TAB" in client.get(f"/students/{student_id}").get_data(as_text=True)
    tab = client.get(f"/notes/students/{student_id}", headers={"HX-Request": "true"})
    assert tab.get_data(as_text=True).startswith("<p>NOTES-TAB-BODY")


def test_disabled_module_disappears(plugin_app):
    app = plugin_app(modules=["warnings"])
    student_id = _counselor_and_student(app)
    client = app.test_client()
    client.post("/login", data={"username": "NC1", "password": TEST_PASSWORD})
    dashboard = client.get("/").get_data(as_text=True)
    assert "NOTES-NAV" not in dashboard and "NOTES-WIDGET" not in dashboard
    assert client.get("/notes/").status_code == 404
    assert "NOTES-TAB" not in client.get(f"/students/{student_id}").get_data(as_text=True)
    assert set(app.extensions["portal.modules"].modules) == {"warnings"}


def test_every_module_folder_has_an_entry_point(app):
    folders = {p.name for p in Path(app.root_path, "modules").iterdir()
               if (p / "__init__.py").exists()}
    assert folders == BUILT_IN


def _fake(monkeypatch, module):
    monkeypatch.setattr("portal.core.modules.discover", lambda: {module.name: lambda: module})


def test_loader_refuses_a_permission_outside_the_module_namespace(monkeypatch):
    from flask import Blueprint

    bad = Module(name="bad", label="x", blueprint=Blueprint("bad", __name__),
                 permissions=[Permission(code="students.view2", label="x")])
    _fake(monkeypatch, bad)
    with pytest.raises(ModuleError, match="outside its namespace"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_loader_refuses_a_nav_entry_without_a_route(monkeypatch):
    from flask import Blueprint

    bad = Module(name="bad2", label="x", blueprint=Blueprint("bad2", __name__),
                 permissions=[Permission(code="bad2.view", label="x")],
                 nav=[NavItem(endpoint="bad2.nowhere", label="x", permission="bad2.view")])
    _fake(monkeypatch, bad)
    with pytest.raises(ModuleError, match="no route"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_loader_refuses_mismatched_names(monkeypatch):
    from flask import Blueprint

    bad = Module(name="bad3", label="x", blueprint=Blueprint("other", __name__))
    _fake(monkeypatch, bad)
    with pytest.raises(ModuleError, match="share one name"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


__all__ = ["load_modules"]


def test_loader_refuses_declared_forms_that_leave_a_post_route_out(monkeypatch):
    """A module that declares its forms (for the role × route matrix) declares them all, so
    none of its POST routes escapes the posted-choices pass."""
    from flask import Blueprint
    from flask_wtf import FlaskForm

    bp = Blueprint("bad4", __name__)
    bp.add_url_rule("/a", "a", lambda: "", methods=["POST"])
    bp.add_url_rule("/b", "b", lambda: "", methods=["POST"])
    bad = Module(name="bad4", label="x", blueprint=bp, forms={"bad4.a": FlaskForm})
    _fake(monkeypatch, bad)
    with pytest.raises(ModuleError, match="forms must name each POST endpoint"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    bad = Module(name="bad4", label="x", blueprint=bp, forms={"bad4.a": FlaskForm,
                                                              "bad4.b": dict})
    _fake(monkeypatch, bad)
    with pytest.raises(ModuleError, match="not a form class"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
