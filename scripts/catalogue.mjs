// `npm run catalogue`: every operation of the official SDK (purecloud-platform-client-v2, a
// devDependency) and every model they use, read from its api/*.js method definitions and its
// index.d.ts, written to openapi/genesys-catalogue.json. The server ships that file and reads it
// when a request matches no implemented operation (src/catalogue-file.ts); the SDK itself is not
// installed where the server runs. Facts only: method, path, names, parameters, model names and
// property types. `--check` fails when the file is not what it would write (test/catalogue.test.ts).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOGUE_FILE = join(ROOT, 'openapi/genesys-catalogue.json');

function sdkRoot() {
  const require = createRequire(join(ROOT, 'package.json'));
  return dirname(require.resolve('purecloud-platform-client-v2/package.json'));
}

const METHOD = /\n\t(\w+)\([^)]*\) \{/g;
const CALL = /this\.apiClient\.callApi\(\s*'([^']+)',\s*'(\w+)',\s*\{([^}]*)\},\s*\{([^}]*)\},\s*\{[^}]*\},\s*\{[^}]*\},\s*([^,]+),/;
const keys = (object) => [...object.matchAll(/'([^']+)':/g)].map((m) => m[1]);

/** Methods of every api/*.js: each method's own text, from its header to the next one, holds its one callApi. */
function methods(root) {
  const dir = join(root, 'src/purecloud-platform-client-v2/api');
  const found = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('Api.js'))
    .sort()) {
    const api = file.slice(0, -'.js'.length);
    const text = readFileSync(join(dir, file), 'utf8');
    const headers = [...text.matchAll(METHOD)];
    headers.forEach((header, i) => {
      const body = text.slice(header.index, headers[i + 1]?.index ?? text.length);
      const m = CALL.exec(body);
      if (!m) return; // the constructor
      found.push({
        api,
        name: header[1],
        path: m[1],
        method: m[2].toUpperCase(),
        pathParams: keys(m[3]),
        queryParams: keys(m[4]),
        hasBody: m[5].trim() !== 'null',
      });
    });
  }
  return found;
}

/** A d.ts type as the catalogue writes it: `X` for Models.X, `T[]` for arrays, `{T}` for maps. */
function typeOf(text) {
  const t = text.trim();
  const array = /^Array<(.+)>$/.exec(t);
  if (array) return `${typeOf(array[1])}[]`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t) ?? /^Record<string, (.+)>$/.exec(t);
  if (map) return `{${typeOf(map[1])}}`;
  return t.replace(/^Models\./, '');
}

/** From index.d.ts: each API's method signatures, each API namespace's options, and the models. */
function declarations(root) {
  const text = readFileSync(join(root, 'index.d.ts'), 'utf8');
  const signatures = new Map(); // "Api.method" -> { body, response }
  const options = new Map(); // "Api.methodOptions" -> body type
  const models = new Map();
  let block; // { kind: 'class' | 'namespace' | 'models', name }
  let iface;
  for (const line of text.split('\n')) {
    let m;
    if ((m = /^declare class (\w+) \{/.exec(line))) block = { kind: 'class', name: m[1] };
    else if (/^declare namespace Models \{/.test(line)) block = { kind: 'models' };
    else if ((m = /^declare namespace (\w+) \{/.exec(line))) block = { kind: 'namespace', name: m[1] };
    else if (/^\}/.test(line)) block = undefined;
    else if (block?.kind === 'class' && (m = /^\s+(\w+)\((.*)\): Promise<(.+)>;\s*$/.exec(line))) {
      const body = /(?:^|, )body\??: ([^,]+?)(?:, \w+\??:|$)/.exec(m[2]);
      signatures.set(`${block.name}.${m[1]}`, { body: body ? typeOf(body[1]) : undefined, response: m[3] === 'void' ? undefined : typeOf(m[3]) });
    } else if (block?.kind === 'namespace' && (m = /^\s+export interface (\w+)Options \{/.exec(line))) iface = `${block.name}.${m[1]}`;
    else if (block?.kind === 'namespace' && iface && (m = /^\s+"body"\?: (.+);\s*$/.exec(line))) options.set(iface, typeOf(m[1]));
    else if (block?.kind === 'models' && (m = /^\s+export interface (\w+) \{/.exec(line))) models.set((iface = m[1]), {});
    else if (block?.kind === 'models' && iface && (m = /^\s+"([^"]+)"\??: (.+);\s*$/.exec(line))) models.get(iface)[m[1]] = typeOf(m[2]);
  }
  return { signatures, options, models };
}

/** The model names a type refers to. */
function referenced(type, models) {
  return [...type.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((name) => models.has(name));
}

export function buildCatalogue() {
  const root = sdkRoot();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { signatures, options, models } = declarations(root);
  const byRoute = new Map();
  for (const m of methods(root)) {
    const signature = signatures.get(`${m.api}.${m.name}`) ?? {};
    const body = m.hasBody ? (signature.body ?? options.get(`${m.api}.${m.name}`)) : undefined;
    const key = `${m.method} ${m.path}`;
    const known = byRoute.get(key);
    // The same operation is a method of several APIs at times (AnalyticsApi and ConversationsApi
    // both have postAnalyticsConversationsDetailsQuery): one entry, every name, the first by API.
    if (known) {
      known.names.push(`${m.api}.${m.name}`);
      continue;
    }
    byRoute.set(key, {
      method: m.method,
      path: m.path,
      names: [`${m.api}.${m.name}`],
      pathParams: m.pathParams,
      queryParams: m.queryParams,
      ...(body ? { body } : {}),
      ...(signature.response ? { response: signature.response } : {}),
    });
  }
  const operations = [...byRoute.values()].sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
  // Only the models an operation's body or answer reaches.
  const used = new Set();
  const pending = operations.flatMap((o) => [o.body, o.response].filter(Boolean).flatMap((t) => referenced(t, models)));
  while (pending.length > 0) {
    const name = pending.pop();
    if (used.has(name)) continue;
    used.add(name);
    for (const type of Object.values(models.get(name))) pending.push(...referenced(type, models));
  }
  const usedModels = Object.fromEntries([...used].sort().map((name) => [name, models.get(name)]));
  return { sdk: `purecloud-platform-client-v2@${version}`, operations, models: usedModels };
}

/** One operation a line, one model a line: diffs of a new SDK stay readable. */
export function catalogueText(catalogue) {
  const lines = ['{', `  "sdk": ${JSON.stringify(catalogue.sdk)},`, '  "operations": ['];
  lines.push(catalogue.operations.map((o) => `    ${JSON.stringify(o)}`).join(',\n'));
  lines.push('  ],', '  "models": {');
  lines.push(
    Object.entries(catalogue.models)
      .map(([name, model]) => `    ${JSON.stringify(name)}: ${JSON.stringify(model)}`)
      .join(',\n'),
  );
  lines.push('  }', '}', '');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const catalogue = buildCatalogue();
  const text = catalogueText(catalogue);
  const summary = `${catalogue.operations.length} operations, ${Object.keys(catalogue.models).length} models (${catalogue.sdk})`;
  if (process.argv[2] === '--check') {
    // What the test runs: the committed file must be what the installed SDK gives.
    const committed = existsSync(CATALOGUE_FILE) ? readFileSync(CATALOGUE_FILE, 'utf8') : '';
    if (committed !== text) {
      console.error(`${CATALOGUE_FILE} is out of date with the installed SDK (${summary}): run npm run catalogue and commit it`);
      process.exit(1);
    }
    console.log(`${CATALOGUE_FILE} is up to date: ${summary}`);
  } else {
    writeFileSync(CATALOGUE_FILE, text);
    console.log(`${CATALOGUE_FILE}: ${summary}`);
  }
}
