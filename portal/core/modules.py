"""The module contract: how a plugin declares itself, and how the core loads it.

A module lives in its own package, exposes one `Module` value and is found
through the `portal.modules` entry-point group. The core never imports a
module by name; it only reads these declarations.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points

import click
from flask import Blueprint, Flask

ENTRY_POINT_GROUP = "portal.modules"


@dataclass(frozen=True, kw_only=True)
class Permission:
    """A named right (`warnings.view`) and the roles that hold it by default."""

    code: str
    label: object  # lazy string
    roles: Sequence[str] = ()


@dataclass(frozen=True, kw_only=True)
class NavItem:
    endpoint: str
    label: object
    permission: str
    order: int = 50


@dataclass(frozen=True, kw_only=True)
class Widget(NavItem):
    """A dashboard card; its endpoint renders a fragment for the current user."""


@dataclass(frozen=True, kw_only=True)
class ProfileTab(NavItem):
    """A student-profile tab; its endpoint takes `student_id` and renders a full page too."""


@dataclass(frozen=True, kw_only=True)
class BinderPage:
    """One printed record of a class's term binder: its own A4 page (`html` is a sheet)."""

    at: object  # date or datetime: the order within its section
    title: str  # also the page's file name in the zip
    html: str  # markup of one `.form-page`


@dataclass(frozen=True, kw_only=True)
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
    name: str
    label: object
    blueprint: Blueprint
    models: str | None = None
    permissions: Sequence[Permission] = ()
    nav: Sequence[NavItem] = ()
    widgets: Sequence[Widget] = ()
    profile_tabs: Sequence[ProfileTab] = ()
    commands: Sequence[click.Command] = ()  # top-level `flask …` commands
    init_app: Callable[[Flask], None] | None = None
    # Adds the module's demo data (flush, no commit); may return (role, username, note) hints
    # for the newcomer (`flask demo` prints them with the accounts to try first).
    demo: Callable[[], object] | None = None
    demo_order: int = 50  # lower runs first: the warnings roster before the talks about it
    # The module's records of one student as export sheets (一生一档); access already checked.
    archive_sheets: Callable[[object], Sequence[object]] | None = None
    # Parts of a class's term binder (issue 18); the core knows them by this field only.
    binder: Sequence[BinderSection] = ()
    # Each POST endpoint's form class (a FlaskForm), so the role × route matrix posts every
    # choice it offers out of scope without a list of its own (tests/test_matrix.py). A module
    # that declares one declares all its POST endpoints; the loader checks it.
    forms: Mapping[str, type] = field(default_factory=dict)

    @property
    def url_prefix(self) -> str:
        return "/" + self.name.replace("_", "-")


@dataclass
class Registry:
    """What the loaded modules contribute; stored in `app.extensions["portal.modules"]`."""

    modules: dict[str, Module] = field(default_factory=dict)
    permissions: dict[str, Permission] = field(default_factory=dict)

    def nav(self) -> list[NavItem]:
        return self._sorted("nav")

    def widgets(self) -> list[Widget]:
        return self._sorted("widgets")

    def profile_tabs(self) -> list[ProfileTab]:
        return self._sorted("profile_tabs")

    def binder_sections(self) -> list[BinderSection]:
        items = [item for m in self.modules.values() for item in m.binder]
        return sorted(items, key=lambda item: (item.order, item.code))

    def _sorted(self, attr: str) -> list:
        items = [item for m in self.modules.values() for item in getattr(m, attr)]
        return sorted(items, key=lambda item: (item.order, item.endpoint))


class ModuleError(RuntimeError):
    """A module's declaration does not hold together; raised at start-up."""


def discover() -> dict[str, Callable[[], Module]]:
    """Installed modules by entry-point name; loading is deferred."""
    return {ep.name: ep.load for ep in entry_points(group=ENTRY_POINT_GROUP)}


def load_modules(app: Flask, core_permissions: Sequence[Permission]) -> Registry:
    registry = Registry()
    for perm in core_permissions:
        registry.permissions[perm.code] = perm
    enabled = app.config.get("PORTAL_MODULES")
    for name, load in sorted(discover().items()):
        if enabled is not None and name not in enabled:
            continue
        module = load()
        _check_names(name, module)
        if module.models:
            importlib.import_module(module.models)
        app.register_blueprint(module.blueprint, url_prefix=module.url_prefix)
        for command in module.commands:
            app.cli.add_command(command)
        for perm in module.permissions:
            if perm.code in registry.permissions:
                raise ModuleError(f"permission {perm.code!r} declared twice")
            registry.permissions[perm.code] = perm
        if module.init_app:
            module.init_app(app)
        registry.modules[name] = module
    _check_references(app, registry)
    app.extensions["portal.modules"] = registry
    return registry


def _check_names(entry_name: str, module: Module) -> None:
    if not (entry_name == module.name == module.blueprint.name):
        raise ModuleError(
            f"entry point {entry_name!r}, module {module.name!r} and blueprint "
            f"{module.blueprint.name!r} must share one name"
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
                raise ModuleError(f"{module.name}: binder section {section.code!r} outside "
                                  "the module")
            if section.permission not in registry.permissions:
                raise ModuleError(f"{module.name}: unknown permission {section.permission!r}")
        _check_forms(app, module)


def _check_forms(app: Flask, module: Module) -> None:
    """Declared forms name POST endpoints of the module, and all of them."""
    if not module.forms:
        return
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods
             and rule.endpoint.startswith(f"{module.name}.")}
    if set(module.forms) != posts:
        raise ModuleError(f"{module.name}: forms must name each POST endpoint of the module; "
                          f"differing: {sorted(set(module.forms) ^ posts)}")
    from wtforms import Form

    for endpoint, form in module.forms.items():
        if not (isinstance(form, type) and issubclass(form, Form)):
            raise ModuleError(f"{module.name}: the form of {endpoint!r} is not a form class")
