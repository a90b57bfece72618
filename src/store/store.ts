// The one place lowdb is used. Records live in lowdb's document (so the data file stays a
// plain JSON document a person can read) with id maps beside it for constant-time lookups.
// Changes are applied to memory synchronously, so a domain check-then-change never interleaves
// with another request; commit() resolves once the change is in the change log on disk.
import { Low, Memory } from 'lowdb';
import { copyFile, mkdir, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bulkLoad } from './bulk-load.js';
import { ChangeLog } from './change-log.js';
import { lockDataFile } from './lock.js';
import { orgView } from './org-view.js';
import { DocumentFile } from './document-file.js';
import { migrateDocument, shapeProblem, StoreLoadError, type Change, type FileStoreOptions, type LogEntry } from './document.js';

export { shapeProblem, StoreLoadError, StoreWriteError, type Change, type FileStoreOptions, type LogEntry, type LogFile } from './document.js';
import { COLLECTIONS, emptyDocument, type CollectionName, type Collections, type DataDocument } from './schema.js';

/** Secondary indexes: for each, the keys a record is found under. */
const INDEXES = {
  sessionsByConversation: {
    collection: 'cobrowseSessions',
    keys: (r: Collections['cobrowseSessions']) => r.conversationIds,
  },
  usersByOrg: { collection: 'users', keys: (r: Collections['users']) => [r.orgId] },
  conversationsByOrg: { collection: 'conversations', keys: (r: Collections['conversations']) => [r.orgId] },
  sessionsByOrg: { collection: 'cobrowseSessions', keys: (r: Collections['cobrowseSessions']) => [r.orgId] },
  /** Messaging conversations by our side's address and the customer's (messagingKey). */
  conversationsByChannel: {
    collection: 'conversations',
    keys: (r: Collections['conversations']) => (r.messaging ? [messagingKey(r.messaging.address, r.customerExternalId)] : []),
  },
} as const;

/** The key of conversationsByChannel: a channel's address and a customer's. */
export function messagingKey(address: string, customer: string): string {
  return `${address}\n${customer}`;
}
export type IndexName = keyof typeof INDEXES;
export type IndexedCollection<I extends IndexName> = (typeof INDEXES)[I]['collection'];

/** What the domain reads and writes through: the whole store, or one org's view of it. */
export interface StoreView {
  get<C extends CollectionName>(collection: C, id: string): Collections[C] | undefined;
  all<C extends CollectionName>(collection: C): readonly Collections[C][];
  lookup<I extends IndexName>(index: I, key: string): Collections[IndexedCollection<I>][];
  /** Applies the changes now; resolves when they are durable. */
  commit(changes: Change[]): Promise<void>;
}

export interface Store extends StoreView {
  /** One org's view: another org's records cannot be read or written through it (src/store/org-view.ts). */
  org(orgId: string): StoreView;
  /** Replaces the whole content (reset); resolves when durable. */
  replace(document: DataDocument): Promise<void>;
  /** A deep copy of the whole document. */
  snapshot(): DataDocument;
  isEmpty(): boolean;
  /** Resolves when every write and compaction under way has finished. */
  idle(): Promise<void>;
  /** Waits for writes, then compacts the log into the document unless `compact` is false. */
  close(options?: { compact?: boolean }): Promise<void>;
}

export interface OpenResult {
  store: Store;
  /** True when there was no data file (or no file at all): the caller seeds it. */
  fresh: boolean;
  /** The shape version the file had, when it was migrated (its old content is in FILE.vN.bak). */
  migratedFrom?: number;
}

/**
 * Opens a JSON data file and its change log (`FILE.log`), replaying the log onto the document.
 * A missing file is not created until the first write. See docs/persistence.md.
 */
export async function openFileStore(given: string, options: FileStoreOptions = {}): Promise<OpenResult> {
  // A data file that is a symlink is written through: the link is resolved once, here, and
  // everything (the document, its log, its lock) lives beside the file it points to.
  const file = await realpath(given).catch(() => given);
  const existing = await stat(file).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) throw new StoreLoadError(file, 'is not a regular file');
  if (!existing) await mkdir(dirname(file), { recursive: true });
  const release = await lockDataFile(file);
  try {
    return await bulkLoad(existing?.isFile() ? existing.size : 0, () => openLocked(file, existing !== undefined, options, release));
  } catch (e) {
    await release();
    throw e;
  }
}

async function readDocument(file: string, adapter: DocumentFile): Promise<unknown> {
  try {
    return await adapter.read();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof SyntaxError) throw new StoreLoadError(file, `is not valid JSON (${e.message})`);
    if (e instanceof RangeError || err.code === 'ERR_STRING_TOO_LONG') {
      throw new StoreLoadError(file, `is too large to read as one JSON text (${(await stat(file)).size} bytes)`);
    }
    throw new StoreLoadError(file, `cannot be read (${err.code ?? err.message})`);
  }
}

async function openLocked(file: string, docExists: boolean, options: FileStoreOptions, release: () => Promise<void>): Promise<OpenResult> {
  const adapter = new DocumentFile(file);
  const db = new Low<DataDocument>(adapter, emptyDocument());
  let migratedFrom: number | undefined;
  if (docExists) {
    // Read through the adapter, not lowdb's read(), which keeps its default for a file holding
    // null, false, 0 or "": those are refused like any other document of the wrong shape.
    const { document, from } = migrateDocument(await readDocument(file, adapter));
    const problem = shapeProblem(document);
    if (problem) throw new StoreLoadError(file, problem);
    db.data = document as DataDocument;
    migratedFrom = from;
  }
  const log = await ChangeLog.open(logPathOf(file), docExists ? (await stat(file)).size : 0, options);
  const store = new LowdbStore(db, log, release);
  let entries: LogEntry[];
  try {
    entries = await log.replay();
  } catch (e) {
    await log.close({ compact: false });
    throw e;
  }
  for (const entry of entries) store.applyEntry(entry);
  if (migratedFrom !== undefined) {
    // The old file is kept beside the new one, then the migrated document replaces it.
    await copyFile(file, `${file}.v${migratedFrom}.bak`);
    await store.replace(store.snapshot());
  }
  return { store, fresh: !docExists && entries.length === 0, ...(migratedFrom !== undefined ? { migratedFrom } : {}) };
}

function logPathOf(file: string): string {
  return `${file}.log`;
}

/** lowdb's Memory adapter: nothing is written anywhere. */
export function openMemoryStore(document: DataDocument = emptyDocument()): OpenResult {
  const db = new Low<DataDocument>(new Memory<DataDocument>(), structuredClone(document));
  return { store: new LowdbStore(db, undefined), fresh: true };
}

type AnyRecord = { id: string };

/**
 * Each collection's indexes, with the keys a record has in each: looked up once, not on each of the
 * records indexed (every commit's, and every record of a data file as it loads).
 */
const INDEXES_OF: ReadonlyMap<CollectionName, readonly (readonly [IndexName, (r: AnyRecord) => readonly string[]])[]> = new Map(
  COLLECTIONS.map((c) => [
    c,
    (Object.entries(INDEXES) as [IndexName, (typeof INDEXES)[IndexName]][])
      .filter(([, def]) => def.collection === c)
      .map(([name, def]) => [name, def.keys as unknown as (r: AnyRecord) => readonly string[]] as const),
  ]),
);

class LowdbStore implements Store {
  private readonly byId = new Map<CollectionName, Map<string, AnyRecord>>();
  /** Where each record sits in its lowdb array, so replacing one costs the same at any size. */
  private readonly positions = new Map<CollectionName, Map<string, number>>();
  private readonly indexes = new Map<IndexName, Map<string, Set<string>>>();

  constructor(
    private readonly db: Low<DataDocument>,
    /** Undefined for the Memory adapter: changes are acknowledged at once. */
    private readonly log: ChangeLog | undefined,
    /** Gives the data file's lock back. */
    private readonly release: () => Promise<void> = async () => undefined,
  ) {
    this.rebuildMaps();
    log?.attach(db);
  }

  get<C extends CollectionName>(collection: C, id: string): Collections[C] | undefined {
    return this.byId.get(collection)?.get(id) as Collections[C] | undefined;
  }

  all<C extends CollectionName>(collection: C): readonly Collections[C][] {
    return this.db.data[collection] as Collections[C][];
  }

  org(orgId: string): StoreView {
    return orgView(this, orgId);
  }

  lookup<I extends IndexName>(index: I, key: string): Collections[IndexedCollection<I>][] {
    const ids = this.indexes.get(index)?.get(key);
    if (!ids) return [];
    const collection = INDEXES[index].collection;
    return [...ids].map((id) => this.get(collection, id)).filter((r) => r !== undefined) as Collections[IndexedCollection<I>][];
  }

  commit(changes: Change[]): Promise<void> {
    const entry: LogEntry = { changes };
    if (!this.log) {
      this.applyEntry(entry);
      return Promise.resolve();
    }
    const undo = this.undoOf(changes);
    this.applyEntry(entry);
    return this.log.append(entry, { undo });
  }

  replace(document: DataDocument): Promise<void> {
    const entry: LogEntry = { replace: structuredClone(document) };
    const previous = this.db.data;
    this.applyEntry(entry);
    if (!this.log) return Promise.resolve();
    const undo = () => {
      this.db.data = previous;
      this.rebuildMaps();
    };
    return this.log.append(entry, { compact: true, undo });
  }

  /** The changes that put back what `changes` replace, as it is now; applied newest first. */
  private undoOf(changes: Change[]): () => void {
    const before: Change[] = [];
    for (const change of changes) {
      const ids = change.op === 'purge' ? change.ids : [change.op === 'put' ? change.record.id : change.id];
      for (const id of ids) {
        const previous = this.get(change.collection, id);
        before.push(
          previous ? ({ op: 'put', collection: change.collection, record: previous } as Change) : { op: 'delete', collection: change.collection, id },
        );
      }
    }
    return () => {
      for (const change of before.reverse()) this.apply(change);
    };
  }

  snapshot(): DataDocument {
    return structuredClone(this.db.data);
  }

  isEmpty(): boolean {
    return COLLECTIONS.every((c) => this.db.data[c].length === 0);
  }

  idle(): Promise<void> {
    return this.log ? this.log.idle() : Promise.resolve();
  }

  async close(options: { compact?: boolean } = {}): Promise<void> {
    await this.log?.close(options);
    await this.release();
  }

  /** Applies a log entry to memory: from a commit now, or from the log at startup. */
  applyEntry(entry: LogEntry): void {
    if ('replace' in entry) {
      this.db.data = structuredClone(entry.replace);
      this.rebuildMaps();
      return;
    }
    for (const change of entry.changes) this.apply(change);
  }

  private apply(change: Change): void {
    if (change.op === 'purge') return this.purge(change.collection, new Set(change.ids));
    const list = this.db.data[change.collection] as AnyRecord[];
    const map = this.byId.get(change.collection)!;
    const positions = this.positions.get(change.collection)!;
    const id = change.op === 'put' ? change.record.id : change.id;
    const previous = map.get(id);
    if (change.op === 'put') {
      const record = change.record as AnyRecord;
      if (previous) {
        list[positions.get(id)!] = record;
      } else {
        positions.set(id, list.length);
        list.push(record);
      }
      map.set(id, record);
      if (previous) this.reindex(change.collection, previous, record);
      else this.index(change.collection, record);
    } else if (previous) {
      this.purge(change.collection, new Set([id]));
    }
  }

  /** Deletes are rare (resets, org removal): one pass over the collection, then its positions. */
  private purge(collection: CollectionName, ids: Set<string>): void {
    const map = this.byId.get(collection)!;
    const positions = this.positions.get(collection)!;
    for (const id of ids) {
      const record = map.get(id);
      if (!record) continue;
      this.unindex(collection, record);
      map.delete(id);
      positions.delete(id);
    }
    const kept = (this.db.data[collection] as AnyRecord[]).filter((r) => !ids.has(r.id));
    (this.db.data as unknown as Record<string, AnyRecord[]>)[collection] = kept;
    kept.forEach((r, i) => positions.set(r.id, i));
  }

  private rebuildMaps(): void {
    for (const c of COLLECTIONS) {
      // A loop, not new Map(list.map(…)): no pair array made and dropped for each record of a large file.
      const list = this.db.data[c] as AnyRecord[];
      const byId = new Map<string, AnyRecord>();
      const positions = new Map<string, number>();
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        byId.set(r.id, r);
        positions.set(r.id, i);
      }
      this.byId.set(c, byId);
      this.positions.set(c, positions);
    }
    for (const name of Object.keys(INDEXES) as IndexName[]) this.indexes.set(name, new Map());
    for (const c of COLLECTIONS) for (const r of this.db.data[c] as AnyRecord[]) this.index(c, r);
  }

  private index(collection: CollectionName, record: AnyRecord): void {
    for (const [name, keys] of INDEXES_OF.get(collection)!) this.addUnder(name, keys(record), record.id);
  }

  /**
   * A record replaced: moved only in the indexes whose keys it changed. Most puts change none (a
   * conversation keeps its org), and taking an id out of a large set to put it back costs the set
   * a rehash now and then (an org's conversations: all of them).
   */
  private reindex(collection: CollectionName, previous: AnyRecord, record: AnyRecord): void {
    for (const [name, keys] of INDEXES_OF.get(collection)!) {
      const before = keys(previous);
      const after = keys(record);
      if (before.length === after.length && before.every((key, i) => key === after[i])) continue;
      this.removeUnder(name, before, previous.id);
      this.addUnder(name, after, record.id);
    }
  }

  private unindex(collection: CollectionName, record: AnyRecord): void {
    for (const [name, keys] of INDEXES_OF.get(collection)!) this.removeUnder(name, keys(record), record.id);
  }

  private addUnder(name: IndexName, keys: readonly string[], id: string): void {
    const index = this.indexes.get(name)!;
    for (const key of keys) {
      let ids = index.get(key);
      if (!ids) index.set(key, (ids = new Set()));
      ids.add(id);
    }
  }

  private removeUnder(name: IndexName, keys: readonly string[], id: string): void {
    const index = this.indexes.get(name)!;
    for (const key of keys) index.get(key)?.delete(id);
  }
}
