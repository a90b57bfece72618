// The persistence design (docs/persistence.md): an append-only change log beside the lowdb
// document, compacted into it. Write, restart, compaction, and crashes at each point between.
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileStore, StoreLoadError, type Store } from '../../src/store/store.js';
import { emptyDocument, type DataDocument } from '../../src/store/schema.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'gcm-log-')), 'db.json');
const org = (i: number) => ({ op: 'put' as const, collection: 'orgs' as const, record: { id: `org-${i}`, name: `Org ${i}` } });
const user = (i: number, name = `User ${i}`) => ({ op: 'put' as const, collection: 'users' as const, record: { id: `user-${i}`, orgId: 'org-0', name } });

async function seeded(file: string, options = {}): Promise<Store> {
  const { store, fresh } = await openFileStore(file, options);
  expect(fresh).toBe(true);
  await store.replace({ ...emptyDocument(), orgs: [{ id: 'org-0', name: 'Org 0' }] });
  return store;
}

const readDoc = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as DataDocument;
const logText = (file: string) => readFileSync(`${file}.log`, 'utf8');

describe('change log', () => {
  test('a fresh store writes its first document at once, with an empty log', async () => {
    const file = tempFile();
    const store = await seeded(file);
    expect(readDoc(file).orgs).toEqual([{ id: 'org-0', name: 'Org 0' }]);
    expect(logText(file)).toBe('');
    await store.close();
  });

  test('a commit is one appended line, and the document is not rewritten', async () => {
    const file = tempFile();
    const store = await seeded(file);
    const before = readFileSync(file, 'utf8');
    await store.commit([user(1)]);
    await store.commit([user(2), user(3)]);
    expect(
      logText(file)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ changes: [user(1)] }, { changes: [user(2), user(3)] }]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    await store.close();
  });

  test('restart without a clean close (a crash between append and compaction) replays the log', async () => {
    const file = tempFile();
    const store = await seeded(file);
    await store.commit([user(1)]);
    await store.commit([user(1, 'Renamed'), user(2)]);
    await store.commit([{ op: 'delete', collection: 'users', id: 'user-2' }]);
    // no compaction: the process is gone, the log is all there is
    await store.close({ compact: false });
    const { store: again, fresh } = await openFileStore(file);
    expect(fresh).toBe(false);
    expect(again.all('users')).toEqual([{ id: 'user-1', orgId: 'org-0', name: 'Renamed' }]);
    expect(again.get('users', 'user-2')).toBeUndefined();
    await again.close();
  });

  test('a crash after the document is written but before the log is emptied replays to the same state', async () => {
    const file = tempFile();
    const store = await seeded(file);
    await store.commit([user(1)]);
    await store.commit([user(1, 'Renamed'), { op: 'delete', collection: 'orgs', id: 'org-9' }, org(5)]);
    const log = logText(file);
    await store.close(); // compacts: document written, log emptied
    expect(logText(file)).toBe('');
    writeFileSync(`${file}.log`, log); // as if the process died just before emptying it
    const { store: again } = await openFileStore(file);
    expect(again.snapshot()).toEqual(readDoc(file));
    expect(again.get('users', 'user-1')?.name).toBe('Renamed');
    await again.close();
  });

  test('a reset is logged as a whole document, so no older line can bring records back', async () => {
    const file = tempFile();
    const store = await seeded(file, { compactMinBytes: 1024 * 1024 });
    await store.commit([user(1)]);
    const before = logText(file);
    await store.replace({ ...emptyDocument(), orgs: [{ id: 'org-new', name: 'New' }] });
    await store.close({ compact: false });
    // a crash right after the reset's line, before its compaction:
    writeFileSync(`${file}.log`, before + JSON.stringify({ replace: { ...emptyDocument(), orgs: [{ id: 'org-new', name: 'New' }] } }) + '\n');
    const { store: again } = await openFileStore(file);
    expect(again.all('orgs')).toEqual([{ id: 'org-new', name: 'New' }]);
    expect(again.all('users')).toEqual([]);
    await again.close();
  });

  test('a last line cut short by a crash was never acknowledged: it is dropped and cut from the file', async () => {
    const file = tempFile();
    const store = await seeded(file);
    await store.commit([user(1)]);
    await store.close({ compact: false });
    appendFileSync(`${file}.log`, '{"changes":[{"op":"put","collection":"users","rec');
    const { store: again } = await openFileStore(file);
    expect(again.all('users').map((u) => u.id)).toEqual(['user-1']);
    expect(logText(file).endsWith('\n')).toBe(true);
    await again.commit([user(2)]);
    await again.close({ compact: false });
    const { store: third } = await openFileStore(file);
    expect(third.all('users').map((u) => u.id)).toEqual(['user-1', 'user-2']);
    await third.close();
  });

  test.each([
    ['a line that is not JSON', 'garbage\n', /line 2 is not valid JSON/],
    ['a change to an unknown collection', '{"changes":[{"op":"put","collection":"nope","record":{"id":"x"}}]}\n', /line 2 names an unknown collection/],
    ['a record without org', '{"changes":[{"op":"put","collection":"users","record":{"id":"x"}}]}\n', /line 2 puts a record that has no orgId/],
    [
      'a conversation without events',
      '{"changes":[{"op":"put","collection":"conversations","record":{"id":"x","orgId":"org-0","mediaType":"voice","customerExternalId":"c"}}]}\n',
      /line 2 puts a record that has "events" that is not a list of \{type, at\} events/,
    ],
  ])('%s in the middle of the log stops startup, naming the log and the line', async (_name, bad, problem) => {
    const file = tempFile();
    const store = await seeded(file, { compactMinBytes: 1024 * 1024 });
    await store.commit([user(1)]);
    appendFileSync(`${file}.log`, bad);
    await store.commit([user(2)]);
    await store.close({ compact: false });
    const size = statSync(`${file}.log`).size;
    const error = await openFileStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as Error).message).toContain(`${file}.log`);
    expect((error as Error).message).toMatch(problem);
    expect(statSync(`${file}.log`).size).toBe(size);
  });

  test('a refused log is left exactly as it was, a torn last line included', async () => {
    const file = tempFile();
    const store = await seeded(file, { compactMinBytes: 1024 * 1024 });
    await store.commit([user(1)]);
    appendFileSync(`${file}.log`, 'garbage\n');
    await store.commit([user(2)]);
    await store.close({ compact: false });
    appendFileSync(`${file}.log`, '{"changes":[{"op":"pu'); // a write cut short
    const before = logText(file);
    await expect(openFileStore(file)).rejects.toThrow(/line 2 is not valid JSON/);
    expect(logText(file)).toBe(before);
  });

  test('compaction: once the log outgrows its threshold and the document, it is folded in and emptied', async () => {
    const file = tempFile();
    const store = await seeded(file, { compactMinBytes: 2048 });
    for (let i = 1; i <= 100; i++) await store.commit([user(i)]);
    await store.idle();
    // 100 lines of ~90 bytes is over 2 KiB and over the document: compacted at least once
    expect(readDoc(file).users.length).toBeGreaterThan(10);
    expect(statSync(`${file}.log`).size).toBeLessThan(4096);
    await store.close({ compact: false });
    const { store: again } = await openFileStore(file);
    expect(again.all('users')).toHaveLength(100);
    await again.close();
  });

  test('commits made while a compaction runs are kept', async () => {
    const file = tempFile();
    const store = await seeded(file, { compactMinBytes: 512 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => store.commit([user(i)])));
    await store.idle();
    expect(readDoc(file).users.length).toBeGreaterThan(0);
    await store.close({ compact: false });
    const { store: again } = await openFileStore(file);
    expect(again.all('users')).toHaveLength(300);
    await again.close();
  });
});
