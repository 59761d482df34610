#!/bin/sh
# Container start: make sure there is a secret key, migrate, then hand the
# process over to gunicorn (exec, so it receives SIGTERM directly).
# Runs the same outside a container; tests/test_entrypoint.py does exactly that.
set -eu

PYTHON="${ENVELOPE_PYTHON:-python}"

if [ -z "${ENVELOPE_SECRET_KEY:-}" ]; then
    "$PYTHON" -m server ensure-secret-key
fi
"$PYTHON" -m flask --app server db upgrade
exec "$PYTHON" -m gunicorn -c "${ENVELOPE_GUNICORN_CONFIG:-gunicorn.conf.py}"
