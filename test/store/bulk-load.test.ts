// Loading a large data file leaves neither a grown young generation nor the loader's garbage
// behind (src/store/bulk-load.ts). Measured in a node of its own: Jest's has grown long before.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BULK_LOAD_BYTES } from '../../src/store/bulk-load.js';
import { MAIN_JS } from '../support/servers.js';

const CHILD = fileURLToPath(new URL('./children/bulk-load.mjs', import.meta.url));

interface Heap {
  conversations: number[];
  afterLoad: number;
  afterLoadAndAllocations: number;
  gcLeftExposed: boolean;
}

function child(...args: string[]): string {
  return execFileSync(process.execPath, [CHILD, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('loading a large data file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    if (!statSync(MAIN_JS, { throwIfNoEntry: false })) throw new Error('dist/ is missing: npm test builds it first (npm run build)');
    dir = mkdtempSync(join(tmpdir(), 'gcm-bulk-'));
    file = join(dir, 'db.json');
    child('write', file, '20000');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the file is large enough to count as a bulk load', () => {
    expect(statSync(file).size).toBeGreaterThan(BULK_LOAD_BYTES);
  });

  test('keeps the young generation at its first size, then lets it grow again', () => {
    const heap = JSON.parse(child('open', file)) as Heap;
    expect(heap.conversations).toEqual([20_005]);
    // V8 would have grown it to 32 MB (two 16 MB semi-spaces) for what loading keeps.
    expect(heap.afterLoad).toBeLessThanOrEqual(4);
    expect(heap.afterLoadAndAllocations).toBeGreaterThan(heap.afterLoad);
    expect(heap.gcLeftExposed).toBe(false);
  });

  test('two files loading at once share the period, and it ends with the last', () => {
    const other = join(dir, 'copy.json');
    copyFileSync(file, other);
    const heap = JSON.parse(child('open', file, other)) as Heap;
    expect(heap.conversations).toEqual([20_005, 20_005]);
    expect(heap.afterLoad).toBeLessThanOrEqual(4);
    expect(heap.afterLoadAndAllocations).toBeGreaterThan(heap.afterLoad);
    expect(heap.gcLeftExposed).toBe(false);
  });
});
