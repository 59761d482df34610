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
# Behind a TLS proxy on the same host; set FORWARDED_ALLOW_IPS for another one.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("ENVELOPE_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("ENVELOPE_LOG_LEVEL", "info").lower()
wsgi_app = "server:create_app()"
