// npm run build, first step: the OpenAPI document, bundled from openapi/shared.yaml and one file
// per API group (openapi/groups/*.yaml) by Redocly's bundler. Written as
// openapi/genesys-cloud-mock.yaml (served at /openapi.yaml, shipped under that name as before)
// and dist/openapi.json (what the server loads: parsing YAML at startup costs more than the rest).
// Skipped when both are newer than every source file.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromString, createConfig } from '@redocly/openapi-core';
import { parse, stringify } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPENAPI = join(ROOT, 'openapi');
const GROUPS = join(OPENAPI, 'groups');
const OUT_YAML = join(OPENAPI, 'genesys-cloud-mock.yaml');
const OUT_JSON = join(ROOT, 'dist/openapi.json');
const SCHEME = 'PureCloud OAuth';
const GENERATED = '# Written by `npm run build` from openapi/shared.yaml and openapi/groups/*.yaml: edit those.';

export function sources() {
  const groups = readdirSync(GROUPS).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(GROUPS, f));
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
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.message} (${p.location?.[0]?.source?.absoluteRef ?? ''}${p.location?.[0]?.pointer ?? ''})`).join('\n'));
  return result.bundle.parsed;
}

function isCurrent() {
  const { shared, groups } = sources();
  const newest = Math.max(...[shared, ...groups, GROUPS, fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs));
  try {
    return Math.min(statSync(OUT_YAML).mtimeMs, statSync(OUT_JSON).mtimeMs) >= newest;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!isCurrent() || process.argv.includes('--force')) {
    const document = await bundleDocument();
    mkdirSync(dirname(OUT_JSON), { recursive: true });
    writeFileSync(OUT_YAML, `${GENERATED}\n${stringify(document, { lineWidth: 0 })}`);
    writeFileSync(OUT_JSON, JSON.stringify(document));
  }
}
