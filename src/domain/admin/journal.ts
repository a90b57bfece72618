// The request journal: the last requests to /api/v2/** and /oauth/token, in memory, so a test
// can see and count what its code sent. Bounded by count and by bytes: a body over
// BODY_KEPT_BYTES is kept as the start of its JSON text with a marker, so a flood of large
// requests cannot grow the journal past its byte bound (64 MB by default).
//
// Credentials are masked when an entry is read, not when it is recorded: a request costs the
// masking only if someone looks at it (most are never read), and the result is the same, because
// what is masked is fixed by the entry. A body cut short is masked before it is cut.
import { pathMatches } from './glob.js';
import type { Model } from '../models.js';
import { maskedBody, maskedHeaders, maskedQuery } from './credentials.js';

/** A journaled request; `status` is absent when no answer was sent (a `drop` fault, a client gone). */
export type JournalEntry = Model<'AdminRequest'>;

/**
 * An entry as recorded: when it was as a number (formatted when shown), its headers as received,
 * and credentials still in it and its bodies.
 */
export type RecordedEntry = Omit<JournalEntry, 'headers' | 'time'> & { at: number; headers: Record<string, string | string[] | undefined> };

/** The entry as the journal shows it: every credential masked, fields in the recorded order. */
export function shownEntry(recorded: RecordedEntry): JournalEntry {
  const { at, method, path, query, headers, ...rest } = recorded;
  const shown: JournalEntry = { time: new Date(at).toISOString(), method, path, query: maskedQuery(query), headers: maskedHeaders(headers), ...rest };
  if ('body' in rest) shown.body = maskedBody(rest.body);
  if ('responseBody' in rest) shown.responseBody = maskedBody(rest.responseBody);
  return shown;
}

/** POST /__admin/requests/count's filter, and GET /__admin/requests's, which also has `since`. */
export type JournalFilter = Model<'AdminRequestFilter'> & { since?: string | undefined };

export const BODY_KEPT_BYTES = 16 * 1024;
export const DEFAULT_JOURNAL_BYTES = 64 * 1024 * 1024;
/** What an entry costs beside its headers and bodies (its other fields, the structures holding it). */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * The JSON text of a value, cut once it is `max` characters long, without building the rest: a
 * 500 KB body costs its first 16 KB here, not a second 500 KB string to throw away.
 */
export function jsonPrefix(value: unknown, max: number): { text: string; complete: boolean } {
  const parts: string[] = [];
  let length = 0;
  const put = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= max;
  };
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return put(JSON.stringify(v.length > max - length ? v.slice(0, Math.max(0, max - length) + 1) : v));
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !put(',')) || !walk(v[i] ?? null)) return false;
      return put(']');
    }
    if (typeof v === 'object' && v !== null) {
      if (!put('{')) return false;
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue;
        if ((!first && !put(',')) || !put(`${JSON.stringify(k)}:`) || !walk(x)) return false;
        first = false;
      }
      return put('}');
    }
    return put(JSON.stringify(v) ?? 'null');
  };
  const complete = walk(value);
  const text = parts.join('');
  return complete && text.length <= max ? { text, complete: true } : { text: text.slice(0, max), complete: false };
}

/**
 * A body as the journal keeps it, and what it costs: whole up to BODY_KEPT_BYTES of JSON text
 * (masked when shown), else the start of its masked text with a marker saying how long the body
 * was (`wireBytes`, its size on the wire, when known).
 */
export function keptBody(body: unknown, wireBytes?: number): { body: unknown; bytes: number } {
  if (wireBytes !== undefined && wireBytes <= BODY_KEPT_BYTES) return { body, bytes: wireBytes };
  const { text, complete } = jsonPrefix(maskedBody(body), BODY_KEPT_BYTES);
  if (complete) return { body, bytes: text.length };
  // Copied, not sliced: a slice of a string keeps the whole string it was cut from alive.
  const start = Buffer.from(text, 'utf8').toString('utf8');
  return { body: `${start}… [truncated: ${wireBytes === undefined ? `over ${BODY_KEPT_BYTES}` : wireBytes} bytes in all]`, bytes: BODY_KEPT_BYTES + 64 };
}

/** What an entry costs in memory, roughly: its headers and kept bodies, and a fixed overhead. */
export function entryBytes(entry: RecordedEntry, bodyBytes: number): number {
  let headers = 0;
  for (const name in entry.headers) {
    const value = entry.headers[name];
    headers += name.length + (typeof value === 'string' ? value.length : Array.isArray(value) ? value.join(', ').length : 0);
  }
  return ENTRY_OVERHEAD_BYTES + entry.path.length + headers + bodyBytes;
}

interface Slot {
  recorded: RecordedEntry;
  bytes: number;
  /** Its shown form, once it has been read. */
  shown?: JournalEntry;
}

function shown(slot: Slot): JournalEntry {
  return (slot.shown ??= shownEntry(slot.recorded));
}

export class Journal {
  private entries: Slot[] = [];
  /** Where the oldest kept entry is: older ones are dropped by moving it, in constant time. */
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly size: number,
    private readonly maxBytes = DEFAULT_JOURNAL_BYTES,
  ) {}

  add(recorded: RecordedEntry, bytes: number): void {
    if (this.size <= 0 || bytes > this.maxBytes) return;
    this.entries.push({ recorded, bytes });
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
    return this.entries.slice(this.head).map(shown);
  }

  find(filter: JournalFilter): JournalEntry[] {
    const since = filter.since === undefined ? undefined : Date.parse(filter.since);
    const found: JournalEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const slot = this.entries[i]!;
      const e = slot.recorded;
      if (
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        pathMatches(filter.path, e.path) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.orgId === undefined || e.orgId === filter.orgId) &&
        (since === undefined || e.at >= since) &&
        // Searched as shown: a secret in a body is not found.
        (filter.bodyContains === undefined || (e.body !== undefined && JSON.stringify(shown(slot).body).includes(filter.bodyContains)))
      )
        found.push(shown(slot));
    }
    return found;
  }

  byCorrelationId(id: string): JournalEntry | undefined {
    for (let i = this.head; i < this.entries.length; i++) if (this.entries[i]!.recorded.correlationId === id) return shown(this.entries[i]!);
    return undefined;
  }
}
