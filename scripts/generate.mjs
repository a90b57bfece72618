// The first step of `npm run build` (and of typecheck): everything made from the OpenAPI document.
// - The document, bundled from openapi/shared.yaml and one file per API group
//   (openapi/groups/*.yaml) by Redocly's bundler, written as openapi/genesys-cloud-mock.yaml
//   (served at /openapi.yaml, shipped under that name) and dist/openapi.json (what the server
//   loads: parsing YAML at startup costs more than everything else it does before listening).
// - src/generated/openapi.ts: its TypeScript types (openapi-typescript).
// - src/generated/groups.ts: the handler module of every group (src/http/groups/**/*.ts), so that a
//   new group is its document file, its handler module and its tests, and nothing else.
// Each is skipped when newer than what it is made from.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromString, createConfig } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse, stringify } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPENAPI = join(ROOT, 'openapi');
const GROUPS = join(OPENAPI, 'groups');
const OUT_YAML = join(OPENAPI, 'genesys-cloud-mock.yaml');
const OUT_JSON = join(ROOT, 'dist/openapi.json');
const HANDLERS = join(ROOT, 'src/http/groups');
const GENERATED = join(ROOT, 'src/generated');
const OUT_TYPES = join(GENERATED, 'openapi.ts');
const OUT_GROUPS = join(GENERATED, 'groups.ts');
const SCHEME = 'PureCloud OAuth';
const HEADER = '# Written by `npm run build` from openapi/shared.yaml and openapi/groups/*.yaml: edit those.';

export function sources() {
  const groups = readdirSync(GROUPS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(GROUPS, f));
  return { shared: join(OPENAPI, 'shared.yaml'), groups };
}

const pointer = (segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The root document: the shared header, every group's paths as references into its file, and
 * the one security scheme with the scopes of all groups. Everything else is reached through
 * those references, so the bundler brings in exactly what the paths use.
 */
export function composeRoot() {
  const { shared, groups } = sources();
  const base = parse(readFileSync(shared, 'utf8'));
  const root = { openapi: base.openapi, info: base.info, servers: base.servers, tags: [], paths: {}, components: {} };
  const owners = new Map();
  let scheme;
  for (const file of groups) {
    const name = file.slice(GROUPS.length + 1);
    const group = parse(readFileSync(file, 'utf8'));
    for (const tag of group.tags ?? []) if (!root.tags.some((t) => t.name === tag.name)) root.tags.push(tag);
    for (const path of Object.keys(group.paths ?? {})) {
      if (owners.has(path)) throw new Error(`${path} is declared by both ${owners.get(path)} and ${name}`);
      owners.set(path, name);
      root.paths[path] = { $ref: `groups/${name}#/paths/${pointer(path)}` };
    }
    const own = group.components?.securitySchemes?.[SCHEME];
    if (own) {
      scheme ??= structuredClone(own);
      const scopes = scheme.flows.clientCredentials.scopes;
      for (const [scope, text] of Object.entries(own.flows.clientCredentials.scopes ?? {})) {
        if (scopes[scope] !== undefined && scopes[scope] !== text) throw new Error(`scope ${scope} is described twice, differently (${name})`);
        scopes[scope] = text;
      }
    }
  }
  if (scheme) root.components.securitySchemes = { [SCHEME]: scheme };
  return root;
}

/** The bundled document, with the problems the bundler found (unresolved references...). */
export async function bundleDocument() {
  const config = await createConfig({});
  const result = await bundleFromString({ source: stringify(composeRoot()), absoluteRef: join(OPENAPI, 'openapi.yaml'), config });
  const problems = result.problems.filter((p) => p.severity === 'error');
  if (problems.length > 0)
    throw new Error(problems.map((p) => `${p.message} (${p.location?.[0]?.source?.absoluteRef ?? ''}${p.location?.[0]?.pointer ?? ''})`).join('\n'));
  return result.bundle.parsed;
}

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -Infinity;
  }
};
/** True when every output is newer than every input (the directories count: a file removed). */
const isCurrent = (outputs, inputs) => Math.min(...outputs.map(mtime)) >= Math.max(...inputs.map(mtime));
const SELF = fileURLToPath(import.meta.url);

async function main() {
  const force = process.argv.includes('--force');
  const { shared, groups } = sources();
  if (force || !isCurrent([OUT_YAML, OUT_JSON], [shared, ...groups, GROUPS, SELF])) {
    const document = await bundleDocument();
    mkdirSync(dirname(OUT_JSON), { recursive: true });
    writeFileSync(OUT_YAML, `${HEADER}\n${stringify(document, { lineWidth: 0 })}`);
    writeFileSync(OUT_JSON, JSON.stringify(document));
  }
  mkdirSync(GENERATED, { recursive: true });
  if (force || !isCurrent([OUT_TYPES], [OUT_JSON, SELF])) {
    // An object schema with no properties is any object (Record<string, unknown>), not an empty one.
    const ast = await openapiTS(JSON.parse(readFileSync(OUT_JSON, 'utf8')), { exportType: true, emptyObjectsUnknown: true });
    writeFileSync(OUT_TYPES, `// Generated by scripts/generate.mjs from the OpenAPI document: do not edit.\n${astToString(ast)}`);
  }
  const modules = readdirSync(HANDLERS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3).replaceAll('\\', '/'))
    .sort();
  const text = [
    '// Generated by scripts/generate.mjs: the handler module of every API group (src/http/groups/*.ts).',
    ...modules.map((m, i) => `import { handlers as g${i} } from '../http/groups/${m}.js';`),
    '',
    `export const GROUP_HANDLERS = [${modules.map((m, i) => `{ group: '${m}', handlers: g${i} }`).join(', ')}] as const;`,
    '',
  ].join('\n');
  // Written only when it changes, so tsc's incremental build has nothing to redo.
  if (mtime(OUT_GROUPS) === -Infinity || readFileSync(OUT_GROUPS, 'utf8') !== text) writeFileSync(OUT_GROUPS, text);
}

if (process.argv[1] === SELF) await main();
