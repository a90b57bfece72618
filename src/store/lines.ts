// Reads a file's lines a chunk at a time, as bytes split on newlines (a newline byte never occurs
// inside a UTF-8 sequence), so a file of any size is read in bounded memory and a line longer than
// expected is refused instead of growing a string until the process dies.

export class LineTooLong extends Error {
  constructor(
    readonly lineNumber: number,
    readonly maxBytes: number,
  ) {
    super(`line ${lineNumber} is longer than ${maxBytes} bytes`);
    this.name = 'LineTooLong';
  }
}

export interface Line {
  text: string;
  /** The byte offset just after the line and its newline. */
  end: number;
  /** False for a last line without its newline. */
  complete: boolean;
}

export interface Readable {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

const CHUNK_BYTES = 1024 * 1024;

export async function* readLines(source: Readable, size: number, maxLineBytes: number): AsyncGenerator<Line> {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  for (let position = 0; position < size;) {
    const { bytesRead } = await source.read(chunk, 0, Math.min(chunk.length, size - position), position);
    if (bytesRead === 0) break;
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1 && newline < bytesRead; newline = chunk.indexOf(10, start)) {
      const text = pending.length === 0 ? chunk.toString('utf8', start, newline) : Buffer.concat([...pending, chunk.subarray(start, newline)]).toString('utf8');
      pending = [];
      pendingBytes = 0;
      lineNumber++;
      yield { text, end: position + newline + 1, complete: true };
      start = newline + 1;
    }
    pendingBytes += bytesRead - start;
    if (pendingBytes > maxLineBytes) throw new LineTooLong(lineNumber + 1, maxLineBytes);
    pending.push(Buffer.from(chunk.subarray(start, bytesRead)));
    position += bytesRead;
  }
  if (pendingBytes > 0) yield { text: Buffer.concat(pending).toString('utf8'), end: size, complete: false };
}
