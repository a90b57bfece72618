// When the data file cannot take a write (the disk fills up mid-line, an I/O error, a file deleted
// under the server), nothing is acknowledged that is not on disk, the log is cut back to its last
// good line, memory forgets the change, and the store goes on once the cause is gone. The log file
// here is a real one that fails on demand.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openFileStore, StoreWriteError, type LogFile, type Store } from '../../src/store/store.js';
import { emptyDocument } from '../../src/store/schema.js';
import { fillingDisk } from '../support/filling-disk.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'gcm-fail-')), 'db.json');
const user = (i: number, name = `User ${i}`) => ({ op: 'put' as const, collection: 'users' as const, record: { id: `user-${i}`, orgId: 'org-0', name } });
const logText = (file: string) => readFileSync(`${file}.log`, 'utf8');

async function seeded(file: string, openLog: (path: string) => Promise<LogFile>, warn?: (m: string) => void): Promise<Store> {
  const { store } = await openFileStore(file, { openLog, compactMinBytes: 1024 * 1024, ...(warn ? { warn } : {}) });
  await store.replace({ ...emptyDocument(), orgs: [{ id: 'org-0', name: 'Org 0' }] });
  await store.commit([user(1)]);
  return store;
}

test.each([
  ['the disk fills up in the middle of the line', { room: 20, failSync: false }, 'the disk is full'],
  ['the disk is full before the line', { room: 0, failSync: false }, 'the disk is full'],
  ['the sync fails after the write', { room: 0, failSync: true }, 'EIO'],
])('%s: refused, cut back, forgotten in memory; writes work again once the cause is gone', async (_, fault, reason) => {
  const file = tempFile();
  const { disk, openLog } = fillingDisk();
  const store = await seeded(file, openLog);
  const good = logText(file);

  Object.assign(disk, { full: !fault.failSync, room: fault.room, failSync: fault.failSync });
  const error = await store.commit([user(1, 'Renamed'), user(2)]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreWriteError);
  expect((error as Error).message).toBe(`${file}.log: ${reason}`);
  expect(logText(file)).toBe(good);
  expect(store.get('users', 'user-1')?.name).toBe('User 1');
  expect(store.get('users', 'user-2')).toBeUndefined();

  Object.assign(disk, { full: false, failSync: false });
  await store.commit([user(3)]);
  await store.close({ compact: false });
  const { store: again } = await openFileStore(file);
  expect(again.all('users').map((u) => [u.id, u.name])).toEqual([
    ['user-1', 'User 1'],
    ['user-3', 'User 3'],
  ]);
  await again.close();
});

test('changes queued behind a failed write are refused and undone too, newest first', async () => {
  const file = tempFile();
  const { disk, openLog } = fillingDisk();
  const store = await seeded(file, openLog);
  disk.full = true;
  // The first goes out at once; the next two wait for it and are written together after it.
  const results = await Promise.allSettled([
    store.commit([user(1, 'First')]),
    store.commit([user(1, 'Second'), user(2)]),
    store.commit([{ op: 'delete', collection: 'users', id: 'user-1' }]),
  ]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(store.all('users')).toEqual([{ id: 'user-1', orgId: 'org-0', name: 'User 1' }]);
  await store.close({ compact: false });
});

test('a reset that cannot be written leaves the document as it was', async () => {
  const file = tempFile();
  const { disk, openLog } = fillingDisk();
  const store = await seeded(file, openLog);
  disk.full = true;
  await expect(store.replace(emptyDocument())).rejects.toBeInstanceOf(StoreWriteError);
  expect(store.get('orgs', 'org-0')).toEqual({ id: 'org-0', name: 'Org 0' });
  expect(store.lookup('usersByOrg', 'org-0').map((u) => u.id)).toEqual(['user-1']);
  disk.full = false;
  await store.close();
});

test.each([
  ['the change log', (file: string) => `${file}.log`],
  ['the document', (file: string) => file],
])('%s deleted while the store runs: writes are refused naming it, reads go on', async (_, path) => {
  const file = tempFile();
  const { openLog } = fillingDisk();
  const store = await seeded(file, openLog);
  unlinkSync(path(file));
  const error = await store.commit([user(2)]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreWriteError);
  expect((error as Error).message).toBe(
    `${path(file)}: was deleted or replaced while the emulator ran; writes are refused until it restarts (a clean stop writes what it holds)`,
  );
  expect(store.get('users', 'user-2')).toBeUndefined();
  expect(store.get('users', 'user-1')).toBeDefined();
  // the refused change is not left in a log that is still there (it is written while the files are checked)
  if (existsSync(`${file}.log`)) expect(logText(file)).not.toContain('user-2');
  // a clean stop writes the document from memory: nothing acknowledged is lost
  await store.close();
  const { store: again } = await openFileStore(file);
  expect(again.all('users').map((u) => u.id)).toEqual(['user-1']);
  await again.close();
});

test('a compaction that fails (the document cannot be rewritten) is reported once; the log keeps everything; close still succeeds', async () => {
  const file = tempFile();
  const warnings: string[] = [];
  const store = await seeded(
    file,
    (path) => open(path, 'a+'),
    (m) => warnings.push(m),
  );
  // lowdb writes the document to .db.json.tmp, then renames it: a folder there makes that fail,
  // even for root, whom file permissions do not stop.
  const blocker = join(dirname(file), '.db.json.tmp');
  mkdirSync(blocker);
  await store.replace({ ...emptyDocument(), orgs: [{ id: 'org-0', name: 'Org 0' }], users: [user(7).record] }); // asks for a compaction
  await store.commit([user(8)]);
  await store.close(); // compacts again, and fails again
  expect(warnings).toEqual([`${file} could not be rewritten (EISDIR); every change is kept in ${file}.log, which is read back at the next start`]);
  rmdirSync(blocker);
  const { store: again } = await openFileStore(file);
  expect(again.all('users').map((u) => u.id)).toEqual(['user-7', 'user-8']);
  await again.close();
  expect(logText(file)).toBe('');
});
