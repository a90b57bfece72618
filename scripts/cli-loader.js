#!/usr/bin/env node
// dist/main.js, the command line (written by scripts/build-cli.mjs from scripts/cli-loader.js).
// What it runs is dist/cli.cjs: src/main.ts and all it imports in one CommonJS file. It is compiled
// here with the V8 code cache the build wrote beside it (dist/cli.cjs.cache, taken from a start of
// the server at build time), which spares compiling most of what a start runs: about a fifth of
// the time to the first answer (npm run bench, startup rows). A cache this Node cannot use (another
// Node version, another bundle) is ignored by V8, and everything is compiled as usual.
// GENESYS_MOCK_CODE_CACHE=write (the build's start) writes the cache as the process exits;
// GENESYS_MOCK_CODE_CACHE=report says on stderr whether the cache was used (the tests').
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const file = fileURLToPath(new URL('./cli.cjs', import.meta.url));
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// Wrapped as Node wraps a CommonJS module, on its first line, so stack traces keep their lines.
const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const mode = process.env.GENESYS_MOCK_CODE_CACHE;
if (mode === 'report') process.stderr.write(`code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
if (mode === 'write') process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
const cjs = { exports: {} };
script.runInThisContext().call(cjs.exports, cjs.exports, createRequire(file), cjs, file, dirname(file));
