// The step of `npm run build` that writes the command line, dist/main.js: src/main.ts and all it
// imports, dependencies included, in one file. Node then reads one file where it would resolve,
// read and compile some 400 modules one by one (express, the validator and ajv are most of them):
// about 80 ms less before the first answer, a third of a start (npm run bench, startup rows).
// The library entries (dist/index.js, dist/index.cjs) are not bundled: users' code shares their
// dependencies. tsc leaves src/main.ts to this step (tsconfig.build.json).
//
// It sits in dist/ beside the modules tsc writes, so import.meta.url is in dist/ as theirs is and
// src/package-files.ts finds the same files from it. What is imported lazily (the scenario
// runner, ws) is inside too, evaluated only when first imported, as before.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist/main.js`;

// Nothing to do when the bundle is newer than all it is made of: a restart builds nothing.
const sources = readdirSync(`${ROOT}src`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
const newest = Math.max(
  statSync(`${ROOT}package-lock.json`).mtimeMs,
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  ...sources.map((f) => statSync(`${ROOT}src/${f}`).mtimeMs),
);
if (existsSync(OUT) && statSync(OUT).mtimeMs >= newest) process.exit(0);

const result = await build({
  entryPoints: [`${ROOT}src/main.ts`],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  tsconfig: `${ROOT}tsconfig.build.json`,
  // The CommonJS dependencies require Node's own modules, which an ES module has no require for.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
if (result.warnings.length > 0) {
  // A warning here is a require() or import the bundle cannot follow: it would fail at run time.
  console.error('build-cli: esbuild warned; the bundle may not run as the modules do');
  process.exit(1);
}
