// The OpenAPI document the server is built from (and serves at /openapi.yaml).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi/genesys-cloud-mock.yaml', import.meta.url));

let cached: { text: string; document: OpenAPIV3.DocumentV3 } | undefined;

export function loadOpenApi(): { text: string; document: OpenAPIV3.DocumentV3 } {
  if (!cached) {
    const text = readFileSync(OPENAPI_PATH, 'utf8');
    cached = { text, document: parse(text) as OpenAPIV3.DocumentV3 };
  }
  // The validator annotates the document it is given, so every app gets its own copy.
  return { text: cached.text, document: structuredClone(cached.document) };
}
