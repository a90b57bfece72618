// The step of `npm run build` that writes the command line:
// - dist/cli.cjs: src/main.ts and all it imports, dependencies included, in one CommonJS file.
//   Node then reads one file where it would resolve, read and compile some 400 modules one by one
//   (express, the validator and ajv are most of them): about 80 ms less before the first answer.
// - dist/main.js: scripts/cli-loader.js, which compiles dist/cli.cjs with a V8 code cache.
// - dist/cli.cjs.cache: that cache, taken from a start of the built command line here (in memory,
//   on a free loopback port, a few requests, then a clean stop): about 60 ms less again (npm run
//   bench, startup rows). A build whose start fails fails: the command line would not start either.
// The library entries (dist/index.js, dist/index.cjs) are not bundled: users' code shares their
// dependencies. tsc leaves src/main.ts to this step (tsconfig.build.json).
//
// dist/cli.cjs sits in dist/ beside the modules tsc writes, and import.meta.url (which CommonJS
// lacks) is its own URL there, so src/package-files.ts finds the same files from it. What is
// imported lazily (the scenario runner, ws) is inside too, evaluated only when first imported.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist/cli.cjs`;
const MAIN = `${ROOT}dist/main.js`;
const CACHE = `${OUT}.cache`;
const LOADER = `${ROOT}scripts/cli-loader.js`;

// Nothing to do when what it writes is newer than all it is made of: a restart builds nothing.
const sources = readdirSync(`${ROOT}src`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
const newest = Math.max(
  statSync(`${ROOT}package-lock.json`).mtimeMs,
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  statSync(LOADER).mtimeMs,
  ...sources.map((f) => statSync(`${ROOT}src/${f}`).mtimeMs),
);
if ([OUT, MAIN, CACHE].every((f) => existsSync(f) && statSync(f).mtimeMs >= newest)) process.exit(0);

rmSync(CACHE, { force: true });
const result = await build({
  entryPoints: [`${ROOT}src/main.ts`],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  tsconfig: `${ROOT}tsconfig.build.json`,
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'eof',
  logLevel: 'warning',
});
if (result.warnings.length > 0) {
  // A warning here is a require() or import the bundle cannot follow: it would fail at run time.
  console.error('build-cli: esbuild warned; the bundle may not run as the modules do');
  process.exit(1);
}
copyFileSync(LOADER, MAIN);
chmodSync(MAIN, 0o755);

/** Starts the command line, asks what a client asks first, stops it; the cache is written as it exits. */
async function warmStart() {
  const child = spawn(process.execPath, [MAIN, '--host', '127.0.0.1', '--port', '0', '--in-memory'], {
    env: { ...process.env, GENESYS_MOCK_CODE_CACHE: 'write' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await Promise.race([
      new Promise((resolve) => child.stdout.on('data', () => /listening on (\S+)/.exec(output) && resolve(/listening on (\S+)/.exec(output)[1]))),
      exited.then(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 30_000).unref()),
    ]);
    if (!url) throw new Error('it did not start');
    const ask = async (path, init) => {
      const res = await fetch(`${url}${path}`, init);
      await res.arrayBuffer();
      return res;
    };
    await ask('/__admin/health');
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json());
    // Whatever the seed holds (another one may be given by GENESYS_MOCK_SEED): the answers do not matter here, the code they run does.
    const headers = { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' };
    await ask('/api/v2/conversations/c0000000-0000-4000-8000-000000000001', { headers });
    await ask('/api/v2/conversations/c0000000-0000-4000-8000-000000000001/cobrowse', { method: 'POST', headers, body: '{"cobrowseSessionId":"null"}' });
    child.kill('SIGTERM');
    if ((await exited) !== 0) throw new Error('it did not stop cleanly');
  } catch (e) {
    child.kill('SIGKILL');
    console.error(`build-cli: the code cache could not be made: ${e.message}\n${output.trim()}`);
    process.exit(1);
  }
  if (!existsSync(CACHE)) {
    console.error(`build-cli: the start wrote no code cache\n${output.trim()}`);
    process.exit(1);
  }
}
await warmStart();
