// fast-check arbitraries built from the OpenAPI document: every operation, its parameters and
// its request body, valid by the schemas, for the fuzzer to send as they are or mutated.
import fc from 'fast-check';
import { OPENAPI_DOCUMENT } from './spec.js';

export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema; $ref?: string };
type RawOperation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  security?: Record<string, string[]>[];
};

export interface Operation {
  id: string;
  method: string;
  template: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The declared content type and schema of the body, when it has one. */
  body?: { contentType: string; schema: Schema; required: boolean };
  secured: boolean;
}

const doc = OPENAPI_DOCUMENT as {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
};

function resolve<T extends { $ref?: string }>(node: T): T {
  if (!node.$ref) return node;
  const [, , kind, name] = node.$ref.split('/');
  const target = (doc.components as unknown as Record<string, Record<string, T>>)[kind!]![name!];
  if (!target) throw new Error(`unresolved ${node.$ref}`);
  return resolve(target);
}

export const operations: Operation[] = Object.entries(doc.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const params = (op.parameters ?? []).map(resolve);
    const content = op.requestBody && Object.entries(op.requestBody.content)[0];
    return {
      id: op.operationId,
      method: method.toUpperCase(),
      template,
      pathParams: params.filter((p) => p.in === 'path'),
      queryParams: params.filter((p) => p.in === 'query'),
      ...(content ? { body: { contentType: content[0], schema: content[1].schema, required: op.requestBody!.required ?? false } } : {}),
      secured: (op.security ?? []).length > 0,
    };
  }),
);

const text = fc.string({ maxLength: 24 });

/** Values valid by the schema (within what the document says; formats honoured). */
export function valueOf(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.allOf)
    return valueOf(
      s.allOf.reduce<Schema>((all, part) => merge(all, resolve(part)), {}),
      depth,
    );
  if (s.oneOf ?? s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => valueOf(x, depth + 1)));
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'date-time')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.max(s.maxLength ?? 24, s.minLength ?? 0) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(valueOf(s.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object':
    case undefined:
      if (!s.properties) return depth > 4 ? fc.constant({}) : s.type === 'object' ? fc.dictionary(text, text, { maxKeys: 3 }) : fc.jsonValue({ maxDepth: 2 });
      return fc.record(Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, valueOf(v, depth + 1)])), { requiredKeys: s.required ?? [] });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function merge(a: Schema, b: Schema): Schema {
  return {
    ...a,
    ...b,
    properties: { ...a.properties, ...b.properties },
    required: [...(a.required ?? []), ...(b.required ?? [])],
  };
}
