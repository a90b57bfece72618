// The last step of `npm run build`: the CommonJS entry, for `require('genesys-cloud-mock')` and
// for Jest run without --experimental-vm-modules, where the ESM entry cannot load.
// - dist/index.cjs: dist/index.js bundled by esbuild. The runtime dependencies stay external and
//   are required from node_modules, except the ESM-only ones, which cannot be required and so go
//   inside. It sits in dist/ beside the modules it bundles, so import.meta.url (which CommonJS
//   lacks) is this file's own URL and src/package-files.ts finds the same files from it.
// - dist/cjs/: the declarations tsc wrote, copied under a package.json that says commonjs, so that
//   TypeScript reads them as the types of a CommonJS module (the `require` condition's types).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = `${ROOT}dist`;
const ESM_ONLY = ['lowdb'];

const { dependencies } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
// dist/main.js is not tsc's: scripts/build-cli.mjs bundles the command line there, after this step.
const compiled = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('cjs') && f !== 'main.js' && /\.(js|d\.ts)$/.test(f));

// Nothing to do when the bundle is newer than all it is made of: a restart builds nothing.
const newest = Math.max(
  statSync(`${ROOT}package.json`).mtimeMs,
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  ...compiled.map((f) => statSync(`${DIST}/${f}`).mtimeMs),
);
if (existsSync(`${DIST}/index.cjs`) && existsSync(`${DIST}/cjs/package.json`) && statSync(`${DIST}/index.cjs`).mtimeMs >= newest) process.exit(0);

await build({
  entryPoints: [`${DIST}/index.js`],
  outfile: `${DIST}/index.cjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: Object.keys(dependencies).filter((name) => !ESM_ONLY.includes(name)),
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

rmSync(`${DIST}/cjs`, { recursive: true, force: true });
for (const file of compiled) {
  if (!file.endsWith('.d.ts')) continue;
  mkdirSync(dirname(`${DIST}/cjs/${file}`), { recursive: true });
  copyFileSync(`${DIST}/${file}`, `${DIST}/cjs/${file}`);
}
writeFileSync(`${DIST}/cjs/package.json`, `${JSON.stringify({ type: 'commonjs' })}\n`);
