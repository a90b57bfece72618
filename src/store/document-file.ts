// How the data document is laid out on disk: indented like any lowdb JSON file, but with one
// record per line, which keeps it readable and about half the size of a fully indented file.
// It is read line by line, so a large store never holds its whole text in memory, and repeated
// strings (org ids, user ids, timestamps) are shared, so each is held once. A file laid out any
// other way (edited by hand, say) is read whole as plain JSON.
import type { Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';
import { constants } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { LineTooLong, readLines } from './lines.js';
import { COLLECTIONS, type CollectionName, type DataDocument } from './schema.js';

function stringifyDocument(doc: DataDocument): string {
  const parts = [`{\n  "version": ${JSON.stringify(doc.version)}`];
  for (const name of COLLECTIONS) {
    const records = doc[name] as unknown[];
    parts.push(
      records.length === 0
        ? `  ${JSON.stringify(name)}: []`
        : `  ${JSON.stringify(name)}: [\n${records.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`,
    );
  }
  return `${parts.join(',\n')}\n}\n`;
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
