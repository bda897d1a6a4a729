"""The review's cold build (issue 16): the standing of a school is built with the cyclic
garbage collector paused (it walked the whole heap over and over for nothing), and the
collector is back as it was afterwards, errors included. The answers themselves are checked
by test_standing_state.py, test_standing_commands.py and tests/modules/review/, unchanged."""

import gc

import pytest
from sqlalchemy import true

from portal.modules.warnings import cohort, standing


def test_the_standing_is_built_with_the_collector_paused_and_restored(app, monkeypatch):
    seen = []
    real_build = standing.build

    def build(condition):
        seen.append(gc.isenabled())
        return real_build(condition)

    monkeypatch.setattr(standing, "build", build)
    cohort._CACHE.clear()
    assert gc.isenabled()
    with app.test_request_context():
        cohort.cohort(1, true())
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_after_a_failed_build(app, monkeypatch):
    def broken(_term_id, _condition):
        assert not gc.isenabled()
        raise RuntimeError("database gone")

    cohort._CACHE.clear()
    with app.test_request_context(), pytest.raises(RuntimeError):
        cohort._cached("test", 1, true(), broken)
    assert gc.isenabled()


def test_a_collector_already_paused_stays_paused(app):
    gc.disable()
    try:
        with cohort.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
