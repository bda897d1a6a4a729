"""A run's rows are written as plain values (issue 21): the JSON of each warning reads back
as json.dumps writes it, the run's metrics and dropped warnings as before."""

import json

from sqlalchemy import text

from portal.modules.warnings import rulesets
from portal.modules.warnings.compute import compute_run
from portal.modules.warnings.models import DroppedWarning, RunMetric, Warning


def test_stored_json_is_what_json_dumps_writes(db, make, grades):
    klass = make.school_class()
    students = [make.student(klass) for _ in range(3)]
    grades(students[0], "2023-2024-2", [("A", 4, 95, "regular")])
    grades(students[0], "2024-2025-1", [("B", 3, 61, "regular"), ("C", 1, "旷考", "regular")])
    grades(students[1], "2024-2025-1", [("D", 2, 40, "regular"), ("E", 1, 75, "regular")])
    grades(students[2], "2024-2025-1", [("F", 3, 88, "regular")])
    run = compute_run(make.term("2024-2025-1"), rulesets.load("anshan"))
    raw = db.session.execute(
        text("SELECT fired, metrics FROM warnings_warning WHERE run_id = :run ORDER BY id"),
        {"run": run.id},
    ).all()
    assert len(raw) == 2
    for fired, metrics in raw:
        fired, metrics = (v if isinstance(v, str) else json.dumps(v) for v in (fired, metrics))
        assert json.dumps(json.loads(fired)) == fired
        assert json.dumps(json.loads(metrics)) == metrics
    first = db.session.query(Warning).filter_by(run_id=run.id, student_id=students[0].id).one()
    # B 3 credits at 61 (1.1), C 1 credit absent (0): 33/40; A last term 4 credits at 95 (4.5).
    assert first.fired == [
        {"metric": "term_failed_ratio", "op": ">=", "threshold": "0.25", "value": "1/4"},
        {"metric": "gpa_term", "op": "<", "threshold": "2", "value": "33/40"},
        {"metric": "absent_exams", "op": ">=", "threshold": "1", "value": "1"},
        {"metric": "gpa_drop", "op": ">=", "threshold": "1", "value": "147/40"},
    ]
    assert first.metrics["gpa_cumulative"] == "213/80" and first.metrics["gpa_drop"] == "147/40"
    assert first.metrics["degree_gpa_year"] is None and first.metrics["absence_hours"] == "0"
    assert first.source == "rules" and first.change == "new" and first.level_rank == 3


def test_run_metrics_and_dropped_warnings_are_stored(db, make, grades):
    klass = make.school_class()
    good, failing = make.student(klass), make.student(klass)
    grades(good, "2024-2025-1", [("A", 2, 90, "regular")])
    grades(failing, "2024-2025-1", [("A", 2, 30, "regular"), ("B", 3, 95, "regular")])
    term = make.term("2024-2025-1")
    first = compute_run(term, rulesets.load("anshan"))
    grades(failing, "2024-2025-1", [("A", 2, 70, "makeup")])
    second = compute_run(term, rulesets.load("anshan"))
    stored = {
        m.student_id: (m.gpa_cumulative, m.outstanding_failed_credits)
        for m in db.session.query(RunMetric).filter_by(run_id=second.id)
    }
    assert stored == {good.id: ("4", "0"), failing.id: ("27/10", "0")}
    dropped = db.session.query(DroppedWarning).filter_by(run_id=second.id).all()
    assert [(d.student_id, d.category, d.level) for d in dropped] == [
        (failing.id, "academic", "red")
    ]
    assert first.evaluated == second.evaluated == 2


def test_a_run_is_computed_with_the_collector_paused_and_restored(db, make, monkeypatch):
    import gc

    from portal.modules.warnings import compute

    seen = []
    real = compute.student_values
    monkeypatch.setattr(
        compute, "student_values", lambda *args: seen.append(gc.isenabled()) or real(*args)
    )
    assert gc.isenabled()
    make.grade(make.student(), make.term("2024-2025-1"))
    compute_run(make.term("2024-2025-1"), rulesets.load("anshan"))
    assert seen == [False] and gc.isenabled()
