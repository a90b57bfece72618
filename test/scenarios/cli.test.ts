// `genesys-cloud-mock scenario …` through the built CLI: the project's library of scenarios, pass
// and fail output, reporters, a running server with --url, recording then running, HAR import.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnGroup } from '../../bench/processes.js';
import { startMockServer } from '../../src/index.js';
import { bearerAt, MAIN_JS, runCli } from '../support/servers.js';

const LIBRARY = fileURLToPath(new URL('../../scenarios', import.meta.url));
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function tempFile(name: string, content?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gcm-scenario-')), name);
  if (content !== undefined) writeFileSync(file, content);
  return file;
}

const FAILING = `name: expects the wrong code
given:
  clients:
    - { ref: app, scopes: [cobrowse:session:write, conversations] }
  conversations:
    - { ref: conv, mediaType: voice, state: connected }
steps:
  - request: { method: POST, path: /oauth/token, client: app, form: { grant_type: client_credentials } }
    save: { token: body.access_token }
  - name: the ticket's request
    request: { method: POST, path: "/api/v2/conversations/\${conv.id}/cobrowse", token: "\${token}", json: { cobrowseSessionId: "null" } }
    expect: { status: 400, body: { code: not.found, message: cobrowseSessionId required } }
  - name: never sent
    request: { method: GET, path: /api/v2/conversations, token: "\${token}" }
`;

describe('scenario run', () => {
  test("the project's library of scenarios passes against an in-process server", async () => {
    const result = await runCli(['scenario', 'run', LIBRARY, '--concurrency', '4']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ Cobrowse create with a placeholder cobrowseSessionId {2}\(.*cobrowse-400\.yaml, ticket cobrowse-400\)$/m);
    expect(result.stdout).toMatch(/^ {2}✓ the ticket's request {2}400 {2}\d+ ms$/m);
    expect(result.stdout).toMatch(/^8 scenarios: 8 passed, 0 failed$/m);
  });

  test('without --url, the in-process server boots from GENESYS_MOCK_SEED, as the server does (the Docker image sets it)', async () => {
    const seed = tempFile('seed.json', readFileSync(fileURLToPath(new URL('../../data/seed.json', import.meta.url)), 'utf8'));
    const ticket = join(LIBRARY, 'cobrowse-400.yaml');
    expect(await runCli(['scenario', 'run', ticket], { GENESYS_MOCK_SEED: seed })).toMatchObject({ code: 0, stderr: '' });
    const missing = `${seed}.missing`;
    expect(await runCli(['scenario', 'run', ticket], { GENESYS_MOCK_SEED: missing })).toMatchObject({ code: 1, stderr: `error: seed file ${missing}: cannot be read (ENOENT)\n` });
  });

  test('a failing step shows the difference, the request sent and the correlation id; exit 1', async () => {
    const file = tempFile('failing.yaml', FAILING);
    const result = await runCli(['scenario', 'run', file]);
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).toContain(`✗ expects the wrong code  (${file})`);
    expect(out).toMatch(/^ {2}✗ the ticket's request {2}400 {2}\d+ ms$/m);
    expect(out).toContain(`at ${file}:10`);
    expect(out).toContain('body.code: expected "not.found", got "bad.request"');
    expect(out).not.toContain('body.message:');
    expect(out).toMatch(new RegExp(`sent: POST /api/v2/conversations/${UUID}/cobrowse\\n +authorization: Bearer \\*{8}\\n +content-type: application/json\\n +\\{"cobrowseSessionId":"null"\\}`));
    expect(out).toMatch(new RegExp(`inin-correlation-id: ${UUID}`));
    expect(out).toContain('  - never sent  (skipped)');
    expect(out).toMatch(/^1 scenario: 0 passed, 1 failed$/m);
  });

  test('a bad file stops the run before any request, naming file and line; exit 1', async () => {
    const good = join(LIBRARY, 'sdk-empty-body.yaml');
    const bad = tempFile('bad.yaml', FAILING.replace('form: {', 'jsno: {}, form: {').replace('client: app', 'client: nobody'));
    const result = await runCli(['scenario', 'run', good, bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${bad}:8: unknown key "jsno" in steps[0].request`);
    expect(result.stderr).toContain('1 problem in the scenario files; nothing was run');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('--reporter json and junit', async () => {
    const failing = tempFile('failing.yaml', FAILING);
    const passing = join(LIBRARY, 'token-expiry.yaml');
    const json = await runCli(['scenario', 'run', passing, failing, '--reporter', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { passed: number; failed: number; scenarios: { ok: boolean; steps: { sent?: { headers: Record<string, string> } }[] }[] };
    expect([report.passed, report.failed]).toEqual([1, 1]);
    expect(JSON.stringify(report)).not.toMatch(/Bearer [A-Za-z0-9_-]{20}/);
    const junit = await runCli(['scenario', 'run', passing, failing, '--reporter', 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites tests="2" failures="1"/);
    expect(junit.stdout).toContain('<testcase classname="');
    expect(junit.stdout).toMatch(/<failure message="the ticket&apos;s request: body\.code: expected &quot;not\.found&quot;, got &quot;bad\.request&quot;">/);
  });

  test('--url runs against a running server, with --admin-token', async () => {
    const server = await startMockServer({ adminToken: 'let-me-in' });
    try {
      const refused = await runCli(['scenario', 'run', join(LIBRARY, 'cobrowse-400.yaml'), '--url', server.url]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('given: /__admin answered 401');
      const result = await runCli(['scenario', 'run', join(LIBRARY, 'cobrowse-400.yaml'), join(LIBRARY, 'call-life.yaml'), '--url', server.url, '--admin-token', 'let-me-in']);
      expect(result.code).toBe(0);
      // passing scenarios leave no org behind
      const state = (await (await fetch(`${server.url}/__admin/state`, { headers: { Authorization: 'Bearer let-me-in' } })).json()) as { orgs: unknown[] };
      expect(state.orgs).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test.each([
    [['scenario', 'run'], 'scenario run needs at least one file or folder'],
    [['scenario', 'run', LIBRARY, '--reporter', 'tap'], '--reporter must be one of text, json, junit'],
    [['scenario', 'run', LIBRARY, '--concurrency', '0'], '--concurrency must be a whole number from 1'],
    [['scenario', 'launch'], 'unknown scenario command "launch"'],
    [['scenario', 'record', '--url', 'http://127.0.0.1:1'], 'scenario record needs --org'],
  ])('usage errors exit 2: %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage:');
  });
});

test("given.stubs: stubs for the scenario's org only, gone with it when the scenario passes", async () => {
  const server = await startMockServer();
  try {
    const file = tempFile(
      'stubs.yaml',
      `name: a stubbed flow listing
given:
  clients:
    - { ref: app, scopes: [conversations] }
  stubs:
    - request: { method: GET, path: /api/v2/flows }
      response: { status: 200, body: { entities: [{ id: "{{org.id}}" }], total: 1 } }
steps:
  - request: { method: POST, path: /oauth/token, client: app, form: { grant_type: client_credentials } }
    save: { token: body.access_token }
  - name: stubbed
    request: { method: GET, path: /api/v2/flows, token: "\${token}" }
    expect: { status: 200, body: { entities: [{ id: "\${org.id}" }] } }
  - name: another org still gets the 501
    request: { method: GET, path: /api/v2/flows, token: "\${demo}" }
    expect: { status: 501, body: { code: not.implemented } }
`.replace('${demo}', await bearerAt(server.url)),
    );
    const result = await runCli(['scenario', 'run', file, '--url', server.url]);
    expect(result.stdout).toMatch(/✓ stubbed {2}200/);
    expect(result.stdout).toMatch(/✓ another org still gets the 501 {2}501/);
    expect(result.code).toBe(0);
    expect(await server.admin.stubs()).toEqual([]);
  } finally {
    await server.close();
  }
});

test('given skills, wrap-up codes, users with their fields and skills, queues with members and codes, a code-grant client: made, then read through the API', async () => {
  const file = tempFile(
    'routing.yaml',
    `name: routing fixtures
given:
  skills:
    - { ref: spanish, name: Spanish }
  wrapupCodes:
    - { ref: resolved, name: Resolved, id: code-1 }
  users:
    - { ref: ada, name: Ada, email: ada@example.com, department: Support, title: Agent, skills: [{ skill: spanish, proficiency: 4 }] }
  queues:
    - { ref: support, name: Support, members: [{ user: ada }], wrapupCodes: [resolved] }
  clients:
    - { ref: app, scopes: [routing, users], user: ada, grants: [CLIENT-CREDENTIALS, CODE], redirectUris: ["http://localhost:3000/callback"] }
steps:
  - request: { method: POST, path: /oauth/token, client: app, form: { grant_type: client_credentials } }
    save: { token: body.access_token }
  - request: { method: GET, path: "/api/v2/users/\${ada.id}", token: "\${token}" }
    expect: { status: 200, body: { email: ada@example.com, department: Support, title: Agent } }
  - request: { method: GET, path: "/api/v2/users/\${ada.id}/routingskills", token: "\${token}" }
    expect: { status: 200, body: { entities: [{ id: "\${spanish.id}", name: Spanish, proficiency: 4 }] } }
  - request: { method: GET, path: "/api/v2/routing/queues/\${support.id}/members", token: "\${token}" }
    expect: { status: 200, body: { entities: [{ id: "\${ada.id}", joined: true }] } }
  - request: { method: GET, path: "/api/v2/routing/queues/\${support.id}/wrapupcodes", token: "\${token}" }
    expect: { status: 200, body: { entities: [{ id: code-1, name: Resolved }] } }
`,
  );
  const result = await runCli(['scenario', 'run', file]);
  expect(result.stdout).toMatch(/1 scenario: 1 passed/);
  expect(result.code).toBe(0);
});

test('scenario record gives the routing fixtures back as given', async () => {
  const server = await startMockServer();
  const out = tempFile('routing-recorded.yaml');
  try {
    const org = await server.admin.createOrg('Routing Org');
    const skill = await server.admin.createSkill({ name: 'Spanish', orgId: org.id });
    const code = await server.admin.createWrapupCode({ name: 'Resolved', orgId: org.id });
    const ada = await server.admin.createUser({ name: 'Ada', orgId: org.id, email: 'ada@example.com', routingSkills: [{ id: skill.id, proficiency: 3 }] });
    await server.admin.createQueue({ name: 'Support', orgId: org.id, members: [{ userId: ada.id, joined: false }], wrapupCodes: [code.id] });
    await server.admin.createClient({ orgId: org.id, scopes: ['users'], authorizedGrantTypes: ['CODE'], registeredRedirectUris: ['http://localhost:3000/callback'] });

    const recorder = spawnGroup(process.execPath, [MAIN_JS, 'scenario', 'record', '--url', server.url, '--org', org.id, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => recorder.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      recorder.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Ctrl-C to stop')) resolve();
      });
      void exited.then(() => reject(new Error(`recorder exited early: ${stdout}`)));
    });
    const auth = { Authorization: `Bearer ${await bearerAt(server.url, org.clientId, org.clientSecret)}` };
    expect((await fetch(`${server.url}/api/v2/users/${ada.id}/routingskills`, { headers: auth })).status).toBe(200);
    recorder.kill('SIGINT');
    expect(await exited).toBe(0);

    const recorded = readFileSync(out, 'utf8');
    expect(recorded).toMatch(/skills:\n\s+- ref: spanish\n\s+name: Spanish/);
    expect(recorded).toMatch(/wrapupCodes:\n\s+- ref: resolved\n\s+name: Resolved/);
    expect(recorded).toMatch(/email: ada@example\.com/);
    expect(recorded).toMatch(/skills:\n\s+- skill: spanish\n\s+proficiency: 3/);
    expect(recorded).toMatch(/members:\n\s+- user: ada\n\s+joined: false/);
    expect(recorded).toMatch(/grants:\n\s+- CODE/);
    const fresh = await runCli(['scenario', 'run', out]);
    expect(fresh.stdout).toMatch(/1 scenario: 1 passed/);
  } finally {
    await server.close();
  }
});

describe('scenario record', () => {
  test('records an org until Ctrl-C; the recorded file runs in a fresh server and in the same one', async () => {
    const server = await startMockServer();
    const out = tempFile('recorded.yaml');
    try {
      const org = await server.admin.createOrg('Recorded Org');
      const customer = await server.admin.createConversation({ mediaType: 'voice', state: 'connected', orgId: org.id, agentUserId: org.userId, customerExternalId: 'cust-rec' });

      const recorder = spawnGroup(process.execPath, [MAIN_JS, 'scenario', 'record', '--url', server.url, '--org', org.id, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      recorder.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => recorder.once('close', resolve));
      await new Promise<void>((resolve, reject) => {
        recorder.stdout!.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('Ctrl-C to stop')) resolve();
        });
        void exited.then(() => reject(new Error(`recorder exited early: ${stdout}${stderr}`)));
      });

      // What the customer's integration does, while recording
      const auth = { Authorization: `Bearer ${await bearerAt(server.url, org.clientId, org.clientSecret)}`, 'Content-Type': 'application/json' };
      const ticket = await fetch(`${server.url}/api/v2/conversations/${customer.id}/cobrowse`, { method: 'POST', headers: auth, body: '{"cobrowseSessionId":"null"}' });
      expect(ticket.status).toBe(400);
      const call = (await (await fetch(`${server.url}/api/v2/conversations/calls`, { method: 'POST', headers: auth, body: '{"phoneNumber":"+13175550199"}' })).json()) as { id: string };
      const view = (await (await fetch(`${server.url}/api/v2/conversations/calls/${call.id}`, { headers: auth })).json()) as { participants: { id: string; purpose: string }[] };
      const agent = view.participants.find((p) => p.purpose === 'agent')!;
      expect((await fetch(`${server.url}/api/v2/conversations/calls/${call.id}/participants/${agent.id}`, { method: 'PATCH', headers: auth, body: '{"state":"connected"}' })).status).toBe(202);
      const session = await fetch(`${server.url}/api/v2/conversations/${customer.id}/cobrowse`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ initiator: { id: org.userId, type: 'agent' }, participants: [{ id: 'cust-rec', type: 'external' }] }),
      });
      expect(session.status).toBe(200);
      // the SDK's body-less call
      expect((await fetch(`${server.url}/api/v2/conversations/${customer.id}/cobrowse`, { method: 'POST', headers: auth })).status).toBe(400);

      recorder.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/wrote .*recorded\.yaml: 7 steps/);

      const recorded = readFileSync(out, 'utf8');
      expect(recorded).toContain('given:');
      expect(recorded).not.toContain(customer.id); // ids became references
      expect(recorded).not.toContain(org.clientSecret);

      const fresh = await runCli(['scenario', 'run', out]);
      expect(fresh.stdout).toMatch(/1 scenario: 1 passed/);
      expect(fresh.code).toBe(0);
      const same = await runCli(['scenario', 'run', out, '--url', server.url]);
      expect(same.stdout).toMatch(/1 scenario: 1 passed/);
      expect(same.code).toBe(0);
    } finally {
      await server.close();
    }
  });
});

test.each([
  ['an unknown org', (url: string) => ['--url', url, '--org', 'no-such-org'], /^error: no org no-such-org at http/],
  ['a server that is not there', (_url: string, closedPort: number) => ['--url', `http://127.0.0.1:${closedPort}`, '--org', 'x'], /^error: cannot reach the server \(ECONNREFUSED\)/],
])('scenario record with %s says so, exit 1, no stack trace', async (_label, args, message) => {
  const gone = await startMockServer();
  const closedPort = gone.port;
  await gone.close();
  const server = await startMockServer();
  try {
    const result = await runCli(['scenario', 'record', ...args(server.url, closedPort), '--out', tempFile('never.yaml'), '--duration', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  } finally {
    await server.close();
  }
});

test('scenario record --duration stops by itself; a recording of nothing writes nothing', async () => {
  const server = await startMockServer();
  try {
    const org = await server.admin.createOrg('Quiet');
    const out = tempFile('quiet.yaml');
    const result = await runCli(['scenario', 'record', '--url', server.url, '--org', org.id, '--out', out, '--duration', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: org ${org.id} made no request while recording; ${out} was not written`);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  } finally {
    await server.close();
  }
});

/** A HAR 1.2 file of one entry, a good one with the parts given replaced. */
function harWith(entry: { request?: object; response?: object }): string {
  const good = { request: { method: 'GET', url: 'https://api.mypurecloud.com/api/v2/conversations' }, response: { status: 200 } };
  return JSON.stringify({ log: { version: '1.2', entries: [{ ...good, ...entry }] } });
}

describe('scenario import-har', () => {
  const CONV = '3f0c0a1e-5d6b-4c7a-8e9f-0a1b2c3d4e5f';
  const AGENT = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        {
          request: { method: 'GET', url: `https://api.mypurecloud.com/api/v2/conversations/${CONV}`, headers: [{ name: 'Authorization', value: 'Bearer customer-token' }] },
          response: {
            status: 200,
            content: {
              mimeType: 'application/json',
              text: JSON.stringify({
                id: CONV,
                participants: [
                  { id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e', purpose: 'customer', attributes: { externalId: 'cust-har' }, calls: [{ state: 'connected' }] },
                  { id: 'd1e2f3a4-b5c6-4d7e-8f9a-2b3c4d5e6f7a', purpose: 'acd', calls: [{ state: 'disconnected' }] },
                  { id: 'c1d2e3f4-a5b6-4c7d-8e9f-1a2b3c4d5e6f', purpose: 'agent', userId: AGENT, calls: [{ state: 'connected' }] },
                ],
              }),
            },
          },
        },
        { request: { method: 'GET', url: 'https://apps.mypurecloud.com/static/app.js' }, response: { status: 200, content: { mimeType: 'text/javascript', text: '' } } },
        {
          request: {
            method: 'POST',
            url: `https://api.mypurecloud.com/api/v2/conversations/${CONV}/cobrowse`,
            headers: [{ name: 'Content-Type', value: 'application/json' }],
            postData: { mimeType: 'application/json', text: '{"cobrowseSessionId":"null"}' },
          },
          response: {
            status: 400,
            content: {
              mimeType: 'application/json',
              text: JSON.stringify({ message: 'cobrowseSessionId required', code: 'bad.request', status: 400, contextId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }),
            },
          },
        },
        {
          request: {
            method: 'POST',
            url: `https://api.mypurecloud.com/api/v2/conversations/${CONV}/cobrowse`,
            postData: { mimeType: 'application/json', text: JSON.stringify({ initiator: { id: AGENT, type: 'agent' }, participants: [{ id: 'cust-har', type: 'external' }] }) },
          },
          // what the customer saw, which the emulator does not answer: a difference to show
          response: { status: 503, content: { mimeType: 'application/json', text: '{"message":"Service unavailable","code":"service.unavailable","status":503}' } },
        },
      ],
    },
  };

  test('turns the API calls into steps and fixtures; running shows where the emulator agrees and where it differs', async () => {
    const file = tempFile('ticket.har', JSON.stringify(har));
    const out = tempFile('ticket.yaml');
    const imported = await runCli(['scenario', 'import-har', file, '--out', out]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('wrote');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain(`id: ${CONV}`);
    expect(yaml).toContain('mediaType: voice');
    expect(yaml).not.toContain('static/app.js');
    expect(yaml).not.toContain('customer-token');

    const result = await runCli(['scenario', 'run', out, '--keep-going']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✓ GET \/api\/v2\/conversations\/\$\{conv1\.id\} {2}200/);
    expect(result.stdout).toMatch(/✓ POST \/api\/v2\/conversations\/\$\{conv1\.id\}\/cobrowse {2}400/);
    expect(result.stdout).toMatch(/✗ POST \/api\/v2\/conversations\/\$\{conv1\.id\}\/cobrowse {2}200/);
    expect(result.stdout).toContain('status: expected 503, got 200');
  });

  test("the users, queues, skills and wrap-up codes the answers show become fixtures with the ticket's ids, and their calls pass", async () => {
    const [Q, BO, SKILL, CODE] = ['0a000000-0000-4000-8000-00000000000a', '0b000000-0000-4000-8000-00000000000b', '0c000000-0000-4000-8000-00000000000c', '0d000000-0000-4000-8000-00000000000d'];
    const get = (path: string, body: unknown) => ({
      request: { method: 'GET', url: `https://api.mypurecloud.com${path}`, headers: [] },
      response: { status: 200, content: { mimeType: 'application/json', text: JSON.stringify(body) } },
    });
    const withRouting = structuredClone(har);
    withRouting.log.entries.push(
      // the links first: the import reads the records whatever the order
      get(`/api/v2/users/${BO}/routingskills`, { entities: [{ id: SKILL, name: 'Spanish', proficiency: 3 }] }),
      get(`/api/v2/routing/queues/${Q}/members`, { entities: [{ id: BO, name: 'Bo', user: { id: BO }, joined: false }] }),
      get(`/api/v2/users/${AGENT}`, { id: AGENT, name: 'Ada Agent', email: 'ada@example.com', department: 'Support' }),
      get(`/api/v2/routing/queues/${Q}`, { id: Q, name: 'Support' }),
      get('/api/v2/routing/wrapupcodes', { entities: [{ id: CODE, name: 'Resolved' }] }),
      get(`/api/v2/routing/queues/${Q}/wrapupcodes`, { entities: [{ id: CODE, name: 'Resolved' }] }),
    );
    const out = tempFile('routing-har.yaml');
    expect(await runCli(['scenario', 'import-har', tempFile('routing.har', JSON.stringify(withRouting)), '--out', out])).toMatchObject({ code: 0, stderr: '' });
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(new RegExp(`skills:\\n\\s+- ref: skill1\\n\\s+name: Spanish\\n\\s+id: ${SKILL}`));
    expect(yaml).toMatch(new RegExp(`wrapupCodes:\\n\\s+- ref: code1\\n\\s+name: Resolved\\n\\s+id: ${CODE}`));
    expect(yaml).toMatch(new RegExp(`- ref: agent\\n\\s+name: Ada Agent\\n\\s+id: ${AGENT}\\n\\s+email: ada@example.com\\n\\s+department: Support`));
    expect(yaml).toMatch(/- ref: user\d\n\s+name: Bo\n[^]*?skills:\n\s+- skill: skill1\n\s+proficiency: 3/);
    expect(yaml).toMatch(/- ref: queue1\n\s+name: Support\n[^]*?members:\n\s+- user: user\d\n\s+joined: false\n\s+wrapupCodes:\n\s+- code1/);
    const run = await runCli(['scenario', 'run', out, '--keep-going']);
    for (const step of ['routingskills', 'members', 'wrapupcodes']) expect(run.stdout).toMatch(new RegExp(`✓ GET \\S+/${step}\\S* {2}200`));
    expect(run.stdout).toMatch(/✓ GET \/api\/v2\/users\/\$\{agent\.id\} {2}200/);
  });

  test("a call of an operation the emulator does not implement becomes a stub of the recorded answer, for the scenario's org", async () => {
    const flows = { entities: [{ id: 'f-1', name: 'Support' }], pageSize: 25, pageNumber: 1, total: 1 };
    const withFlows = structuredClone(har);
    withFlows.log.entries.splice(1, 0, {
      request: { method: 'GET', url: 'https://api.mypurecloud.com/api/v2/flows?pageSize=25', headers: [] },
      response: { status: 200, content: { mimeType: 'application/json', text: JSON.stringify(flows) } },
    });
    const out = tempFile('ticket.yaml');
    expect(await runCli(['scenario', 'import-har', tempFile('ticket.har', JSON.stringify(withFlows)), '--out', out])).toMatchObject({ code: 0, stderr: '' });
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/stubs:\n\s+- name: GET \/api\/v2\/flows, as recorded/);
    expect(yaml).not.toMatch(/- name: GET \/api\/v2\/flows\n/);
    // The stub answers a step calling it as the customer's browser did.
    const scenario = yaml.replace(/^steps:\n/m, 'steps:\n  - request: { method: POST, path: /oauth/token, client: app, form: { grant_type: client_credentials } }\n    save: { token: body.access_token }\n  - name: the recorded flows\n    request: { method: GET, path: "/api/v2/flows?pageSize=25", token: "${token}" }\n    expect: { status: 200, body: { entities: [{ id: f-1, name: Support }], total: 1 } }\n');
    const run = await runCli(['scenario', 'run', tempFile('stubbed.yaml', scenario), '--keep-going']);
    expect(run.stdout).toMatch(/✓ the recorded flows {2}200/);
  });

  test.each([
    ['not JSON', 'this is not json', /not a HAR 1\.2 file: not JSON/],
    ['another version', JSON.stringify({ log: { version: '1.1', entries: [] } }), /x\.har: log\.version: must be "1\.2": this reads HAR 1\.2 files/],
    ['no log', JSON.stringify({ entries: [] }), /x\.har: needs "log" \(HAR 1\.2\)/],
    ['no API call', JSON.stringify({ log: { version: '1.2', entries: [] } }), /no Genesys API call in it/],
    ['with a relative request.url', harWith({ request: { method: 'GET', url: '/api/v2/conversations' } }), /x\.har: entries\[0\]\.request\.url: must be an absolute http\(s\) URL \(HAR 1\.2\)/],
    ['with a URL that does not parse', harWith({ request: { method: 'GET', url: 'https://[::1/api/v2/x' } }), /x\.har: entries\[0\]\.request\.url: is not a URL \(HAR 1\.2\)/],
    ['without request.method', harWith({ request: { url: 'https://api.mypurecloud.com/api/v2/conversations' } }), /x\.har: entries\[0\]\.request: needs "method" \(HAR 1\.2\)/],
    ['with headers as an object', harWith({ request: { method: 'GET', url: 'https://api.mypurecloud.com/api/v2/conversations', headers: { Authorization: 'x' } } }), /x\.har: entries\[0\]\.request\.headers: must be array \(HAR 1\.2\)/],
    ['with a status that is text', harWith({ response: { status: '200' } }), /x\.har: entries\[0\]\.response\.status: must be integer \(HAR 1\.2\)/],
  ])('a HAR that is %s says so, exit 1, no stack trace', async (_label, content, message) => {
    const result = await runCli(['scenario', 'import-har', tempFile('x.har', content), '--out', tempFile('x.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
