// The request journal: the last N requests to /api/v2/** and /oauth/token, in memory, so a test
// can see and count what its code sent.
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
  status: number;
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

export class Journal {
  private entries: JournalEntry[] = [];
  private start = 0;

  constructor(private readonly size: number) {}

  add(entry: JournalEntry): void {
    if (this.size <= 0) return;
    if (this.entries.length < this.size) {
      this.entries.push(entry);
    } else {
      // A ring: the oldest entry is overwritten, in constant time.
      this.entries[this.start] = entry;
      this.start = (this.start + 1) % this.size;
    }
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }

  /** Oldest first. */
  all(): JournalEntry[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
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
    return this.entries.find((e) => e.correlationId === id);
  }
}
