"""The module contract: how a plugin declares itself, and how the core loads it.

A module lives in its own package, exposes one `Module` value and is found
through the `portal.modules` entry-point group. The core never imports a
module by name; it only reads these declarations.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import TYPE_CHECKING

import click
from flask import Blueprint, Flask
from wtforms import Form

if TYPE_CHECKING:
    from .dues import DueKind
    from .facts import Fact, Total
    from .helpers import Helper
    from .importing import ImportKind
    from .occasions import Occasion
    from .retention import Purge
    from .standing import StandingProvider
    from .wishes import Wish

ENTRY_POINT_GROUP = "portal.modules"


@dataclass(frozen=True)
class Ref:
    """Code a declaration names without importing it: `Ref(".demo:add_demo")`, relative to
    the declaring package (`Module.package`), or `Ref("package.module:name")`. The loader
    imports it when it starts the module (after its models), checks it is there and puts
    the object in its place, so the core never sees a `Ref`. The one way a module's
    `__init__` defers an import: the code it names imports the module's models and views,
    which may import the package that declares it."""

    path: str

    def load(self, package: str = "") -> object:
        module_name, _, name = self.path.partition(":")
        if module_name.startswith(".") and not package:
            raise ImportError("a relative Ref needs the package: Module(__name__, …)")
        return getattr(importlib.import_module(module_name, package or None), name)


@dataclass(frozen=True)
class Part(Ref):
    """A part of a module's package found by its name, the default of a `Module` field
    (`.labels:TEMPLATE_GLOBALS`): each module keeps its template names, audit words and
    demo data in the same place, so its declaration need not point at them. A package
    without the submodule or the name gives `empty`."""

    empty: object = None

    def load(self, package: str = "") -> object:
        module_name, _, name = self.path.partition(":")
        if not package or importlib.util.find_spec(module_name, package) is None:
            return self.empty
        return getattr(importlib.import_module(module_name, package), name, self.empty)


NOTHING = MappingProxyType({})


@dataclass(frozen=True)
class Permission:
    """A named right (`warnings.view`) and the roles that hold it by default."""

    code: str
    label: object  # lazy string
    roles: Sequence[str] = ()


@dataclass(frozen=True)
class NavItem:
    """A link to `endpoint`. It is shown to whoever may open it: the loader reads the
    permission from the view's `@require`, so the two cannot disagree (a declaration that
    names one anyway must name the view's)."""

    endpoint: str
    label: object
    order: int | None = None  # None: the module's
    permission: str = ""


@dataclass(frozen=True)
class Widget(NavItem):
    """A dashboard card; its endpoint renders a fragment for the current user. `when(user)`,
    if given, must hold too: a card of what the user owes is left off for one who can owe
    nothing (a leader read "no talk due" while the counselors had forty overdue)."""

    when: Callable[[object], bool] | None = None


@dataclass(frozen=True)
class ProfileTab(NavItem):
    """A student-profile tab; its endpoint takes `student_id` and answers with
    `portal.core.profile_tabs.tab_page` (the whole profile, or its tabs and this one)."""


@dataclass(frozen=True, kw_only=True)
class BinderPage:
    """One printed record of a class's term binder: its own A4 page (`html` is a sheet)."""

    at: object  # date or datetime: the order within its section
    title: str  # also the page's file name in the zip
    html: str  # markup of one `.form-page`


@dataclass(frozen=True)
class BinderSection:
    """A part of the term-end binder of a class (期末归档: lzut §五.1 按照学生班级装订成册;
    gxu (4) 材料归档). `pages(scope)` and `sheet(scope)` read the records of the class's
    students in the term (`portal.core.binder.Scope`); the core has checked that the class
    is in the reader's reach under `permission` and includes the section only then."""

    code: str  # "<module>.<name>"
    label: object
    permission: str
    pages: Callable[[object], Sequence[BinderPage]]
    sheet: Callable[[object], object] | None = None  # an export Sheet
    order: int = 50


@dataclass(frozen=True, kw_only=True)
class Module:
    """One module's declaration. Some parts are found in its package by name, as its
    `models` are, unless a field names them: `demo.add_demo`, `archive.sheets`,
    `audit_words.RECORDS`, `.FIELDS`, `.DETAILS` and `.PAGES`, `labels.TEMPLATE_GLOBALS` and
    `.TEMPLATE_FILTERS`."""

    # The declaring package, `__name__` (as a Blueprint takes it): relative `Ref`s start
    # there, and its `models` submodule, when it has one, is imported before the rest.
    package: str = field(default="", kw_only=False)
    label: object
    blueprint: Blueprint  # its name is the module's name, and the entry point's
    order: int = 50  # its place in menus, on the dashboard and among a student's tabs
    permissions: Sequence[Permission] = ()
    nav: Sequence[NavItem] = ()
    widgets: Sequence[Widget] = ()
    profile_tabs: Sequence[ProfileTab] = ()
    commands: Sequence[click.Command] = ()  # top-level `flask …` commands
    init_app: Callable[[Flask], None] | None = None
    # Adds the module's demo data (flush, no commit); may return (role, username, note) hints
    # for the newcomer (`flask demo` prints them with the accounts to try first).
    demo: Callable[[], object] | None = Part(".demo:add_demo")
    demo_order: int = 50  # lower runs first: the warnings roster before the talks about it
    # The module's records of one student as export sheets (一生一档); access already checked.
    archive_sheets: Callable[[object], Sequence[object]] | None = Part(".archive:sheets")
    # Parts of a class's term binder (issue 18); the core knows them by this field only.
    binder: Sequence[BinderSection] = ()
    # Each POST endpoint's form class (a FlaskForm), so the role × route matrix posts every
    # choice it offers out of scope without a list of its own (tests/test_matrix.py). A module
    # that declares one declares all its POST endpoints; the loader checks it.
    forms: Mapping[str, type] = field(default_factory=dict)
    # The extension points below are read by the core only through these fields; the loader
    # checks each at start-up (a duplicate code or name, a missing callable) and raises. Any
    # code or table here and above (a `done`, a `demo`, a mapping) may be given as a `Ref`.
    # Kinds of obligation the due lists count (a talk, a parent contact).
    due_kinds: Sequence[DueKind] = ()
    # What the effectiveness review compares outcomes by, per student, and whole-scope sums.
    facts: Sequence[Fact] = ()
    totals: Sequence[Total] = ()
    # Sensitive text the nightly retention run clears.
    purges: Sequence[Purge] = ()
    # Who is warned (portal.core.standing): at most one module answers.
    standing: StandingProvider | Ref | None = None
    # Kinds of file the import page takes, beside the core's (roster, grades …).
    import_kinds: Sequence[ImportKind] = ()
    # After a successful import: `(kind, term codes) -> [(label, url)]` to offer next.
    import_next: Callable[[str, list[str]], list[tuple[str, str]]] | Ref | None = None
    # Who helps a student, for the student's home page: `student -> [Helper]`.
    helpers: Callable[[object], list[Helper]] | Ref | None = None
    # Help the student asked for here that another module gives (a peer volunteer ticked in
    # the study plan): `student -> [Wish]` (portal.core.wishes).
    wishes: Callable[[object], list[Wish]] | Ref | None = None
    # Records that occasion another module's form (a concern a talk follows up), named in
    # the form's query string and shown in a box on it (portal.core.occasions).
    occasions: Sequence[Occasion] = ()
    # Endpoints of fragments added to the core's compliance page (each under its view's right).
    compliance_sections: Sequence[str] = ()
    # What it hears of the core's signals (portal.core.signals): name -> receiver(app, **payload).
    receivers: Mapping[str, Callable | Ref] = field(default_factory=dict)
    # Words for the audit trail: record (model class) names, field names, and the keys of
    # the details its rows record (`ruleset=…`: words, or an audit_words.DetailKey).
    audit_records: Mapping[str, object] = Part(".audit_words:RECORDS", NOTHING)
    audit_fields: Mapping[str, object] = Part(".audit_words:FIELDS", NOTHING)
    audit_details: Mapping[str, object] = Part(".audit_words:DETAILS", NOTHING)
    # Its pages that are no nav link, tab or card (an export, a print) named for the rows
    # of a refused request or an export's slot: endpoint -> words.
    audit_pages: Mapping[str, object] = Part(".audit_words:PAGES", NOTHING)
    # Names templates call, each prefixed with the module's name (`talks_label`), so one
    # module's cannot replace another's or the core's; the loader checks the prefix.
    template_globals: Mapping[str, object] = Part(".labels:TEMPLATE_GLOBALS", NOTHING)
    template_filters: Mapping[str, Callable] = Part(".labels:TEMPLATE_FILTERS", NOTHING)

    @property
    def name(self) -> str:
        return self.blueprint.name

    @property
    def url_prefix(self) -> str:
        return "/" + self.name.replace("_", "-")


@dataclass
class Registry:
    """What the loaded modules contribute; stored in `app.extensions["portal.modules"]`."""

    modules: dict[str, Module] = field(default_factory=dict)
    permissions: dict[str, Permission] = field(default_factory=dict)
    # The core's own dashboard cards (compliance in the reader's scope), placed among the
    # modules' by their order and guarded the same way: one list for the dashboard to read.
    core_widgets: list[Widget] = field(default_factory=list)

    def nav(self) -> list[NavItem]:
        return self._sorted("nav")

    def widgets(self) -> list[Widget]:
        return self._sorted("widgets", extra=self.core_widgets)

    def profile_tabs(self) -> list[ProfileTab]:
        return self._sorted("profile_tabs")

    def binder_sections(self) -> list[BinderSection]:
        items = [item for m in self.modules.values() for item in m.binder]
        return sorted(items, key=lambda item: (item.order, item.code))

    def _sorted(self, attr: str, extra: Sequence = ()) -> list:
        items = [*extra, *(item for m in self.modules.values() for item in getattr(m, attr))]
        return sorted(items, key=lambda item: (item.order, item.endpoint))


class ModuleError(RuntimeError):
    """A module's declaration does not hold together; raised at start-up."""


def discover() -> dict[str, Callable[[], Module]]:
    """Installed modules by entry-point name; loading is deferred."""
    return {ep.name: ep.load for ep in entry_points(group=ENTRY_POINT_GROUP)}


def load_modules(
    app: Flask, core_permissions: Sequence[Permission], core_widgets: Sequence[Widget] = ()
) -> Registry:
    """Every enabled module, started; `core_widgets` are the core's own dashboard cards,
    whose views (the core's blueprints) are registered already."""
    registry = Registry()
    for perm in core_permissions:
        registry.permissions[perm.code] = perm
    registry.core_widgets = _core_widgets(app, core_widgets, registry)
    enabled = app.config.get("PORTAL_MODULES")
    for name, load in sorted(discover().items()):
        if enabled is not None and name not in enabled:
            continue
        module = load()
        _check_names(name, module)
        _import_models(module.package)
        module = resolved(module, name, module.package)
        app.register_blueprint(module.blueprint, url_prefix=module.url_prefix)
        module = _with_view_permissions(app, module)
        for command in module.commands:
            app.cli.add_command(command)
        for perm in module.permissions:
            if perm.code in registry.permissions:
                raise ModuleError(f"permission {perm.code!r} declared twice")
            registry.permissions[perm.code] = perm
        _check_callables(module)
        _check_template_names(module, registry)
        try:
            _contribute(app, module)
        except ModuleError as error:
            raise ModuleError(f"{name}: {error}") from None
        if module.init_app:
            module.init_app(app)
        registry.modules[name] = module
    _check_references(app, registry)
    app.extensions["portal.modules"] = registry
    return registry


def _import_models(package: str) -> None:
    """The module's tables join the metadata before any of its code is loaded."""
    if package and importlib.util.find_spec(f"{package}.models") is not None:
        importlib.import_module(f"{package}.models")


def resolved(value, where: str, package: str = ""):
    """`value` with every `Ref` in it (in fields, lists and mappings) replaced by what it
    names, relative ones from `package`; a name that is not there stops the start-up."""
    if isinstance(value, Ref):
        try:
            return value.load(package)
        except (ImportError, AttributeError) as error:
            raise ModuleError(f"{where}: {value.path!r} cannot be loaded: {error}") from None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for item in dataclasses.fields(value):
            old = getattr(value, item.name)
            new = resolved(old, where, package)
            if new is not old and item.init:
                changed[item.name] = new
        return dataclasses.replace(value, **changed) if changed else value
    if isinstance(value, list | tuple):
        items = [resolved(item, where, package) for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return type(value)(items) if changed else value
    if isinstance(value, dict):
        items = {key: resolved(item, where, package) for key, item in value.items()}
        changed = any(items[key] is not item for key, item in value.items())
        return items if changed else value
    return value


def _check_callables(module: Module) -> None:
    """Every piece of code the declaration names is there and can be called."""
    named = [
        ("init_app", module.init_app),
        ("demo", module.demo),
        ("archive_sheets", module.archive_sheets),
        ("import_next", module.import_next),
        ("helpers", module.helpers),
        ("wishes", module.wishes),
    ]
    named += [(f"binder section {s.code!r}", s.pages) for s in module.binder]
    named += [(f"binder sheet {s.code!r}", s.sheet) for s in module.binder if s.sheet]
    named += [(f"due kind {k.code!r}", k.done) for k in module.due_kinds]
    named += [(f"fact {f.code!r}", f.values) for f in module.facts]
    named += [(f"total {t.code!r}", t.value) for t in module.totals]
    named += [(f"purge {p.code!r}", p.run) for p in module.purges]
    named += [(f"occasion {o.param!r}", o.note) for o in module.occasions]
    named += [
        (f"import kind {k.name!r}", fn) for k in module.import_kinds for fn in (k.parse, k.write)
    ]
    named += [(f"template filter {n!r}", fn) for n, fn in module.template_filters.items()]
    named += [
        (f"audit detail {k!r}", getattr(d, "value", None)) for k, d in module.audit_details.items()
    ]
    named += [(f"receiver of {name!r}", fn) for name, fn in module.receivers.items()]
    for what, code in named:
        if code is not None and not callable(code):
            raise ModuleError(f"{module.name}: {what} is not callable: {code!r}")
    if module.standing is not None:
        # deferred: the registries (standing, dues, facts, …) import this module's `taken`
        from .standing import PROVIDER_METHODS

        missing = [m for m in PROVIDER_METHODS if not callable(getattr(module.standing, m, None))]
        if missing:
            raise ModuleError(f"{module.name}: the standing provider lacks {missing}")


def _check_template_names(module: Module, registry: Registry) -> None:
    names = [*module.template_globals, *module.template_filters]
    for name in names:
        if not name.startswith(f"{module.name}_"):
            raise ModuleError(
                f"{module.name}: template name {name!r} must begin with {module.name + '_'!r}"
            )
    taken = {
        name
        for m in registry.modules.values()
        for name in [*m.template_globals, *m.template_filters]
    }
    for name in names:
        if name in taken:
            raise ModuleError(f"{module.name}: template name {name!r} declared twice")


def _contribute(app: Flask, module: Module) -> None:
    """Hand the declared extension points to the core services that read them; each
    refuses a code it already has."""
    from . import (
        audit_words,
        dues,
        facts,
        helpers,
        importing,
        occasions,
        retention,
        signals,
        standing,
        wishes,
    )

    for kind in module.due_kinds:
        dues.register_due_kind(app, kind)
    for item in [*module.facts, *module.totals]:
        facts.register(app, item)
    for purge in module.purges:
        retention.register(app, purge)
    for occasion in module.occasions:
        occasions.register(app, occasion)
    for kind in module.import_kinds:
        importing.register_import_kind(app, kind)
    if module.standing is not None:
        standing.register(app, module.standing)
    if module.import_next:
        importing.register_next_step(app, module.import_next)
    if module.helpers:
        helpers.register(app, module.helpers)
    if module.wishes:
        wishes.register(app, module.wishes)
    for name, receiver in module.receivers.items():
        signals.connect(app, name, receiver)
    app.extensions.setdefault("portal.compliance_sections", []).extend(
        (endpoint, _required(app, endpoint)) for endpoint in module.compliance_sections
    )
    audit_words.register(
        app,
        records=module.audit_records,
        fields=module.audit_fields,
        details=module.audit_details,
        pages=module.audit_pages,
    )
    app.extensions.setdefault("portal.template_globals", {}).update(module.template_globals)
    app.extensions.setdefault("portal.template_filters", {}).update(module.template_filters)


def taken(app: Flask, key: str, code: str, what: str) -> dict:
    """The store of one extension point, refusing a code it already holds."""
    store = app.extensions.setdefault(key, {})
    if code in store:
        raise ModuleError(f"{what} {code!r} declared twice")
    return store


def _with_view_permissions(app: Flask, module: Module) -> Module:
    """The module with each nav link, widget and tab under the permission its view requires
    (`@require`), so what the dashboard offers is what `guard` lets through, and in the
    module's place unless it names its own."""
    lists = {
        attr: [_under_view_permission(app, item, module.order) for item in getattr(module, attr)]
        for attr in ("nav", "widgets", "profile_tabs")
    }
    return dataclasses.replace(module, **lists)


def _under_view_permission(app: Flask, item: NavItem, order: int) -> NavItem:
    """`item` under its view's `@require` (one that names another is refused), at `order`
    unless it names its own."""
    required = _required(app, item.endpoint)
    if item.permission and required and item.permission != required:
        raise ModuleError(
            f"{item.endpoint!r} is shown under {item.permission!r} but its "
            f"view requires {required!r}"
        )
    order = order if item.order is None else item.order
    return dataclasses.replace(item, permission=required, order=order)


def _core_widgets(app: Flask, widgets: Sequence[Widget], registry: Registry) -> list[Widget]:
    """The core's cards under the same rule as a module's: a view of the core's, guarded by
    a permission the core declares (a module's permissions are not known yet, nor needed)."""
    guarded = []
    for widget in widgets:
        if widget.endpoint not in app.view_functions:
            raise ModuleError(f"core: no route for endpoint {widget.endpoint!r}")
        widget = _under_view_permission(app, widget, Module.order)  # a module's default place
        if widget.permission not in registry.permissions:
            raise ModuleError(f"core: {widget.endpoint!r} is under no core permission")
        guarded.append(widget)
    return guarded


def _required(app: Flask, endpoint: str) -> str | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, "portal_permission", None)


def _check_names(entry_name: str, module: Module) -> None:
    if entry_name != module.name:
        raise ModuleError(
            f"entry point {entry_name!r} and blueprint {module.name!r} must share one name"
        )
    for perm in module.permissions:
        if not perm.code.startswith(f"{module.name}."):
            raise ModuleError(f"{module.name}: permission {perm.code!r} outside its namespace")


def _check_references(app: Flask, registry: Registry) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for module in registry.modules.values():
        for item in [*module.nav, *module.widgets, *module.profile_tabs]:
            if not item.endpoint.startswith(f"{module.name}."):
                raise ModuleError(f"{module.name}: endpoint {item.endpoint!r} outside the module")
            if item.endpoint not in endpoints:
                raise ModuleError(f"{module.name}: no route for endpoint {item.endpoint!r}")
            if item.permission not in registry.permissions:
                raise ModuleError(f"{module.name}: unknown permission {item.permission!r}")
        for section in module.binder:
            if not section.code.startswith(f"{module.name}."):
                raise ModuleError(
                    f"{module.name}: binder section {section.code!r} outside the module"
                )
            if section.permission not in registry.permissions:
                raise ModuleError(f"{module.name}: unknown permission {section.permission!r}")
        for endpoint in module.compliance_sections:
            if not endpoint.startswith(f"{module.name}.") or endpoint not in endpoints:
                raise ModuleError(f"{module.name}: no route for endpoint {endpoint!r}")
            if _required(app, endpoint) not in registry.permissions:
                raise ModuleError(f"{module.name}: {endpoint!r} is under no permission")
        _check_forms(app, module)


def _check_forms(app: Flask, module: Module) -> None:
    """Declared forms name POST endpoints of the module, and all of them."""
    if not module.forms:
        return
    posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint.startswith(f"{module.name}.")
    }
    if set(module.forms) != posts:
        raise ModuleError(
            f"{module.name}: forms must name each POST endpoint of the module; "
            f"differing: {sorted(set(module.forms) ^ posts)}"
        )
    for endpoint, form in module.forms.items():
        if not (isinstance(form, type) and issubclass(form, Form)):
            raise ModuleError(f"{module.name}: the form of {endpoint!r} is not a form class")
