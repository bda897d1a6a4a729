"""An outside tester's finding: a counselor's GET /warnings/runs/<id> answered 403 and left no
audit row, while a request refused for a missing right left "拒绝访问：…". The view refused
it itself (`abort(403)`), past the guard that audits. Now every 403 is audited once, the same
way: why, where the view says (`access.deny`), else as refused by the page."""

from portal.core.models import AuditEvent

from .test_audit_request_words import _details


def _refused(client, db, method: str, url: str, **data) -> list[str]:
    """The request answers 403 and leaves one "denied" row: its detail."""
    before = db.session.query(AuditEvent).filter_by(action="denied").count()
    response = client.open(url, method=method, data=data)
    assert response.status_code == 403, url
    rows = db.session.query(AuditEvent).filter_by(action="denied").order_by(AuditEvent.id).all()
    assert len(rows) == before + 1, url
    return rows[-1].detail


def test_every_refused_request_leaves_one_audit_row_read_in_words(
    client, make, login, db, followup
):
    run = followup.run
    counselor = make.user("RA1", role="counselor", scope=followup.school_class)
    login(counselor)
    assert _refused(client, db, "GET", f"/warnings/runs/{run.id}") == (
        f"GET /warnings/runs/{run.id} [refused]"
    )
    assert _refused(client, db, "POST", f"/warnings/runs/{run.id}/approve") == (
        f"POST /warnings/runs/{run.id}/approve [warnings.approve]"
    )
    assert _refused(client, db, "GET", "/imports/") == "GET /imports/ [refused]"
    assert _refused(client, db, "GET", "/imports/grades/template.xlsx") == (
        "GET /imports/grades/template.xlsx [grades.import]"
    )
    login(make.user("RA2", role="secretary", scope=followup.school_class.major.college))
    assert _refused(client, db, "GET", "/warnings/rulesets/anshan/edit") == (
        "GET /warnings/rulesets/anshan/edit [refused]"
    )
    # A refusal that says why is recorded once, with why (the guard's, a view's).
    assert _refused(client, db, "GET", "/admin/audit") == "GET /admin/audit [admin.audit]"
    login(make.user("RAA", role="admin"))
    assert _details(client, "RA1", "en", "denied") == [
        "Access denied: Imports (needs the right: Import grades and attendance)",
        "Access denied: Imports (the page does not allow this account to do this)",
        "Access denied: Warning run (needs the right: Approve and publish the warning roster)",
        "Access denied: Warning run (the page does not allow this account to do this)",
    ]
    assert _details(client, "RA2", "en", "denied")[1] == (
        "Access denied: Rulesets (the page does not allow this account to do this)"
    )
