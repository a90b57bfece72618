// The validator's costs removed from outside it (src/http/validator-patches.ts): the indexed
// route lookup decides exactly as the validator's own; the OpenAPI meta-schema compiles only when used;
// the preprocessor and the spec loader leave our document exactly as the validator's own do; operations
// validate as before with their validators built without the paths, and with ajv made without the x-stoplight walk;
// requests the parameter mutator would leave as they are are not given to it; the request validator
// keeps each Content-Type header's parse and skips the unknown-query check of an empty query.
import fc from 'fast-check';
import type { Request } from 'express';
import { loadOpenApi } from '../../src/http/openapi.js';
import {
  documentFacts,
  fromValidator,
  indexRouteLookup,
  literalStart,
  segmentsOf,
  PATCHED_MODULES,
  selfContained,
  validatorsApplyOpenApiMetadata,
  validatorsCreateRequestAjv,
  validatorsUseAjvCache,
  validatorsFramework,
  validatorsParameterMutator,
  validatorsRequestValidator,
  validatorsSchemaPreprocessor,
  validatorsSchemaValidator,
  type ApplyOpenApiMetadata,
} from '../../src/http/validator-patches.js';
import * as OpenApiValidator from 'express-openapi-validator';
import { DEMO, harness } from '../support/harness.js';

type Context = Parameters<ApplyOpenApiMetadata>[0];

/** The validator's context for the package's document, as its middleware builds it. */
async function validatorContext(): Promise<Context> {
  const { OpenApiSpecLoader } = fromValidator<{ OpenApiSpecLoader: new (o: object) => { load(): Promise<unknown> } }>('./framework/openapi.spec.loader.js');
  const { OpenApiContext } = fromValidator<{ OpenApiContext: new (...a: unknown[]) => Context }>('./framework/openapi.context.js');
  const spec = await new OpenApiSpecLoader({ apiDoc: loadOpenApi().document, validateApiSpec: false }).load();
  return new OpenApiContext(spec, undefined, false, false);
}

interface Outcome {
  error?: { name: string; status?: unknown; message: string; headers?: unknown };
  openapi?: unknown;
  params?: unknown;
  next?: boolean;
}

/** What a metadata middleware does with one request: the error it throws, or what it sets. */
function outcome(middleware: ReturnType<ApplyOpenApiMetadata>, url: string, method: string, settings: Record<string, boolean>): Outcome {
  const path = url.split('?')[0]!;
  const req = { url, originalUrl: url, baseUrl: '', path, method, params: {}, app: { enabled: (name: string) => settings[name] === true } };
  let next = false;
  try {
    middleware(req as unknown as Request, {} as never, () => (next = true));
  } catch (e) {
    const error = e as { name: string; status?: unknown; message: string; headers?: unknown };
    return { error: { name: error.constructor.name, status: error.status, message: error.message, headers: error.headers } };
  }
  const { openapi, params } = req as { openapi?: { schema?: { operationId?: string } } & Record<string, unknown>; params: unknown };
  return { next, params, ...(openapi ? { openapi: { ...openapi, schema: openapi.schema?.operationId ?? openapi.schema } } : {}) };
}

test.each(Object.keys(PATCHED_MODULES))('the patched module %s is the instance the validator itself requires', (specifier) => {
  const imported = PATCHED_MODULES[specifier as keyof typeof PATCHED_MODULES];
  expect(imported).toBeDefined();
  expect(imported).toBe(fromValidator(specifier));
});

test('after createApp the validator looks routes up with the indexed lookup, installed once', () => {
  harness();
  const installed = validatorsApplyOpenApiMetadata();
  expect(installed.original).toBeDefined();
  indexRouteLookup();
  expect(validatorsApplyOpenApiMetadata()).toBe(installed);
});

test.each([
  ['/api/v2/conversations/:conversationId', '/api/v2/conversations/'],
  ['/api/v2/conversations/calls', '/api/v2/conversations/calls'],
  ['/a\\:b/:c', '/a'],
  ['/files/*rest', '/files/'],
  ['/opt{/:x}', '/opt'],
])('the literal start of %s is %s', (route, start) => {
  expect(literalStart(route)).toBe(start);
});

test.each([
  ['/api/v2/conversations/:conversationId/cobrowse', ['', 'api', 'v2', 'conversations', undefined, 'cobrowse']],
  ['/api/v2/conversations/calls', ['', 'api', 'v2', 'conversations', 'calls']],
  ['/', ['', '']],
  ['/a\\:b/:c', undefined],
  ['/files/*rest', undefined],
  ['/opt{/:x}', undefined],
  ['/a/:b-c', undefined],
  ['/a/x:b', undefined],
])('the segments of %s are %j', (route, segments) => {
  expect(segmentsOf(route)).toEqual(segments);
});

test("the indexed lookup matches, fails and throws exactly as the validator's own, on every kind of path", async () => {
  harness();
  const indexed = validatorsApplyOpenApiMetadata();
  const context = await validatorContext();
  const own = indexed.original!(context);
  const ours = indexed(context);
  const templates = Object.keys(context.apiDoc.paths);
  const segment = fc.oneof(
    fc.constantFrom('c1', 'calls', 'cobrowse', 'me', '', 'x%20y', '%E0%A4%A', '%2F', 'CALLS', 'v2', 'api'),
    fc.stringMatching(/^[A-Za-z0-9%._~-]{0,12}$/),
  );
  const path = fc.oneof(
    // A documented path with its parameters filled in, perhaps changed at one end.
    fc.tuple(fc.constantFrom(...templates), segment, fc.constantFrom('', '/', '/extra', 'x'), fc.boolean()).map(([template, value, tail, upper]) => {
      const filled = template.replace(/\{[^}]+\}/g, value) + tail;
      return upper ? filled.replace('conversations', 'Conversations') : filled;
    }),
    // Anything made of the document's words.
    fc.array(segment, { maxLength: 6 }).map((parts) => '/' + parts.join('/')),
  );
  const query = fc.constantFrom('', '?pageSize=2', '?a=b&c=%ZZ');
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE');
  const settings = fc.record({ 'case sensitive routing': fc.boolean(), 'strict routing': fc.boolean() });
  fc.assert(
    fc.property(path, query, method, settings, (p, q, m, s) => {
      expect(outcome(ours, p + q, m, s)).toEqual(outcome(own, p + q, m, s));
    }),
    { numRuns: 3000 },
  );
  // The generators reach every outcome: a match, a 404, a 405 and a malformed path.
  const kinds = (m: string, p: string) => outcome(own, p, m, { 'case sensitive routing': true });
  expect(kinds('GET', `/api/v2/conversations/${DEMO.voiceConnected}`).openapi).toBeDefined();
  expect(kinds('GET', '/api/v2/nothing').error?.name).toBe('NotFound');
  expect(kinds('TRACE', '/api/v2/conversations/c1').error?.name).toBe('MethodNotAllowed');
  expect(kinds('GET', '/api/v2/conversations/%E0%A4%A').error?.name).toBe('BadRequest');
});

test('requests are still matched to their operations, case-sensitively', async () => {
  const h = harness();
  const auth = { Authorization: `Bearer ${await h.token()}` };
  for (let i = 0; i < 3; i++) {
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    expect((await h.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    expect((await h.http.get(`/API/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(404);
  }
});

test('after createApp, the meta-schema validator compiles only when asked to validate, and still validates', () => {
  harness();
  const Validator = validatorsSchemaValidator();
  expect(Validator.lazy).toBe(true);
  const validator = new Validator({ version: '3.0.3', validateApiSpec: true });
  expect((validator.validate({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }) as { errors: unknown[] }).errors).toEqual([]);
  expect((validator.validate({ openapi: '3.0.3', paths: 'not an object' }) as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
});

test("the preprocessor, resolving refs without compiling them, leaves the document exactly as the validator's own", () => {
  harness();
  const Preprocessor = validatorsSchemaPreprocessor();
  const patched = Preprocessor.prototype.resolveSchema;
  expect(patched.original).toBeDefined();
  // The options the app's validator gave its preprocessor.
  const ajvOptions = (OpenApiValidator.middleware as unknown as { _oav: { ajvOpts: { preprocessor: unknown } } })._oav.ajvOpts.preprocessor;
  const preprocessed = (resolve: typeof patched) => {
    Preprocessor.prototype.resolveSchema = resolve;
    try {
      return new Preprocessor(loadOpenApi().document, ajvOptions, false).preProcess().apiDoc;
    } finally {
      Preprocessor.prototype.resolveSchema = patched;
    }
  };
  const theirs = preprocessed(patched.original!);
  expect(JSON.stringify(theirs)).toContain('"cobrowseSessionId"');
  expect(preprocessed(patched)).toEqual(theirs);
});

describe('a self-contained document is not bundled again', () => {
  type Load = (apiDoc: unknown, $refParser?: { mode?: string }) => Promise<unknown>;
  const loaders = () => {
    harness();
    const { prototype } = validatorsFramework();
    expect(prototype.loadSpec.original).toBeDefined();
    const framework = {};
    return {
      patched: ((doc, mode) => prototype.loadSpec.call(framework, doc, mode)) as Load,
      theirs: ((doc, mode) => prototype.loadSpec.original!.call(framework, doc, mode)) as Load,
    };
  };

  test('ours is self-contained, and bundle() gives it back as the same object, unchanged, as the patch does', async () => {
    const { patched, theirs } = loaders();
    const document = loadOpenApi().document;
    expect(selfContained(document)).toBe(true);
    const before = structuredClone(document);
    expect(await theirs(document)).toBe(document);
    expect(document).toEqual(before);
    const again = loadOpenApi().document;
    expect(await patched(again)).toBe(again);
    expect(again).toEqual(before);
  });

  test.each([
    ['a reference to another file', { $ref: 'other.yaml#/components/schemas/A' }],
    ['a reference to a reference', { $ref: '#/components/schemas/B' }],
    ['a reference to nothing', { $ref: '#/components/schemas/Missing' }],
    ['a percent-encoded reference', { $ref: '#/components/schemas/%41' }],
  ])('%s goes to bundle(), with the same outcome', async (_, schema) => {
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { A: { type: 'string' }, B: { $ref: '#/components/schemas/A' }, C: schema } },
    };
    expect(selfContained(document)).toBe(false);
    const { patched, theirs } = loaders();
    const settle = (p: Promise<unknown>) =>
      p.then(
        (value) => ({ value }),
        (error: unknown) => ({ error: String(error) }),
      );
    expect(await settle(patched(structuredClone(document)))).toEqual(await settle(theirs(structuredClone(document))));
  });

  test('escaped pointer tokens resolve as RFC 6901 says', () => {
    const document = { paths: { '/a/{id}': { get: {} } }, x: { $ref: '#/paths/~1a~1{id}/get' }, y: { 'a~b': {} }, z: { $ref: '#/y/a~0b' } };
    expect(selfContained(document)).toBe(true);
  });
});

describe("operations' validators added without walking the document; request ajv made without the x-stoplight walk", () => {
  type Validate = (req: unknown, res: unknown, next: (e?: unknown) => void) => void;
  const { RequestValidator } = fromValidator<{ RequestValidator: new (doc: unknown, options: unknown) => { validate: Validate } }>(
    './middlewares/openapi.request.validator.js',
  );
  /** A POST /a whose body schema is where `ref` points; what validating `body` throws. */
  function validated(document: { paths: Record<string, { post: object }> }, body: unknown): string {
    harness();
    const validator = new RequestValidator(document, { strict: false, allErrors: true, formats: {} });
    const schema = document.paths['/a']!.post;
    const req = {
      method: 'POST',
      url: '/a',
      originalUrl: '/a',
      path: '/a',
      headers: { 'content-type': 'application/json' },
      body,
      query: {},
      params: {},
      cookies: {},
    };
    try {
      validator.validate({ ...req, openapi: { expressRoute: '/a', openApiRoute: '/a', pathParams: {}, schema } }, {}, () => undefined);
      return 'valid';
    } catch (e) {
      return (e as Error).message;
    }
  }
  const documentWith = (ref: string) => ({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        post: {
          'x-body': { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
          requestBody: { content: { 'application/json': { schema: { $ref: ref } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: { schemas: { Body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } },
  });

  test('after createApp both are installed, once', () => {
    harness();
    harness();
    const useAjvCache = validatorsUseAjvCache();
    expect(useAjvCache.original).toBeDefined();
    expect((useAjvCache.original as { original?: unknown }).original).toBeUndefined();
    const createRequestAjv = validatorsCreateRequestAjv();
    expect(createRequestAjv.original).toBeDefined();
    expect((createRequestAjv.original as { original?: unknown }).original).toBeUndefined();
  });

  test('ours refers only into its components and has no x-stoplight key: both apply to it', () => {
    expect(documentFacts(loadOpenApi().document)).toEqual({ refersOutsideComponents: false, hasStoplight: false });
  });

  test.each([
    ['a reference into the paths', { $ref: '#/paths/~1a/get' }, { refersOutsideComponents: true, hasStoplight: false }],
    ['a reference to another file', { $ref: 'other.yaml#/components/schemas/A' }, { refersOutsideComponents: true, hasStoplight: false }],
    ['a $ref that is not a string', { $ref: 1 }, { refersOutsideComponents: true, hasStoplight: false }],
    ['an x-stoplight key', { 'x-stoplight': { id: 'x' } }, { refersOutsideComponents: false, hasStoplight: true }],
    ['neither', { items: [{ $ref: '#/components/schemas/A' }] }, { refersOutsideComponents: false, hasStoplight: false }],
  ])('%s is found, however deep', (_, value, facts) => {
    expect(documentFacts({ paths: {}, components: { schemas: { A: { type: 'string' }, B: { allOf: [value] } } } })).toEqual(facts);
  });

  test('a body whose schema is in the components validates as before', () => {
    expect(validated(documentWith('#/components/schemas/Body'), { n: 'x' })).toBe('request/body/n must be integer');
    expect(validated(documentWith('#/components/schemas/Body'), { n: 1 })).toBe('valid');
  });

  test('a document that refers into its paths: its reference still resolves', () => {
    const document = documentWith('#/paths/~1a/post/x-body');
    expect(validated(document, { n: 'x' })).toBe('request/body/n must be integer');
    expect(validated(document, { n: 1 })).toBe('valid');
  });

  test("an operation's schema keeps the document's paths and components, read as before, only not enumerated", () => {
    const ajv = {
      added: undefined as unknown,
      getSchema: () => undefined,
      addSchema(schema: unknown) {
        this.added = schema;
      },
    };
    const document = documentWith('#/components/schemas/Body');
    const schema = { paths: document.paths, components: document.components, properties: { body: {} } };
    validatorsUseAjvCache()(ajv, schema, 'k');
    expect(ajv.added).toBe(schema);
    expect(Object.keys(schema)).toEqual(['properties']);
    expect([schema.paths, schema.components]).toEqual([document.paths, document.components]);
  });

  test('a document with an x-stoplight key is still cleaned of it; one without is left as it is, its component schemas registered', () => {
    const createRequestAjv = validatorsCreateRequestAjv() as (spec: unknown, options: unknown) => { getSchema(key: string): unknown };
    const options = { strict: false, formats: {} };
    const marked = { openapi: '3.0.3', components: { schemas: { A: { type: 'string', 'x-stoplight': { id: 'a' } } } } };
    createRequestAjv(marked, options);
    expect(marked.components.schemas.A).toEqual({ type: 'string' });
    const plain = { openapi: '3.0.3', components: { schemas: { A: { type: 'string' } } } };
    const before = structuredClone(plain);
    const ajv = createRequestAjv(plain, options);
    expect(plain).toEqual(before);
    expect(ajv.getSchema('#/components/schemas/A')).toBeDefined();
  });
});

describe('the parameter mutator is not run where it would change nothing', () => {
  type Validate = (req: unknown, res: unknown, next: (e?: unknown) => void) => void;
  const { RequestValidator } = fromValidator<{ RequestValidator: new (doc: unknown, options: unknown) => { validate: Validate } }>(
    './middlewares/openapi.request.validator.js',
  );
  const Mutator = validatorsParameterMutator();

  interface Asked {
    path: string;
    method: string;
    url: string;
    pathParams?: Record<string, string>;
    headers?: Record<string, string>;
  }
  /** What validating one request does to it: valid or the error, and its parameters after. */
  function validated(validator: { validate: Validate }, operation: object, expressRoute: string, asked: Asked) {
    const [path, query] = asked.url.split('?');
    const req = {
      method: asked.method.toUpperCase(),
      url: asked.url,
      originalUrl: asked.url,
      path,
      headers: { ...asked.headers },
      query: Object.fromEntries(new URLSearchParams(query ?? '')),
      params: {},
      cookies: {},
      openapi: { expressRoute, openApiRoute: asked.path, pathParams: { ...asked.pathParams }, schema: operation },
    };
    let outcome = 'valid';
    try {
      validator.validate(req, {}, (e) => (outcome = e ? String(e) : 'valid'));
    } catch (e) {
      outcome = (e as Error).message;
    }
    return { outcome, query: req.query, params: req.params, headers: req.headers };
  }
  const options = { strict: false, allErrors: true, formats: {}, coerceTypes: false };
  const expressRouteOf = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');
  /** Validators of one document: one run with the validator's own mutator, one with ours. */
  function validators(document: { paths: Record<string, Record<string, object>> }) {
    harness();
    const own = { document: structuredClone(document), validator: new RequestValidator(structuredClone(document), options) };
    const ours = { document, validator: new RequestValidator(document, options) };
    /** The request with the validator's own mutator, then (twice: the first run decides) with ours. */
    return (asked: Asked) => {
      const patched = Mutator.prototype.modifyRequest;
      Mutator.prototype.modifyRequest = patched.original!;
      let before;
      try {
        before = validated(own.validator, own.document.paths[asked.path]![asked.method]!, expressRouteOf(asked.path), asked);
      } finally {
        Mutator.prototype.modifyRequest = patched;
      }
      const operation = ours.document.paths[asked.path]![asked.method]!;
      validated(ours.validator, operation, expressRouteOf(asked.path), asked);
      return { own: before, ours: validated(ours.validator, operation, expressRouteOf(asked.path), asked) };
    };
  }

  test('after createApp it is installed, once', () => {
    harness();
    harness();
    const { modifyRequest } = Mutator.prototype;
    expect(modifyRequest.original).toBeDefined();
    expect(modifyRequest.original!.original).toBeUndefined();
  });

  const ok = { '200': { description: 'ok' } };
  const documentOf = (parameters: object[]) => ({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/a/{id}': { get: { parameters, responses: ok } } },
    components: {},
  });
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  test.each([
    ['a path string, no query', [id], '/a/x', {}],
    ['a path string, a query in brackets', [id], '/a/x?f[a]=1', {}],
    ['a path string, an empty query', [id], '/a/x?', {}],
    ['a path array', [{ ...id, schema: { type: 'array', items: { type: 'string' } } }], '/a/x,y', {}],
    ['a path array under a $ref', [{ ...id, schema: { $ref: '#/components/schemas/Ids' } }], '/a/x,y', {}],
    ['a path object', [{ ...id, schema: { type: 'object', properties: { a: { type: 'string' } } } }], '/a/x', {}],
    [
      'a header with content',
      [id, { name: 'X-F', in: 'header', content: { 'application/json': { schema: { type: 'object' } } } }],
      '/a/x',
      { 'x-f': '{"a":1}' },
    ],
    ['a header array', [id, { name: 'X-L', in: 'header', schema: { type: 'array', items: { type: 'integer' } } }], '/a/x', { 'x-l': '1,2' }],
    [
      'a header object in the form style',
      [id, { name: 'X-O', in: 'header', style: 'form', explode: true, schema: { type: 'object', properties: { a: { type: 'string' } } } }],
      '/a/x',
      { a: '1' },
    ],
    [
      'a path parameter with content',
      [{ name: 'id', in: 'path', required: true, content: { 'application/json': { schema: { type: 'object' } } } }],
      '/a/%7B%7D',
      {},
    ],
    [
      'a deepObject query with a default, no query',
      [id, { name: 'f', in: 'query', style: 'deepObject', schema: { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'd' } } }],
      '/a/x',
      {},
    ],
    ['a query object, no query', [id, { name: 'f', in: 'query', schema: { type: 'object', properties: { a: { type: 'string' } } } }], '/a/x', {}],
    ['a query array', [id, { name: 'f', in: 'query', schema: { type: 'array', items: { type: 'string' } } }], '/a/x?f=1&f=2', {}],
  ])('%s: as the validator itself leaves the request', (_, parameters, url, headers) => {
    const document = documentOf(parameters);
    (document.components as Record<string, unknown>).schemas = { Ids: { type: 'array', items: { type: 'string' } } };
    const { own, ours } = validators(document)({ path: '/a/{id}', method: 'get', url, pathParams: { id: url.split('/')[2]!.split('?')[0]! }, headers });
    expect(ours).toEqual(own);
  });

  test('a request without a query string, to an operation of path and header scalars, is not given to it after the first', () => {
    const header = { name: 'X-N', in: 'header', schema: { type: 'integer' } };
    const ask = validators(documentOf([id, header]));
    // The first thing the validator's own mutator does: parse the query string.
    const prototype = Mutator.prototype as unknown as { parseQueryStringUndecoded(query: unknown): unknown };
    const parse = prototype.parseQueryStringUndecoded;
    let parsed = 0;
    prototype.parseQueryStringUndecoded = function (query) {
      parsed++;
      return parse.call(this, query);
    };
    try {
      const { own, ours } = ask({ path: '/a/{id}', method: 'get', url: '/a/x', pathParams: { id: 'x' }, headers: { 'x-n': '1' } });
      expect(ours).toEqual(own);
      // the validator's own run, and ours the first time: not the second
      expect(parsed).toBe(2);
    } finally {
      prototype.parseQueryStringUndecoded = parse;
    }
  });

  test('every operation of ours, asked without a query string, as the validator itself leaves it', () => {
    const document = loadOpenApi().document as unknown as { paths: Record<string, Record<string, object>> };
    const ask = validators(structuredClone(document));
    let asked = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        const pathParams: Record<string, string> = {};
        const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => (pathParams[name] = 'x1'));
        const { own, ours } = ask({ path, method, url, pathParams, headers: { 'content-type': 'application/json' } });
        expect({ path, method, ...ours }).toEqual({ path, method, ...own });
        asked++;
      }
    }
    expect(asked).toBeGreaterThan(50);
  });
});

describe("the request validator's Content-Type kept by header; the unknown query check skipped with no query", () => {
  type Validate = ((req: unknown, res: unknown, next: (e?: unknown) => void) => unknown) & { original?: Validate };
  const RequestValidator = validatorsRequestValidator() as unknown as (new (doc: unknown, options: unknown) => { validate: Validate }) & {
    prototype: { validate: Validate; processQueryParam: Validate };
  };
  const document = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        post: {
          parameters: [{ name: 'n', in: 'query', schema: { type: 'integer' } }],
          requestBody: {
            content: {
              'application/json': { schema: { type: 'object', required: ['j'] } },
              'text/plain; charset=utf-8': { schema: { type: 'string' } },
            },
          },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
  const options = { strict: false, allErrors: true, formats: {}, coerceTypes: false };
  /** Each request, validated in turn by one validator: valid or the error. */
  function outcomes(requests: { url: string; contentType?: string; body?: unknown }[]): string[] {
    const validator = new RequestValidator(structuredClone(document), options);
    const operation = structuredClone(document.paths['/a'].post);
    return requests.map(({ url, contentType, body }) => {
      const query = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
      const headers = contentType === undefined ? {} : { 'content-type': contentType };
      const openapi = { expressRoute: '/a', openApiRoute: '/a', pathParams: {}, schema: operation };
      const req = { method: 'POST', url, originalUrl: url, path: '/a', headers, query, params: {}, cookies: {}, body, openapi };
      let outcome = 'valid';
      try {
        validator.validate(req, {}, (e) => (outcome = e ? String(e) : 'valid'));
      } catch (e) {
        outcome = (e as Error).message;
      }
      return outcome;
    });
  }
  const requests = [
    { url: '/a', contentType: 'application/json', body: { j: 1 } },
    { url: '/a', contentType: 'application/json', body: {} },
    { url: '/a?n=1', contentType: 'application/json', body: { j: 1 } },
    { url: '/a?m=1', contentType: 'application/json', body: { j: 1 } },
    { url: '/a?n=', contentType: 'application/json', body: { j: 1 } },
    { url: '/a', contentType: 'application/json; charset=utf-8', body: {} },
    { url: '/a', contentType: 'text/plain; charset=utf-8', body: 'x' },
    { url: '/a', contentType: 'text/plain; charset=UTF-8', body: 1 },
    { url: '/a', contentType: 'text/plain', body: 'x' },
    { url: '/a', contentType: 'application/xml', body: 'x' },
    { url: '/a', body: undefined },
    { url: '/a', contentType: 'application/json', body: {} },
  ];

  test('after createApp both are installed, once', () => {
    harness();
    harness();
    const { validate, processQueryParam } = RequestValidator.prototype;
    expect([validate.original, processQueryParam.original]).toEqual([expect.any(Function), expect.any(Function)]);
    expect([validate.original!.original, processQueryParam.original!.original]).toEqual([undefined, undefined]);
  });

  test("requests with each kind of Content-Type and query, in turn, come out as with the validator's own", () => {
    harness();
    const { prototype } = RequestValidator;
    const patched = { validate: prototype.validate, processQueryParam: prototype.processQueryParam };
    Object.assign(prototype, { validate: patched.validate.original, processQueryParam: patched.processQueryParam.original });
    let own: string[];
    try {
      own = outcomes(requests);
    } finally {
      Object.assign(prototype, patched);
    }
    expect(own).toContain("Unknown query parameter 'm'");
    expect(new Set(own).size).toBeGreaterThan(4);
    expect(outcomes(requests)).toEqual(own);
    // past the headers kept, and back
    const many = Array.from({ length: 70 }, (_, i) => ({ url: '/a', contentType: `application/json; x=${i}`, body: {} }));
    expect(outcomes([...many, ...requests]).slice(70)).toEqual(own);
  });
});
