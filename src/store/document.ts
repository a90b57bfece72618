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

/**
 * A change the data file could not take (disk full, a file deleted under the server, an I/O
 * error): it was not acknowledged, and it is undone in memory, so what clients see is what a
 * restart shows.
 */
export class StoreWriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'StoreWriteError';
  }
}

/** What the change log needs of an open file: a FileHandle, or a test's stand-in for one. */
export interface LogFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<{ size: number; ino: number; dev: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** Writes all of `bytes`: a write may take fewer than asked (a disk filling up), so the rest follows, or it fails. */
export async function writeFully(file: Pick<LogFile, 'write'>, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, written, bytes.length - written);
    if (bytesWritten === 0) throw Object.assign(new Error('no byte written'), { code: 'ENOSPC' });
    written += bytesWritten;
  }
}

export interface FileStoreOptions {
  /** The change log is compacted into the document once it is larger than this and the document. */
  compactMinBytes?: number;
  /** fdatasync the log before acknowledging (on by default: survives power loss, not only a crash). */
  fsync?: boolean;
  /** Told once of a problem that loses nothing but should be seen (a compaction that failed). */
  warn?: (message: string) => void;
  /** Opens the change log for appending; tests hand in a file that fails on demand. */
  openLog?: (path: string) => Promise<LogFile>;
  /**
   * Writes the document a compaction makes to a temporary file (src/store/document-file.ts's
   * writeDocumentInPieces); tests hand in one that waits or fails on demand.
   */
  writeDocument?: (path: string, doc: DataDocument, cancelled: () => boolean) => Promise<number | undefined>;
}

/**
 * Brings a document of an older shape version up to this one, or says why it cannot. Each step
 * is additive, so a migrated document reads exactly as the old one did.
 */
export function migrateDocument(doc: unknown): { document: unknown; from?: number } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { document: doc };
  const d = { ...(doc as Record<string, unknown>) };
  const from = d.version;
  if (from !== 1 && from !== 2 && from !== 3 && from !== 4 && from !== 5) return { document: d };
  // Version 2 added queues; version 3 routing skills and wrap-up codes; version 4 messaging
  // integrations; version 5 external contacts; version 6 analytics jobs.
  if (d.version === 1) {
    d.queues ??= [];
    d.version = 2;
  }
  if (d.version === 2) {
    d.skills ??= [];
    d.wrapupCodes ??= [];
    d.version = 3;
  }
  if (d.version === 3) {
    d.messagingIntegrations ??= [];
    d.version = 4;
  }
  if (d.version === 4) {
    d.externalContacts ??= [];
    d.version = 5;
  }
  d.analyticsJobs ??= [];
  d.version = 6;
  return { document: d, from };
}

/** Why a parsed document is not one this version can use, or undefined when it is. */
export function shapeProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a JSON object';
  const d = doc as Record<string, unknown>;
  if (typeof d.version === 'number' && d.version > SCHEMA_VERSION)
    return `has shape version ${d.version}, written by a newer genesys-cloud-mock (this one reads up to ${SCHEMA_VERSION})`;
  if (d.version !== SCHEMA_VERSION) return `has shape version ${JSON.stringify(d.version)}, expected ${SCHEMA_VERSION}`;
  for (const name of COLLECTIONS) {
    const list = d[name];
    if (!Array.isArray(list)) return `has no "${name}" array`;
    for (const [i, record] of list.entries()) {
      const problem = recordProblem(name, record);
      if (problem) return `${name}[${i}] ${problem}`;
    }
  }
  const unknown = Object.keys(d).filter((k) => k !== 'version' && !(COLLECTIONS as readonly string[]).includes(k));
  if (unknown.length > 0) return `has unknown keys ${unknown.join(', ')}`;
  return undefined;
}

type FieldKind =
  | 'string'
  | 'string?'
  | 'number'
  | 'number?'
  | 'boolean?'
  | 'strings'
  | 'strings?'
  | 'party'
  | 'parties'
  | 'events'
  | 'members?'
  | 'userSkills?'
  | 'messaging?';

/**
 * The fields the code reads of each record, with their kinds: a data file is refused at startup
 * when a record lacks one, instead of an API call failing on it later.
 */
const RECORD_FIELDS: { [C in CollectionName]: Record<string, FieldKind> } = {
  orgs: { id: 'string', name: 'string', clientId: 'string?', userId: 'string?' },
  oauthClients: {
    id: 'string',
    orgId: 'string',
    name: 'string',
    secret: 'string',
    scopes: 'strings',
    userId: 'string?',
    authorizedGrantTypes: 'strings?',
    registeredRedirectUris: 'strings?',
  },
  tokens: {
    id: 'string',
    orgId: 'string',
    clientId: 'string',
    userId: 'string?',
    scopes: 'strings',
    issuedAt: 'string',
    expiresAt: 'string',
    grantType: 'string?',
    refresh: 'boolean?',
  },
  users: {
    id: 'string',
    orgId: 'string',
    name: 'string',
    email: 'string?',
    department: 'string?',
    title: 'string?',
    state: 'string?',
    version: 'number?',
    profileSkills: 'strings?',
    presence: 'string?',
    presenceMessage: 'string?',
    presenceModified: 'string?',
    routingStatus: 'string?',
    routingStatusStart: 'string?',
    routingSkills: 'userSkills?',
  },
  queues: { id: 'string', orgId: 'string', name: 'string', description: 'string?', dateCreated: 'string?', members: 'members?', wrapupCodes: 'strings?' },
  skills: { id: 'string', orgId: 'string', name: 'string', state: 'string', dateModified: 'string', version: 'number' },
  wrapupCodes: { id: 'string', orgId: 'string', name: 'string', dateCreated: 'string', dateModified: 'string' },
  conversations: {
    id: 'string',
    orgId: 'string',
    mediaType: 'string',
    customerExternalId: 'string',
    agentUserId: 'string?',
    queueId: 'string?',
    endTime: 'string?',
    messaging: 'messaging?',
    events: 'events',
  },
  cobrowseSessions: {
    id: 'string',
    orgId: 'string',
    conversationIds: 'strings',
    state: 'string',
    initiator: 'party',
    participants: 'parties',
    joinCode: 'string',
    dateCreated: 'string',
    dateEnded: 'string?',
  },
  messagingIntegrations: { id: 'string', orgId: 'string', name: 'string', messengerType: 'string', queueId: 'string', address: 'string?' },
  externalContacts: { id: 'string', orgId: 'string', createDate: 'string', modifyDate: 'string' },
  analyticsJobs: { id: 'string', orgId: 'string', submissionDate: 'string', dueDate: 'string', conversationIds: 'strings' },
};

/** The same, as lists: read for every record at startup, so built once. */
const FIELD_LISTS = Object.fromEntries(Object.entries(RECORD_FIELDS).map(([c, fields]) => [c, Object.entries(fields)])) as {
  [C in CollectionName]: [string, FieldKind][];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isParty = (v: unknown) => isObject(v) && typeof v.id === 'string' && typeof v.type === 'string';

function kindProblem(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'string?':
      return value === undefined || typeof value === 'string' ? undefined : 'a string or absent';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
    case 'number?':
      return value === undefined || (typeof value === 'number' && Number.isFinite(value)) ? undefined : 'a number or absent';
    case 'boolean?':
      return value === undefined || typeof value === 'boolean' ? undefined : 'true, false or absent';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'a list of strings';
    case 'strings?':
      return value === undefined || (Array.isArray(value) && value.every((v) => typeof v === 'string')) ? undefined : 'a list of strings or absent';
    case 'party':
      return isParty(value) ? undefined : 'an {id, type} party';
    case 'parties':
      return Array.isArray(value) && value.every(isParty) ? undefined : 'a list of {id, type} parties';
    case 'userSkills?':
      return value === undefined || (Array.isArray(value) && value.every((m) => isObject(m) && typeof m.id === 'string' && typeof m.proficiency === 'number'))
        ? undefined
        : 'a list of {id, proficiency} skills or absent';
    case 'members?':
      return value === undefined || (Array.isArray(value) && value.every((m) => isObject(m) && typeof m.userId === 'string' && typeof m.joined === 'boolean'))
        ? undefined
        : 'a list of {userId, joined} members or absent';
    case 'messaging?':
      return value === undefined || (isObject(value) && typeof value.messengerType === 'string' && typeof value.address === 'string')
        ? undefined
        : 'a {messengerType, address} channel or absent';
    case 'events':
      return Array.isArray(value) && value.every((e) => isObject(e) && typeof e.type === 'string' && typeof e.at === 'string')
        ? undefined
        : 'a list of {type, at} events';
  }
}

/** Why a record cannot be one of the collection's, or undefined when it can. */
export function recordProblem(collection: CollectionName, record: unknown): string | undefined {
  if (!isObject(record)) return 'is not an object';
  for (const [field, kind] of FIELD_LISTS[collection]) {
    const problem = kindProblem(kind, record[field]);
    if (problem) return field === 'id' ? 'has no string id' : field === 'orgId' ? 'has no orgId' : `has "${field}" that is not ${problem}`;
  }
  return undefined;
}

/** One line of the change log: a commit's changes, or a whole new document (reset). */
export type LogEntry = { changes: Change[] } | { replace: DataDocument };
