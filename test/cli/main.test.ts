// The CLI as a user runs it: the built dist/main.js on loopback with port 0.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, startCli, tokenAt } from '../support/servers.js';
import { DEMO } from '../support/harness.js';
import { emptyDocument, SCHEMA_VERSION } from '../../src/store/schema.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'gcm-cli-'));

describe('genesys-cloud-mock CLI', () => {
  test('--port 0 --data DIR/db.json: one listening line with the real port, the demo credentials, the seed written', async () => {
    const dir = tempDir();
    const data = join(dir, 'scratch', 'db.json');
    const cli = await startCli(['--port', '0', '--data', data]);
    try {
      expect(cli.stdout().match(/^listening on /gm)).toHaveLength(1);
      expect(cli.port).toBeGreaterThan(0);
      expect(cli.stdout()).toContain('demo-client / secret demo-secret');
      expect(cli.stdout()).toContain('no-cobrowse-client / secret no-cobrowse-secret');
      const health = await fetch(`${cli.url}/__admin/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(JSON.parse(readFileSync(data, 'utf8')).conversations).toHaveLength(5);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  test('a session created before a restart is there after it; the file is never re-seeded', async () => {
    const data = join(tempDir(), 'db.json');
    const first = await startCli(['--port', '0', '--data', data]);
    const { access_token } = await tokenAt(first.url);
    const created = await fetch(`${first.url}/api/v2/conversations/${DEMO.chatConnected}/cobrowse`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-chat-2', type: 'external' }] }),
    });
    expect(created.status).toBe(200);
    const session = (await created.json()) as { id: string };
    // SIGKILL: no chance to flush anything on the way out
    first.child.kill('SIGKILL');
    await first.stop();

    const second = await startCli(['--port', '0', '--data', data]);
    try {
      const res = await fetch(`${second.url}/api/v2/conversations/${DEMO.chatConnected}`, { headers: { Authorization: `Bearer ${access_token}` } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain(session.id);
    } finally {
      await second.stop();
    }
  });

  test('an existing data file is used as it is, not overwritten by the seed', async () => {
    const data = join(tempDir(), 'db.json');
    const doc = {
      ...emptyDocument(),
      orgs: [{ id: 'mine', name: 'Mine' }],
      oauthClients: [{ id: 'c', orgId: 'mine', name: 'c', secret: 's', scopes: ['conversations'] }],
    };
    writeFileSync(data, JSON.stringify(doc, null, 2));
    const cli = await startCli(['--port', '0', '--data', data]);
    try {
      expect((await tokenAt(cli.url, 'c', 's')).access_token).toEqual(expect.any(String));
      const demo = await fetch(`${cli.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
      });
      expect(demo.status).toBe(400);
      const state = JSON.parse(readFileSync(data, 'utf8')) as { orgs: unknown[]; conversations: unknown[] };
      expect(state.orgs).toEqual([{ id: 'mine', name: 'Mine' }]);
      expect(state.conversations).toEqual([]);
    } finally {
      await cli.stop();
    }
  });

  test('environment variables: PORT, GENESYS_MOCK_DATA, GENESYS_MOCK_TOKEN_TTL', async () => {
    const data = join(tempDir(), 'env.json');
    const cli = await startCli([], { PORT: '0', GENESYS_MOCK_DATA: data, GENESYS_MOCK_TOKEN_TTL: '5' });
    try {
      expect((await tokenAt(cli.url)).expires_in).toBe(5);
      expect(existsSync(data)).toBe(true);
    } finally {
      await cli.stop();
    }
  });

  test('as the Dockerfile runs it: its ENV and CMD, an empty host folder mounted on the data volume, the seed from the image', async () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const env = Object.fromEntries(
      [...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
    );
    const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(dockerfile)![1]!) as string[];
    const volume = JSON.parse(/^VOLUME (\[.+\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(['node', 'dist/main.js']);
    // the image's seed is the repository's demo seed, copied outside the volume
    expect(dockerfile).toMatch(new RegExp(`^COPY data/seed\\.json ${env.GENESYS_MOCK_SEED!.replace(/\./g, '\\.')}$`, 'm'));
    expect(env.GENESYS_MOCK_SEED!.startsWith(`${volume[0]}/`)).toBe(false);
    expect(env.GENESYS_MOCK_DATA!.startsWith(`${volume[0]}/`)).toBe(true);
    expect(dockerfile).toMatch(/^USER node$/m);

    const hostFolder = tempDir(); // what `-v "$PWD/genesys-data:/app/data"` puts there: nothing
    const data = join(hostFolder, env.GENESYS_MOCK_DATA!.slice(volume[0]!.length + 1));
    const cli = await startCli([], {
      ...env,
      PORT: '0',
      GENESYS_MOCK_DATA: data,
      GENESYS_MOCK_SEED: fileURLToPath(new URL('../../data/seed.json', import.meta.url)),
    });
    try {
      expect(cli.stdout()).toMatch(/^listening on http:\/\/0\.0\.0\.0:\d+$/m);
      expect((await fetch(`${cli.url}/__admin/health`)).status).toBe(200);
      expect(await tokenAt(cli.url)).toMatchObject({ access_token: expect.any(String) });
      expect(JSON.parse(readFileSync(data, 'utf8')).conversations).toHaveLength(5);
    } finally {
      await cli.stop();
    }
    // stderr is its own pipe: read it once the process is gone and everything is flushed
    expect(cli.stderr()).toContain('warning: listening on 0.0.0.0 without --admin-token');
  });

  test('--admin-token guards /__admin (not health); --rate-limits and --journal-size from the environment', async () => {
    const cli = await startCli(['--port', '0', '--in-memory', '--host', '0.0.0.0', '--admin-token', 'tok'], {
      GENESYS_MOCK_RATE_LIMITS: '1',
      GENESYS_MOCK_JOURNAL_SIZE: '1',
    });
    try {
      expect((await fetch(`${cli.url}/__admin/health`)).status).toBe(200);
      expect((await fetch(`${cli.url}/__admin/state`)).status).toBe(401);
      const admin = { Authorization: 'Bearer tok' };
      expect((await fetch(`${cli.url}/__admin/state`, { headers: admin })).status).toBe(200);
      const { access_token } = await tokenAt(cli.url);
      const res = await fetch(`${cli.url}/api/v2/conversations/${DEMO.voiceConnected}`, { headers: { Authorization: `Bearer ${access_token}` } });
      expect(res.headers.get('inin-ratelimit-allowed')).toBe('300');
      const journal = (await (await fetch(`${cli.url}/__admin/requests`, { headers: admin })).json()) as { total: number };
      expect(journal.total).toBe(1);
    } finally {
      await cli.stop();
    }
    expect(cli.stderr()).not.toContain('warning');
  });

  test('--in-memory writes nothing; --token-ttl sets expires_in', async () => {
    const data = join(tempDir(), 'never.json');
    const cli = await startCli(['--port', '0', '--in-memory', '--data', data, '--token-ttl', '300']);
    try {
      expect((await tokenAt(cli.url)).expires_in).toBe(300);
      expect(existsSync(data)).toBe(false);
    } finally {
      await cli.stop();
    }
  });

  test('--analytics-job-seconds keeps a details job QUEUED that long on the clock', async () => {
    const cli = await startCli(['--port', '0', '--in-memory', '--analytics-job-seconds', '60']);
    try {
      const created = await fetch(`${cli.url}/__admin/oauth/clients`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"scopes":["analytics"]}',
      });
      const client = (await created.json()) as { clientId: string; clientSecret: string };
      const { access_token } = await tokenAt(cli.url, client.clientId, client.clientSecret);
      const headers = { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' };
      const body = JSON.stringify({ interval: '2000-01-01T00:00:00Z/2100-01-01T00:00:00Z' });
      const { jobId } = (await (await fetch(`${cli.url}/api/v2/analytics/conversations/details/jobs`, { method: 'POST', headers, body })).json()) as {
        jobId: string;
      };
      const state = async () =>
        ((await (await fetch(`${cli.url}/api/v2/analytics/conversations/details/jobs/${jobId}`, { headers })).json()) as { state: string }).state;
      expect(await state()).toBe('QUEUED');
      await fetch(`${cli.url}/__admin/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"advanceSeconds":60}' });
      expect(await state()).toBe('FULFILLED');
    } finally {
      await cli.stop();
    }
  });

  test('--seed FILE seeds a new data file from another seed', async () => {
    const dir = tempDir();
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ orgs: [{ id: 'o', name: 'O' }], oauthClients: [{ clientId: 'x', clientSecret: 'y', scopes: ['conversations'] }] }));
    const cli = await startCli(['--port', '0', '--in-memory', '--seed', seed]);
    try {
      expect(cli.stdout()).toContain('client x / secret y');
      expect((await tokenAt(cli.url, 'x', 'y')).access_token).toEqual(expect.any(String));
    } finally {
      await cli.stop();
    }
  });

  test('a seed with skills, wrap-up codes, users with their fields and queues with members: the demo one serves them; a member the org lacks stops startup', async () => {
    const cli = await startCli(['--port', '0', '--in-memory']);
    try {
      const { access_token } = await tokenAt(cli.url, 'demo-app-client', 'demo-app-secret');
      const auth = { Authorization: `Bearer ${access_token}` };
      const codes = (await (await fetch(`${cli.url}/api/v2/routing/queues/${DEMO.queueId}/wrapupcodes`, { headers: auth })).json()) as {
        entities: { name: string }[];
      };
      expect(codes.entities.map((c) => c.name)).toEqual(['Callback requested', 'Resolved']);
      const members = (await (await fetch(`${cli.url}/api/v2/routing/queues/${DEMO.queueId}/members`, { headers: auth })).json()) as {
        entities: { id: string }[];
      };
      expect(members.entities.map((m) => m.id)).toEqual([DEMO.agentId]);
      const skills = (await (await fetch(`${cli.url}/api/v2/users/${DEMO.agentId}/routingskills`, { headers: auth })).json()) as {
        entities: { name: string; proficiency: number }[];
      };
      expect(skills.entities.map((k) => [k.name, k.proficiency])).toEqual([['English', 4]]);
    } finally {
      await cli.stop();
    }
    const seed = join(tempDir(), 'seed.json');
    writeFileSync(seed, JSON.stringify({ orgs: [{ id: 'o', name: 'O' }], queues: [{ id: 'q', name: 'Q', members: [{ userId: 'nobody' }] }] }));
    const result = await runCli(['--port', '0', '--in-memory', '--seed', seed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('queue q has member nobody, who is not a user of its org');
  });

  test.each([
    ['cut short', '{"version": 1,'],
    ['plain text over lines', 'not json\nat all\n'],
    ['a document with a stray line', '{\n  "version": 2,\n  oops\n}\n'],
  ])('a data file that is not JSON (%s) stops startup: exit 1, one line naming the file, file untouched', async (_, text) => {
    const data = join(tempDir(), 'broken.json');
    writeFileSync(data, text);
    const result = await runCli(['--port', '0', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`data file ${data}: is not valid JSON`);
    expect(readFileSync(data, 'utf8')).toBe(text);
  });

  test('a second start on a port in use fails before it touches the data file the first one is using', async () => {
    const data = join(tempDir(), 'db.json');
    const first = await startCli(['--port', '0', '--data', data]);
    try {
      // a write, so that the change log has something a second open could replay or compact away
      expect((await fetch(`${first.url}/__admin/orgs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(201);
      const before = { doc: readFileSync(data, 'utf8'), log: readFileSync(`${data}.log`, 'utf8') };
      expect(before.log).not.toBe('');
      const second = await runCli(['--port', String(first.port), '--data', data]);
      expect(second.code).toBe(1);
      expect(second.stderr.trim()).toBe(`error: cannot listen on 127.0.0.1:${first.port} (EADDRINUSE)`);
      expect({ doc: readFileSync(data, 'utf8'), log: readFileSync(`${data}.log`, 'utf8') }).toEqual(before);
      expect((await fetch(`${first.url}/__admin/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  });

  test('a bad seed file stops startup with its name', async () => {
    const seed = join(tempDir(), 'seed.json');
    writeFileSync(seed, '{"orgs": []}');
    const result = await runCli(['--port', '0', '--in-memory', '--seed', seed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`seed file ${seed}: has no org`);
  });

  test.each([
    [['--port', 'abc'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be between 0 and 65535'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--token-ttl', '0'], '--token-ttl must be between'],
    [['--analytics-job-seconds', 'soon'], '--analytics-job-seconds must be a whole number'],
    [['--admin-token', ''], 'the admin token must not be empty: leave --admin-token (and GENESYS_MOCK_ADMIN_TOKEN) out for none'],
    [['--admin-token', 'two words'], 'the admin token must not contain white space'],
  ])('bad flags %j exit 2 with usage', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: genesys-cloud-mock');
  });

  test('an empty GENESYS_MOCK_ADMIN_TOKEN (a variable meant to hold one) is refused too, exit 2', async () => {
    const result = await runCli(['--port', '0', '--in-memory'], { GENESYS_MOCK_ADMIN_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: the admin token must not be empty');
  });

  test('--help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--in-memory');
  });
});

describe('bad data files at startup', () => {
  test('a data file that cannot be read (a folder) stops startup naming it', async () => {
    const dir = tempDir();
    const result = await runCli(['--port', '0', '--data', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`data file ${dir}: cannot be read (EISDIR)`);
  });

  test('a data file its user may not read stops startup naming it, file untouched', async () => {
    const dir = tempDir();
    const data = join(dir, 'db.json');
    const content = JSON.stringify(emptyDocument());
    writeFileSync(data, content);
    chmodSync(data, 0o000);
    try {
      const result = await runCli(['--port', '0', '--data', data], {}, { asUserWithoutOverride: true });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`data file ${data}: cannot be read (EACCES)`);
    } finally {
      chmodSync(data, 0o600);
    }
    expect(readFileSync(data, 'utf8')).toBe(content);
  });

  test('a truncated data file stops startup and is left as it was', async () => {
    const data = join(tempDir(), 'db.json');
    const full = JSON.stringify(emptyDocument(), null, 2);
    writeFileSync(data, full.slice(0, full.length / 2));
    const result = await runCli(['--port', '0', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`data file ${data}: is not valid JSON`));
    expect(readFileSync(data, 'utf8')).toBe(full.slice(0, full.length / 2));
  });

  test('a version 1 data file is migrated at startup, saying so, with the old file kept', async () => {
    const data = join(tempDir(), 'db.json');
    const { queues: _queues, skills: _skills, wrapupCodes: _codes, ...rest } = emptyDocument();
    void [_queues, _skills, _codes];
    writeFileSync(data, JSON.stringify({ ...rest, version: 1, orgs: [{ id: 'o', name: 'O' }] }));
    const cli = await startCli(['--port', '0', '--data', data]);
    await cli.stop();
    expect(cli.stdout()).toContain(`migrated from shape version 1; the old file is ${data}.v1.bak`);
    expect(existsSync(`${data}.v1.bak`)).toBe(true);
    expect(JSON.parse(readFileSync(data, 'utf8')).version).toBe(SCHEMA_VERSION);
  });
});

describe('the data file while the server runs', () => {
  test('a second server on the same data file (another port) refuses to start, naming the first one; the first goes on', async () => {
    const data = join(tempDir(), 'db.json');
    const first = await startCli(['--port', '0', '--data', data]);
    try {
      const second = await runCli(['--port', '0', '--data', data]);
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(
        `error: data file ${data}: is in use by another genesys-cloud-mock (pid ${first.child.pid}); if none runs, delete ${data}.lock\n`,
      );
      expect((await fetch(`${first.url}/__admin/orgs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(201);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // a clean stop gives the lock back; one killed leaves a stale lock, which the next start takes over
    expect(existsSync(`${data}.lock`)).toBe(false);
    const killed = await startCli(['--port', '0', '--data', data]);
    killed.child.kill('SIGKILL');
    await killed.stop();
    expect(existsSync(`${data}.lock`)).toBe(true);
    const next = await startCli(['--port', '0', '--data', data]);
    expect(await next.stop()).toBe(0);
  });

  test('a compaction that fails (the document cannot be rewritten) is reported once; SIGTERM still exits 0 and the log keeps every change', async () => {
    const dir = tempDir();
    const data = join(dir, 'db.json');
    const cli = await startCli(['--port', '0', '--data', data]);
    // lowdb writes the document to .db.json.tmp first: a folder there makes that fail, even for root
    mkdirSync(join(dir, '.db.json.tmp'));
    let orgId: string;
    try {
      const reset = await fetch(`${cli.url}/__admin/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"empty":true}' });
      expect(reset.status).toBe(200); // the reset is in the change log: durable
      const org = await fetch(`${cli.url}/__admin/orgs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      orgId = ((await org.json()) as { id: string }).id;
    } finally {
      expect(await cli.stop()).toBe(0);
    }
    expect(cli.stderr()).toBe(`warning: ${data} could not be rewritten (EISDIR); every change is kept in ${data}.log, which is read back at the next start\n`);
    rmdirSync(join(dir, '.db.json.tmp'));
    const again = await startCli(['--port', '0', '--data', data]);
    try {
      const state = (await (await fetch(`${again.url}/__admin/state`)).json()) as { orgs: { id: string }[]; conversations: unknown[] };
      expect(state.orgs.map((o) => o.id)).toEqual([orgId!]);
      expect(state.conversations).toEqual([]);
    } finally {
      await again.stop();
    }
  });
});
