"""The floor for bench/sync_wrk.py: a bare Flask endpoint on the same gunicorn.

No database, no session, no schema, no middleware: a small JSON answer. Served by
gunicorn.conf.py exactly as the app is (`gunicorn -c gunicorn.conf.py bench.bare:app`),
so the figure is what the worker model, HTTP parsing and Flask cost by themselves.
"""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/bare")
def bare():
    return jsonify(ok=True)
