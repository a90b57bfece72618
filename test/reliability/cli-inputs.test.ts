// The CLI's file inputs fuzzed, as the HTTP API is: scenario files and HAR files made by fast-check
// from good ones with parts broken, and from anything at all. Whatever the file, `scenario run` and
// `scenario import-har` end with an exit code and a message, never an exception or a stack trace.
// CLI_FUZZ_RUNS cases of each (200 here); FUZZ_SEED replays a failure.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { scenarioCommand, type ScenarioIo } from '../../src/scenarios/cli.js';

const RUNS = Number(process.env.CLI_FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const dir = mkdtempSync(join(tmpdir(), 'gcm-cli-fuzz-'));
let file = 0;

/** A port nothing listens on: taken from the OS, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function runCommand(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: ScenarioIo = {
    out: (text) => (out += `${text}\n`),
    err: (text) => (out += `${text}\n`),
    startLocal: () => Promise.reject(new Error('the fuzz runs against --url only')),
    interrupted: new AbortController().signal,
  };
  const code = await scenarioCommand(argv, io);
  return { code, out };
}

function expectHandled(result: { code: number; out: string }): void {
  expect([0, 1, 2]).toContain(result.code);
  expect(result.out).not.toMatch(/\n\s+at \S/);
  expect(result.out).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError: Unexpected token .* in JSON at/);
}

const GOOD_SCENARIO = {
  name: 'fuzzed',
  given: {
    clients: [{ ref: 'app', scopes: ['conversations'] }],
    conversations: [{ ref: 'conv', mediaType: 'voice', state: 'connected' }],
  },
  steps: [
    { request: { method: 'POST', path: '/oauth/token', client: 'app', form: { grant_type: 'client_credentials' } }, save: { token: 'body.access_token' } },
    { request: { method: 'GET', path: '/api/v2/conversations/${conv.id}', token: '${token}' }, expect: { status: 200, body: { id: '$regex:^[0-9a-f-]+$' } } },
    { advanceClock: 60 },
  ],
};

/** A value with one place replaced by anything. */
function broken<T>(value: T): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  return fc.tuple(fc.constantFrom(...paths), fc.anything({ maxDepth: 3 }), fc.boolean()).map(([path, replacement, remove]) => {
    if (path.length === 0) return replacement;
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let parent = copy;
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (remove && !Array.isArray(parent)) delete parent[last];
    else parent[last] = replacement;
    return copy;
  });
}

const yamlText = fc.oneof(
  broken(GOOD_SCENARIO).map((v) => stringify(v) ?? ''),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.anything({ maxDepth: 4 }).map((v) => stringify(v) ?? ''),
  // a good file with a line cut or doubled
  fc.tuple(fc.nat(), fc.boolean()).map(([n, cut]) => {
    const lines = stringify(GOOD_SCENARIO).split('\n');
    const i = n % lines.length;
    return (cut ? [...lines.slice(0, i), ...lines.slice(i + 1)] : [...lines.slice(0, i), lines[i], ...lines.slice(i)]).join('\n');
  }),
);

test(`scenario run: ${RUNS} fuzzed scenario files end with an exit code and a message`, async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  await fc.assert(
    fc.asyncProperty(yamlText, async (text) => {
      const path = join(dir, `s${file++}.yaml`);
      writeFileSync(path, text);
      expectHandled(await runCommand(['run', path, '--url', url]));
    }),
    { numRuns: RUNS, ...SEED },
  );
}, 120_000);

const GOOD_ENTRY = {
  request: {
    method: 'POST',
    url: 'https://api.mypurecloud.com/api/v2/conversations/3f0c0a1e-5d6b-4c7a-8e9f-0a1b2c3d4e5f/cobrowse',
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    postData: { mimeType: 'application/json', text: '{"cobrowseSessionId":"null"}' },
  },
  response: {
    status: 400,
    headers: [],
    content: { mimeType: 'application/json', text: '{"message":"cobrowseSessionId required","code":"bad.request","status":400}' },
  },
};

const harText = fc.oneof(
  fc.array(fc.oneof(broken(GOOD_ENTRY), fc.constant(GOOD_ENTRY)), { maxLength: 4 }).map((entries) => JSON.stringify({ log: { version: '1.2', entries } })),
  broken({ log: { version: '1.2', entries: [GOOD_ENTRY] } }).map((v) => JSON.stringify(v) ?? ''),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''),
);

test(`scenario import-har: ${RUNS} fuzzed HAR files end with an exit code and a message`, async () => {
  await fc.assert(
    fc.asyncProperty(harText, async (text) => {
      const path = join(dir, `h${file++}.har`);
      writeFileSync(path, text);
      expectHandled(await runCommand(['import-har', path, '--out', join(dir, `h${file}.yaml`)]));
    }),
    { numRuns: RUNS, ...SEED },
  );
}, 120_000);
