"""gunicorn settings; every one can be set from the environment.

Workers hold no state of their own (everything is in the database), so any
number of them, on any number of machines, can serve the same users.
"""

import os

bind = os.environ.get("ENVELOPE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ENVELOPE_WORKERS", "2"))
threads = int(os.environ.get("ENVELOPE_THREADS", "1"))
timeout = int(os.environ.get("ENVELOPE_TIMEOUT", "30"))
graceful_timeout = 20
# Behind a TLS proxy on the same host; set ENVELOPE_TRUSTED_PROXIES for another one (the
# app believes X-Forwarded-For from the same proxies; gunicorn, X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", os.environ.get("ENVELOPE_TRUSTED_PROXIES", "127.0.0.1,::1")
)
accesslog = os.environ.get("ENVELOPE_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("ENVELOPE_LOG_LEVEL", "info").lower()
wsgi_app = "server:create_app()"


def on_starting(server):
    """Say, once and before any worker starts, what in this set-up weakens the app."""
    from server.config import startup_warnings

    for warning in startup_warnings(workers):
        server.log.warning(warning)
