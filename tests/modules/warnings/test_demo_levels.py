"""The demo college's grades reach every level of its ruleset."""

from portal.modules.warnings.models import Run, Warning
from portal.modules.warnings.presets import PRESETS


def test_demo_reaches_every_level_of_each_colleges_ruleset(app, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    latest = db.session.query(Run.term_id).order_by(Run.term_id.desc()).limit(1).scalar_subquery()
    runs = db.session.query(Run).filter(Run.term_id == latest).all()
    assert len(runs) == 2  # one per demo college (the term before is published too)
    for run in runs:
        wanted = {
            level["code"]
            for category in PRESETS[run.ruleset_code]["categories"]
            for level in category["levels"]
        }
        found = {level for (level,) in db.session.query(Warning.level).filter_by(run_id=run.id)}
        assert found == wanted, run.ruleset_code


def test_all_five_presets_compute_on_the_demo_data(app, db, tmp_path):
    from openpyxl import load_workbook

    from portal.core.models import GradeRecord, Term

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    ordered = db.session.query(Term).filter(Term.n != 3).order_by(Term.start_year, Term.n)
    terms = [t.code for t in ordered]
    graded = {code for (code,) in db.session.query(Term.code).join(GradeRecord).distinct()}
    for code in PRESETS:
        for term in terms:
            result = runner.invoke(args=["warnings", "compute", "--term", term, "--ruleset", code])
            if term in graded or (code == "liaoning" and term.endswith("-1")):
                assert result.exit_code == 0, (code, term, result.output)  # (or says why not)
            else:  # the current term: no grades yet (walk finding 4)
                assert result.exit_code == 1 and f"no grades for term {term}" in result.output
        out = tmp_path / f"{code}.xlsx"
        last = [term for term in terms if term in graded][-1]
        assert (
            runner.invoke(args=["warnings", "export", "--term", last, "--out", str(out)]).exit_code
            == 0
        )
        rows = list(load_workbook(out).active.iter_rows(values_only=True))
        assert all(row[4] == code for row in rows[1:])
        levels = {lvl["code"] for c in PRESETS[code]["categories"] for lvl in c["levels"]}
        assert {row[6] for row in rows[1:]} <= levels
