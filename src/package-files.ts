// The files the package ships beside its code, found from this module's place: src/ when the
// suite runs the sources, dist/ when built. The CommonJS bundle (dist/index.cjs, written by
// scripts/build-cjs.mjs) sits in dist/ too, so the same relative paths hold for it.
import { fileURLToPath } from 'node:url';

const beside = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The bundled document (scripts/generate.mjs). */
export const OPENAPI_YAML = beside('../openapi/genesys-cloud-mock.yaml');
/** The same as JSON, in dist/: `../dist/` from src/ and from dist/ alike. */
export const OPENAPI_JSON = beside('../dist/openapi.json');
export const SCENARIO_SCHEMA_JSON = beside('../openapi/scenario.schema.json');
export const HAR_SCHEMA_JSON = beside('../openapi/har.schema.json');
export const DEMO_SEED = beside('../data/seed.json');
/** Every Genesys operation of the official SDK (scripts/catalogue.mjs). */
export const GENESYS_CATALOGUE = beside('../openapi/genesys-catalogue.json');
