import assert from 'node:assert/strict';
import { test } from 'node:test';

// The DOM's own append and replaceChildren write a null child as the text "null" (the
// Settings screen once said "nullnull"). Views build with `ok ? h(...) : null`, so
// every one of them adds children through dom.js, which skips null, undefined and false.
test('no module but dom.js adds children with the DOM methods that write null as text', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const root = new URL('../../static/js/', import.meta.url);
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js'));
  const native = /\.(append|prepend|replaceChildren)\(/g;
  const found = [];
  for (const file of files) {
    if (file === 'dom.js') continue;
    const source = await readFile(new URL(file, root), 'utf8');
    for (const match of source.matchAll(native)) {
      const line = source.slice(0, match.index).split('\n').length;
      found.push(`${file}:${line}: ${match[0]}`);
    }
  }
  assert.deepEqual(found, [], 'use append / replaceChildren from dom.js');
});
