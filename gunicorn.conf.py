"""gunicorn's settings for the portal (read from the working directory; the command line
still wins). Start: `gunicorn -w 4 -b 0.0.0.0:8000 'portal:create_app()'`."""

import gc
import os

from gunicorn.http import wsgi

# The portal's answers carry `Server: portal` (portal/core/headers.py); gunicorn's own
# "Server: gunicorn" line, which names the framework, is left out.
_gunicorn_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _gunicorn_headers(self) if not line.startswith("Server:")]


wsgi.Response.default_headers = _default_headers_without_server

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
