"""The app shell over HTTP: manifest, icons, worker, versioned static files, headers."""

import re
import shutil
import struct
from html.parser import HTMLParser

import brotli
import pytest

from server import create_app, shell
from server.shell import STATIC_ROOT
from tests.support import app_config


@pytest.fixture
def shell_client(app):
    return app.test_client()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_manifest_makes_the_app_installable(shell_client):
    response = shell_client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.json
    for key in (
        "name",
        "short_name",
        "description",
        "start_url",
        "scope",
        "theme_color",
        "background_color",
    ):
        assert manifest[key], key
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_every_manifest_icon_is_a_png_of_its_declared_size(shell_client):
    for icon in shell_client.get("/manifest.webmanifest").json["icons"]:
        response = shell_client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.mimetype == icon["type"] == "image/png"
        width, height = png_size(response.data)
        assert f"{width}x{height}" == icon["sizes"], icon["src"]


class HeadTags(HTMLParser):
    """The shell's <link> and <meta> tags, as attribute dicts."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.metas: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("link", "meta"):
            (self.links if tag == "link" else self.metas).append(dict(attrs))


def test_ios_gets_its_home_screen_icon_and_tags_and_the_worker_precaches_the_icon(shell_client):
    head = HeadTags()
    head.feed(shell_client.get("/").data.decode())
    icons = [link for link in head.links if link.get("rel") == "apple-touch-icon"]
    assert len(icons) == 1 and icons[0]["sizes"] == "180x180"
    response = shell_client.get(icons[0]["href"])
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (180, 180)
    # iOS turns transparency black: the icon is opaque (colour type 2, RGB, no alpha).
    assert response.data[25] == 2
    meta = {m["name"]: m["content"] for m in head.metas if "name" in m}
    assert meta["apple-mobile-web-app-capable"] == meta["mobile-web-app-capable"] == "yes"
    assert meta["apple-mobile-web-app-title"] == "Envelope"
    assert meta["apple-mobile-web-app-status-bar-style"] == "black"
    worker = shell_client.get("/sw.js").data.decode()
    precache = worker.split("const PRECACHE = ", 1)[1].split(";")[0]
    assert f'"{icons[0]["href"]}"' in precache


def test_service_worker_at_root_scope_never_http_cached(shell_client):
    response = shell_client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.data.decode()
    version = re.search(r'const VERSION = "([0-9a-f]{12})";', source).group(1)
    assert version in shell_client.get("/").data.decode()
    assert "skipWaiting" in source and "clients.claim" in source


def test_precache_list_is_exactly_what_the_shell_needs(shell_client):
    source = shell_client.get("/sw.js").data.decode()
    precache = set(re.findall(r'"(/[^"]*)"', source.split("const PRECACHE = ", 1)[1].split(";")[0]))
    shell = shell_client.get("/").data.decode()
    scripts_and_styles = set(re.findall(r'(?:src|href)="(/s/[^"]+\.(?:js|css))"', shell))
    assert scripts_and_styles and scripts_and_styles <= precache
    # Every built module is precached (the screens loaded by import() too), or
    # it would fail offline.
    version = shell_client.application.extensions["envelope.static"].version
    for path in (STATIC_ROOT / "dist").glob("*.js"):
        assert f"/s/{version}/{path.relative_to(STATIC_ROOT).as_posix()}" in precache, path
    assert {"/", "/manifest.webmanifest"} <= precache
    for url in precache:
        assert shell_client.get(url).status_code == 200, url
    # Nothing only tests use, and no API address, is ever precached.
    assert not any("axe" in url or url.startswith("/api/") for url in precache)


def test_version_follows_the_content_of_the_precached_files(tmp_path, monkeypatch):
    static = tmp_path / "static"
    shutil.copytree(STATIC_ROOT, static)
    config = app_config("sqlite://", STATIC_DIR=str(static))
    first = create_app(config).extensions["envelope.static"].version
    assert create_app(config).extensions["envelope.static"].version == first  # stable
    (static / "README-not-precached.md").write_text("docs do not change the version")
    assert create_app(config).extensions["envelope.static"].version == first
    css = static / "app.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    second = create_app(config).extensions["envelope.static"].version
    assert second != first
    # The manifest is generated, not a file: a change to it is a new version too.
    monkeypatch.setattr(shell, "THEME_COLOUR", "#000000")
    assert create_app(config).extensions["envelope.static"].version != second


def test_static_files_are_versioned_and_cached_for_a_year(shell_client):
    version = shell_client.application.extensions["envelope.static"].version
    response = shell_client.get(f"/s/{version}/js/app.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # An old version's URL is not served with new content under an old name.
    assert shell_client.get("/s/000000000000/js/app.js").status_code == 404
    assert shell_client.get(f"/s/{version}/../server/config.py").status_code == 404


def test_every_script_is_text_javascript(shell_client):
    source = shell_client.get("/sw.js").data.decode()
    for url in re.findall(r'"(/s/[^"]+\.js)"', source):
        assert shell_client.get(url).mimetype == "text/javascript", url


def test_shell_is_revalidated_and_answers_304(shell_client):
    response = shell_client.get("/")
    assert response.headers["Cache-Control"] == "no-cache"
    again = shell_client.get("/", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sw.js",
        "/manifest.webmanifest",
        "/s/{v}/js/app.js",
        "/s/{v}/app.css",
        "/api/v1/openapi.json",
    ],
)
def test_text_responses_are_compressed(shell_client, path):
    version = shell_client.application.extensions["envelope.static"].version
    path = path.replace("{v}", version)
    plain = shell_client.get(path).get_data()
    br = shell_client.get(path, headers={"Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.get_data()) == plain
    assert len(br.get_data()) < len(plain)
    gzip = shell_client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert gzip.headers.get("Content-Encoding") in {"gzip", "deflate"}
    assert "Accept-Encoding" in gzip.headers["Vary"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sw.js",
        "/manifest.webmanifest",
        "/healthz",
        "/api/v1/openapi.json",
        "/api/v1/missing",
        "/missing",
    ],
)
def test_security_headers_on_every_response(shell_client, path):
    headers = shell_client.get(path).headers
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    # Over plain HTTP, no HSTS (a browser would ignore it; RFC 6797 7.2).
    assert "Strict-Transport-Security" not in headers
    if path.startswith("/api/"):
        assert headers["Cache-Control"] == "no-store"
        # A JSON answer opened as a page is a download, not a document (ASVS 14.4.2).
        assert headers["Content-Disposition"] == 'attachment; filename="api.json"'
    else:
        assert "Content-Disposition" not in headers


@pytest.mark.parametrize("path", ["/", "/api/v1/openapi.json", "/api/v1/account"])
def test_hsts_when_the_request_came_over_https(shell_client, path):
    through_proxy = shell_client.get(path, headers={"X-Forwarded-Proto": "https"})
    assert through_proxy.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    direct = shell_client.get(path, base_url="https://localhost")
    assert "Strict-Transport-Security" in direct.headers
    # A client that is not the trusted proxy cannot claim HTTPS.
    untrusted = shell_client.get(path, headers={"X-Forwarded-Proto": "https"},
                                 environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert "Strict-Transport-Security" not in untrusted.headers


def test_every_api_answer_is_no_store(client):
    """Tokens, pulls and exports: success and error alike (store caches see all of them)."""
    signed_up = client.post("/api/v1/accounts",
                            json={"email": "ada@example.org", "password": "a" * 12})
    token = client.post("/api/v1/sessions",
                        json={"email": "ada@example.org", "password": "a" * 12}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    answers = [
        signed_up,
        client.post("/api/v1/sessions", json={"email": "ada@example.org", "password": "x"}),
        client.get("/api/v1/sync/pull", headers=headers),
        client.get("/api/v1/account/export", headers=headers),
        client.get("/api/v1/account", headers=headers),
        client.get("/api/v1/account"),
        client.delete("/api/v1/sessions/current", headers=headers),
    ]
    assert [a.status_code for a in answers] == [201, 401, 200, 200, 200, 401, 204]
    assert all(a.headers["Cache-Control"] == "no-store" for a in answers)


def test_no_other_origin_is_let_in_by_cors(client):
    """No Access-Control-Allow-* header, whatever the Origin (another site's, "null"): a page
    elsewhere can neither read an answer nor send the Authorization header (its preflight
    gets no allowance), so no other origin can act with a person's token."""
    assert client.post("/api/v1/accounts", json={"email": "ada@example.org",
                                                 "password": "a" * 12}).status_code == 201
    token = client.post("/api/v1/sessions", json={"email": "ada@example.org",
                                                  "password": "a" * 12}).get_json()["token"]
    answers = []
    for origin in ("https://elsewhere.example", "null", "http://127.0.0.1:1"):
        answers += [
            client.options("/api/v1/account", headers={
                "Origin": origin, "Access-Control-Request-Method": "DELETE",
                "Access-Control-Request-Headers": "authorization, content-type"}),
            client.get("/api/v1/account", headers={"Origin": origin,
                                                   "Authorization": f"Bearer {token}"}),
            client.get("/", headers={"Origin": origin}),
        ]
    assert {a.status_code for a in answers} == {200}  # answered, but allowed to no one
    for answer in answers:
        assert not [name for name, _ in answer.headers
                    if name.lower().startswith("access-control-")], answer.headers


@pytest.mark.parametrize("path", [
    "/.git/config", "/.env", "/instance/secret_key", "/instance/envelope.db", "/server/auth.py",
    "/static/", "/static/js/sync.js", "/s/", "/s/0/js/", "/s/0/../../server/auth.py",
    "/README.md", "/pyproject.toml", "/migrations/", "/sw.js.map", "/index.html~",
])
def test_only_the_apps_own_files_are_served(shell_client, path):
    """No directory listing, no source, secret, database or editor file (ASVS 4.3.2, 12.5.1):
    the app serves the shell, the manifest, the worker and static/'s js, css, png, svg and map
    files, under their versioned prefix."""
    response = shell_client.get(path)
    assert response.status_code == 404
    assert b"Index of" not in response.data and b"SECRET" not in response.data.upper()


class InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.problems.append("inline <script>")
        if "style" in attributes:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems += [f"{name} on <{tag}>" for name in attributes if name.startswith("on")]
        if tag == "style":
            self.problems.append("<style> element")


def test_shell_html_has_no_inline_script_style_or_handlers(shell_client):
    finder = InlineFinder()
    finder.feed(shell_client.get("/").data.decode())
    assert finder.problems == []


def test_no_third_party_address_in_any_shipped_file():
    # The browser test records requests; this catches addresses in code paths
    # a test may not reach.
    # Licence comments (`/*! ... */`) are left out: the build keeps the
    # vendored libraries' ones, which name where they came from.
    # SVG's namespace name is an identifier that createElementNS needs, never fetched: the
    # QR code of an invite is drawn with it (and the vendored generator names it too).
    pattern = re.compile(
        rb"https?://(?!127\.0\.0\.1|localhost|www\.w3\.org/2000/svg\b)[a-z0-9.-]+\.[a-z]{2,}",
        re.I)
    comment = re.compile(rb"/\*!.*?\*/", re.S)
    for path in STATIC_ROOT.rglob("*"):
        if path.suffix in {".js", ".css", ".html"} and "vendor" not in path.parts:
            assert not pattern.search(comment.sub(b"", path.read_bytes())), path


def test_each_encoding_of_a_static_file_has_its_own_etag(shell_client):
    """A cache must never hand a br body to a client that asked for gzip."""
    version = shell_client.application.extensions["envelope.static"].version
    path = f"/s/{version}/js/app.js"
    br = shell_client.get(path, headers={"Accept-Encoding": "br"})
    gz = shell_client.get(path, headers={"Accept-Encoding": "gzip, br;q=0"})
    plain = shell_client.get(path, headers={"Accept-Encoding": "identity"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert len({br.headers["ETag"], gz.headers["ETag"], plain.headers["ETag"]}) == 3
    again = shell_client.get(path, headers={"Accept-Encoding": "br",
                                            "If-None-Match": br.headers["ETag"]})
    assert again.status_code == 304
