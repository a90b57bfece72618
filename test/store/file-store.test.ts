// The lowdb file store: what is acknowledged is on disk, a restart finds it, bad files stop startup untouched.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/http/app.js';
import { buildSeedDocument } from '../../src/domain/seed.js';
import { openFileStore, StoreLoadError } from '../../src/store/store.js';
import { emptyDocument, SCHEMA_VERSION } from '../../src/store/schema.js';
import { randomIds } from '../../src/system.js';
import { CREATE_BODY, DEMO, TestClock, demoSeed, specChecked } from '../support/harness.js';

function tempFile(name = 'db.json'): string {
  return join(mkdtempSync(join(tmpdir(), 'gcm-store-')), name);
}

async function appOn(file: string) {
  const clock = new TestClock();
  const seed = demoSeed();
  const { store, fresh } = await openFileStore(file);
  if (fresh) await store.replace(buildSeedDocument({ clock, ids: randomIds }, seed));
  const { app } = createApp({ store, clock, config: { tokenTtlSeconds: 3600, seed, log: () => {} } });
  return { store, fresh, http: specChecked(app) };
}

describe('file store', () => {
  test('a missing file is fresh and is not created until written', async () => {
    const file = tempFile();
    const { store, fresh } = await openFileStore(file);
    expect(fresh).toBe(true);
    expect(() => statSync(file)).toThrow();
    await store.close();
  });

  test('a cobrowse session and a token survive a restart on the same data file', async () => {
    const file = tempFile();
    const first = await appOn(file);
    expect(first.fresh).toBe(true);
    const token = (await first.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' })).body
      .access_token as string;
    const created = await first.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`).set('Authorization', `Bearer ${token}`).send(CREATE_BODY);
    expect(created.status).toBe(200);
    // acknowledged means written: the change log already has it, before any close
    expect(readFileSync(`${file}.log`, 'utf8')).toContain(created.body.id);
    await first.store.close();
    // a clean close compacts: the session is in the readable document, the log is empty
    expect(readFileSync(file, 'utf8')).toContain(created.body.id);
    expect(readFileSync(`${file}.log`, 'utf8')).toBe('');

    const second = await appOn(file);
    expect(second.fresh).toBe(false);
    const conversation = await second.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`);
    expect(conversation.status).toBe(200);
    expect(JSON.stringify(conversation.body)).toContain(created.body.id);
    const again = await second.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`).set('Authorization', `Bearer ${token}`).send(CREATE_BODY);
    expect([again.status, again.body.code]).toEqual([409, 'cobrowse.session.active']);
    await second.store.close();
  });

  test('concurrent commits share writes and all land', async () => {
    const file = tempFile();
    const { store } = await openFileStore(file);
    await store.replace(emptyDocument());
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit([{ op: 'put', collection: 'orgs', record: { id: `org-${i}`, name: `Org ${i}` } }])));
    const lines = readFileSync(`${file}.log`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(200);
    await store.close();
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { orgs: unknown[] };
    expect(onDisk.orgs).toHaveLength(200);
    // the file stays a readable lowdb document
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^\\{\\n {2}"version": ${SCHEMA_VERSION},`));
  });

  test.each([
    ['not JSON', '{"version": 1, "orgs": [', /is not valid JSON/],
    ['truncated to nothing', '', /is not valid JSON/],
    ['an array', '[]', /is not a JSON object/],
    ['a newer shape version', JSON.stringify({ ...emptyDocument(), version: 99 }), /shape version 99, written by a newer genesys-cloud-mock/],
    ['an unknown shape version', JSON.stringify({ ...emptyDocument(), version: 'x' }), new RegExp(`shape version "x", expected ${SCHEMA_VERSION}`)],
    ['a collection missing', JSON.stringify({ version: 1, orgs: [] }), /no "oauthClients" array/],
    ['a record without org', JSON.stringify({ ...emptyDocument(), users: [{ id: 'u', name: 'x' }] }), /users\[0\] has no orgId/],
    ['an unknown key', JSON.stringify({ ...emptyDocument(), extra: [] }), /unknown keys extra/],
  ])('%s: refused with the file named, and the file is left untouched', async (_name, content, problem) => {
    const file = tempFile();
    writeFileSync(file, content);
    const before = statSync(file).mtimeMs;
    const error = await openFileStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as Error).message).toContain(`data file ${file}`);
    expect((error as Error).message).toMatch(problem);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(statSync(file).mtimeMs).toBe(before);
  });
});

describe('the document on disk', () => {
  test('one record per line, read back the same; a hand-indented file reads too; a cut one is refused', async () => {
    const file = tempFile();
    const { store } = await openFileStore(file);
    const doc = buildSeedDocument({ clock: new TestClock(), ids: randomIds }, demoSeed());
    await store.replace(doc);
    await store.close();
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('    {"id":"c0000000'))).toHaveLength(5);
    const { store: again } = await openFileStore(file);
    expect(again.snapshot()).toEqual(doc);
    await again.close({ compact: false });

    writeFileSync(file, JSON.stringify(doc, null, 2));
    const { store: edited } = await openFileStore(file);
    expect(edited.snapshot()).toEqual(doc);
    await edited.close({ compact: false });

    const cut = text.slice(0, text.lastIndexOf('}'));
    writeFileSync(file, cut);
    await expect(openFileStore(file)).rejects.toThrow(/is not valid JSON/);
  });
});

describe('older shape versions', () => {
  test.each([1, 2, 3, 4, 5])('a version %s file is migrated to 6, its old content kept as FILE.v%s.bak', async (version) => {
    const file = tempFile();
    const { queues, skills, wrapupCodes, messagingIntegrations, externalContacts, analyticsJobs: _jobs, ...older } = emptyDocument();
    void _jobs;
    const old = JSON.stringify(
      {
        ...older,
        ...(version >= 2 ? { queues } : {}),
        ...(version >= 3 ? { skills, wrapupCodes } : {}),
        ...(version >= 4 ? { messagingIntegrations } : {}),
        ...(version >= 5 ? { externalContacts } : {}),
        version,
        orgs: [{ id: 'o', name: 'O' }],
        users: [{ id: 'u', orgId: 'o', name: 'U' }],
      },
      null,
      2,
    );
    writeFileSync(file, old);
    const { store, migratedFrom } = await openFileStore(file);
    expect(migratedFrom).toBe(version);
    expect(store.all('users')).toEqual([{ id: 'u', orgId: 'o', name: 'U' }]);
    const collections = ['queues', 'skills', 'wrapupCodes', 'messagingIntegrations', 'externalContacts', 'analyticsJobs'] as const;
    expect(collections.map((c) => store.all(c))).toEqual(collections.map(() => []));
    expect(readFileSync(`${file}.v${version}.bak`, 'utf8')).toBe(old);
    const migrated = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number;
      queues: unknown[];
      skills: unknown[];
      wrapupCodes: unknown[];
      messagingIntegrations: unknown[];
      externalContacts: unknown[];
      analyticsJobs: unknown[];
    };
    expect([migrated.version, ...collections.map((c) => migrated[c])]).toEqual([6, ...collections.map(() => [])]);
    await store.close();
    const { store: reopened, migratedFrom: again } = await openFileStore(file);
    expect(again).toBeUndefined();
    await reopened.close();
  });
});

describe('files that are not a data document, or not a file', () => {
  test.each(['null', 'false', '0', '""', '[]', '"a text"'])('a data file holding %s is refused, untouched', async (text) => {
    const file = tempFile();
    writeFileSync(file, text);
    await expect(openFileStore(file)).rejects.toThrow(new StoreLoadError(file, 'is not a JSON object'));
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(`${file}.log`)).toBe(false);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  test('a record the code would fail on later (a conversation without events) is refused at startup', async () => {
    const file = tempFile();
    const doc = buildSeedDocument({ clock: new TestClock(), ids: randomIds }, demoSeed());
    const { events: _events, ...withoutEvents } = doc.conversations[1]!;
    void _events;
    writeFileSync(file, JSON.stringify({ ...doc, conversations: [doc.conversations[0], withoutEvents] }));
    await expect(openFileStore(file)).rejects.toThrow(new StoreLoadError(file, 'conversations[1] has "events" that is not a list of {type, at} events'));
  });

  test('a FIFO as the data file or as its log is refused at once instead of hanging', async () => {
    const file = tempFile();
    execFileSync('mkfifo', [file]);
    await expect(openFileStore(file)).rejects.toThrow(new StoreLoadError(file, 'is not a regular file'));
    const other = tempFile();
    execFileSync('mkfifo', [`${other}.log`]);
    await expect(openFileStore(other)).rejects.toThrow(new StoreLoadError(`${other}.log`, 'is not a regular file'));
  });

  test('a data file that is a symlink is written through: the link stays, its target gets the data', async () => {
    const target = tempFile();
    const link = join(mkdtempSync(join(tmpdir(), 'gcm-link-')), 'db.json');
    const first = await openFileStore(target);
    await first.store.replace({ ...emptyDocument(), orgs: [{ id: 'o', name: 'O' }] });
    await first.store.close();
    symlinkSync(target, link);
    const { store } = await openFileStore(link);
    await store.commit([{ op: 'put', collection: 'users', record: { id: 'u', orgId: 'o', name: 'U' } }]);
    await store.replace({ ...store.snapshot() }); // compacts
    await store.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).users).toEqual([{ id: 'u', orgId: 'o', name: 'U' }]);
  });

  test('a document too large for one JSON text, and a log with a line longer than any change, are refused in one line', async () => {
    const file = tempFile();
    writeFileSync(file, '');
    truncateSync(file, 600 * 1024 * 1024); // sparse: 600 MB of NUL bytes, no newline
    const error = (await openFileStore(file).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StoreLoadError);
    expect(error.message).toBe(`data file ${file}: is too large to read as one JSON text (${600 * 1024 * 1024} bytes)`);

    const other = tempFile();
    const { store } = await openFileStore(other);
    await store.replace({ ...emptyDocument(), orgs: [{ id: 'o', name: 'O' }] });
    await store.close();
    writeFileSync(`${other}.log`, '');
    truncateSync(`${other}.log`, 300 * 1024 * 1024);
    await expect(openFileStore(other)).rejects.toThrow(new StoreLoadError(`${other}.log`, 'line 1 is longer than 256 MB: not a change log this server wrote'));
    expect(statSync(`${other}.log`).size).toBe(300 * 1024 * 1024);
  }, 60_000);
});

describe('one server per data file', () => {
  test('a second store on the same file is refused while the first holds it; a lock left by a dead process is taken over', async () => {
    const file = tempFile();
    const { store } = await openFileStore(file);
    await store.replace({ ...emptyDocument(), orgs: [{ id: 'o', name: 'O' }] });
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
    expect(existsSync(`${file}.lock`)).toBe(false);

    const holder = spawnSync(process.execPath, ['-e', '0']).pid; // a pid that has exited: stale
    writeFileSync(`${file}.lock`, `${holder}\n`);
    const taken = await openFileStore(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await taken.store.close();

    writeFileSync(`${file}.lock`, `${process.ppid}\n`); // a process that runs
    await expect(openFileStore(file)).rejects.toThrow(
      new StoreLoadError(file, `is in use by another genesys-cloud-mock (pid ${process.ppid}); if none runs, delete ${file}.lock`),
    );
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });
});
