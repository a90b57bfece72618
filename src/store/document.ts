// The data document's rules shared by the store and its change log.
import { COLLECTIONS, SCHEMA_VERSION, type CollectionName, type Collections, type DataDocument } from './schema.js';

export type Change = {
  [C in CollectionName]:
    | { op: 'put'; collection: C; record: Collections[C] }
    | { op: 'delete'; collection: C; id: string }
    /** Many deletes at once, in one pass over the collection. */
    | { op: 'purge'; collection: C; ids: string[] };
}[CollectionName];

export class StoreLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`data file ${file}: ${problem}`);
    this.name = 'StoreLoadError';
  }
}

export interface FileStoreOptions {
  /** The change log is compacted into the document once it is larger than this and the document. */
  compactMinBytes?: number;
  /** fdatasync the log before acknowledging (on by default: survives power loss, not only a crash). */
  fsync?: boolean;
}

/** Collections a version-1 document written before they existed may lack. */
export const ADDED_COLLECTIONS: readonly CollectionName[] = ['queues'];

/** Fills in the collections an older document lacks. */
export function withAllCollections(doc: DataDocument): DataDocument {
  for (const name of ADDED_COLLECTIONS) (doc as unknown as Record<string, unknown>)[name] ??= [];
  return doc;
}

/** Why a parsed document is not one this version can use, or undefined when it is. */
export function shapeProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a JSON object';
  const d = doc as Record<string, unknown>;
  if (d.version !== SCHEMA_VERSION) return `has shape version ${JSON.stringify(d.version)}, expected ${SCHEMA_VERSION}`;
  for (const name of COLLECTIONS) {
    const list = d[name];
    // Collections added by later versions of the same shape start empty in older files.
    if (list === undefined && (ADDED_COLLECTIONS as readonly string[]).includes(name)) continue;
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

/** One line of the change log: a commit's changes, or a whole new document (reset). */
export type LogEntry = { changes: Change[] } | { replace: DataDocument };

