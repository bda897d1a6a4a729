"""A real queue worker for the tests (tests/core/test_import_jobs.py): a separate process
running `queue.run_worker` on the test's database and job store, so a test can kill it
with SIGKILL mid-job.

    python job_worker.py DATABASE_URL JOB_STORE QUEUE_NAME [SLOW_SECONDS]

SLOW_SECONDS > 0 sleeps after each progress report, so the test finds the job halfway."""

import sys
import time

from portal import create_app
from portal.core import queue


def main(database: str, store: str, queue_name: str, slow: float) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-only-secret-key-0123456789abcdef",
            "DATA_KEY": "ab" * 32,
            "SQLALCHEMY_DATABASE_URI": database,
            "JOB_STORE": store,
            "JOB_QUEUE_NAME": queue_name,
            "JOB_HEARTBEAT_SECONDS": 0.2,
            "JOB_LEASE_SECONDS": 2,
            "JOB_POLL_SECONDS": 0.2,
            "IMPORT_PROGRESS_EVERY": 200,
        }
    )
    if slow:
        report = queue.Progress.__call__

        def slowly(self, step, **values):
            report(self, step, **values)
            time.sleep(slow)

        queue.Progress.__call__ = slowly
    queue.run_worker(app, workers=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0)
