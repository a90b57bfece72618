// The request journal: the last requests to /api/v2/** and /oauth/token, in memory, so a test
// can see and count what its code sent. Bounded by count and by bytes: a body over
// BODY_KEPT_BYTES is kept as the start of its JSON text with a marker, so a flood of large
// requests cannot grow the journal past its byte bound (64 MB by default).
import { pathMatches } from './glob.js';

export interface JournalEntry {
  time: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  clientId?: string;
  orgId?: string;
  body?: unknown;
  /** Absent when no answer was sent: the connection closed first (a `drop` fault, a client gone). */
  status?: number;
  responseBody?: unknown;
  correlationId: string;
  durationMs: number;
  /** The id of the fault that answered instead of the API. */
  fault?: string;
}

export interface JournalFilter {
  method?: string | undefined;
  path?: string | undefined;
  status?: number | undefined;
  orgId?: string | undefined;
  since?: string | undefined;
  bodyContains?: string | undefined;
}

export const BODY_KEPT_BYTES = 16 * 1024;
export const DEFAULT_JOURNAL_BYTES = 64 * 1024 * 1024;
/** What an entry costs beside its headers and bodies (its other fields, the structures holding it). */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * A body as the journal keeps it, and what it costs: whole up to BODY_KEPT_BYTES of JSON text,
 * else the start of that text with a marker saying how long it was. `knownBytes`, the size on
 * the wire when known, spares serialising a body that is small anyway.
 */
export function keptBody(body: unknown, knownBytes?: number): { body: unknown; bytes: number } {
  if (knownBytes !== undefined && knownBytes <= BODY_KEPT_BYTES) return { body, bytes: knownBytes };
  const text = JSON.stringify(body) ?? '';
  if (text.length <= BODY_KEPT_BYTES) return { body, bytes: text.length };
  return { body: `${text.slice(0, BODY_KEPT_BYTES)}… [truncated: ${Buffer.byteLength(text)} bytes in all]`, bytes: BODY_KEPT_BYTES + 64 };
}

/** What an entry costs in memory, roughly: its headers and kept bodies, and a fixed overhead. */
export function entryBytes(entry: JournalEntry, bodyBytes: number): number {
  let headers = 0;
  for (const [name, value] of Object.entries(entry.headers)) headers += name.length + value.length;
  return ENTRY_OVERHEAD_BYTES + entry.path.length + headers + bodyBytes;
}

export class Journal {
  private entries: { entry: JournalEntry; bytes: number }[] = [];
  /** Where the oldest kept entry is: older ones are dropped by moving it, in constant time. */
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly size: number,
    private readonly maxBytes = DEFAULT_JOURNAL_BYTES,
  ) {}

  add(entry: JournalEntry, bytes: number): void {
    if (this.size <= 0 || bytes > this.maxBytes) return;
    this.entries.push({ entry, bytes });
    this.bytes += bytes;
    while (this.entries.length - this.head > this.size || this.bytes > this.maxBytes) {
      this.bytes -= this.entries[this.head]!.bytes;
      this.entries[this.head++] = undefined as never;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
  }

  /** Oldest first. */
  all(): JournalEntry[] {
    return this.entries.slice(this.head).map((e) => e.entry);
  }

  find(filter: JournalFilter): JournalEntry[] {
    const since = filter.since === undefined ? undefined : Date.parse(filter.since);
    return this.all().filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        pathMatches(filter.path, e.path) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.orgId === undefined || e.orgId === filter.orgId) &&
        (since === undefined || Date.parse(e.time) >= since) &&
        (filter.bodyContains === undefined || (e.body !== undefined && JSON.stringify(e.body).includes(filter.bodyContains))),
    );
  }

  byCorrelationId(id: string): JournalEntry | undefined {
    return this.all().find((e) => e.correlationId === id);
  }
}
