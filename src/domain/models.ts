// The Genesys models as the OpenAPI document declares them: types generated from it at build
// (scripts/generate.mjs), so a renderer that adds a field the document lacks does not compile.
import type { components } from '../generated/openapi.js';

export type Model<N extends keyof components['schemas']> = components['schemas'][N];
