// The change log beside the data file: every acknowledged commit is one appended JSON line,
// fdatasync'd before its response leaves, so a write costs the size of the change, not of the
// data. The log is compacted into the lowdb document once it outgrows the document: beside the
// writes, from a copy of the document's arrays taken between two of them, after which the lines
// the new document holds are dropped from the log. Replaying a log onto any document it was
// compacted into gives the same state, because every line puts whole records, deletes by id, or
// replaces the whole document.
//
// A write that fails (disk full, an I/O error, a file deleted under the server) is cut back from
// the log to its last good length before anything else is written, and every change not yet on
// disk is undone in memory, newest first: what clients see is always what a restart shows.
import type { Low } from 'lowdb';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeDocumentInPieces } from './document-file.js';
import { LineTooLong, readLines } from './lines.js';
import { COLLECTIONS, type DataDocument } from './schema.js';
import {
  migrateDocument,
  recordProblem,
  shapeProblem,
  StoreLoadError,
  StoreWriteError,
  type FileStoreOptions,
  writeFully,
  type LogEntry,
  type LogFile,
} from './document.js';

const DEFAULT_COMPACT_MIN_BYTES = 8 * 1024 * 1024;
/** Longer than any change the API can make by far; a longer line is not a log this wrote. */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Takes the entry back out of memory when it cannot be written. */
  undo: () => void;
  /** A reset waits for its compaction, so the data file holds the new document when it answers. */
  afterCompaction: boolean;
}

/** Which file a path names, to notice one deleted or replaced while the server runs. */
interface Identity {
  dev: number;
  ino: number;
}

async function identityOf(path: string): Promise<Identity | undefined> {
  try {
    const { dev, ino } = await stat(path);
    return { dev, ino };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const sameFile = (a: Identity | undefined, b: Identity | undefined) => a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;

async function openForAppend(path: string): Promise<LogFile> {
  return open(path, 'a+');
}

/**
 * Where a compaction beside the writes writes a file before renaming it over `path`: not lowdb's
 * `.FILE.tmp`, which a reset's or a stop's compaction writes meanwhile.
 */
const temporaryPathOf = (path: string) => join(dirname(path), `.${basename(path)}.compacting`);

async function syncFolderOf(path: string): Promise<void> {
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * A compaction under way beside the writes: the document as it stood once the log's first `upTo`
 * bytes were applied, being written to a temporary file. Only the drain loop, between two writes,
 * renames it over the document and drops those bytes from the log.
 */
interface BackgroundCompaction {
  upTo: number;
  temporary: string;
  /** A compaction of the whole document (a reset's, a stop's) supersedes this one. */
  cancelled: boolean;
  /** Set once the document is written (its size), or could not be (the error). */
  outcome?: { bytes: number | undefined } | { error: unknown };
  settled: Promise<void>;
}

export class ChangeLog {
  private db: Low<DataDocument> | undefined;
  private queue: string[] = [];
  private waiters: Waiter[] = [];
  private compactRequested = false;
  private running = false;
  private drained: Promise<void> = Promise.resolve();
  private closed = false;
  /** Set while a failed append could not be cut back yet: nothing is written until it is. */
  private tornAt: number | undefined;
  private warnedCompaction = false;
  private background: BackgroundCompaction | undefined;
  private stopping = false;
  /** After a compaction failed, the log's size at which the next one is tried. */
  private retryCompactionAt = 0;

  private constructor(
    private readonly path: string,
    private handle: LogFile,
    private identity: Identity,
    /** The document's identity as this server last wrote or read it; undefined before it exists. */
    private documentIdentity: Identity | undefined,
    private logBytes: number,
    private docBytes: number,
    private readonly options: FileStoreOptions,
  ) {}

  static async open(path: string, docBytes: number, options: FileStoreOptions): Promise<ChangeLog> {
    const existing = await stat(path).catch(() => undefined);
    if (existing && !existing.isFile()) throw new StoreLoadError(path, 'is not a regular file');
    let handle: LogFile;
    try {
      handle = await (options.openLog ?? openForAppend)(path);
    } catch (e) {
      throw new StoreLoadError(path, `cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const { size, dev, ino } = await handle.stat();
    const document = path.replace(/\.log$/, '');
    return new ChangeLog(path, handle, { dev, ino }, await identityOf(document), size, docBytes, options);
  }

  attach(db: Low<DataDocument>): void {
    this.db = db;
  }

  /**
   * The entries to apply at startup, read a chunk at a time. A last line without its newline is
   * a write cut short by a crash: it was never acknowledged, so it is dropped, and cut from the
   * file once every other line has been read. Any other unreadable line stops startup, and then
   * the file is left exactly as it was.
   */
  async replay(): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    let complete = 0;
    try {
      for await (const line of readLines(this.handle, this.logBytes, MAX_LINE_BYTES)) {
        if (!line.complete) break;
        entries.push(this.parseLine(line.text, entries.length + 1));
        complete = line.end;
      }
    } catch (e) {
      if (e instanceof LineTooLong)
        throw new StoreLoadError(this.path, `line ${e.lineNumber} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: not a change log this server wrote`);
      throw e;
    }
    if (complete < this.logBytes) {
      await this.handle.truncate(complete);
      this.logBytes = complete;
    }
    return entries;
  }

  private parseLine(line: string, n: number): LogEntry {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new StoreLoadError(this.path, `line ${n} is not valid JSON`);
    }
    if (typeof entry === 'object' && entry !== null && 'replace' in entry) {
      (entry as { replace: unknown }).replace = migrateDocument((entry as { replace: unknown }).replace).document;
    }
    const problem = entryProblem(entry);
    if (problem) throw new StoreLoadError(this.path, `line ${n} ${problem}`);
    return entry as LogEntry;
  }

  /**
   * Resolves once the entry is on disk; rejects with a StoreWriteError when it cannot be, after
   * `undo` has taken it back out of memory. `compact` asks for a compaction right after it.
   */
  append(entry: LogEntry, options: { compact?: boolean; undo?: () => void } = {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    this.queue.push(`${JSON.stringify(entry)}\n`);
    if (options.compact) this.compactRequested = true;
    const afterCompaction = options.compact === true;
    const undo = options.undo ?? (() => undefined);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject, undo, afterCompaction }));
    if (!this.running) {
      this.running = true;
      this.drained = this.drain();
    }
    return done;
  }

  /** Resolves when no write or compaction is under way. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.drained;
      else if (this.background) await this.background.settled;
      else return;
    }
  }

  /**
   * `compact: false` leaves the log as it is, exactly as a crash after the last write would. A
   * compaction that fails here is reported and the log kept: it still holds every change.
   */
  async close(options: { compact?: boolean } = {}): Promise<void> {
    // A compaction beside the writes is given up, and none starts: the stop's own rewrites the
    // whole document.
    this.stopping = true;
    if (this.background) this.background.cancelled = true;
    await this.idle();
    if (this.closed) return;
    this.closed = true;
    // A clean stop leaves one readable document and an empty log.
    if (this.logBytes > 0 && options.compact !== false) await this.compact().catch((e: unknown) => this.compactionFailed(e));
    await this.handle.close();
  }

  /** Group commit: everything queued while one write is on its way goes in the next single write. */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.background?.outcome) await this.finishBackground();
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
      // Memory now holds exactly the log's lines up to the end of this batch: a copy of it taken
      // here is the document those lines make, once the batch is written.
      const snapshot = this.wantsBackgroundCompaction() ? this.documentNow() : undefined;
      try {
        const bytes = Buffer.from(text);
        if (this.tornAt !== undefined) {
          await this.checkFiles();
          await this.cutBack();
          await writeFully(this.handle, bytes);
        } else {
          // The check and the write run together: each await waits behind the requests the event
          // loop has ready, so a batch costs a round less (a fifth more creates a second, npm run
          // bench). When the check fails the written bytes are cut back, as after any failed write.
          await bothSettled(this.checkFiles(), writeFully(this.handle, bytes));
        }
        if (this.options.fsync ?? true) await this.handle.datasync();
        this.logBytes += Buffer.byteLength(text);
        for (const w of waiters) if (!w.afterCompaction) w.resolve();
      } catch (e) {
        const failed = this.undoFailed(waiters);
        // Answered only once the log is cut back: a refusal means nothing of it is on disk.
        await this.cutBack().catch(() => undefined);
        const error = e instanceof StoreWriteError ? e : new StoreWriteError(this.path, writeProblem(e));
        for (const w of failed) w.reject(error);
        continue;
      }
      if (snapshot) this.startBackgroundCompaction(snapshot, this.logBytes);
      // With nothing queued behind this batch, memory is exactly what the log holds.
      else if (this.queue.length === 0 && this.wantsBackgroundCompaction()) this.startBackgroundCompaction(this.documentNow(), this.logBytes);
      if (this.compactRequested) {
        this.compactRequested = false;
        if (this.background) {
          // Given up, and stopped before its next piece: the document is rewritten whole now.
          this.background.cancelled = true;
          await this.background.settled;
        }
        // A failed compaction loses nothing: the log still holds every change.
        await this.compact().catch((e: unknown) => this.compactionFailed(e));
      }
      for (const w of waiters) if (w.afterCompaction) w.resolve();
    }
  }

  /** A file deleted or replaced under the server would swallow every write after it: refuse them. */
  private async checkFiles(): Promise<void> {
    const document = this.pathOfDocument();
    const [log, doc] = await Promise.all([identityOf(this.path), this.documentIdentity === undefined ? undefined : identityOf(document)]);
    if (!sameFile(log, this.identity)) {
      throw new StoreWriteError(
        this.path,
        'was deleted or replaced while the emulator ran; writes are refused until it restarts (a clean stop writes what it holds)',
      );
    }
    if (this.documentIdentity !== undefined && !sameFile(doc, this.documentIdentity)) {
      throw new StoreWriteError(
        document,
        'was deleted or replaced while the emulator ran; writes are refused until it restarts (a clean stop writes what it holds)',
      );
    }
  }

  /** Cuts a failed append back off the log, so the next line starts where the last good one ended. */
  private async cutBack(): Promise<void> {
    const length = this.tornAt!;
    await this.handle.truncate(length);
    if (this.options.fsync ?? true) await this.handle.datasync();
    this.tornAt = undefined;
  }

  /**
   * Nothing of a failed batch is on disk, and nothing queued behind it will be written (it was
   * made on top of it): every one of them is undone at once, newest first, before any other
   * request can read or build on it. Returns them, to be refused.
   */
  private undoFailed(batch: Waiter[]): Waiter[] {
    // A write can fail after its bytes reached the file (an fdatasync error, where the kernel may
    // have dropped the pages): the log is cut back to the last good length in every case.
    this.tornAt ??= this.logBytes;
    const failed = [...batch, ...this.waiters];
    this.queue = [];
    this.waiters = [];
    for (const w of [...failed].reverse()) w.undo();
    return failed;
  }

  /**
   * Writes the whole document through lowdb (to a temporary file, then renamed over the old one),
   * syncs it and its folder (so the rename itself survives a power loss), and only then empties
   * the log.
   */
  private async compact(): Promise<void> {
    const db = this.db!;
    const document = this.pathOfDocument();
    await db.write();
    const doc = await open(document, 'r');
    try {
      await doc.sync();
      const { size, dev, ino } = await doc.stat();
      this.docBytes = size;
      this.documentIdentity = { dev, ino };
    } finally {
      await doc.close();
    }
    await syncFolderOf(document);
    await this.handle.truncate(0);
    this.retryCompactionAt = 0;
    if (this.options.fsync ?? true) await this.handle.datasync();
    this.logBytes = 0;
    this.warnedCompaction = false;
  }

  private wantsBackgroundCompaction(): boolean {
    return (
      this.background === undefined &&
      !this.stopping &&
      !this.compactRequested &&
      this.tornAt === undefined &&
      this.logBytes > Math.max(this.compactionThreshold(), this.retryCompactionAt)
    );
  }

  private compactionThreshold(): number {
    return Math.max(this.options.compactMinBytes ?? DEFAULT_COMPACT_MIN_BYTES, this.docBytes);
  }

  /** The document as it is: its arrays copied (records are replaced, never changed in place). */
  private documentNow(): DataDocument {
    const data = this.db!.data;
    const copy: Record<string, unknown> = { version: data.version };
    for (const name of COLLECTIONS) copy[name] = data[name].slice();
    return copy as unknown as DataDocument;
  }

  private startBackgroundCompaction(doc: DataDocument, upTo: number): void {
    const temporary = temporaryPathOf(this.pathOfDocument());
    const background: BackgroundCompaction = { upTo, temporary, cancelled: false, settled: Promise.resolve() };
    const write = this.options.writeDocument ?? writeDocumentInPieces;
    background.settled = write(temporary, doc, () => background.cancelled).then(
      (bytes) => {
        background.outcome = { bytes };
      },
      (error: unknown) => {
        background.outcome = { error };
      },
    );
    this.background = background;
    // Its end is taken in by the drain loop, started for it if no write is under way.
    void background.settled.then(() => {
      if (this.running || this.background !== background) return;
      this.running = true;
      this.drained = this.drain();
    });
  }

  /**
   * Runs in the drain loop, so no write or check of the files runs meanwhile: the new document
   * replaces the old one (the folder synced, so the rename survives a power loss), then the log
   * keeps only what came after it. A crash at any point leaves a document the whole log replays
   * onto (docs/persistence.md).
   */
  private async finishBackground(): Promise<void> {
    const background = this.background!;
    this.background = undefined;
    const outcome = background.outcome!;
    const bytes = 'bytes' in outcome ? outcome.bytes : undefined;
    if (background.cancelled || bytes === undefined || this.tornAt !== undefined) {
      await rm(background.temporary, { force: true }).catch(() => undefined);
      if ('error' in outcome) this.compactionFailed(outcome.error);
      return;
    }
    this.retryCompactionAt = 0;
    const document = this.pathOfDocument();
    try {
      // Its identity is taken before the rename, which keeps it: from the rename on, the checks of
      // the files must know the new document.
      const { dev, ino } = await stat(background.temporary);
      await rename(background.temporary, document);
      this.documentIdentity = { dev, ino };
      this.docBytes = bytes;
    } catch (e) {
      await rm(background.temporary, { force: true }).catch(() => undefined);
      this.compactionFailed(e);
      return;
    }
    try {
      await syncFolderOf(document);
      await this.dropLogBefore(background.upTo);
    } catch (e) {
      this.compactionFailed(e);
    }
  }

  /**
   * The log's lines after `upTo` are written to a new file, synced, which is renamed over the log
   * and written to from then on. Until the rename the old log is whole; after it, the new one.
   */
  private async dropLogBefore(upTo: number): Promise<void> {
    const tail = Buffer.alloc(this.logBytes - upTo);
    for (let read = 0; read < tail.length;) {
      const { bytesRead } = await this.handle.read(tail, read, tail.length - read, upTo + read);
      if (bytesRead === 0) throw new Error(`${this.path} is shorter than this server wrote it`);
      read += bytesRead;
    }
    const temporary = temporaryPathOf(this.path);
    await rm(temporary, { force: true });
    const handle = await (this.options.openLog ?? openForAppend)(temporary);
    let identity: Identity;
    try {
      await writeFully(handle, tail);
      if (this.options.fsync ?? true) await handle.datasync();
      identity = await handle.stat();
      await rename(temporary, this.path);
    } catch (e) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true }).catch(() => undefined);
      throw e;
    }
    const previous = this.handle;
    this.handle = handle;
    this.identity = { dev: identity.dev, ino: identity.ino };
    this.logBytes = tail.length;
    await previous.close().catch(() => undefined);
    this.warnedCompaction = false;
    await syncFolderOf(this.path);
  }

  private compactionFailed(e: unknown): void {
    // Not tried again with every write (a document that fails at its end would be written whole
    // each time): once the log has grown by as much again.
    this.retryCompactionAt = this.logBytes + this.compactionThreshold();
    if (this.warnedCompaction) return;
    this.warnedCompaction = true;
    this.options.warn?.(
      `${this.pathOfDocument()} could not be rewritten (${writeProblem(e)}); every change is kept in ${this.path}, which is read back at the next start`,
    );
  }

  private pathOfDocument(): string {
    return this.path.replace(/\.log$/, '');
  }
}

/** Waits for both, then fails with the first one's error if either failed. */
async function bothSettled(a: Promise<void>, b: Promise<void>): Promise<void> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
}

function writeProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  return code ?? (e as Error)?.message ?? String(e);
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
      const problem = recordProblem(change.collection as (typeof COLLECTIONS)[number], change.record);
      if (problem) return `puts a record that ${problem}`;
    } else if (change.op === 'purge') {
      if (!Array.isArray(change.ids) || !(change.ids as unknown[]).every((id) => typeof id === 'string')) return 'purges ids that are not strings';
    } else if (change.op !== 'delete' || typeof change.id !== 'string') {
      return 'has a change that is neither a put, a delete nor a purge';
    }
  }
  return undefined;
}
