// The change log beside the data file: every acknowledged commit is one appended JSON line,
// fdatasync'd before its response leaves, so a write costs the size of the change, not of the
// data. The log is compacted into the lowdb document (and emptied) once it outgrows the document.
// Replaying a log onto any document it was compacted into gives the same state, because every
// line puts whole records, deletes by id, or replaces the whole document.
import type { Low } from 'lowdb';
import { open, type FileHandle } from 'node:fs/promises';
import { COLLECTIONS, type DataDocument } from './schema.js';
import { migrateDocument, shapeProblem, StoreLoadError, type FileStoreOptions, type LogEntry } from './document.js';

const DEFAULT_COMPACT_MIN_BYTES = 8 * 1024 * 1024;

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** A reset waits for its compaction, so the data file holds the new document when it answers. */
  afterCompaction: boolean;
}

export class ChangeLog {
  private db: Low<DataDocument> | undefined;
  private queue: string[] = [];
  private waiters: Waiter[] = [];
  private compactRequested = false;
  private running = false;
  private drained: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private logBytes: number,
    private docBytes: number,
    private readonly compactMinBytes: number,
    private readonly fsync: boolean,
  ) {}

  static async open(path: string, docBytes: number, options: FileStoreOptions): Promise<ChangeLog> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'a+');
    } catch (e) {
      throw new StoreLoadError(path, `cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const { size } = await handle.stat();
    return new ChangeLog(path, handle, size, docBytes, options.compactMinBytes ?? DEFAULT_COMPACT_MIN_BYTES, options.fsync ?? true);
  }

  attach(db: Low<DataDocument>): void {
    this.db = db;
  }

  /**
   * The entries to apply at startup. A last line without its newline is a write cut short by a
   * crash: it was never acknowledged, so it is dropped (and cut from the file). Any other
   * unreadable line stops startup.
   */
  async replay(): Promise<LogEntry[]> {
    if (this.logBytes === 0) return [];
    const buffer = Buffer.alloc(this.logBytes);
    await this.handle.read(buffer, 0, this.logBytes, 0);
    const text = buffer.toString('utf8');
    const complete = text.lastIndexOf('\n') + 1;
    if (complete < text.length) {
      await this.handle.truncate(Buffer.byteLength(text.slice(0, complete)));
      this.logBytes = Buffer.byteLength(text.slice(0, complete));
    }
    const entries: LogEntry[] = [];
    const lines = text.slice(0, complete).split('\n');
    lines.pop();
    lines.forEach((line, i) => {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        throw new StoreLoadError(this.path, `line ${i + 1} is not valid JSON`);
      }
      if (typeof entry === 'object' && entry !== null && 'replace' in entry) {
        (entry as { replace: unknown }).replace = migrateDocument((entry as { replace: unknown }).replace).document;
      }
      const problem = entryProblem(entry);
      if (problem) throw new StoreLoadError(this.path, `line ${i + 1} ${problem}`);
      entries.push(entry as LogEntry);
    });
    return entries;
  }

  /** Resolves once the entry is on disk; `compact` asks for a compaction right after it. */
  append(entry: LogEntry, options: { compact?: boolean } = {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    this.queue.push(`${JSON.stringify(entry)}\n`);
    if (options.compact) this.compactRequested = true;
    const afterCompaction = options.compact === true;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject, afterCompaction }));
    if (!this.running) {
      this.running = true;
      this.drained = this.drain();
    }
    return done;
  }

  /** Resolves when no write or compaction is under way. */
  async idle(): Promise<void> {
    while (this.running) await this.drained;
  }

  /** `compact: false` leaves the log as it is, exactly as a crash after the last write would. */
  async close(options: { compact?: boolean } = {}): Promise<void> {
    while (this.running) await this.drained;
    if (this.closed) return;
    this.closed = true;
    // A clean stop leaves one readable document and an empty log.
    if (this.logBytes > 0 && options.compact !== false) await this.compact();
    await this.handle.close();
  }

  /** Group commit: everything queued while one write is on its way goes in the next single write. */
  private async drain(): Promise<void> {
    for (;;) {
      // Cleared in the same tick the queue is found empty (no await in between), so an append made
      // by a caller resumed from this loop starts the next drain instead of waiting on this one.
      if (this.queue.length === 0) {
        this.running = false;
        return;
      }
      const text = this.queue.join('');
      const waiters = this.waiters;
      this.queue = [];
      this.waiters = [];
      try {
        await this.handle.write(text);
        if (this.fsync) await this.handle.datasync();
        this.logBytes += Buffer.byteLength(text);
        for (const w of waiters) if (!w.afterCompaction) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
        continue;
      }
      if (this.compactRequested || this.logBytes > Math.max(this.compactMinBytes, this.docBytes)) {
        this.compactRequested = false;
        // A failed compaction loses nothing: the log still holds every change.
        await this.compact().catch(() => undefined);
      }
      for (const w of waiters) if (w.afterCompaction) w.resolve();
    }
  }

  /**
   * Writes the whole document through lowdb (to a temporary file, then renamed over the old one),
   * syncs it, and only then empties the log.
   */
  private async compact(): Promise<void> {
    const db = this.db!;
    await db.write();
    const doc = await open(this.pathOfDocument(), 'r');
    try {
      await doc.sync();
      this.docBytes = (await doc.stat()).size;
    } finally {
      await doc.close();
    }
    await this.handle.truncate(0);
    if (this.fsync) await this.handle.datasync();
    this.logBytes = 0;
  }

  private pathOfDocument(): string {
    return this.path.replace(/\.log$/, '');
  }
}

function entryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'is not an object';
  const e = entry as Record<string, unknown>;
  if ('replace' in e) {
    const problem = shapeProblem(e.replace);
    return problem ? `replaces the document with one that ${problem}` : undefined;
  }
  if (!Array.isArray(e.changes)) return 'has no changes';
  for (const change of e.changes as Record<string, unknown>[]) {
    if (!(COLLECTIONS as readonly string[]).includes(change?.collection as string)) return 'names an unknown collection';
    if (change.op === 'put') {
      const record = change.record as Record<string, unknown> | undefined;
      if (typeof record?.id !== 'string') return 'puts a record without an id';
      if (change.collection !== 'orgs' && typeof record.orgId !== 'string') return 'puts a record without an orgId';
    } else if (change.op === 'purge') {
      if (!Array.isArray(change.ids) || !(change.ids as unknown[]).every((id) => typeof id === 'string')) return 'purges ids that are not strings';
    } else if (change.op !== 'delete' || typeof change.id !== 'string') {
      return 'has a change that is neither a put, a delete nor a purge';
    }
  }
  return undefined;
}
