"""Separation of duties (职责分离) in role grants. The administrator keeps accounts, roles
and settings and reads no student's records (README): an account holding the
administrator's role holds no role that reads them, and the other way round; and nobody
changes their own roles or switches their own account on or off — another administrator
does. An outside tester, as the administrator, granted itself a counselor's role over the
whole school and read talk notes and parents' phones at once."""

from __future__ import annotations

from .access import role_permissions
from .i18n import _
from .roles import ROLES
from .templating import punctuation

ADMIN = "admin"


def record_roles() -> list[str]:
    """The roles that read students' records, in the order of `ROLES`, from the permission
    table the core and the modules declare: each role holding a permission beyond the
    administrator's own, which are accounts and settings and no student's record
    (tests/core/test_admin_least_privilege.py)."""
    by_role = role_permissions()
    keeping = by_role.get(ADMIN, set())
    return [role for role in ROLES if by_role.get(role, set()) - keeping]


def record_role_names() -> str:
    return punctuation()["list"].join(str(ROLES[role]) for role in record_roles())


def conflict(account, role: str) -> str | None:
    """Why `role` may not be granted to `account` beside the roles it holds, or None."""
    held = {grant.role for grant in account.grants}
    readers = record_roles()
    if role == ADMIN and held & set(readers):
        return _(
            "This account holds a role that reads students' records (%(roles)s), so it "
            "cannot be an administrator's too. Make a separate account for administration.",
            roles=punctuation()["list"].join(str(ROLES[r]) for r in readers if r in held),
        )
    if role in readers and ADMIN in held:
        return _(
            "This is an administrator's account, which holds no role that reads students' "
            "records: give the role %(role)s to a separate account.",
            role=ROLES[role],
        )
    return None


def mixed(account) -> bool:
    """Whether the account holds both (granted before the rule): its page says so."""
    held = {grant.role for grant in account.grants}
    return ADMIN in held and bool(held & set(record_roles()))
