"""static/dist is built from static/js by scripts/bundle.mjs, and committed.

These tests need no Node: build.json records a hash of the build's inputs and
of each file it wrote, so a change to the app's modules without `make bundle`,
or a hand edit of a built file, fails here with what to do.
"""

from __future__ import annotations

import hashlib
import json

from server.shell import STATIC_ROOT, StaticBundle
from tests.support import ROOT

DIST = STATIC_ROOT / "dist"
STALE = "static/dist is out of date with static/js: run `make bundle` and commit static/dist"


def sources_hash() -> str:
    """As scripts/bundle.mjs computes it: each input as `path\\0content\\0`, sorted by path."""
    inputs = [p for folder in ("js", "vendor") for p in (STATIC_ROOT / folder).rglob("*.js")]
    inputs.append(ROOT / "scripts" / "bundle.mjs")
    digest = hashlib.sha256()
    for rel in sorted(p.relative_to(ROOT).as_posix() for p in inputs):
        digest.update(rel.encode() + b"\0" + (ROOT / rel).read_bytes() + b"\0")
    return digest.hexdigest()


def stamp() -> dict:
    return json.loads((DIST / "build.json").read_text())


def test_the_build_is_of_the_current_sources():
    assert stamp()["sources"] == sources_hash(), STALE


def test_the_build_is_made_by_the_pinned_esbuild():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["esbuild"]
    assert stamp()["esbuild"] == pinned, STALE


def test_the_built_files_are_as_the_build_wrote_them():
    written = stamp()["files"]
    built = (p for p in DIST.rglob("*") if p.is_file() and p.name != "build.json")
    on_disk = {p.relative_to(DIST).as_posix() for p in built}
    assert on_disk == set(written), STALE
    for name, digest in written.items():
        assert hashlib.sha256((DIST / name).read_bytes()).hexdigest() == digest, f"{name}: {STALE}"


def test_the_shell_loads_the_build_and_precaches_no_source():
    bundle = StaticBundle(STATIC_ROOT)
    assert bundle.entry == "dist/index.js"
    built = {f"dist/{name}" for name in stamp()["files"] if name.endswith(".js")}
    precached = {url.split("/", 3)[3] for url in bundle.precache_urls() if url.startswith("/s/")}
    # Every stylesheet is precached (uPlot's too, so Insights opens offline), and the icon
    # iOS puts on the Home Screen; no source module.
    styles = {p.relative_to(STATIC_ROOT).as_posix() for p in STATIC_ROOT.rglob("*.css")}
    assert "vendor/uPlot-1.6.32.min.css" in styles
    assert precached == built | styles | {"icons/apple-touch-icon-180.png"}
    preloaded = set(bundle.module_graph(dynamic=False))
    assert "dist/index.js" in preloaded and preloaded < built


def test_the_import_graph_is_read_from_handwritten_and_minified_modules(tmp_path):
    files = {
        "index.html": '<script type="module" src="{{static}}/js/a.js"></script>{{modulepreload}}',
        "sw.js": "",
        "js/a.js": "import { x } from './b.js';\nimport './c.js';\n"
        "export const later = () => import('./d.js');\n",
        "js/b.js": 'import{y as z}from"./e.js";export{z as x};',
        "js/c.js": 'export * from "../js/f.js";',
        "js/d.js": 'const g=()=>import("./g.js");export{g};',
        "js/e.js": "export const y = 1; // not an import: from './nowhere.js'",
        "js/f.js": "export const from = 'import';",
        "js/g.js": "",
        "js/unused.js": "",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    bundle = StaticBundle(tmp_path)
    assert bundle.module_graph(dynamic=False) == [f"js/{n}.js" for n in "abcef"]
    assert bundle.module_graph(dynamic=True) == [f"js/{n}.js" for n in "abcdefg"]
    assert 'modulepreload" href="/s/' in bundle.shell.decode()
