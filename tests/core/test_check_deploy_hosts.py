"""Several app hosts (issue 20): keys generated into one host's instance folder differ on the
next host, so `check-deploy --hosts N` (or PORTAL_HOSTS) refuses them; configured keys pass."""

from __future__ import annotations

import secrets

import pytest
from cryptography.exceptions import InvalidTag
from flask import Flask

from portal import create_app
from portal.core import sealed

from .test_ops import PRODUCTION

CONFIGURED = {"SECRET_KEY": "k3Y-" + secrets.token_hex(24), "DATA_KEY": secrets.token_hex(32)}


@pytest.fixture
def host(monkeypatch, tmp_path, app):
    """create_app on a host of its own: its own instance folder."""

    def on_host(name: str, config: dict):
        monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path / name))
        return create_app(config)

    yield on_host
    sealed.configure(app.config["DATA_KEY"])  # the session's app seals again


def check(application, *args: str):
    return application.test_cli_runner().invoke(args=["check-deploy", *args])


def generated_keys(config: dict) -> dict:
    return {name: value for name, value in config.items() if name not in CONFIGURED}


def test_keys_generated_in_the_instance_folder_are_refused_for_several_hosts(host, tmp_path):
    application = host("a", generated_keys(PRODUCTION))
    result = check(application, "--hosts", "2")
    assert result.exit_code == 1
    assert f"SECRET_KEY is read from {tmp_path / 'a' / 'secret_key'}" in result.output
    assert f"DATA_KEY is read from {tmp_path / 'a' / 'data_key'}" in result.output
    assert "FLASK_DATA_KEY" in result.output and "2 hosts" in result.output


def test_generated_keys_still_pass_on_one_host(host):
    result = check(host("a", generated_keys(PRODUCTION)), "--hosts", "1")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("how", ["setting", "environment"])
def test_the_host_count_is_read_from_the_portal_hosts_setting(host, monkeypatch, how):
    config = generated_keys(PRODUCTION)
    if how == "setting":
        config["PORTAL_HOSTS"] = 3
    else:
        monkeypatch.setenv("PORTAL_HOSTS", "3")
    result = check(host("a", config))
    assert result.exit_code == 1 and "with 3 hosts" in result.output


def test_a_host_count_that_is_not_a_number_is_named(host, monkeypatch):
    monkeypatch.setenv("PORTAL_HOSTS", "two")
    result = check(host("a", {**PRODUCTION, **CONFIGURED}))
    assert result.exit_code == 1 and "PORTAL_HOSTS must be a whole number" in result.output


def test_keys_from_configuration_pass_for_several_hosts(host, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", CONFIGURED["SECRET_KEY"])
    monkeypatch.setenv("FLASK_DATA_KEY", CONFIGURED["DATA_KEY"])
    result = check(host("a", {**generated_keys(PRODUCTION), **SHARED_JOBS}), "--hosts", "4")
    assert result.exit_code == 0, result.output


SHARED_JOBS = {"JOB_STORE": "redis://127.0.0.1:6379/0", "JOB_EMBEDDED_WORKER": False}


def test_a_job_store_in_the_instance_folder_is_refused_for_several_hosts(host):
    """Each host's SQLite job file would queue its own jobs, run by its own embedded worker
    only; a job store every host shares (Redis, PostgreSQL) and separate workers pass."""
    result = check(host("a", {**PRODUCTION, **CONFIGURED}), "--hosts", "2")
    assert result.exit_code == 1
    assert "JOB_STORE is a SQLite file in the instance folder: with 2 hosts" in result.output
    assert "JOB_EMBEDDED_WORKER is on" in result.output
    assert check(host("b", {**PRODUCTION, **CONFIGURED}), "--hosts", "1").exit_code == 0


def test_sqlite_is_refused_for_several_hosts(host):
    result = check(
        host(
            "a", {**PRODUCTION, **CONFIGURED, "SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.sqlite3"}
        ),
        "--hosts",
        "2",
    )
    assert result.exit_code == 1 and "SQLite with 2 hosts" in result.output


def test_why_a_phone_sealed_on_one_host_needs_the_same_configured_key_on_the_next(host):
    host("a", generated_keys(PRODUCTION))
    phone = sealed.seal("13800138000")
    host("b", generated_keys(PRODUCTION))
    with pytest.raises(InvalidTag):
        sealed.unseal(phone)
    host("a", {**PRODUCTION, **CONFIGURED})
    phone = sealed.seal("13800138000")
    host("b", {**PRODUCTION, **CONFIGURED})
    assert sealed.unseal(phone) == "13800138000"


def test_each_host_names_its_own_instance_folder(monkeypatch, tmp_path, app):
    """PORTAL_INSTANCE_PATH: two hosts on one machine (bench/two_hosts.py) keep apart the
    keys they would generate."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "host-b"))
    try:
        application = create_app(generated_keys(PRODUCTION))
        assert application.instance_path == str(tmp_path / "host-b")
        assert (tmp_path / "host-b" / "secret_key").is_file()
    finally:
        sealed.configure(app.config["DATA_KEY"])
