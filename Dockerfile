# Envelope server image: gunicorn serving the app, SQLite in /data by default,
# PostgreSQL when ENVELOPE_DATABASE_URL points at one.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ENVELOPE_INSTANCE_PATH=/data \
    ENVELOPE_BIND=0.0.0.0:8000

RUN useradd --create-home --uid 10001 envelope \
    && mkdir /data && chown envelope:envelope /data

WORKDIR /app
COPY . .
# Editable install: the package reads static/ and migrations/ beside it.
# The code stays owned by root, so the app cannot rewrite itself.
RUN pip install --editable .

USER envelope
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os,sys,urllib.request; port = os.environ.get('ENVELOPE_BIND', ':8000').rsplit(':', 1)[1]; sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status == 200 else 1)"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
