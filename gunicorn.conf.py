"""gunicorn settings for `make run` and `make serve`.

No access log: an access log line holds the visitor's address and the query string, which on
/resources/ says what someone needs. gunicorn's own error log (malformed requests, worker crashes)
goes to stderr through the same scrubbing as Django's (metoo_site/logging.py): no address, no query
string, no quoted request line, no exception message.
"""

import os

import gunicorn.http.wsgi

# gunicorn has no setting for its "Server: gunicorn" header and always sends one; every response
# takes the value from this module-level name, so a generic word tells a scanner nothing. A proxy in
# front can drop the header altogether (docs/deployment.md). tests/security/test_served_headers.py
# checks what a real gunicorn sends, so an upgrade that renames this fails there.
gunicorn.http.wsgi.SERVER = "web"

# No statement of a web request runs longer than this on PostgreSQL (metoo_site/settings.py).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "10")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = None
errorlog = "-"
loglevel = "warning"
logger_class = "metoo_site.logging.GunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker) -> None:
    """Load the ZIP code data before the first request: the first look-up takes about two seconds,
    which the first visitor searching near a ZIP code would otherwise wait through."""
    from resources.geo import zip_location

    zip_location("10001")
