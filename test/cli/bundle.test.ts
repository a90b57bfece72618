// The command line is one file (scripts/build-cli.mjs): dist/cli.cjs, run by dist/main.js with
// the code cache the build made, and the files it reads beside it, with no node_modules anywhere
// above, serves the ticket, answers an unimplemented operation from the catalogue, and runs a
// scenario (the parts it loads only when asked). A dependency the bundle left outside would be
// found in this project's node_modules and go unnoticed otherwise. The cache is used by this Node;
// one that does not fit, or none, changes nothing but the time a start takes.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { spawnGroup, stopGroup } from '../../bench/processes.js';
import { ROOT } from '../support/consumer.js';
import { listeningUrl } from '../support/servers.js';

const FILES = [
  'dist/main.js',
  'dist/cli.cjs',
  'dist/cli.cjs.cache',
  'dist/openapi.json',
  'openapi/genesys-cloud-mock.yaml',
  'data/seed.json',
  'openapi/genesys-catalogue.json',
  'openapi/scenario.schema.json',
  'openapi/har.schema.json',
  'scenarios/cobrowse-400.yaml',
];

/** A folder holding the files above and nothing else; the OS temp dir has no node_modules above it. */
function alone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gcm-bundle-'));
  for (const file of FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  return dir;
}

test('dist/main.js alone serves the ticket and the catalogue', async () => {
  const dir = alone();
  const server = spawnGroup(process.execPath, [join(dir, 'dist/main.js'), '--port', '0', '--in-memory'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await listeningUrl(server, 'dist/main.js');
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const headers = { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' };
    const ticket = await fetch(`${url}/api/v2/conversations/c0000000-0000-4000-8000-000000000001/cobrowse`, {
      method: 'POST',
      headers,
      body: '{"cobrowseSessionId":"null"}',
    });
    expect(ticket.status).toBe(400);
    expect(await ticket.json()).toMatchObject({ status: 400, message: 'cobrowseSessionId required' });
    const unimplemented = await fetch(`${url}/api/v2/flows`, { headers });
    expect(unimplemented.status).toBe(501);
    expect(await unimplemented.json()).toMatchObject({ status: 501, messageParams: { operation: 'ArchitectApi.getFlows' } });
  } finally {
    await stopGroup(server);
  }
}, 60_000);

test('dist/main.js alone runs a scenario', async () => {
  const dir = alone();
  const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'dist/main.js'), 'scenario', 'run', join(dir, 'scenarios/cobrowse-400.yaml')], {
    cwd: dir,
  });
  expect(stdout).toMatch(/cobrowse-400/);
}, 60_000);

describe("the build's code cache", () => {
  const help = (dir: string) =>
    promisify(execFile)(process.execPath, [join(dir, 'dist/main.js'), '--help'], { cwd: dir, env: { ...process.env, GENESYS_MOCK_CODE_CACHE: 'report' } });

  test('is used by this Node', async () => {
    const { stdout, stderr } = await help(alone());
    expect(stderr).toBe('code cache: used\n');
    expect(stdout).toMatch(/^Usage: genesys-cloud-mock/);
  }, 60_000);

  test.each([
    ['one that does not fit is rejected', (dir: string) => writeFileSync(join(dir, 'dist/cli.cjs.cache'), Buffer.alloc(4096, 7)), 'rejected'],
    ['without one, all is compiled as usual', (dir: string) => rmSync(join(dir, 'dist/cli.cjs.cache')), 'none'],
  ])(
    '%s: the command line runs the same',
    async (_, spoil, report) => {
      const dir = alone();
      spoil(dir);
      const { stdout, stderr } = await help(dir);
      expect(stderr).toBe(`code cache: ${report}\n`);
      expect(stdout).toMatch(/^Usage: genesys-cloud-mock/);
    },
    60_000,
  );
});
