"""Long work on a job queue we did not write: Huey (https://huey.readthedocs.io).

Why Huey (README, "Long jobs"): one small pure-Python dependency whose storage is pluggable —
a SQLite file for the embedded default (the portal's first command needs nothing else
running), Redis or PostgreSQL in production — with a consumer process (`flask --app portal
worker`, any number, on any host), delays and periodic tasks (crontab). Dramatiq and RQ need
Redis even on a laptop; Procrastinate needs PostgreSQL.

The queue only carries a job's id. The job record (`core_import_job`, model ImportJob) is the
source of truth every app host reads: status, step, rows read, percentage, result. Huey
deletes a message when a worker takes it, so a worker killed with `kill -9` would lose it;
the record therefore holds a lease instead:

- a run *claims* its job (queued -> running, a fresh `claim` token, attempts + 1) on a short
  transaction that counts the running jobs of the same task under a lock, so at most
  JOB_LIMITS[task] (default JOB_LIMIT) run at once, first come first served; a job that may
  not start yet stays "queued, N ahead" and its message comes back after JOB_POLL_SECONDS;
- while it runs a heartbeat thread touches `updated_at` every JOB_HEARTBEAT_SECONDS;
- `reap()` (when a worker starts, every minute, and on each submit) puts a job whose
  heartbeat stopped for JOB_LEASE_SECONDS back in the queue, or ends it failed with the
  reason after JOB_MAX_ATTEMPTS runs;
- a run ends the job in the same transaction as its work, and only while it still holds the
  claim: the work commits once or not at all (imports are all-or-nothing and idempotent, so
  a run killed halfway left nothing and its retry starts clean). Its upload is removed in
  that same transaction, whether the job is done or failed.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask.cli import with_appcontext
from flask_babel import force_locale, get_locale
from flask_login import current_user, login_user
from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.exc import OperationalError

from ..extensions import db
from . import uploads
from .access import can
from .codes import LabelledEnum
from .i18n import N_, _l, say
from .importing import begin_write
from .locking import advisory_key
from .models import ImportJob, User
from .models.base import utcnow

ACTIVE = ("queued", "running")


@dataclass
class Finished:
    """What a task's run returns: `ok` False ends the job failed (bad rows, …) with `result`
    kept for its page; nothing the run flushed is committed then."""

    ok: bool = True
    result: dict = field(default_factory=dict)


class Progress:
    """Handed to a task's run: `progress(step, rows=…, percent=…)` is written on its own short
    transaction, so a poll from any app host sees it while the work's transaction is open."""

    def __init__(self, job_id: str, claim: str | None, immediate: bool):
        self.job_id, self.claim, self.immediate = job_id, claim, immediate

    def __call__(self, step: str, *, rows: int | None = None, percent: int | None = None):
        if self.immediate:
            return  # run inside the request that submitted it: nobody polls meanwhile
        values = {"step": step, "updated_at": utcnow()}
        if rows is not None:
            values["rows_read"] = rows
        if percent is not None:
            values["percent"] = max(0, min(100, int(percent)))
        with db.engine.begin() as connection:
            connection.execute(
                update(ImportJob)
                .where(ImportJob.id == self.job_id, ImportJob.claim == self.claim)
                .values(**values)
            )


@dataclass(frozen=True)
class Task:
    name: str
    run: Callable[[ImportJob, Progress], Finished]
    # The page a notification of its end links to; None: the job's own page (/jobs/<id>),
    # which goes on to `result["link"]` when the run left one.
    link: Callable[[ImportJob], str] | None = None
    # The right its result needs: a file or page made while the user held it is not served
    # once they no longer do (a grant removed within the day the file is kept).
    permission: str | None = None
    # What the notification of a run that refused its input says (an import's rows to
    # correct): (message, parameters), or None to say the job did not finish.
    refused: Callable[[ImportJob], tuple[str, dict] | None] | None = None


@contextmanager
def as_user(job: ImportJob):
    """The request a job was asked from, replayed in the worker (its path, query string,
    client address and request id, recorded by `submit`) with its user logged in: scope
    checks and filters read from the request work in the job exactly as they did when it
    was submitted, and the audit trail names that user, their roles, address and request —
    a web import is audited as the web request it came from, never as the command line."""

    params = job.params or {}
    user = db.session.get(User, job.user_id) if job.user_id else None
    if user is None or not user.active:
        raise LookupError("the user who asked no longer exists or was deactivated")
    environ = {"REMOTE_ADDR": params["ip"]} if params.get("ip") else {}
    # The request context shares the job's app context, and so its `g`: what the replay
    # puts there (the request id, the logged-in user) is put back afterwards.
    kept = {key: g.get(key) for key in ("request_id", "_login_user")}
    try:
        with current_app.test_request_context(
            params.get("path", "/"), environ_base=environ, query_string=params.get("args") or {}
        ):
            g.request_id = params.get("request_id")
            login_user(user)
            yield user
    finally:
        for key, value in kept.items():
            if value is None:
                g.pop(key, None)
            else:
                setattr(g, key, value)


def _origin() -> dict:
    """What `as_user` replays of the submitting request."""
    if not has_request_context():
        return {}

    return {
        "path": request.path,
        "args": request.args.to_dict(flat=False),
        "ip": request.remote_addr,
        "request_id": g.get("request_id"),
    }


def path_for(endpoint: str, **values) -> str:
    """A page's path from a worker, which has no request to build URLs from."""
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
    )
    return adapter.build(endpoint, values)


def page_of(job: ImportJob) -> str:
    """The page a job's notification and list link to: its task's, else the job's own."""
    task = TASKS[job.task]
    return task.link(job) if task.link else path_for("jobs.job", job_id=job.id)


def seen(job: ImportJob) -> None:
    """Its owner opened the page of their job that ended: the notification of its end is
    read. It is still sent (the job runs on the queue; they may have left the page), but a
    result they have seen does not add to their badge (no notification storms)."""
    if job.status not in ACTIVE and job.user_id:
        from .notify import read_on_sight

        read_on_sight(job.user_id, page_of(job))


def usable_by(job: ImportJob, user) -> bool:
    """Whether `user` may still open `job`'s page: a task the portal runs, whose right they
    still hold (Task.permission)."""
    task = TASKS.get(job.task)
    return task is not None and (task.permission is None or can(user, task.permission))


def keep_file(
    job: ImportJob, data: bytes, *, what: str, rows: int, printed: bool = False
) -> Finished:
    """A job's file — a large export, or a batch of notices to print (`printed`: an HTML
    page the browser prints) — kept in the database, so any host hands it out at
    /jobs/<id>/file, where the job's page goes when done. Called after the last progress
    report: its write transaction begins here (SQLite: see compute_run)."""

    begin_write()
    return Finished(
        ok=True,
        result={
            "file": uploads.store(data),
            "filename": job.filename,
            "what": what,
            "rows": rows,
            "printed": printed,
            "link": path_for("jobs.file", job_id=job.id),
        },
    )


TASKS: dict[str, Task] = {}
# Nightly and periodic work: (name, crontab kwargs, function run in an app context).
PERIODIC: dict[str, tuple[dict, Callable[[], None]]] = {}


def define(name: str, run, *, link=None, permission: str | None = None, refused=None) -> None:
    """Declare a kind of job (the core's imports, a module's computation …)."""
    TASKS[name] = Task(name=name, run=run, link=link, permission=permission, refused=refused)


def every(name: str, run: Callable[[], None], **crontab) -> None:
    """Declare periodic work, run once per due time however many workers there are."""
    PERIODIC[name] = (crontab, run)


# --- the Huey instance of an app -------------------------------------------------------


def init_app(app: Flask) -> None:
    """The Huey instance is built on first use (a job submitted, a worker started), so
    commands that run no job (migrations, check-deploy) neither touch nor need the store."""
    app.extensions["portal.queue"] = {"huey": None, "started": False}
    app.before_request(_start_embedded_worker)


def _build(app: Flask):
    from huey import MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey, crontab

    store = app.config.get("JOB_STORE") or (f"sqlite:///{Path(app.instance_path) / 'jobs.sqlite3'}")
    name = app.config.get("JOB_QUEUE_NAME") or "portal"
    if store == "immediate":  # tests: a task runs inside the call that enqueues it
        huey = MemoryHuey(name, immediate=True)
    elif store.startswith("sqlite:///"):
        huey = SqliteHuey(name, filename=store.removeprefix("sqlite:///"), timeout=30)
    elif store.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(name, url=store)
    elif store.startswith(("postgresql://", "postgres://")):
        huey = PostgresHuey(name, dsn=store)
    else:
        raise RuntimeError(f"JOB_STORE {store!r}: use sqlite:///path, redis://… or postgresql://…")

    @huey.task(name="portal.run_job")
    def run_job(job_id: str, locale: str = "zh_CN"):
        with app.app_context(), force_locale(locale):
            try:
                _run(job_id, locale)
            finally:
                if not huey.immediate:
                    db.session.remove()

    @huey.periodic_task(crontab(), name="portal.reap")
    def reap_task():
        with app.app_context():
            try:
                reap_unless_busy()
            finally:
                db.session.remove()

    for periodic_name, (when, function) in PERIODIC.items():
        _periodic(app, huey, periodic_name, crontab(**when), function)
    app.extensions["portal.queue"].update(huey=huey, run_job=run_job)
    return huey


def _periodic(app, huey, name, when, function):
    @huey.periodic_task(when, name=f"portal.{name}")
    def periodic():
        with app.app_context():
            try:
                if _once(name):
                    function()
                    db.session.commit()
            except Exception:
                db.session.rollback()
                app.logger.exception("periodic %s failed", name)
            finally:
                db.session.remove()


def _once(name: str) -> bool:
    """The first worker whose scheduler is due records the run; the others see it and skip.
    The record (a job done at once) is the trace of the run on the jobs page."""
    slot = utcnow().strftime("%Y%m%d%H%M")
    job_id = hashlib.sha256(f"{name}:{slot}".encode()).hexdigest()[:32]
    with db.engine.begin() as connection:
        if connection.scalar(select(ImportJob.id).where(ImportJob.id == job_id)):
            return False
        try:
            connection.execute(
                ImportJob.__table__.insert().values(
                    id=job_id,
                    task=name,
                    kind="",
                    filename="",
                    stored_path="",
                    status="done",
                    rows_read=0,
                    attempts=1,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                    result={},
                )
            )
        except Exception:  # another worker's insert won
            return False
    return True


def huey_of(app: Flask | None = None):
    app = app or current_app._get_current_object()
    state = app.extensions["portal.queue"]
    if state["huey"] is None:
        with _start_lock:
            if state["huey"] is None:
                _build(app)
    return state["huey"]


def _start_embedded_worker() -> None:
    """The embedded default (JOB_EMBEDDED_WORKER): the first request starts a consumer's
    threads inside this process, once; `flask --app portal run` then needs nothing else.
    Never in tests (they run tasks immediately or start a real worker themselves)."""
    app = current_app._get_current_object()
    state = app.extensions["portal.queue"]
    if state["started"] or app.testing or not app.config.get("JOB_EMBEDDED_WORKER"):
        return
    with _start_lock:
        if state["started"]:
            return
        state["started"] = True
        if huey_of(app).immediate:
            return  # jobs run inside the request that submits them: no worker needed
        consumer = huey_of(app).create_consumer(
            workers=int(app.config["JOB_WORKERS"]),
            worker_type="thread",
            periodic=True,
            max_delay=1.0,
        )
        consumer.scheduler.start()
        for _, worker in consumer.worker_threads:
            worker.start()
        state["consumer"] = consumer
        app.logger.info("job queue: %d worker threads in this process", consumer.workers)


_start_lock = threading.RLock()


@click.command("worker")
@click.option(
    "--workers",
    "-w",
    type=int,
    default=None,
    help="Jobs run at once by this process (threads); default JOB_WORKERS.",
)
@with_appcontext
def worker_command(workers: int | None):
    """Run queued jobs (imports, computations, nightly work) until stopped."""
    run_worker(current_app._get_current_object(), workers)


def run_worker(app: Flask, workers: int | None = None) -> None:
    """A consumer process: re-queue the jobs of dead workers, then run jobs until stopped."""

    if not logging.getLogger().handlers:  # the consumer's start, jobs and errors on stderr
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    with app.app_context():
        reap()
        db.session.remove()
    consumer = huey_of(app).create_consumer(
        workers=workers or int(app.config["JOB_WORKERS"]),
        worker_type="thread",
        periodic=True,
        max_delay=1.0,
    )  # an idle SQLite store is polled at least every second
    consumer.run()


# --- submitting and reading jobs --------------------------------------------------------


def submit(
    task: str,
    *,
    user_id: int | None,
    kind: str = "",
    filename: str = "",
    upload_id: str | None = None,
    params: dict | None = None,
    title: dict | None = None,
) -> ImportJob:
    """Record a job (committed: every host sees it) and queue it, with the request it was
    asked from (`as_user` replays it). The caller's pending changes are committed with it.
    `title`: the job's name as kept words (i18n.kept), for a job not named by its file."""
    if task not in TASKS:
        raise LookupError(task)
    if title:
        params = {**(params or {}), "title": title}
    job = ImportJob(
        id=secrets.token_hex(16),
        task=task,
        kind=kind,
        filename=filename[:200],
        stored_path=upload_id or "",
        user_id=user_id,
        params={**_origin(), **(params or {})},
        status="queued",
    )
    db.session.add(job)
    db.session.commit()
    huey = huey_of()
    if not huey.immediate:
        reap()
    _enqueue(job.id)
    return job


def job_url(
    task: str, *, filename: str = "", params: dict | None = None, title: dict | None = None
) -> str:
    """Queue `task` for the signed-in user; the address of its page (progress, then the
    result)."""

    job = submit(task, user_id=current_user.id, filename=filename, params=params, title=title)
    return url_for("jobs.job", job_id=job.id)


def name_of(job: ImportJob) -> str:
    """A job's name in the reader's language: its title (kept words) if it has one, else its
    file's name — or an older job's name, stored as words and shown as they were — else its
    task."""
    return say(title_of(job)) or job.task


def title_of(job: ImportJob):
    """What names a job, as stored: kept words, or the file's name (plain text)."""
    return (job.params or {}).get("title") or job.filename


def count_rows(query) -> int:
    """How many rows `query` returns, counted by the database (is it one for a job?)."""
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def count_where(model, *where) -> int:
    """How many rows of `model` match `where`, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _enqueue(job_id: str) -> None:
    huey_of()
    state = current_app.extensions["portal.queue"]
    locale = str(get_locale() or "zh_CN") if has_request_context() else "zh_CN"
    state["run_job"](job_id, locale)


def ahead(job: ImportJob) -> int:
    """Queued jobs of the same task submitted before this one ("queued, 2 ahead")."""
    return count_where(
        ImportJob,
        ImportJob.task == job.task,
        ImportJob.status == "queued",
        ImportJob.id != job.id,
        or_(
            ImportJob.created_at < job.created_at,
            and_(ImportJob.created_at == job.created_at, ImportJob.id < job.id),
        ),
    )


def limit(task: str) -> int:
    config = current_app.config
    return int((config.get("JOB_LIMITS") or {}).get(task, config["JOB_LIMIT"]))


def lease() -> timedelta:
    return timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])


# --- running one ------------------------------------------------------------------------


def _run(job_id: str, locale: str) -> None:
    from huey.exceptions import RetryTask

    immediate = huey_of().immediate
    claim = _claim(job_id)
    if claim is None:
        return  # ended, or another run holds it
    if claim == "wait":
        if immediate:
            return  # tests: stays queued; nothing polls for it
        raise RetryTask(delay=current_app.config["JOB_POLL_SECONDS"])
    job = db.session.get(ImportJob, job_id)
    beat = None if immediate else _Heartbeat(current_app._get_current_object(), job_id, claim)
    try:
        finished = TASKS[job.task].run(job, Progress(job_id, claim, immediate))
    except BaseException as problem:
        db.session.rollback()
        if beat:
            beat.stop()
        current_app.logger.exception("job %s (%s) failed", job_id, job.task)
        _end(
            job_id,
            claim,
            Finished(ok=False, result={"errors": [], "crashed": True, "reason": _reason(problem)}),
            keep_work=False,
        )
        if not isinstance(problem, Exception):
            raise  # SystemExit, KeyboardInterrupt: recorded, then let them stop the thread
        return
    if beat:
        beat.stop()
    _end(job_id, claim, finished, keep_work=finished.ok)


def _reason(problem: BaseException) -> str:
    return f"{type(problem).__name__}: {problem}"[:300]


def _lock_and_get(job_id: str) -> ImportJob | None:
    """Open a transaction that serialises claims of one task: SQLite by its single writer
    (BEGIN IMMEDIATE), PostgreSQL by an advisory lock on the task's name."""
    db.session.commit()  # a fresh transaction, so the lock is taken at its start
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if not postgres:
        db.session.connection(execution_options={"sqlite_immediate": True})
    job = db.session.get(ImportJob, job_id)
    if job is not None and postgres:
        key = advisory_key(f"job:{job.task}")
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        db.session.refresh(job)
    return job


def _claim(job_id: str) -> str | None:
    """queued -> running with a fresh token, if a slot of its task is free and no earlier job
    of the task waits; "wait" when not yet; None when there is nothing to run."""
    job = _lock_and_get(job_id)
    if job is None or job.status != "queued":
        db.session.rollback()
        return None
    running = (
        db.session.scalar(
            select(func.count())
            .select_from(ImportJob)
            .where(ImportJob.task == job.task, ImportJob.status == "running")
        )
        or 0
    )
    if running + ahead(job) >= limit(job.task):
        job.updated_at = utcnow()  # waiting, not lost: the reaper leaves it alone
        db.session.commit()
        return "wait"
    token = secrets.token_hex(16)
    job.status, job.claim, job.step, job.updated_at = "running", token, None, utcnow()
    job.attempts += 1
    db.session.commit()
    return token


def _end(job_id: str, claim: str, finished: Finished, *, keep_work: bool) -> None:
    """Record the end in the same transaction as the work (kept or not), only while the run
    still holds its claim; remove the upload; tell the owner."""
    if not keep_work:
        db.session.rollback()
    try:
        ended = db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.claim == claim, ImportJob.status == "running")
            .values(
                status="done" if finished.ok else "failed",
                result=finished.result,
                percent=100 if finished.ok else None,
                updated_at=utcnow(),
                claim=None,
            )
        ).rowcount
        if not ended:  # the lease was lost (reaped while it hung): another run owns it
            db.session.rollback()
            current_app.logger.warning("job %s: lease lost, this run's work discarded", job_id)
            return
        job = db.session.get(ImportJob, job_id)
        _after_end(job)
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("job %s: could not record its end", job_id)
        _fail_now(job_id, claim, "could not record the end")


def _after_end(job: ImportJob) -> None:
    if job.stored_path:
        uploads.remove(job.stored_path)
    task = TASKS.get(job.task)
    if job.user_id and task:
        from .notify import notify

        message, params = _end_words(job, task)
        notify(
            job.user_id,
            message,
            link=page_of(job),
            name=title_of(job) or job.task,  # kept words are said in the reader's language
            **params,
        )


def _end_words(job: ImportJob, task: Task) -> tuple[str, dict]:
    """What tells the user their job ended: done; for a run that refused its input, its
    task's words for that (an import: "未导入：…需要更正" with the count); else that it did
    not finish."""
    if job.status == "done":
        return N_("Your job “%(name)s” is done."), {}
    return _refusal(job, task) or (N_("Your job “%(name)s” did not finish."), {})


def _refusal(job: ImportJob, task: Task) -> tuple[str, dict] | None:
    """The words of a failed run that refused its input (Task.refused), else None."""
    return task.refused(job) if job.status == "failed" and task.refused else None


class JobState(LabelledEnum):
    """A job's state as the lists of jobs say it (/jobs/, the imports page), in the words its
    notification used: a run that refused its input (an import's rows to correct) was not
    imported; one that failed otherwise did not finish."""

    QUEUED = "queued", _l("Queued")
    RUNNING = "running", _l("Running")
    DONE = "done", _l("Done")
    REFUSED = "refused", _l("Not imported")
    FAILED = "failed", _l("Did not finish")


def state_label(job: ImportJob) -> str:
    task = TASKS.get(job.task)
    if task is not None and _refusal(job, task) is not None:
        return JobState.REFUSED.label
    return JobState.label_of(job.status)


def _fail_now(job_id: str, claim: str | None, reason: str) -> None:
    """On a fresh connection, for a session that is itself broken."""
    with db.engine.begin() as connection:
        condition = ImportJob.id == job_id
        if claim:
            condition = condition & (ImportJob.claim == claim)
        connection.execute(
            update(ImportJob)
            .where(condition)
            .values(
                status="failed",
                claim=None,
                updated_at=utcnow(),
                result={"errors": [], "crashed": True, "reason": reason},
            )
        )


class _Heartbeat:
    def __init__(self, app: Flask, job_id: str, claim: str):
        self.app, self.job_id, self.claim = app, job_id, claim
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)
        self.thread.start()

    def _beat(self):
        every = self.app.config["JOB_HEARTBEAT_SECONDS"]
        with self.app.app_context():
            while not self.stopped.wait(every):
                try:
                    with db.engine.begin() as connection:
                        connection.execute(
                            update(ImportJob)
                            .where(ImportJob.id == self.job_id, ImportJob.claim == self.claim)
                            .values(updated_at=utcnow())
                        )
                except Exception:
                    self.app.logger.exception("job %s: heartbeat failed", self.job_id)

    def stop(self):
        self.stopped.set()


# --- the reaper -------------------------------------------------------------------------


def reap(now: datetime | None = None) -> int:
    """Jobs whose heartbeat stopped for a lease: queued again (their worker died), or ended
    failed with the reason after JOB_MAX_ATTEMPTS runs. Returns how many were touched."""
    cutoff = (now or utcnow()) - lease()
    touched = 0
    stale = list(
        db.session.scalars(
            select(ImportJob).where(ImportJob.status.in_(ACTIVE), ImportJob.updated_at <= cutoff)
        )
    )
    requeue = []
    for job in stale:
        if job.status == "running" and job.attempts >= current_app.config["JOB_MAX_ATTEMPTS"]:
            job.status, job.claim, job.updated_at = "failed", None, utcnow()
            job.result = {
                "errors": [],
                "crashed": True,
                "reason": (f"its worker stopped {job.attempts} times"),
            }
            _after_end(job)
        else:
            job.status, job.claim, job.step, job.updated_at = "queued", None, None, utcnow()
            requeue.append(job.id)
        touched += 1
    live = db.session.scalars(
        select(ImportJob.stored_path).where(
            ImportJob.status.in_(ACTIVE), ImportJob.stored_path != ""
        )
    )
    uploads.purge(keep=live)
    db.session.commit()
    for job_id in requeue:
        _enqueue(job_id)
    return touched


def reap_unless_busy() -> None:
    """The reaper of a minute, which gives way to a writer: on SQLite its reading
    transaction cannot become a writing one while an import writes ("database is
    locked"), and the next minute's reaper does the same work."""
    try:
        reap()
    except OperationalError as problem:
        db.session.rollback()
        if "locked" not in str(problem.orig) and "busy" not in str(problem.orig):
            raise
        current_app.logger.info("reaper: the database is busy; again in a minute")


def register(app: Flask) -> None:
    app.cli.add_command(worker_command)
