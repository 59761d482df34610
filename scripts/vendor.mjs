#!/usr/bin/env node
// Re-creates Envelope's vendored third-party JS from the npm registry.
//
//   npm run vendor          (or: node scripts/vendor.mjs)
//
// Versions come from package.json (exact pins; "dependencies" -> static/vendor,
// shipped to users; "devDependencies" -> tests/vendor, never shipped). To update,
// change the pin in package.json, run this, delete the old files and fix the
// version in the import paths and READMEs. No node_modules and no dependencies:
// it only needs `npm pack` and `tar`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function pinned(name) {
  const v = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
  if (!v || !/^\d+\.\d+\.\d+$/.test(v)) {
    throw new Error(`${name} must be pinned to an exact version in package.json (got ${v})`);
  }
  return v;
}

// Downloads name@version with `npm pack` into a temp dir and unpacks it;
// returns the path of the unpacked "package" folder.
function unpack(tmp, name, version) {
  const dir = mkdtempSync(join(tmp, `${name}-`));
  const out = execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--silent'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const [{ filename }] = JSON.parse(out);
  execFileSync('tar', ['xzf', filename], { cwd: dir });
  return join(dir, 'package');
}

function write(rel, text) {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${rel} (${Buffer.byteLength(text)} bytes)`);
}

// idb: build/index.js is the ESM build. Older releases (7.x) split it into
// index.js + wrap-idb-value.js; 8.0.x ships one self-contained file. We vendor
// exactly one standalone module, so refuse anything that still imports.
function vendorIdb(tmp) {
  const version = pinned('idb');
  const dir = unpack(tmp, 'idb', version);
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const src = readFileSync(join(dir, 'build/index.js'), 'utf8');
  if (/^\s*import\b|\bfrom\s*['"]|\bimport\s*\(/m.test(src)) {
    throw new Error(
      `idb@${version} build/index.js imports other modules; inline them before vendoring`,
    );
  }
  if (!/^export \{[^}]*\bopenDB\b[^}]*\};?\s*$/m.test(src)) {
    throw new Error(`idb@${version} build/index.js: no "export { ... openDB ... }" found`);
  }
  const header =
    `/*! idb ${version} | ${meta.license} License | Copyright (c) 2016, Jake Archibald` +
    ` <jaffathecake@gmail.com>\n` +
    ` * https://github.com/jakearchibald/idb\n` +
    ` * Vendored unmodified from the npm package idb@${version}, file build/index.js.\n` +
    ` * Full licence text: idb-${version}.LICENSE.txt. Regenerate with: npm run vendor\n` +
    ` */\n`;
  write(`static/vendor/idb-${version}.js`, header + src);
  write(`static/vendor/idb-${version}.LICENSE.txt`, readFileSync(join(dir, 'LICENSE'), 'utf8'));
}

// axe-core: axe.min.js is a classic script (sets window.axe) and keeps its own
// licence banner. It is for the accessibility tests only and is never served.
function vendorAxe(tmp) {
  const version = pinned('axe-core');
  const dir = unpack(tmp, 'axe-core', version);
  const src = readFileSync(join(dir, 'axe.min.js'), 'utf8');
  if (!src.startsWith(`/*! axe v${version}`)) {
    throw new Error(`axe-core@${version} axe.min.js: unexpected banner`);
  }
  write(`tests/vendor/axe-core-${version}.min.js`, src);
  write(`tests/vendor/axe-core-${version}.LICENSE.txt`, readFileSync(join(dir, 'LICENSE'), 'utf8'));
  write(
    `tests/vendor/axe-core-${version}.LICENSE-3RD-PARTY.txt`,
    readFileSync(join(dir, 'LICENSE-3RD-PARTY.txt'), 'utf8'),
  );
}

// uPlot: dist/uPlot.esm.js is the ESM build (one file, default export), and
// dist/uPlot.min.css its stylesheet. Shipped to users, but loaded only when
// Insights opens: the bundle makes it a chunk of its own.
function vendorUplot(tmp) {
  const version = pinned('uplot');
  const dir = unpack(tmp, 'uplot', version);
  const src = readFileSync(join(dir, 'dist/uPlot.esm.js'), 'utf8');
  if (/^\s*import\b|\bimport\s*\(/m.test(src) || !/^export \{ uPlot as default \};?\s*$/m.test(src)) {
    throw new Error(`uplot@${version} dist/uPlot.esm.js: not one standalone module with a default export`);
  }
  const note =
    `/* Vendored unmodified from the npm package uplot@${version}, files dist/uPlot.esm.js and\n` +
    ` * dist/uPlot.min.css. Full licence text: uPlot-${version}.LICENSE.txt. Regenerate with: npm run vendor\n` +
    ` */\n`;
  write(`static/vendor/uPlot-${version}.js`, note + src);
  write(`static/vendor/uPlot-${version}.min.css`, note + readFileSync(join(dir, 'dist/uPlot.min.css'), 'utf8'));
  write(`static/vendor/uPlot-${version}.LICENSE.txt`, readFileSync(join(dir, 'LICENSE'), 'utf8'));
}

// qrcode-generator: dist/qrcode.mjs is the ESM build (one file; `export const qrcode`,
// `export default qrcode`). Shipped to users, loaded only when a patient makes an invite
// to share with a clinician: the QR code is drawn on the device. The package ships no
// LICENSE file; its source header says "Licensed under the MIT license" with the
// copyright line below, so the licence file written here is the MIT text with that line.
const MIT = (copyright) => `The MIT License (MIT)

${copyright}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
`;

function vendorQrcode(tmp) {
  const version = pinned('qrcode-generator');
  const dir = unpack(tmp, 'qrcode-generator', version);
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const src = readFileSync(join(dir, 'dist/qrcode.mjs'), 'utf8');
  if (/^\s*import\b|\bimport\s*\(/m.test(src) || !/^export default qrcode;\s*$/m.test(src)) {
    throw new Error(`qrcode-generator@${version} dist/qrcode.mjs: not one standalone module with a default export`);
  }
  const copyright = /^\/\/ (Copyright \(c\) \d{4} Kazuhiko Arase)\s*$/m.exec(src)?.[1];
  if (meta.license !== 'MIT' || !copyright || !/Licensed under the MIT license/.test(src)) {
    throw new Error(`qrcode-generator@${version}: no MIT licence statement found; check it by hand`);
  }
  const note =
    `/* Vendored unmodified from the npm package qrcode-generator@${version}, file dist/qrcode.mjs\n` +
    ` * (upstream https://github.com/kazuhikoarase/qrcode-generator). MIT License; full text:\n` +
    ` * qrcode-generator-${version}.LICENSE.txt. Regenerate with: npm run vendor\n` +
    ` */\n`;
  write(`static/vendor/qrcode-generator-${version}.js`, note + src);
  write(`static/vendor/qrcode-generator-${version}.LICENSE.txt`, MIT(copyright));
}

const tmp = mkdtempSync(join(tmpdir(), 'envelope-vendor-'));
try {
  vendorIdb(tmp);
  vendorUplot(tmp);
  vendorQrcode(tmp);
  vendorAxe(tmp);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
