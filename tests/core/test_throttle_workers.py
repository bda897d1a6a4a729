"""Log-in throttling holds across gunicorn workers: the counters live in the database."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from portal import create_app
from portal.extensions import db

from ..conftest import TEST_CONFIG
from ..factories import Factory


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post_login(port: int, username: str, password: str) -> int:
    body = urllib.parse.urlencode({"username": username, "password": password}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/login", data=body)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_sixth_failure_is_throttled_whichever_of_four_workers_answers(tmp_path):
    url = f"sqlite:///{tmp_path}/workers.db"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        Factory(app, db).user("GW1", role="counselor")
        db.session.commit()
        db.engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": url,
        "FLASK_WTF_CSRF_ENABLED": "false",
        "FLASK_SECRET_KEY": "x" * 40,
        "FLASK_ARGON2_MEMORY_COST": "1024",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "portal:create_app()",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Ready once the app answers: the socket opens before the workers have loaded it,
        # and on a busy machine that takes longer than one request's timeout.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=30):
                    break
            except OSError:
                time.sleep(0.2)
        answers = [_post_login(port, "GW1", "wrong password") for _ in range(5)]
        assert answers == [200] * 5
        assert _post_login(port, "GW1", "correct horse battery") == 429
    finally:
        server.terminate()  # graceful: on a busy machine the workers take a while to stop
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
