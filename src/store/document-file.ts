// How the data document is laid out on disk: indented like any lowdb JSON file, but with one
// record per line, which keeps it readable and about half the size of a fully indented file.
// It is read line by line, so a large store never holds its whole text in memory, and repeated
// strings (org ids, user ids, timestamps) are shared, so each is held once. A file laid out any
// other way (edited by hand, say) is read whole as plain JSON.
import type { Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';
import { constants } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { writeFully } from './document.js';
import { LineTooLong, readLines } from './lines.js';
import { COLLECTIONS, type CollectionName, type DataDocument } from './schema.js';

/**
 * The document's text in pieces of about `pieceChars` characters, each ending at a line's end, in
 * the layout readLineByLine reads: a compaction writes them one at a time (see writeDocumentInPieces).
 */
function* documentPieces(doc: DataDocument, pieceChars: number): Generator<string> {
  let piece = `{\n  "version": ${JSON.stringify(doc.version)}`;
  for (const name of COLLECTIONS) {
    const records = doc[name] as unknown[];
    if (records.length === 0) {
      piece += `,\n  ${JSON.stringify(name)}: []`;
      continue;
    }
    piece += `,\n  ${JSON.stringify(name)}: [\n`;
    for (let i = 0; i < records.length; i++) {
      piece += `    ${JSON.stringify(records[i])}${i === records.length - 1 ? '\n  ]' : ',\n'}`;
      if (piece.length >= pieceChars) {
        yield piece;
        piece = '';
      }
    }
  }
  yield `${piece}\n}\n`;
}

function stringifyDocument(doc: DataDocument): string {
  return [...documentPieces(doc, Infinity)].join('');
}

/** About 0.2 ms of the event loop's time per piece here, against ~450 ms for 100,000 conversations at once. */
const PIECE_CHARS = 64 * 1024;

/**
 * Writes a document to `path` a piece at a time, each write awaited, so requests are served between
 * the pieces instead of waiting for the whole text to be made; then syncs the file. `cancelled` is
 * asked between pieces: a compaction no longer wanted stops there (and the caller removes the file).
 * The document must not change while it is written: the caller hands over a copy of its arrays,
 * and records are replaced, never changed in place. Resolves with the number of bytes written.
 */
export async function writeDocumentInPieces(path: string, doc: DataDocument, cancelled: () => boolean): Promise<number | undefined> {
  const handle = await open(path, 'w');
  try {
    let bytes = 0;
    for (const piece of documentPieces(doc, PIECE_CHARS)) {
      if (cancelled()) return undefined;
      const buffer = Buffer.from(piece);
      await writeFully(handle, buffer);
      bytes += buffer.length;
    }
    await handle.sync();
    return bytes;
  } finally {
    await handle.close();
  }
}

const SHARED_MAX_LENGTH = 64;
/** A power of two. */
const RECENT_SLOTS = 1024;

/**
 * Makes every string of at most SHARED_MAX_LENGTH characters in a parsed value the one instance of
 * it seen so far, in place. A walk after JSON.parse rather than a reviver: a reviver is called back
 * for every value and made loading 100,000 conversations twice as slow (npm run bench). Given a
 * record, its own id is left as it is: unique within its collection, it would only grow the table
 * of strings seen, by one entry a record (a tenth of the time to load 100,000 conversations).
 */
function stringSharer(): <T>(value: T, isRecord?: boolean) => T {
  const shared = new Map<string, string>();
  // Most repeats come close together (a record's org, its user, its timestamps), and comparing a
  // string with the one last seen in its slot costs less than hashing it for the map: loading
  // 100,000 conversations took ~45 ms less (first 200, median of 7).
  const recent: string[] = new Array<string>(RECENT_SLOTS).fill('');
  const share = (text: string): string => {
    const n = text.length;
    const slot = (n * 31 + text.charCodeAt(n - 1) * 7 + text.charCodeAt(n >> 1)) & (RECENT_SLOTS - 1);
    const last = recent[slot]!;
    if (last === text) return last;
    let known = shared.get(text);
    if (known === undefined) {
      shared.set(text, text);
      known = text;
    }
    recent[slot] = known;
    return known;
  };
  const walk = (value: unknown, isRecord: boolean): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') {
          if (item.length <= SHARED_MAX_LENGTH) value[i] = share(item);
        } else if (typeof item === 'object' && item !== null) walk(item, false);
      }
      return;
    }
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const item = object[key];
      if (typeof item === 'string') {
        if (item.length <= SHARED_MAX_LENGTH && !(isRecord && key === 'id')) object[key] = share(item);
      } else if (typeof item === 'object' && item !== null) walk(item, false);
    }
  };
  return (value, isRecord = false) => {
    if (typeof value === 'object' && value !== null) walk(value, isRecord);
    return value;
  };
}

const OPEN_COLLECTION = /^ {2}"(\w+)": \[(\],?)?$/;
const CLOSE_COLLECTION = /^ {2}\],?$/;

/** A record is one line: far longer than any the API makes, but not a whole file read by mistake. */
const MAX_RECORD_LINE_BYTES = 64 * 1024 * 1024;

/** Reads a document in the layout stringifyDocument writes; undefined when the file is laid out otherwise. */
async function readLineByLine(file: string): Promise<Record<string, unknown> | undefined> {
  const shared = stringSharer();
  const doc: Record<string, unknown> = {};
  let collection: unknown[] | undefined;
  let n = 0;
  let closed = false;
  const handle = await open(file, 'r');
  try {
    for await (const { text: line, complete } of readLines(handle, (await handle.stat()).size, MAX_RECORD_LINE_BYTES)) {
      n++;
      if (n === 1) {
        if (line !== '{') return undefined;
        continue;
      }
      if (collection) {
        if (CLOSE_COLLECTION.test(line)) {
          collection = undefined;
        } else if (line.startsWith('    {')) {
          collection.push(shared(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line), true));
        } else {
          return undefined;
        }
        continue;
      }
      const version = /^ {2}"version": (\d+),?$/.exec(line);
      const collectionStart = OPEN_COLLECTION.exec(line);
      if (version) {
        doc.version = Number(version[1]);
      } else if (collectionStart && !(collectionStart[1]! in doc)) {
        const list: unknown[] = [];
        doc[collectionStart[1] as CollectionName] = list;
        if (!collectionStart[2]) collection = list;
      } else if (line === '}' && !closed && complete) {
        closed = true;
      } else if (line !== '' || !closed) {
        return undefined;
      }
    }
  } catch (e) {
    if (e instanceof LineTooLong) return undefined;
    throw e;
  } finally {
    await handle.close();
  }
  // A file cut short has no closing brace: it is read whole, and so refused as invalid JSON.
  return closed ? doc : undefined;
}

/** lowdb's adapter for the data document. */
export class DocumentFile implements Adapter<DataDocument> {
  private readonly text: TextFile;

  constructor(private readonly file: string) {
    this.text = new TextFile(file);
  }

  async read(): Promise<DataDocument | null> {
    let doc: Record<string, unknown> | undefined;
    try {
      doc = await readLineByLine(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (!(e instanceof SyntaxError)) throw e;
      doc = undefined;
    }
    if (doc) return doc as DataDocument;
    // Anything else is read whole: JSON.parse says precisely what is wrong with it, if anything.
    if ((await stat(this.file)).size > constants.MAX_STRING_LENGTH) throw new RangeError(`${this.file} is longer than a string can be`);
    return stringSharer()(JSON.parse(await readFile(this.file, 'utf8')) as DataDocument);
  }

  write(doc: DataDocument): Promise<void> {
    return this.text.write(stringifyDocument(doc));
  }
}
