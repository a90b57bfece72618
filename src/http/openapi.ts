// The OpenAPI document the server is built from (and serves at /openapi.yaml). `npm run build`
// bundles it from openapi/shared.yaml and openapi/groups/*.yaml (scripts/generate.mjs) and writes
// it twice, together: as YAML, served, and as dist/openapi.json, loaded, because parsing YAML
// costs more at startup than everything else the server does before it listens.
import { readFileSync } from 'node:fs';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import { OPENAPI_JSON, OPENAPI_YAML } from '../package-files.js';

let cached: { text: string; json: string } | undefined;

export function loadOpenApi(): { text: string; document: OpenAPIV3.DocumentV3 } {
  cached ??= { text: readFileSync(OPENAPI_YAML, 'utf8'), json: readFileSync(OPENAPI_JSON, 'utf8') };
  // The validator annotates the document it is given, so every app gets its own copy: parsed
  // anew from the text, which costs a third of what structuredClone of a parsed one does.
  return { text: cached.text, document: JSON.parse(cached.json) as OpenAPIV3.DocumentV3 };
}

/** Every scope the document declares: what an isolated org's client gets. */
export function allScopes(document: OpenAPIV3.DocumentV3): string[] {
  const scheme = document.components?.securitySchemes?.['PureCloud OAuth'] as
    { flows?: { clientCredentials?: { scopes?: Record<string, string> } } } | undefined;
  return Object.keys(scheme?.flows?.clientCredentials?.scopes ?? {});
}
