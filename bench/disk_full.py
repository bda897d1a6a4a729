"""The disk fills up under the portal (SQLite), then space comes back.

    .venv/bin/python bench/disk_full.py

Mounts a small tmpfs (needs root; says so and stops otherwise), builds the demo college in
a SQLite file on it, saves a talk as a counselor, fills the file system, tries five more
saves and a page, frees the space and saves again. Reports each answer, the talks counted
before and after, and PRAGMA integrity_check: a save refused for want of space must say
so (503), leave nothing half-written, and the next save after space returns must work.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from load_bench import BIN, PASSWORD, environment, talk_form  # noqa: E402

SIZE = "64m"


def mount(folder: Path) -> bool:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


def fill(folder: Path) -> Path:
    """Writes a file until the file system refuses another byte."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (64 * 1024, 1):  # big blocks, then the last bytes one by one
            try:
                while True:
                    handle.write(bytes(size))
            except OSError:
                pass
    return filler


def count_talks(app) -> int:
    from sqlalchemy import text

    from portal.extensions import db

    with app.app_context():
        return db.session.execute(text("SELECT count(*) FROM talks_talk")).scalar()


def integrity(app) -> str:
    from sqlalchemy import text

    from portal.extensions import db

    with app.app_context():
        return db.session.execute(text("PRAGMA integrity_check")).scalar()


def run(folder: Path) -> None:
    from portal import create_app

    url = f"sqlite:///{folder / 'portal.sqlite3'}"
    subprocess.run(
        [BIN / "flask", "--app", "portal", "demo"],
        env=environment(url),
        check=True,
        capture_output=True,
    )
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "disk-full-" * 5,
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    client.post("/login", data={"username": "counselor", "password": PASSWORD})
    student = re.search(
        r"/talks/students/(\d+)/new", client.get("/talks/due").get_data(as_text=True)
    ).group(1)

    def save():
        response = client.post(
            f"/talks/students/{student}/new", data=talk_form("counselor", "磁盘满测试")
        )
        return response.status_code

    before = count_talks(app)
    print(f"talks at start: {before}; a save with space: {save()}")
    filler = fill(folder)
    print(f"file system full ({filler.stat().st_size // 1024} KB of filler)")
    refused = [save() for _ in range(5)]
    page = client.get("/")
    notice = "没有保存任何内容" in page.get_data(as_text=True)
    print(f"five saves on a full disk: {refused}; the dashboard: {page.status_code}")
    during = count_talks(app)
    filler.unlink()
    after_space = save()
    after = count_talks(app)
    print(
        f"talks while full: {during} (before the fill: {before + 1}); "
        f"a save once space is back: {after_space}; talks now: {after}"
    )
    print(f"PRAGMA integrity_check: {integrity(app)}")
    passed = (
        all(s == 503 for s in refused)
        and during == before + 1
        and after_space == 303
        and after == before + 2
        and integrity(app) == "ok"
    )
    print(
        f"disk full survived: {'PASS' if passed else 'FAIL'}"
        f"{'' if notice or page.status_code == 200 else ' (no notice shown)'}"
    )
    with app.app_context():
        from portal.extensions import db

        db.engine.dispose()  # let the file system be unmounted


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    if not mount(folder):
        print("skipped: mounting a small file system needs root")
        return
    try:
        run(folder)
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


if __name__ == "__main__":
    main()
