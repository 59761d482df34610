#!/usr/bin/env node
// Builds what the app shell loads, static/dist/, from the ES modules under
// static/js/ (and the vendored libraries they import), with esbuild.
//
//   make bundle            (or: npm install --no-save esbuild@<pin> && node scripts/bundle.mjs)
//
// Why a build at all: the modules stay the source (small, one concern each,
// tested under node --test), but a cold start paid per module (each one a
// request through the service worker, compiled and linked on its own) and
// per byte; the built files are a handful of minified chunks, split where the
// app imports a screen lazily. The output is committed, so neither users nor
// `make run` need Node. static/dist/build.json records a hash of the inputs;
// tests/test_bundle.py fails when the sources changed and this was not re-run.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC = join(root, 'static');
const OUT = join(STATIC, 'dist');
// The folders whose .js files are the inputs; the hash in build.json covers
// them and this script (tests/test_bundle.py computes it the same way).
const SOURCE_DIRS = ['js', 'vendor'];

const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.esbuild;
if (esbuild.version !== pinned) {
  throw new Error(`esbuild ${esbuild.version} is installed; package.json pins ${pinned}`);
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** sha256 over each input as `path\0content\0`, paths relative to the repo, sorted. */
function sourcesHash() {
  const inputs = SOURCE_DIRS.flatMap((dir) => filesUnder(join(STATIC, dir)))
    .filter((path) => path.endsWith('.js'))
    .concat([fileURLToPath(import.meta.url)])
    .map((path) => relative(root, path).split('\\').join('/'))
    .sort();
  const digest = createHash('sha256');
  for (const rel of inputs) {
    digest.update(`${rel}\0`);
    digest.update(readFileSync(join(root, rel)));
    digest.update('\0');
  }
  return digest.digest('hex');
}

rmSync(OUT, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['static/js/index.js'],
  outdir: 'static/dist',
  bundle: true,
  // Screens imported with import() stay separate chunks, loaded when shown.
  splitting: true,
  format: 'esm',
  minify: true,
  // What the app already needs (module workers aside): Safari 16, Chrome 111.
  target: ['es2022', 'safari16', 'chrome111'],
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  // Maps point at the modules under /s/<version>/js/, which the server also
  // serves, so remote debugging shows the real source.
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'eof',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
});

const files = {};
for (const path of Object.keys(result.metafile.outputs).sort()) {
  const name = relative('static/dist', path).split('\\').join('/');
  files[name] = createHash('sha256').update(readFileSync(join(root, path))).digest('hex');
  console.log(`static/dist/${name} ${result.metafile.outputs[path].bytes} bytes`);
}
const stamp = { esbuild: esbuild.version, sources: sourcesHash(), files };
writeFileSync(join(OUT, 'build.json'), `${JSON.stringify(stamp, null, 2)}\n`);
console.log('static/dist/build.json');
