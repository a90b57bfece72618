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

/**
 * Brings a document of an older shape version up to this one, or says why it cannot. Each step
 * is additive, so a migrated document reads exactly as the old one did.
 */
export function migrateDocument(doc: unknown): { document: unknown; from?: number } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { document: doc };
  const d = { ...(doc as Record<string, unknown>) };
  const from = d.version;
  if (from === 1) {
    // Version 2 added queues.
    d.queues ??= [];
    d.version = 2;
    return { document: d, from: 1 };
  }
  return { document: d };
}

/** Why a parsed document is not one this version can use, or undefined when it is. */
export function shapeProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a JSON object';
  const d = doc as Record<string, unknown>;
  if (typeof d.version === 'number' && d.version > SCHEMA_VERSION) return `has shape version ${d.version}, written by a newer genesys-cloud-mock (this one reads up to ${SCHEMA_VERSION})`;
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

/** One line of the change log: a commit's changes, or a whole new document (reset). */
export type LogEntry = { changes: Change[] } | { replace: DataDocument };

