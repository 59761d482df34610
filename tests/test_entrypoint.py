"""The Docker image's start script, run as it is, outside a container."""

import os
import re
import signal
import subprocess
import sys
import urllib.request

from tests.support import ROOT, free_port, wait_for


def test_entrypoint_migrates_then_serves_through_gunicorn(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ENVELOPE_")},
        "ENVELOPE_INSTANCE_PATH": str(tmp_path / "data"),
        "ENVELOPE_BIND": f"127.0.0.1:{port}",
        "ENVELOPE_WORKERS": "2",
        "ENVELOPE_PYTHON": sys.executable,
    }
    process = subprocess.Popen(
        ["sh", str(ROOT / "docker" / "entrypoint.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=60)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert b"Envelope" in response.read()
            # ASVS 14.3.3: no version of gunicorn, Python or Flask in any header.
            assert response.headers["Server"] == "gunicorn"
            named = re.compile(r"(gunicorn|python|werkzeug|flask)\W*\d", re.I)
            assert not [v for v in response.headers.values() if named.search(v)]
            assert "X-Powered-By" not in response.headers
        # It made a secret key and the SQLite database in the data volume.
        assert (tmp_path / "data" / "secret_key").is_file()
        assert (tmp_path / "data" / "envelope.db").is_file()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    assert "Running upgrade" in output  # migrated before serving
    assert re.search(r"Booting worker with pid", output)  # gunicorn, not the dev server
    assert process.returncode == 0, output


def test_dockerfile_runs_as_non_root_with_volume_and_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", dockerfile, re.M)
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r'^VOLUME \["/data"\]', dockerfile, re.M)
    assert re.search(r"^HEALTHCHECK .*/healthz", dockerfile, re.M | re.S)
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in dockerfile
