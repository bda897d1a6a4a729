"""The demo college's grades reach every level of its ruleset."""

from portal.modules.warnings.models import Run, Warning
from portal.modules.warnings.presets import PRESETS


def test_demo_reaches_every_level_of_each_colleges_ruleset(app, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    for run in db.session.query(Run).all():
        wanted = {level["code"] for category in PRESETS[run.ruleset_code]["categories"]
                  for level in category["levels"]}
        found = {level for (level,) in db.session.query(Warning.level).filter_by(run_id=run.id)}
        assert found == wanted, run.ruleset_code
