// The one place lowdb is used. Records live in lowdb's document (so the data file stays a
// plain JSON document a person can read) with id maps beside it for constant-time lookups.
// Changes are applied to memory synchronously, so a domain check-then-change never interleaves
// with another request; commit() resolves once a write that includes the change has finished.
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { access } from 'node:fs/promises';
import {
  COLLECTIONS,
  SCHEMA_VERSION,
  emptyDocument,
  type CollectionName,
  type Collections,
  type DataDocument,
} from './schema.js';

export type Change = {
  [C in CollectionName]:
    | { op: 'put'; collection: C; record: Collections[C] }
    | { op: 'delete'; collection: C; id: string };
}[CollectionName];

/** Secondary indexes: for each, the keys a record is found under. */
const INDEXES = {
  sessionsByConversation: {
    collection: 'cobrowseSessions',
    keys: (r: Collections['cobrowseSessions']) => r.conversationIds,
  },
  usersByOrg: { collection: 'users', keys: (r: Collections['users']) => [r.orgId] },
} as const;
export type IndexName = keyof typeof INDEXES;
type IndexedCollection<I extends IndexName> = (typeof INDEXES)[I]['collection'];

export interface Store {
  get<C extends CollectionName>(collection: C, id: string): Collections[C] | undefined;
  all<C extends CollectionName>(collection: C): readonly Collections[C][];
  lookup<I extends IndexName>(index: I, key: string): Collections[IndexedCollection<I>][];
  /** Applies the changes now; resolves when they are durable. */
  commit(changes: Change[]): Promise<void>;
  /** Replaces the whole content (reset); resolves when durable. */
  replace(document: DataDocument): Promise<void>;
  /** A deep copy of the whole document. */
  snapshot(): DataDocument;
  isEmpty(): boolean;
  close(): Promise<void>;
}

export class StoreLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`data file ${file}: ${problem}`);
    this.name = 'StoreLoadError';
  }
}

export interface OpenResult {
  store: Store;
  /** True when there was no data file (or no file at all): the caller seeds it. */
  fresh: boolean;
}

/** Opens a JSON data file; a missing file is not created until the first write. */
export async function openFileStore(file: string): Promise<OpenResult> {
  const db = new Low<DataDocument>(new JSONFile<DataDocument>(file), emptyDocument());
  let exists = true;
  try {
    await access(file);
  } catch {
    exists = false;
  }
  if (exists) {
    try {
      await db.read();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (e instanceof SyntaxError) throw new StoreLoadError(file, `is not valid JSON (${e.message})`);
      throw new StoreLoadError(file, `cannot be read (${err.code ?? err.message})`);
    }
    const problem = shapeProblem(db.data);
    if (problem) throw new StoreLoadError(file, problem);
  }
  return { store: new LowdbStore(db), fresh: !exists };
}

/** lowdb's Memory adapter: nothing is written anywhere. */
export function openMemoryStore(document: DataDocument = emptyDocument()): OpenResult {
  const db = new Low<DataDocument>(new Memory<DataDocument>(), structuredClone(document));
  return { store: new LowdbStore(db), fresh: true };
}

/** Why a parsed document is not one this version can use, or undefined when it is. */
export function shapeProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a JSON object';
  const d = doc as Record<string, unknown>;
  if (d.version !== SCHEMA_VERSION) return `has shape version ${JSON.stringify(d.version)}, expected ${SCHEMA_VERSION}`;
  for (const name of COLLECTIONS) {
    const list = d[name];
    if (!Array.isArray(list)) return `has no "${name}" array`;
    for (const [i, record] of list.entries()) {
      if (typeof record !== 'object' || record === null) return `${name}[${i}] is not an object`;
      const r = record as Record<string, unknown>;
      if (typeof r.id !== 'string') return `${name}[${i}] has no string id`;
      if (name !== 'orgs' && typeof r.orgId !== 'string') return `${name}[${i}] has no orgId`;
    }
  }
  const unknown = Object.keys(d).filter((k) => k !== 'version' && !(COLLECTIONS as readonly string[]).includes(k));
  if (unknown.length > 0) return `has unknown keys ${unknown.join(', ')}`;
  return undefined;
}

type AnyRecord = { id: string };

class LowdbStore implements Store {
  private readonly byId = new Map<CollectionName, Map<string, AnyRecord>>();
  private readonly indexes = new Map<IndexName, Map<string, Set<string>>>();
  private writing: Promise<void> | null = null;
  private pending: Promise<void> | null = null;

  constructor(private readonly db: Low<DataDocument>) {
    this.rebuildMaps();
  }

  get<C extends CollectionName>(collection: C, id: string): Collections[C] | undefined {
    return this.byId.get(collection)?.get(id) as Collections[C] | undefined;
  }

  all<C extends CollectionName>(collection: C): readonly Collections[C][] {
    return this.db.data[collection] as Collections[C][];
  }

  lookup<I extends IndexName>(index: I, key: string): Collections[IndexedCollection<I>][] {
    const ids = this.indexes.get(index)?.get(key);
    if (!ids) return [];
    const collection = INDEXES[index].collection;
    return [...ids].map((id) => this.get(collection, id)).filter((r) => r !== undefined) as Collections[IndexedCollection<I>][];
  }

  commit(changes: Change[]): Promise<void> {
    for (const change of changes) this.apply(change);
    return this.flush();
  }

  replace(document: DataDocument): Promise<void> {
    this.db.data = structuredClone(document);
    this.rebuildMaps();
    return this.flush();
  }

  snapshot(): DataDocument {
    return structuredClone(this.db.data);
  }

  isEmpty(): boolean {
    return COLLECTIONS.every((c) => this.db.data[c].length === 0);
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private apply(change: Change): void {
    const list = this.db.data[change.collection] as AnyRecord[];
    const map = this.byId.get(change.collection)!;
    const id = change.op === 'put' ? change.record.id : change.id;
    const previous = map.get(id);
    if (previous) this.unindex(change.collection, previous);
    if (change.op === 'put') {
      const record = change.record as AnyRecord;
      if (previous) list[list.indexOf(previous)] = record;
      else list.push(record);
      map.set(id, record);
      this.index(change.collection, record);
    } else if (previous) {
      list.splice(list.indexOf(previous), 1);
      map.delete(id);
    }
  }

  /**
   * Group commit: while one write is in flight every further commit joins a single follow-up
   * write, so N concurrent requests cost at most two serialisations of the document.
   */
  private flush(): Promise<void> {
    if (!this.writing) {
      this.writing = this.db.write().finally(() => {
        this.writing = null;
      });
      return this.writing;
    }
    if (!this.pending) {
      this.pending = this.writing
        .catch(() => undefined)
        .then(() => {
          this.pending = null;
          return this.flush();
        });
    }
    return this.pending;
  }

  private rebuildMaps(): void {
    for (const c of COLLECTIONS) {
      this.byId.set(c, new Map((this.db.data[c] as AnyRecord[]).map((r) => [r.id, r])));
    }
    for (const name of Object.keys(INDEXES) as IndexName[]) this.indexes.set(name, new Map());
    for (const c of COLLECTIONS) for (const r of this.db.data[c] as AnyRecord[]) this.index(c, r);
  }

  private index(collection: CollectionName, record: AnyRecord): void {
    this.eachKey(collection, record, (set) => set.add(record.id), true);
  }

  private unindex(collection: CollectionName, record: AnyRecord): void {
    this.eachKey(collection, record, (set) => set.delete(record.id), false);
  }

  private eachKey(collection: CollectionName, record: AnyRecord, fn: (ids: Set<string>) => void, create: boolean): void {
    for (const [name, def] of Object.entries(INDEXES) as [IndexName, (typeof INDEXES)[IndexName]][]) {
      if (def.collection !== collection) continue;
      const index = this.indexes.get(name)!;
      for (const key of (def.keys as unknown as (r: AnyRecord) => readonly string[])(record)) {
        let ids = index.get(key);
        if (!ids && create) index.set(key, (ids = new Set()));
        if (ids) fn(ids);
      }
    }
  }
}
