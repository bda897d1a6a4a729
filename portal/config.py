"""Defaults. Instance `config.py` and FLASK_* environment variables override them."""

from datetime import timedelta

MINUTE = 60


class Defaults:
    SQLALCHEMY_DATABASE_URI = None  # filled in with the instance folder's SQLite file
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A write waits this long for the lock before "database is locked" (a 503); readers never
    # wait. 15 s holds 20 readers and 5 writers on a loaded 2-core machine with 0 errors
    # (bench/sqlite_concurrency.py); 5 s gave 1-2 errors a run there.
    SQLITE_BUSY_TIMEOUT_MS = 15000

    # Sessions (security.md checks 4–6): Secure, HttpOnly, Lax, __Host- prefix.
    SESSION_COOKIE_NAME = "__Host-portal"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_PATH = "/"
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # Only a changed session is written back: with Flask's default every response re-sent the
    # cookie as its request saw it, so a favicon or static request racing a POST overwrote the
    # flash that POST had just set (the lost "thank you" of CI stop 23). "seen" is rewritten
    # every 30 s, which keeps the cookie alive.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(hours=12)  # remember-me is not offered at all

    # Login throttling (check 3): counters live in the database, shared by all workers.
    LOGIN_MAX_FAILURES = 5  # one account from one client address
    LOGIN_ACCOUNT_MAX_FAILURES = 20  # one account from any address (rotating addresses)
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    # Proxies (a load balancer, nginx) in front of the portal whose X-Forwarded-For/-Proto
    # are trusted: 0 = none, the portal is reached directly.
    TRUSTED_PROXIES = 0

    # Step-up (check 7): reveals, exports and role changes need the password entered within
    # this many seconds.
    FRESH_LOGIN_SECONDS = 15 * 60

    PASSWORD_MIN_LENGTH = 8
    PASSWORD_MAX_LENGTH = 128
    # argon2id at OWASP's recommended floor (19 MiB, 2 passes): ~20 ms a hash here, so a
    # class's accounts can be created in one request and 20 log-ins at once cost 380 MiB.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19456
    ARGON2_PARALLELISM = 1

    WTF_CSRF_TIME_LIMIT = None  # token bound to the session, so long boosted pages stay valid
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    # Uploads (checks 18–20).
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500 * 1024
    MAX_FORM_PARTS = 1000
    # A scan of a signed paper form attached to a record (issue 18): PDF, JPEG or PNG.
    ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    # The command line is run by an operator on the server: a whole university's term
    # (300,000 rows × 32 columns unpacks to ~450 MB) may come that way.
    CLI_IMPORT_MAX_UNPACKED = 2 * 1024 * 1024 * 1024
    # A 教务 export has a few dozen columns; a row with more cells than this is refused as
    # soon as it is read (issue 15, finding 8: one row of 3.3 million cells took 1.4 GB).
    IMPORT_MAX_CELLS_PER_ROW = 1000
    # A web import's progress (rows read) is written every this many rows.
    IMPORT_PROGRESS_EVERY = 5000
    # Long jobs (portal/core/queue.py, README "Long jobs"). The job store: None = a SQLite
    # file in the instance folder, with the worker inside the app process (the embedded
    # default: `flask --app portal run` needs nothing else); in production redis://… or
    # postgresql://… and JOB_EMBEDDED_WORKER = False, with `flask --app portal worker`
    # processes on any hosts. "immediate": a task runs inside the call (tests).
    JOB_STORE = None
    # The queue's name in the store: two portals (a test instance beside production) sharing
    # one Redis must have different names, or a worker of one takes the other's jobs.
    JOB_QUEUE_NAME = "portal"
    JOB_EMBEDDED_WORKER = True
    JOB_WORKERS = 4  # jobs one worker process runs at once (threads)
    # Jobs of one task running at once, all workers together; more wait ("queued, 2 ahead").
    JOB_LIMIT = 2
    JOB_LIMITS = {"import": 2}  # per task, overriding JOB_LIMIT
    JOB_POLL_SECONDS = 2  # a waiting job asks again for a slot this often
    JOB_HEARTBEAT_SECONDS = 5  # a running job's record is touched this often
    JOB_LEASE_SECONDS = 60  # no heartbeat for this long: its worker died, the job is re-run
    JOB_MAX_ATTEMPTS = 3  # runs before a job whose worker keeps dying ends failed
    # The daily digest (a periodic job, 07:00 China time) gathers a user's unread
    # notifications into one when they are at least this many.
    NOTIFICATION_DIGEST_MIN = 5

    # Exports (check 24): each audited with its row count; at most this many per user in
    # the window (counted in the audit trail, so all workers agree).
    EXPORT_LIMIT = 30
    EXPORT_WINDOW = 600  # seconds
    # A roster or review export of more rows is built by a queue job with a progress bar
    # (issue 20); its file waits in the database for the download, which is audited then.
    EXPORT_JOB_ROWS = 5000
    # Printing more notices at once (a roster's, a class's) is prepared by a queue job too;
    # the page to print opens from the job's page when done.
    PRINT_JOB_NOTICES = 100

    # The study plan's term-end report (学期末执行情况报告) opens this many weeks before the
    # last day of the term the plan was signed off for (plans/report_window.py).
    PLAN_REPORT_WEEKS_BEFORE_TERM_END = 4

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    PORTAL_MODULES = None  # None: every installed module; else a list of names
    PAGE_SIZE = 50
    HSTS_SECONDS = 31536000
