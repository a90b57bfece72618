// Every JavaScript and curl block of the README and of docs/ runs as written, as a reader would run it: the
// JavaScript in the file its first line names, in a project that installed the packed package (and
// the SDK, ws and Jest beside it); the curl blocks with bash. They reach the server through
// GENESYS_MOCK_URL, which they read with the README's port as the default.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '../../src/index.js';
import { packedConsumer, ROOT, type Consumer } from '../support/consumer.js';

// The README is the front page; the rest of what a reader runs is in docs/.
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const README = PAGES.map((page) => readFileSync(join(ROOT, page), 'utf8')).join('\n');

function blocks(language: string): string[] {
  return [...README.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);
}

const NAMED = /^\/\/ ([\w.-]+\.(?:mjs|cjs|js))\b/;
const javascript = blocks('js').map((text) => ({ file: NAMED.exec(text)?.[1], text }));
const isJest = (file: string) => /^jest\.|\.test\.[cm]?js$/.test(file);
// The curl blocks are those that talk to a server: they start by choosing it.
const curl = blocks('sh').filter((text) => text.startsWith('B=${GENESYS_MOCK_URL:-http://127.0.0.1:8080}\n'));

let consumer: Consumer;
let server: MockServer;

beforeAll(async () => {
  consumer = await packedConsumer(['purecloud-platform-client-v2', 'ws', 'jest']);
  for (const { file, text } of javascript) if (file) writeFileSync(join(consumer.dir, file), text);
  server = await startMockServer();
}, 120_000);

afterAll(() => server?.close());

test('every JavaScript block names, on its first line, the file it goes in', () => {
  expect(javascript.length).toBeGreaterThan(0);
  expect(javascript.filter((b) => !b.file).map((b) => b.text.split('\n')[0])).toEqual([]);
  const files = javascript.map((b) => b.file);
  expect(new Set(files).size).toBe(files.length);
  // the README shows both a script and a Jest setup
  expect(files.filter((f) => f && !isJest(f)).length).toBeGreaterThan(0);
  expect(files.filter((f) => f && /\.test\.[cm]?js$/.test(f)).length).toBeGreaterThan(0);
});

describe.each(javascript.filter((b) => b.file && !isJest(b.file)).map((b) => [b.file!]))('node %s', (file) => {
  test('runs against a server and ends by itself, exit code 0', async () => {
    const { stdout } = await consumer.run(process.execPath, [file], { GENESYS_MOCK_URL: server.url });
    expect(stdout.trim()).not.toBe('');
  }, 60_000);
});

test('the Jest example (config, global setup and teardown, test file) passes in a default Jest run', async () => {
  // no GENESYS_MOCK_URL given: the global setup starts the server and sets it
  const { stderr } = await consumer.run(process.execPath, ['node_modules/jest/bin/jest.js', '--ci']);
  const tests = javascript.filter((b) => b.file && /\.test\.[cm]?js$/.test(b.file)).reduce((n, b) => n + (b.text.match(/^test\(/gm)?.length ?? 0), 0);
  expect(stderr).toMatch(new RegExp(`Tests:\\s+${tests} passed, ${tests} total`));
}, 60_000);

test('there are curl blocks to run', () => {
  expect(curl.length).toBeGreaterThanOrEqual(3);
});

describe.each(curl.map((text) => [text.split('\n').find((line) => line.startsWith('#')) ?? text.split('\n')[1]!, text]))('the curl block "%s"', (_, text) => {
  test('runs in bash with every variable set and every curl answered', async () => {
    // -e: a command that fails (a curl with no answer) stops it; -u: so does a variable used but
    // never set (ORG_ID, say). The 4xx answers the blocks show on purpose are not failures to curl.
    const script = `set -euo pipefail\ncurl() { command curl --max-time 20 "$@"; }\n${text}`;
    const { stdout } = await consumer.run('bash', ['-c', script], { GENESYS_MOCK_URL: server.url });
    expect(stdout).not.toBe('');
    // The blocks show refusals on purpose, but none of something that does not exist: a 404 is a
    // block naming an id or a path wrongly.
    expect(stdout).not.toContain('"code":"not.found"');
    await server.admin.reset();
  }, 60_000);
});
