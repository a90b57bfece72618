// The OpenAPI document the server is built from (and serves at /openapi.yaml). `npm run build`
// bundles it from openapi/shared.yaml and openapi/groups/*.yaml (scripts/build-openapi.mjs) and
// writes it twice: as YAML, served, and as dist/openapi.json, loaded, because parsing YAML costs
// more at startup than everything else the server does before it listens.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import { OPENAPI_JSON, OPENAPI_YAML } from '../package-files.js';

let cached: { text: string; document: OpenAPIV3.DocumentV3 } | undefined;

/** yaml is loaded only when needed (tests and a stale build), and synchronously so createApp stays so. */
function parseYaml(text: string): OpenAPIV3.DocumentV3 {
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text) as OpenAPIV3.DocumentV3;
}

function compiledIsCurrent(): boolean {
  return existsSync(OPENAPI_JSON) && statSync(OPENAPI_JSON).mtimeMs >= statSync(OPENAPI_YAML).mtimeMs;
}

export function loadOpenApi(): { text: string; document: OpenAPIV3.DocumentV3 } {
  if (!cached) {
    const text = readFileSync(OPENAPI_YAML, 'utf8');
    const document = compiledIsCurrent() ? (JSON.parse(readFileSync(OPENAPI_JSON, 'utf8')) as OpenAPIV3.DocumentV3) : parseYaml(text);
    cached = { text, document };
  }
  // The validator annotates the document it is given, so every app gets its own copy.
  return { text: cached.text, document: structuredClone(cached.document) };
}

/** Every scope the document declares: what an isolated org's client gets. */
export function allScopes(document: OpenAPIV3.DocumentV3): string[] {
  const scheme = document.components?.securitySchemes?.['PureCloud OAuth'] as
    { flows?: { clientCredentials?: { scopes?: Record<string, string> } } } | undefined;
  return Object.keys(scheme?.flows?.clientCredentials?.scopes ?? {});
}
