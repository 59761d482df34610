"""The app shell: `/`, the manifest, the service worker and versioned static files.

Every static file is read once at start-up. Their content hash is the app's
version: it names the service worker's cache and sits in every static URL
(`/s/<version>/js/app.js`), so those URLs can be cached for a year and a new
release still reaches every user, through a new service worker.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Blueprint, Flask, Response, abort, current_app, request

bp = Blueprint("shell", __name__)

# Python 3.11 still says application/javascript; the web says text/javascript.
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("application/json", ".map")

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
SHELL_FILE = "index.html"
WORKER_FILE = "sw.js"
# Served from the bundle with a versioned URL (source maps for remote debugging).
SERVED_SUFFIXES = {".js", ".css", ".png", ".svg", ".map"}
# The shell's entry script: `<script type="module" src="{{static}}/dist/index.js">`.
ENTRY_SCRIPT = re.compile(r'<script\s+type="module"[^>]*\ssrc="\{\{static\}\}/([^"]+)"')
# A static `import ... from './x.js'`, `export ... from './x.js'` or
# `import './x.js'`, as esbuild's minifier writes them
# (`import{a as b}from"./chunk-X.js";`) and as this project's modules do (the
# bench serves older revisions' unbuilt modules); not a general JS parser: a
# comment inside an import list could hide an import from it.
STATIC_IMPORT = re.compile(
    r"""(?:^|[;}\n])\s*(?:import|export)\s*(?!\()(?:[^'"();=]*?\bfrom\s*)?['"](\.{1,2}/[^'"]+)['"]"""
)
# A dynamic `import('./x.js')`: a screen loaded when first shown.
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)""")
# The bundle's text is compressed once, at the strongest settings, on first
# request: these bodies never change while the server runs, so the slow best
# compression pays for itself (Flask-Compress, at a per-response level, handles
# everything else, and leaves a response alone that already has an encoding).
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/manifest+json",
                "image/svg+xml"}
ENCODERS = {
    "br": lambda body: brotli.compress(body, quality=11, mode=brotli.MODE_TEXT),
    "gzip": lambda body: gzip.compress(body, compresslevel=9, mtime=0),
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# The icon iOS puts on the Home Screen (the shell links it; iOS reads no manifest icon).
APPLE_TOUCH_ICON = "icons/apple-touch-icon-180.png"
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
        self._encoded: dict[tuple[str, str], bytes] = {}
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
        template = (root / SHELL_FILE).read_text()
        found = ENTRY_SCRIPT.search(template)
        if found is None:
            raise LookupError(f"{SHELL_FILE} has no module script under {{{{static}}}}")
        self.entry = found.group(1)
        self.shell = self._render(template)
        self.manifest = json.dumps(self._manifest(), indent=1).encode()
        self.worker = self._worker((root / WORKER_FILE).read_text())

    def encoded(self, body: bytes, etag: str, encoding: str) -> bytes:
        """`body` compressed with `encoding`, made once per body (`etag` names it)."""
        key = (etag, encoding)
        found = self._encoded.get(key)
        if found is None:
            found = self._encoded[key] = ENCODERS[encoding](body)
        return found

    def url(self, rel: str) -> str:
        return self.prefix + rel

    def precache_urls(self) -> list[str]:
        """What the service worker precaches: what the app needs to run offline.

        The shell, the manifest, every stylesheet and every module the shell's
        entry script can load (statically or by import()), so every screen works
        offline; and the apple-touch-icon. iOS has no install prompt, and its "Add to
        Home Screen" may well be tapped offline (the warning that Safari may delete
        what is only on the device shows most to someone who has not synced): an icon
        it cannot load becomes a screenshot or a letter. Other icons are not
        precached: the browser fetches manifest icons itself when it installs the app
        (which needs the network anyway), and a missing favicon offline harms nobody.
        The sources under js/ are served (source maps and the storage tests use them)
        but not precached: the shell loads their build in dist/ (scripts/bundle.mjs).
        Every entry is a request on first load, and that budget is small.
        """
        styles = (rel for rel in self.files if rel.endswith(".css"))
        icons = (rel for rel in (APPLE_TOUCH_ICON,) if rel in self.files)
        offline = sorted({*styles, *icons, *self.module_graph(dynamic=True)})
        return ["/", "/manifest.webmanifest"] + [self.url(rel) for rel in offline]

    def module_graph(self, *, dynamic: bool) -> list[str]:
        """The shell's entry module and what it imports, transitively.

        Static imports only: what must load before the app runs (to preload).
        With `dynamic`, also what it may load later by import() (to precache).
        """
        found: list[str] = []
        pending = [self.entry]
        while pending:
            rel = pending.pop()
            if rel in found:
                continue
            if rel not in self.files:
                raise LookupError(f"{rel} is imported but is not in static/")
            found.append(rel)
            source = self.files[rel].body.decode()
            specs = STATIC_IMPORT.findall(source)
            if dynamic:
                specs += DYNAMIC_IMPORT.findall(source)
            base = posixpath.dirname(rel)
            pending += [posixpath.normpath(posixpath.join(base, spec)) for spec in specs]
        return sorted(found)

    def _render(self, template: str) -> bytes:
        # Preload the first screen's whole import graph at once: without it the
        # browser discovers it level by level, one round trip (or worker fetch)
        # each. Screens loaded later by import() are precached but not preloaded,
        # so a cold start does not spend time compiling them.
        preload = "\n  ".join(
            f'<link rel="modulepreload" href="{self.url(rel)}">'
            for rel in self.module_graph(dynamic=False)
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
    etag = etag or hashlib.sha256(body).hexdigest()[:20]
    encoding = None
    if mimetype in COMPRESSIBLE:
        accepted = request.accept_encodings
        encoding = next((name for name in ENCODERS if accepted[name]), None)
    response = Response(
        bundle().encoded(body, etag, encoding) if encoding else body, mimetype=mimetype
    )
    response.headers["Cache-Control"] = cache_control
    if mimetype in COMPRESSIBLE:
        response.vary.add("Accept-Encoding")
    if encoding:
        response.headers["Content-Encoding"] = encoding
        etag = f"{etag}-{encoding}"  # a strong ETag names one representation
    response.set_etag(etag)
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
