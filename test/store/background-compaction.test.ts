// A compaction triggered by the log's size runs beside the writes (docs/persistence.md): the
// document is written from a copy taken between two writes, then renamed over the old one, and
// the log keeps only what came after the copy. Each test holds the document's write at a gate, so
// what happens meanwhile is seen in order, without timing.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentFile, writeDocumentInPieces } from '../../src/store/document-file.js';
import { openFileStore, StoreWriteError, type FileStoreOptions, type LogFile, type Store } from '../../src/store/store.js';
import { emptyDocument, type DataDocument } from '../../src/store/schema.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'gcm-bg-')), 'db.json');
const user = (i: number, name = `User ${i}`) => ({ op: 'put' as const, collection: 'users' as const, record: { id: `user-${i}`, orgId: 'org-0', name } });
const readDoc = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as DataDocument;
const userIds = (users: readonly { id: string }[]) => users.map((u) => u.id);
const loggedUserIds = (file: string) =>
  readFileSync(`${file}.log`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { changes: { record: { id: string } }[] }).changes.map((c) => c.record.id));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `user-${from + i}`);

/**
 * A document writer that waits at a gate: `startedWith` resolves with the document it was handed.
 * With `failing`, its first call fails at once (the disk is full) and the next one is gated.
 */
function gatedWriter(failing = false) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started!: (doc: DataDocument) => void;
  const startedWith = new Promise<DataDocument>((resolve) => (started = resolve));
  let calls = 0;
  const writeDocument: NonNullable<FileStoreOptions['writeDocument']> = async (path, doc, cancelled) => {
    calls++;
    if (failing && calls === 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    started(doc);
    await gate;
    return writeDocumentInPieces(path, doc, cancelled);
  };
  return { writeDocument, startedWith, open: () => open(), calls: () => calls };
}

async function seeded(file: string, options: FileStoreOptions): Promise<Store> {
  const { store } = await openFileStore(file, { compactMinBytes: 1024, ...options });
  await store.replace({ ...emptyDocument(), orgs: [{ id: 'org-0', name: 'Org 0' }] });
  return store;
}

/** Commits users one at a time from `from` until the log passes 1 KiB and a compaction starts. */
async function commitUntilCompacting(store: Store, writer: ReturnType<typeof gatedWriter>, from = 1): Promise<number> {
  let i = from;
  while (writer.calls() === 0) await store.commit([user(i++)]);
  return i - 1;
}

test('writes are acknowledged while the document is written; then the log keeps only what came after the copy', async () => {
  const file = tempFile();
  const writer = gatedWriter();
  const store = await seeded(file, { writeDocument: writer.writeDocument });
  const last = await commitUntilCompacting(store, writer);
  const copied = await writer.startedWith;
  expect(userIds(copied.users)).toEqual(range(1, last));

  // The document's write is held at the gate: these are written and acknowledged all the same.
  for (let i = last + 1; i <= last + 5; i++) await store.commit([user(i)]);
  expect(readDoc(file).users).toEqual([]);

  writer.open();
  await store.idle();
  expect(userIds(readDoc(file).users)).toEqual(range(1, last));
  expect(loggedUserIds(file)).toEqual(range(last + 1, last + 5));
  expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.compacting'))).toEqual([]);

  // The log still takes writes after it was replaced, and a restart sees everything.
  await store.commit([user(100)]);
  await store.close({ compact: false });
  const { store: again } = await openFileStore(file);
  expect(userIds(again.all('users'))).toEqual([...range(1, last + 5), 'user-100']);
  await again.close();
});

/** A log whose writes wait while `held` (`waiting` resolves once one does), and fail from the `failFrom`th on. */
function heldLog() {
  let release: (() => void) | undefined;
  let signal: (() => void) | undefined;
  let writes = 0;
  const log = {
    writes: () => writes,
    failFrom: undefined as number | undefined,
    held: false,
    waiting: Promise.resolve(),
    hold() {
      this.held = true;
      this.waiting = new Promise<void>((resolve) => (signal = resolve));
    },
    release() {
      this.held = false;
      release?.();
    },
    /** Lets the waiting write go while later ones wait again. */
    next() {
      const go = release;
      this.hold();
      go?.();
    },
  };
  const openLog = async (path: string): Promise<LogFile> => {
    const real = await open(path, 'a+');
    return {
      async write(buffer, offset, length) {
        const n = ++writes;
        if (log.held) {
          const gate = new Promise<void>((resolve) => (release = resolve));
          signal?.();
          await gate;
        }
        if (log.failFrom !== undefined && n >= log.failFrom) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return real.write(buffer, offset, length);
      },
      datasync: () => real.datasync(),
      truncate: (length) => real.truncate(length),
      stat: () => real.stat(),
      read: (buffer, offset, length, position) => real.read(buffer, offset, length, position),
      close: () => real.close(),
    };
  };
  return { log, openLog };
}

test('the copy holds exactly the lines of the batch it was taken with, not the changes queued behind it', async () => {
  const file = tempFile();
  const writer = gatedWriter();
  const { log, openLog } = heldLog();
  const store = await seeded(file, { openLog, writeDocument: writer.writeDocument });
  let i = 0;
  while (readFileSync(`${file}.log`).length < 700) await store.commit([user(++i)]);
  // A crosses the threshold while B and C wait behind it: the copy is taken as the batch of B
  // and C starts, and D and E, made while that batch is written, are not in it.
  log.hold();
  const a = store.commit([user(++i, 'A'.repeat(400))]);
  await log.waiting;
  const bc = [store.commit([user(++i)]), store.commit([user(++i)])];
  log.next();
  await a;
  await log.waiting;
  const de = [store.commit([user(++i)]), store.commit([user(++i)])];
  log.release();
  await Promise.all([...bc, ...de]);
  expect(userIds((await writer.startedWith).users)).toEqual(range(1, i - 2));
  writer.open();
  await store.idle();
  expect(userIds(readDoc(file).users)).toEqual(range(1, i - 2));
  expect(loggedUserIds(file)).toEqual(range(i - 1, i));
  await store.close({ compact: false });
  const { store: again } = await openFileStore(file);
  expect(userIds(again.all('users'))).toEqual(range(1, i));
  await again.close();
});

test('the process dies after the new document replaced the old one, before the log was cut: replaying the whole log gives the same state', async () => {
  const file = tempFile();
  const writer = gatedWriter();
  // Opening the log's replacement fails, as if the process had died right before it.
  const openLog = async (path: string): Promise<LogFile> => {
    if (path.endsWith('.compacting')) throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
    return open(path, 'a+');
  };
  const warnings: string[] = [];
  const store = await seeded(file, { writeDocument: writer.writeDocument, openLog, warn: (m) => warnings.push(m) });
  const last = await commitUntilCompacting(store, writer);
  await store.commit([user(last + 1)]);
  writer.open();
  await store.idle();
  expect(userIds(readDoc(file).users)).toEqual(range(1, last));
  expect(loggedUserIds(file)).toEqual(range(1, last + 1));
  expect(warnings).toEqual([expect.stringContaining('could not be rewritten (EMFILE)')]);
  // Writes go on to the old log.
  await store.commit([user(last + 2)]);
  await store.close({ compact: false });
  const { store: again } = await openFileStore(file);
  expect(userIds(again.all('users'))).toEqual(range(1, last + 2));
  await again.close();
});

test('a batch that cannot be written takes no copy: a refused change never reaches the document', async () => {
  const file = tempFile();
  const { log, openLog } = heldLog();
  const writer = gatedWriter(true);
  const store = await seeded(file, { openLog, writeDocument: writer.writeDocument, warn: () => undefined });
  // The first compaction fails; the next is tried once the log has grown by its threshold again.
  let i = await commitUntilCompacting(store, writer);
  await store.idle();
  // A crosses that point while the refused batch waits behind it: the copy is taken as the
  // refused batch starts (memory holds its change then), and must be dropped with it.
  log.hold();
  const a = store.commit([user(++i, 'A'.repeat(2000))]);
  await log.waiting;
  const refused = store.commit([user(++i, 'Refused'), user(++i, 'Refused')]);
  log.failFrom = log.writes() + 1;
  log.release();
  await a;
  await expect(refused).rejects.toBeInstanceOf(StoreWriteError);
  log.failFrom = undefined;
  await store.commit([user(++i)]);
  const copied = await writer.startedWith;
  expect(copied.users.filter((u) => u.name === 'Refused')).toEqual([]);
  expect(copied.users.at(-1)?.id).toBe(`user-${i}`);
  writer.open();
  await store.idle();
  expect(readDoc(file).users.filter((u) => u.name === 'Refused')).toEqual([]);
  await store.close();
  const { store: again } = await openFileStore(file);
  expect(again.all('users').filter((u) => u.name === 'Refused')).toEqual([]);
  await again.close();
});

test('a reset while a compaction runs supersedes it: the reset document stays, the copy is dropped', async () => {
  const file = tempFile();
  const writer = gatedWriter();
  const store = await seeded(file, { writeDocument: writer.writeDocument });
  await commitUntilCompacting(store, writer);
  await writer.startedWith;
  const reset = store.replace({ ...emptyDocument(), orgs: [{ id: 'org-1', name: 'After the reset' }] });
  writer.open();
  await reset;
  await store.idle();
  expect(readDoc(file)).toEqual({ ...emptyDocument(), orgs: [{ id: 'org-1', name: 'After the reset' }] });
  expect(readFileSync(`${file}.log`, 'utf8')).toBe('');
  expect(existsSync(join(file, '..', '.db.json.compacting'))).toBe(false);
  await store.close();
});

test('a stop while a compaction runs gives it up and writes the whole document itself', async () => {
  const file = tempFile();
  const writer = gatedWriter();
  const store = await seeded(file, { writeDocument: writer.writeDocument });
  const last = await commitUntilCompacting(store, writer);
  await store.commit([user(last + 1)]);
  const closed = store.close();
  writer.open();
  await closed;
  expect(userIds(readDoc(file).users)).toEqual(range(1, last + 1));
  expect(readFileSync(`${file}.log`, 'utf8')).toBe('');
  expect(existsSync(join(file, '..', '.db.json.compacting'))).toBe(false);
});

test('a document that cannot be written loses nothing: reported once, the log kept whole, tried again once it grew as much again', async () => {
  const file = tempFile();
  const warnings: string[] = [];
  let calls = 0;
  const logSizes: number[] = [];
  const writeDocument: FileStoreOptions['writeDocument'] = async () => {
    calls++;
    logSizes.push(statSync(`${file}.log`).size);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  const store = await seeded(file, { writeDocument, warn: (m) => warnings.push(m) });
  let i = 1;
  while (calls < 3) await store.commit([user(i++)]);
  await store.idle();
  expect(readDoc(file).users).toEqual([]);
  expect(loggedUserIds(file)).toEqual(range(1, i - 1));
  expect(warnings).toEqual([`${file} could not be rewritten (the disk is full); every change is kept in ${file}.log, which is read back at the next start`]);
  // The threshold is 1 KiB here: not a try with every write after a failure.
  expect(logSizes[1]! - logSizes[0]!).toBeGreaterThan(1024);
  expect(logSizes[2]! - logSizes[1]!).toBeGreaterThan(1024);
  await store.close({ compact: false });
});

test('the document written a piece at a time is the same text as written at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcm-bg-'));
  // Past several pieces of 64 KiB, and every collection present, empty or not.
  const doc: DataDocument = {
    ...emptyDocument(),
    orgs: [{ id: 'org-0', name: 'Org 0' }],
    users: Array.from({ length: 3000 }, (_, i) => ({ id: `user-${i}`, orgId: 'org-0', name: `User ${i} ${'é'.repeat(i % 7)}` })),
  };
  const bytes = await writeDocumentInPieces(join(dir, 'pieces.json'), doc, () => false);
  await new DocumentFile(join(dir, 'whole.json')).write(doc);
  const whole = readFileSync(join(dir, 'whole.json'));
  expect(readFileSync(join(dir, 'pieces.json')).equals(whole)).toBe(true);
  expect(bytes).toBe(whole.length);
  expect(await new DocumentFile(join(dir, 'pieces.json')).read()).toEqual(doc);
});
