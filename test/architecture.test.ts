// The layering rules, checked on the source: http → domain → store, one way only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const sources = files(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const imports = (text: string) => [...text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('layers', () => {
  test.each(sources.map((s) => [s.path, s] as const))('%s', (path, source) => {
    const deps = imports(source.text);
    // A group's handlers are plain functions of their operation context (src/http/operations.ts).
    if (!path.startsWith('http/') || path.startsWith('http/groups/')) expect(deps.filter((d) => /^express/.test(d))).toEqual([]);
    if (!path.startsWith('store/')) expect(deps.filter((d) => /^lowdb/.test(d))).toEqual([]);
    if (path.startsWith('domain/')) {
      expect(deps.filter((d) => d.includes('/http/') || d.startsWith('../system'))).toEqual([]);
      expect(source.text).not.toMatch(/Date\.now\(|Math\.random\(|new Date\(\)|randomUUID|randomBytes/);
    }
    if (path.startsWith('store/')) expect(deps.filter((d) => d.includes('/domain/') || d.includes('/http/'))).toEqual([]);
    // One module listens (startMockServer, which the CLI starts too), one exits (the CLI).
    if (path !== 'server.ts') expect(source.text).not.toMatch(/\.listen\(/);
    if (path !== 'main.ts') expect(source.text).not.toMatch(/process\.exit\(/);
  });
});
