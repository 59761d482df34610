"""The app shell: `/`, the manifest, the service worker and versioned static files.

Every static file is read once at start-up. Their content hash is the app's
version: it names the service worker's cache and sits in every static URL
(`/s/<version>/js/app.js`), so those URLs can be cached for a year and a new
release still reaches every user, through a new service worker.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request

bp = Blueprint("shell", __name__)

# Python 3.11 still says application/javascript; the web says text/javascript.
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/manifest+json", ".webmanifest")

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
SHELL_FILE = "index.html"
WORKER_FILE = "sw.js"
# Served from the bundle with a versioned URL.
SERVED_SUFFIXES = {".js", ".css", ".png", ".svg"}
# Precached by the service worker: what the app needs to run offline. Icons are
# not: the browser fetches manifest icons itself when it installs the app (which
# needs the network anyway), and a missing favicon offline harms nobody. Every
# precache entry is a request on first load, and that budget is small.
PRECACHED_SUFFIXES = {".js", ".css"}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

THEME_COLOUR = "#1f2a36"
BACKGROUND_COLOUR = "#1f2a36"


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    mimetype: str
    etag: str


class StaticBundle:
    """The files under static/, read once, with the version derived from their content."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, StaticFile] = {}
        digest = hashlib.sha256()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            body = path.read_bytes()
            if rel in (SHELL_FILE, WORKER_FILE) or path.suffix in SERVED_SUFFIXES:
                digest.update(rel.encode() + b"\0" + body + b"\0")
            if path.suffix in SERVED_SUFFIXES and rel != WORKER_FILE:
                mimetype = mimetypes.guess_type(rel)[0] or "application/octet-stream"
                self.files[rel] = StaticFile(body, mimetype, hashlib.sha256(body).hexdigest()[:20])
        # The manifest is generated here, not read from static/: its content
        # (with a placeholder for the version) is part of the version too, so a
        # change to it reaches users through a new worker like any other.
        self.prefix = "{{static}}/"
        digest.update(json.dumps(self._manifest(), sort_keys=True).encode())
        self.version = digest.hexdigest()[:12]
        self.prefix = f"/s/{self.version}/"
        self.shell = self._render((root / SHELL_FILE).read_text())
        self.manifest = json.dumps(self._manifest(), indent=1).encode()
        self.worker = self._worker((root / WORKER_FILE).read_text())

    def url(self, rel: str) -> str:
        return self.prefix + rel

    def precache_urls(self) -> list[str]:
        offline = sorted(rel for rel in self.files if Path(rel).suffix in PRECACHED_SUFFIXES)
        return ["/", "/manifest.webmanifest"] + [self.url(rel) for rel in offline]

    def _render(self, template: str) -> bytes:
        # Preload every module at once: without it the browser discovers the
        # import graph level by level, one round trip (or worker fetch) each.
        preload = "\n  ".join(
            f'<link rel="modulepreload" href="{self.url(rel)}">'
            for rel in sorted(self.files)
            if rel.endswith(".js")
        )
        return (
            template.replace("{{modulepreload}}", preload)
            .replace("{{static}}", self.prefix.rstrip("/"))
            .replace("{{version}}", self.version)
            .encode()
        )

    def _manifest(self) -> dict:
        return {
            "id": "/",
            "name": "Envelope: pacing diary",
            "short_name": "Envelope",
            "description": (
                "A calm, offline pacing diary for ME/CFS and Long COVID: energy, symptoms, "
                "activities, rest, doses and crashes, and your energy envelope."
            ),
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "any",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "lang": "en",
            "categories": ["health", "medical"],
            "icons": [
                {"src": self.url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": self.url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": self.url("icons/maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        }

    def _worker(self, source: str) -> bytes:
        # The worker's code is static; only this prelude changes per release,
        # which is also what makes the browser see a new worker byte for byte.
        prelude = (
            f"const VERSION = {json.dumps(self.version)};\n"
            f"const PRECACHE = {json.dumps(self.precache_urls())};\n"
        )
        return (prelude + source).encode()


def bundle() -> StaticBundle:
    return current_app.extensions["envelope.static"]


def init_app(app: Flask) -> None:
    root = Path(app.config.get("STATIC_DIR") or STATIC_ROOT)
    app.extensions["envelope.static"] = StaticBundle(root)
    app.register_blueprint(bp)


def respond(body: bytes, mimetype: str, cache_control: str, etag: str | None = None) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = cache_control
    response.set_etag(etag or hashlib.sha256(body).hexdigest()[:20])
    return response.make_conditional(request)


@bp.get("/")
def shell():
    """The app shell; always revalidated, the service worker serves it offline."""
    return respond(bundle().shell, "text/html", REVALIDATE)


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest that makes Envelope installable."""
    return respond(bundle().manifest, "application/manifest+json", REVALIDATE)


@bp.get("/sw.js")
def service_worker():
    """The service worker, at root scope, never cached by HTTP so updates are seen."""
    return respond(bundle().worker, "text/javascript", REVALIDATE)


@bp.get("/s/<version>/<path:rel>")
def static_file(version: str, rel: str):
    """A static file of the current version, cacheable for a year."""
    files = bundle()
    entry = files.files.get(rel)
    if version != files.version or entry is None:
        abort(404)
    return respond(entry.body, entry.mimetype, IMMUTABLE, entry.etag)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for this before reading the page's icon link."""
    entry = bundle().files.get("icons/favicon-32.png")
    if entry is None:
        abort(404)
    return respond(entry.body, entry.mimetype, "public, max-age=86400", entry.etag)
