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
        config = {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite3",
            "PORTAL_MODULES": modules,
        }
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
    folders = {
        p.name for p in Path(app.root_path, "modules").iterdir() if (p / "__init__.py").exists()
    }
    assert folders == BUILT_IN


def _fake(monkeypatch, module):
    monkeypatch.setattr("portal.core.modules.discover", lambda: {module.name: lambda: module})


def _refused(monkeypatch, module, reason):
    """The portal does not start with `module` installed, for `reason`."""
    _fake(monkeypatch, module)
    with pytest.raises(ModuleError, match=reason):
        _start()


def test_loader_refuses_a_permission_outside_the_module_namespace(monkeypatch):
    permission = Permission(code="students.view2", label="x")
    _refused(monkeypatch, _bare("bad", permissions=[permission]), "outside its namespace")


def test_loader_refuses_a_nav_entry_without_a_route(monkeypatch):
    bad = _bare(
        "bad2",
        permissions=[Permission(code="bad2.view", label="x")],
        nav=[NavItem(endpoint="bad2.nowhere", label="x", permission="bad2.view")],
    )
    _refused(monkeypatch, bad, "no route")


def test_loader_refuses_an_entry_point_named_otherwise_than_its_blueprint(monkeypatch):
    from flask import Blueprint

    bad = Module(label="x", blueprint=Blueprint("other", __name__))
    monkeypatch.setattr("portal.core.modules.discover", lambda: {"bad3": lambda: bad})
    with pytest.raises(ModuleError, match="share one name"):
        _start()


__all__ = ["load_modules"]


def test_loader_refuses_declared_forms_that_leave_a_post_route_out(monkeypatch):
    """A module that declares its forms (for the role × route matrix) declares them all, so
    none of its POST routes escapes the posted-choices pass."""
    from flask import Blueprint
    from flask_wtf import FlaskForm

    bp = Blueprint("bad4", __name__)
    bp.add_url_rule("/a", "a", lambda: "", methods=["POST"])
    bp.add_url_rule("/b", "b", lambda: "", methods=["POST"])
    bad = Module(label="x", blueprint=bp, forms={"bad4.a": FlaskForm})
    _refused(monkeypatch, bad, "forms must name each POST endpoint")
    bad = Module(label="x", blueprint=bp, forms={"bad4.a": FlaskForm, "bad4.b": dict})
    _refused(monkeypatch, bad, "not a form class")


def _fake_all(monkeypatch, *modules):
    monkeypatch.setattr(
        "portal.core.modules.discover", lambda: {m.name: (lambda m=m: m) for m in modules}
    )


def _start():
    return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _bare(name, **fields):
    from flask import Blueprint

    return Module(label="x", blueprint=Blueprint(name, __name__), **fields)


def _done(_condition):
    return {}


def test_loader_refuses_a_due_kind_two_modules_declare(monkeypatch):
    """Issue 22 #1: one module's extension point cannot silently replace another's."""
    from portal.core.dues import DueKind

    kind = DueKind(code="visit", label="x", done=_done, form_endpoint="x.new")
    _fake_all(monkeypatch, _bare("one", due_kinds=[kind]), _bare("two", due_kinds=[kind]))
    with pytest.raises(ModuleError, match="two: due kind 'visit' declared twice"):
        _start()


def test_loader_refuses_an_audit_record_name_two_modules_give(monkeypatch):
    _fake_all(
        monkeypatch,
        _bare("one", audit_records={"Visit": "visit"}),
        _bare("two", audit_records={"Visit": "home visit"}),
    )
    with pytest.raises(ModuleError, match=r"two: audit record names \['Visit'\] declared"):
        _start()


def test_loader_refuses_a_purge_or_fact_whose_code_the_core_has(monkeypatch):
    from portal.core.facts import Fact
    from portal.core.retention import Purge

    _fake_all(monkeypatch, _bare("one", purges=[Purge("students", "x", lambda c, d: 0)]))
    with pytest.raises(ModuleError, match="purge 'students' declared twice"):
        _start()
    _fake_all(monkeypatch, _bare("one", facts=[Fact(code="cadence", label="x", values=_done)]))
    with pytest.raises(ModuleError, match="fact 'cadence' declared twice"):
        _start()


@pytest.mark.parametrize(
    "field, ref, message",
    [
        (
            "done",
            "portal.core.dues:no_such_function",
            "one: 'portal.core.dues:no_such_function' cannot be loaded",
        ),
        ("done", "portal.core.dues:KIND_ORDER", "one: due kind 'visit' is not callable"),
        ("demo", "portal.no_such_module:add_demo", "one: 'portal.no_such_module:add_demo' cannot"),
    ],
    ids=["missing function", "not callable", "missing module"],
)
def test_loader_refuses_code_a_declaration_names_that_is_not_there(
    monkeypatch, field, ref, message
):
    from portal.core.dues import DueKind
    from portal.core.modules import Ref

    done = Ref(ref) if field == "done" else _done
    kind = DueKind(code="visit", label="x", done=done, form_endpoint="x.new")
    extra = {"demo": Ref(ref)} if field == "demo" else {}
    _fake_all(monkeypatch, _bare("one", due_kinds=[kind], **extra))
    with pytest.raises(ModuleError, match=message):
        _start()


def test_refs_are_replaced_by_what_they_name_before_the_core_reads_them(monkeypatch):
    from portal.core.dues import DueKind, method_label
    from portal.core.modules import Ref

    kind = DueKind(
        code="visit", label="x", done=Ref("portal.core.dues:method_label"), form_endpoint="x.new"
    )
    _fake_all(
        monkeypatch,
        _bare(
            "one",
            due_kinds=[kind],
            template_globals={"one_label": Ref("portal.core.dues:method_label")},
        ),
    )
    app = _start()
    assert app.extensions["portal.due_kinds"]["visit"].done is method_label
    assert app.jinja_env.globals["one_label"] is method_label


def test_template_names_carry_the_module_name_and_replace_nothing(monkeypatch):
    """A template global of one module cannot overwrite another's or the core's: each is
    prefixed with its module's name, and the loader refuses any name already taken."""
    _fake_all(monkeypatch, _bare("one", template_globals={"level_badge": str}))
    with pytest.raises(ModuleError, match="'level_badge' must begin with 'one_'"):
        _start()
    _fake_all(monkeypatch, _bare("one", template_filters={"hours": str}))
    with pytest.raises(ModuleError, match="must begin with 'one_'"):
        _start()
    # A module named "status" could otherwise take the core's `status_label`.
    _fake_all(monkeypatch, _bare("status", template_globals={"status_label": str}))
    with pytest.raises(ModuleError, match="status_label.*the core's or Jinja's already"):
        _start()
    # Module "one" and module "one_x" can both begin a name with "one_x_".
    _fake_all(
        monkeypatch,
        _bare("one", template_globals={"one_x_label": str}),
        _bare("one_x", template_globals={"one_x_label": str}),
    )
    with pytest.raises(ModuleError, match="one_x: template name 'one_x_label' declared twice"):
        _start()


def test_one_standing_provider_and_it_answers_the_whole_contract(monkeypatch):
    from portal.modules.warnings.provider import PROVIDER

    class Partial:
        def current(self, _condition):
            return []

    _fake_all(monkeypatch, _bare("one", standing=Partial()))
    with pytest.raises(ModuleError, match="one: the standing provider lacks .*'held'"):
        _start()
    _fake_all(monkeypatch, _bare("one", standing=PROVIDER), _bare("two", standing=PROVIDER))
    with pytest.raises(ModuleError, match="two: a second standing provider"):
        _start()


def test_a_compliance_section_names_a_route_of_its_module(monkeypatch):
    bad = _bare(
        "one",
        permissions=[Permission(code="one.view", label="x")],
        compliance_sections=["one.nowhere"],
    )
    _fake_all(monkeypatch, bad)
    with pytest.raises(ModuleError, match="no route for endpoint 'one.nowhere'"):
        _start()


def test_the_core_never_imports_a_module_and_modules_never_import_each_other():
    """The contract's other half: the core knows modules only through `Module`, a module
    knows the core only (Refs to other code are checked here too)."""
    import ast
    import re

    root = Path(__file__).parents[2] / "portal"
    offenders = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        own = parts[1] if parts[0] == "modules" and len(parts) > 2 else None
        tree = ast.parse(path.read_text("utf-8"))
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        names += [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and not node.level
        ]
        names += [
            m.group(1)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            for m in [re.fullmatch(r"([\w.]+):\w+", node.value)]
            if m
        ]
        for name in names:
            found = re.match(r"portal\.modules\.(\w+)", name)
            if found and found.group(1) != own:
                offenders.append(f"{path.relative_to(root)}: {name}")
    assert offenders == []


def test_a_relative_ref_is_read_from_the_declaring_package(monkeypatch):
    """`Module(__name__, …)`: `Ref(".dues:method_label")` names the package's own code, so a
    module can be renamed or moved without rewriting its declarations."""
    from flask import Blueprint

    from portal.core.dues import method_label
    from portal.core.modules import Ref

    one = Module(
        "portal.core",
        label="x",
        blueprint=Blueprint("one", __name__),
        template_globals={"one_label": Ref(".dues:method_label")},
    )
    _fake_all(monkeypatch, one)
    assert _start().jinja_env.globals["one_label"] is method_label
    lost = Module(
        "portal.core", label="x", blueprint=Blueprint("one", __name__), demo=Ref(".nope:x")
    )
    _fake_all(monkeypatch, lost)
    with pytest.raises(ModuleError, match="one: '.nope:x' cannot be loaded"):
        _start()
    _fake_all(monkeypatch, _bare("one", demo=Ref(".dues:method_label")))
    with pytest.raises(ModuleError, match=r"needs the package: Module\(__name__"):
        _start()


def test_a_package_gives_its_template_names_and_audit_words_without_naming_them(plugin_app):
    """`labels.TEMPLATE_GLOBALS` and `audit_words.RECORDS` of the third-party package are
    read by their names; the page renders through the global (`notes_heading`)."""
    from portal.core.audit_words import record_label

    app = plugin_app()
    _counselor_and_student(app)
    client = app.test_client()
    client.post("/login", data={"username": "NC1", "password": TEST_PASSWORD})
    assert "<h1>NOTES-PAGE</h1>" in client.get("/notes/").get_data(as_text=True)
    with app.test_request_context():
        assert record_label("Note") == "NOTES-RECORD"


def test_a_module_s_detail_keys_are_its_own_records_words(plugin_app):
    """The third-party module declares `audit_words.DETAILS` and the core reads them by name,
    for its own records only: another record's `visits=` is another thing, kept as recorded."""
    from portal.core.audit_words import detail_words

    app = plugin_app()
    with app.test_request_context():
        assert detail_words("visits=2", "Note") == "NOTES-VISITS：2"
        assert detail_words("visits=2", "Talk") == "visits=2"


def test_a_module_hears_a_signal_only_in_the_application_that_loaded_it(app, plugin_app):
    """Peer help's receiver of `roster_published` is connected for the app that loaded peer
    help; an app without it publishes to nobody."""
    from portal.core.signals import roster_published
    from portal.modules.peer_help.volunteers import tell_staff_of_warned

    alone = plugin_app(modules=["warnings"])
    assert list(roster_published.receivers_for(alone)) == []
    assert tell_staff_of_warned in list(roster_published.receivers_for(app))


def test_loader_refuses_a_receiver_of_a_signal_the_core_does_not_send(monkeypatch):
    _fake_all(monkeypatch, _bare("one", receivers={"roster_approved": _done}))
    with pytest.raises(ModuleError, match="one: no signal 'roster_approved'"):
        _start()


def test_a_package_without_those_parts_declares_none(monkeypatch):
    """`portal.core.views` has no labels, audit_words or demo: the module has none."""
    from flask import Blueprint

    _fake_all(
        monkeypatch, Module("portal.core.views", label="x", blueprint=Blueprint("one", __name__))
    )
    one = _start().extensions["portal.modules"].modules["one"]
    assert one.demo is None and not one.template_globals and not one.audit_records


def test_links_cards_and_tabs_take_their_modules_place_unless_they_name_one(monkeypatch):
    from flask import Blueprint

    from portal.core.access import require

    bp = Blueprint("one", __name__)
    bp.add_url_rule("/", "index", require("one.view")(lambda: ""))
    bp.add_url_rule("/more", "more", require("one.view")(lambda: ""))
    nav = [NavItem("one.index", "first"), NavItem("one.more", "last", order=99)]
    view = [Permission("one.view", "x")]
    _fake_all(monkeypatch, Module(label="x", blueprint=bp, order=1, nav=nav, permissions=view))
    placed = [(item.label, item.order) for item in _start().extensions["portal.modules"].nav()]
    assert placed[0] == ("first", 1) and placed[-1] == ("last", 99)


def test_nav_widgets_and_tabs_are_shown_under_their_views_permission(app):
    """Each is declared without a permission; the loader reads its view's `@require`."""
    registry = app.extensions["portal.modules"]
    items = [*registry.nav(), *registry.widgets(), *registry.profile_tabs()]
    assert len(items) > 20
    for item in items:
        assert item.permission == app.view_functions[item.endpoint].portal_permission
        assert item.permission in registry.permissions
