// Validates responses against the OpenAPI document: the status must be declared (or a default)
// and the body must match the declared schema. Independent of the server's own validator.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { appendFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SDK_METHOD_MODELS, sdkModelProblems } from './sdk-models.js';

// ajv-formats is CommonJS; under ESM its function may sit on .default.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as unknown as (ajv: Ajv) => void;

type Doc = {
  paths: Record<
    string,
    Record<string, { 'x-purecloud-method-name'?: string; responses: Record<string, { content?: Record<string, { schema: unknown }>; $ref?: string }> }>
  >;
  components: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
};

/** The document as parsed from the YAML source, for every test helper that reads it. */
export const OPENAPI_DOCUMENT: unknown = parse(readFileSync(new URL('../../openapi/genesys-cloud-mock.yaml', import.meta.url), 'utf8'));
const doc = OPENAPI_DOCUMENT as Doc;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc as object, 'openapi');

const routes = Object.keys(doc.paths).map((template) => ({
  template,
  regex: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

const compiled = new Map<string, ValidateFunction>();

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export interface ResponseLike {
  status: number;
  body: unknown;
  text?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Throws an Error explaining how the response breaks the document; returns the template matched. */
export function assertMatchesSpec(method: string, path: string, res: ResponseLike): string {
  const bare = path.split('?')[0]!;
  // As a router does: of the templates matching, one with the method, the most literal first
  // (POST /messages/agentless is that path's, not /messages/{conversationId}'s).
  const params = (t: string) => t.split('{').length;
  const route = routes
    .filter((r) => r.regex.test(bare))
    .sort(
      (a, b) =>
        Number(!doc.paths[a.template]![method.toLowerCase()]) - Number(!doc.paths[b.template]![method.toLowerCase()]) ||
        params(a.template) - params(b.template),
    )[0];
  const operation = route && doc.paths[route.template]![method.toLowerCase()];
  if (!route || !operation) {
    // Undeclared routes must answer the Genesys 404 (checked against ErrorBody), or 501 for a
    // catalogued Genesys operation not implemented and 401 before it (src/http/stubs.ts)...
    // ...or a refusal made before any routing: a malformed URL (400), a request too slow (408), a body
    // announced too large (413), a URL or headers over 16 KB (431). A stub's answer is not the
    // document's to check: tests of stubs read it without this checker.
    if (![404, 501, 401, 400, 408, 413, 431].includes(res.status)) throw new Error(`${method} ${bare} is not in the document but answered ${res.status}`);
    if (method.toUpperCase() === 'HEAD') return '(undeclared)';
    // The token endpoint answers in the OAuth shape, as it does for its declared method.
    validate(bare === '/oauth/token' ? '#/components/schemas/OAuthError' : '#/components/schemas/ErrorBody', res.body, `${method} ${bare} (undeclared)`);
    if (bare.startsWith('/api/v2/')) checkSdkModel('ErrorBody', res.body, `${method} ${bare} ${res.status}`);
    return '(undeclared)';
  }
  const declared = operation.responses[String(res.status)] ? String(res.status) : 'default';
  const response = operation.responses[declared];
  if (!response) throw new Error(`${method} ${route.template}: status ${res.status} is not declared`);
  // A HEAD answer has the status and headers of its GET, never a body.
  if (method.toUpperCase() === 'HEAD') {
    if (res.text) throw new Error(`HEAD ${route.template} answered with a body`);
    return route.template;
  }
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!;
  if (response.$ref) {
    const name = response.$ref.split('/').pop()!;
    const content = doc.components.responses[name]!.content!;
    if (!content[contentType]) throw new Error(`${method} ${route.template} ${res.status}: content type ${contentType} not declared`);
    validate(`#/components/responses/${pointer(name, 'content', contentType, 'schema')}`, res.body, `${method} ${route.template} ${res.status}`);
  } else if (response.content) {
    if (!response.content[contentType]) throw new Error(`${method} ${route.template} ${res.status}: content type ${contentType} not declared`);
    const body = contentType.includes('json') ? res.body : res.text;
    validate(
      `#/paths/${pointer(route.template, method.toLowerCase(), 'responses', declared, 'content', contentType, 'schema')}`,
      body,
      `${method} ${route.template} ${res.status}`,
    );
  }
  // The SDK's model of the answer: the operation's on success, ErrorBody on an error.
  if (route.template.startsWith('/api/v2/') && contentType.includes('json') && res.text) {
    const model = res.status < 300 ? SDK_METHOD_MODELS.get(operation['x-purecloud-method-name'] ?? '') : 'ErrorBody';
    if (model) checkSdkModel(model, res.body, `${method} ${route.template} ${res.status}`);
  }
  return route.template;
}

/** Fails on an answer the SDK's model does not describe (or, with SDK_MODEL_REPORT=FILE, writes it there). */
function checkSdkModel(model: string, body: unknown, where: string): void {
  const problems = sdkModelProblems(model, body);
  if (problems.length === 0) return;
  const report = process.env.SDK_MODEL_REPORT;
  if (report) {
    appendFileSync(report, problems.map((p) => `${where}\t${p}\n`).join(''));
    return;
  }
  throw new Error(`${where}: the answer is not the SDK's ${model}:\n${problems.join('\n')}`);
}

function validate(ref: string, body: unknown, where: string): void {
  let fn = compiled.get(ref);
  if (!fn) {
    fn = ajv.compile({ $ref: `openapi${ref}` });
    compiled.set(ref, fn);
  }
  if (!fn(body)) {
    throw new Error(`${where}: response does not match the document: ${ajv.errorsText(fn.errors)}\n${JSON.stringify(body)}`);
  }
}
