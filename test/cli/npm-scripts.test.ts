// The npm scripts a clone of the repository is used through (the README's `npm start` and
// `npm run scenario`), run by npm itself: after `npm test` has built, they build nothing again.
import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnGroup, stopGroup } from '../../bench/processes.js';
import { isolatedEnv, npmCommand, ROOT } from '../support/consumer.js';
import { listeningUrl } from '../support/servers.js';

const npm = npmCommand();
const env = isolatedEnv(mkdtempSync(join(tmpdir(), 'gcm-npm-scripts-')));
const BUNDLE = join(ROOT, 'dist/index.cjs');
const CLI_BUNDLE = join(ROOT, 'dist/main.js');

test('npm start -- --port 0 --in-memory: serves, without rebuilding what is built', async () => {
  const built = statSync(BUNDLE).mtimeMs;
  const cliBuilt = statSync(CLI_BUNDLE).mtimeMs;
  const start = spawnGroup(npm.command, [...npm.args, 'start', '--', '--port', '0', '--in-memory'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await listeningUrl(start, 'npm start');
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
  } finally {
    await stopGroup(start);
  }
  expect(statSync(BUNDLE).mtimeMs).toBe(built);
  expect(statSync(CLI_BUNDLE).mtimeMs).toBe(cliBuilt);
}, 60_000);

test('npm run --silent scenario -- run FILE runs the scenario', async () => {
  const { stdout } = await promisify(execFile)(npm.command, [...npm.args, 'run', '--silent', 'scenario', '--', 'run', 'scenarios/cobrowse-400.yaml'], {
    cwd: ROOT,
    env,
  });
  expect(stdout).toMatch(/^1 scenario: 1 passed, 0 failed$/m);
}, 60_000);
