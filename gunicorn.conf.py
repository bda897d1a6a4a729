"""gunicorn's settings for the portal (read from the working directory; the command line
still wins). Start: `gunicorn -w 4 -b 0.0.0.0:8000 'portal:create_app()'`."""

import gc
import os

from gunicorn.http import wsgi

# gunicorn drops an application's own `Server` header and writes "Server: gunicorn", which
# names the framework; it writes the portal's name instead (as portal/core/headers.py does
# for the development server and the test client).
wsgi.SERVER = "portal"

# Python's full garbage collection walks every object a worker holds (the app, its
# templates, SQLAlchemy's caches: a few hundred thousand), pausing a request by 100–300 ms
# now and then. Objects that live as long as the worker are frozen out of it: once the app
# is loaded, and again once the first requests have compiled templates and queries.
FREEZE_AFTER_REQUESTS = 200

# The workers' heartbeat file, in memory: on a slow or busy disk it can stall a worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr == FREEZE_AFTER_REQUESTS:
        gc.freeze()
