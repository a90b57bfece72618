// Stubs from files: `--stubs PATH` on the built CLI (a folder of YAML and JSON, kept across resets,
// a bad file refused naming FILE:LINE) and startMockServer({stubs}).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient, startMockServer } from '../../src/index.js';
import { bearerAt, runCli, startCli } from '../support/servers.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gcm-stubs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const IVRS_YAML = `# two stubs in one file
- request:
    method: GET
    path: /api/v2/architect/ivrs
  response:
    status: 200
    body: { entities: [{ id: ivr-1, name: Support }], total: 1 }
- request: { method: GET, path: /api/v2/users/me }
  response: { status: 200, body: { id: "{{user.id}}", nmae: Ada } }
`;
const FLOWS_JSON = JSON.stringify({ request: { method: 'GET', path: '/api/v2/flows' }, response: { status: 200, body: { entities: [] } } }, null, 2);

test('--stubs FOLDER: every stub file in place from the start, answering, kept across a reset', async () => {
  const dir = folder({ 'ivrs.yaml': IVRS_YAML, 'flows.json': FLOWS_JSON, 'notes.txt': 'not a stub file' });
  const cli = await startCli(['--in-memory', '--port', '0', '--stubs', dir]);
  try {
    const admin = new AdminClient(cli.url, '');
    const stubs = await admin.stubs();
    expect(stubs.map((s) => [s.operation, s.warnings])).toEqual(
      expect.arrayContaining([
        ['ArchitectApi.getArchitectIvrs', []],
        ['UsersApi.getUsersMe', ['nmae: Genesys\' UserMe has no property "nmae"']],
        ['ArchitectApi.getFlows', []],
      ]),
    );
    const auth = { Authorization: `Bearer ${await bearerAt(cli.url)}` };
    const ivrs = await fetch(`${cli.url}/api/v2/architect/ivrs`, { headers: auth });
    expect([ivrs.status, await ivrs.json()]).toEqual([200, { entities: [{ id: 'ivr-1', name: 'Support' }], total: 1 }]);
    await admin.addStub({ request: { method: 'GET', path: '/api/v2/flows/datatables' }, response: { status: 200 } });
    await admin.reset();
    expect((await admin.stubs()).map((s) => s.operation).sort()).toEqual(['ArchitectApi.getArchitectIvrs', 'ArchitectApi.getFlows', 'UsersApi.getUsersMe']);
  } finally {
    await cli.stop();
  }
});

test.each([
  [
    'an unknown key',
    { 'a.json': FLOWS_JSON, 'b.yaml': 'request: { method: GET, path: /api/v2/flows }\nresponse: { status: 200 }\nwhen: later\n' },
    /b\.yaml:3: unknown key "when" in the stub/,
  ],
  [
    'a path without its slash',
    {
      'a.yaml':
        '- request: { method: GET, path: /api/v2/flows }\n  response: { status: 200 }\n- request:\n    method: GET\n    path: api/v2/flows\n  response: { status: 200 }\n',
    },
    /a\.yaml:5: "api\/v2\/flows" is not a path: it must start with \//,
  ],
  ['no response', { 'a.yaml': 'request: { method: GET, path: /api/v2/flows }\n' }, /a\.yaml:1: the stub needs "response"/],
  [
    'a header the server sets',
    { 'a.yaml': 'request: { method: GET, path: /api/v2/flows }\nresponse:\n  status: 200\n  headers: { Content-Length: "1" }\n' },
    /a\.yaml:4: Content-Length is set by the server itself/,
  ],
  ['YAML that is no YAML', { 'a.yaml': 'request: [unclosed\n' }, /a\.yaml:\d+: not valid YAML or JSON/],
])('--stubs with %s stops the start, naming FILE:LINE', async (_, files, problem) => {
  const dir = folder(files);
  const exit = await runCli(['--in-memory', '--port', '0', '--stubs', dir]);
  expect(exit.code).toBe(1);
  expect(exit.stderr).toMatch(problem);
  expect(exit.stderr.trim().split('\n')).toHaveLength(1);
});

test('--stubs naming nothing stops the start', async () => {
  const exit = await runCli(['--in-memory', '--port', '0', '--stubs', join(tmpdir(), 'gcm-no-such-stubs')]);
  expect([exit.code, exit.stderr]).toEqual([1, expect.stringMatching(/gcm-no-such-stubs: cannot be read \(ENOENT\)/)]);
});

test('startMockServer({stubs}) takes the stubs themselves, or refuses a bad one', async () => {
  const server = await startMockServer({ stubs: [{ request: { method: 'GET', path: '/api/v2/flows' }, response: { status: 200, body: { entities: [] } } }] });
  try {
    expect((await server.admin.stubs()).map((s) => s.operation)).toEqual(['ArchitectApi.getFlows']);
  } finally {
    await server.close();
  }
  await expect(startMockServer({ stubs: [{ request: { method: 'GET', path: 'flows' }, response: { status: 200 } }] })).rejects.toThrow(
    /startMockServer\(\{stubs\}\):\d+: "flows" is not a path/,
  );
});
