// Nine costs of express-openapi-validator, removed from outside it until upstream does (drop each
// when the release that fixes it is installed; the test of this module fails if one stops
// applying).
//
// 1. Its route lookup (lookupRoute in openapi.metadata.js) compiles every route of the document
// into a regular expression again on each request and tries them all in order: about a fifth of
// the server's time on a GET, growing with each route a group adds. Upstream has the compiling
// half pending (cdimascio/express-openapi-validator#1217). Until it ships, the module's
// applyOpenApiMetadata is replaced by the same middleware with a lookup that compiles each route
// once and, under case-sensitive routing (ours), tries only the routes that can match: those whose
// literal start the path has and, for a route made of whole literal segments and `:name` ones,
// whose segment count and literal segments the path has (a `:name` matches one non-empty segment
// and the route an optional trailing slash). The routes it tries are tried in the validator's
// order, each by its own regular expression, so the same route matches.
//
// The modules patched are imported by their paths in the package (default imports of CommonJS
// modules: their module.exports, the very objects the validator's own require() returns), not
// required at run time: the command line is one bundle (scripts/build-cli.mjs), in which the
// validator is bundled too, and only a static import reaches the bundled copy it runs.
import { createRequire } from 'node:module';
import type { NextFunction, Request, Response } from 'express';
import metadataExports from 'express-openapi-validator/dist/middlewares/openapi.metadata.js';
import schemaValidatorExports from 'express-openapi-validator/dist/framework/openapi.schema.validator.js';
import typesExports from 'express-openapi-validator/dist/framework/types.js';
import schemaPreprocessorExports from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor.js';
import frameworkExports from 'express-openapi-validator/dist/framework/index.js';
import utilExports from 'express-openapi-validator/dist/middlewares/util.js';
import ajvExports from 'express-openapi-validator/dist/framework/ajv/index.js';
import mutatorExports from 'express-openapi-validator/dist/middlewares/parsers/req.parameter.mutator.js';
import parserUtilExports from 'express-openapi-validator/dist/middlewares/parsers/util.js';
import requestValidatorExports from 'express-openapi-validator/dist/middlewares/openapi.request.validator.js';
import pathToRegexpExports from 'path-to-regexp';
import { boundedMemo } from '../domain/memo.js';

/**
 * A module as express-openapi-validator requires it (the same instance it uses: it may have its
 * own copies), for the tests, which check that the imports above are those very instances.
 */
export function fromValidator<T>(specifier: string): T {
  return createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))(specifier) as T;
}

/** The modules patched, as imported above; the test compares each with fromValidator's. */
export const PATCHED_MODULES = {
  './middlewares/openapi.metadata.js': metadataExports as unknown,
  './framework/openapi.schema.validator.js': schemaValidatorExports as unknown,
  './framework/types.js': typesExports as unknown,
  './middlewares/parsers/schema.preprocessor.js': schemaPreprocessorExports as unknown,
  './framework/index.js': frameworkExports as unknown,
  './middlewares/util.js': utilExports as unknown,
  './framework/ajv/index.js': ajvExports as unknown,
  './middlewares/parsers/req.parameter.mutator.js': mutatorExports as unknown,
  './middlewares/parsers/util.js': parserUtilExports as unknown,
  './middlewares/openapi.request.validator.js': requestValidatorExports as unknown,
  'path-to-regexp': pathToRegexpExports as unknown,
} as const;

type PathToRegexp = (path: string, options: { sensitive: boolean; strict: boolean }) => { regexp: RegExp; keys: { name: string }[] };
type ErrorClass = new (args: { path: string; message: string; headers?: Record<string, string> }) => Error;
type Middleware = (req: Request, res: Response, next: NextFunction) => void;

interface RouteMethods {
  basePath: string;
  _openApiRoute: string;
  _expressRoute: string;
  [method: string]: unknown;
}
interface OpenApiContext {
  apiDoc: { paths: Record<string, Record<string, unknown>> };
  expressRouteMap: Record<string, RouteMethods>;
  openApiRouteMap: Record<string, RouteMethods>;
  useRequestUrl: boolean;
  ignoreUndocumented: boolean;
  serial: number;
  shouldIgnoreRoute(path: string): boolean;
  isManagedRoute(path: string): boolean;
}
export type ApplyOpenApiMetadata = ((context: OpenApiContext, responseApiDoc?: OpenApiContext['apiDoc']) => Middleware) & {
  /** On the replacement: the validator's own. */
  original?: ApplyOpenApiMetadata;
};
interface MetadataModule {
  applyOpenApiMetadata: ApplyOpenApiMetadata;
}

const metadataModule = () => PATCHED_MODULES['./middlewares/openapi.metadata.js'] as MetadataModule;
const schemaValidatorModule = () => PATCHED_MODULES['./framework/openapi.schema.validator.js'] as SchemaValidatorModule;

/** The part of an Express route before its first parameter or other non-literal token. */
export function literalStart(expressRoute: string): string {
  const at = expressRoute.search(/[:*{}()[\]?+!\\]/);
  return at === -1 ? expressRoute : expressRoute.slice(0, at);
}

/**
 * A route made only of whole literal segments and `:name` ones, as its segments (split at '/',
 * the first empty) with undefined for a parameter; undefined for any other route.
 */
export function segmentsOf(expressRoute: string): (string | undefined)[] | undefined {
  const segments: (string | undefined)[] = [];
  for (const segment of expressRoute.split('/')) {
    if (/^:[A-Za-z_$][\w$]*$/.test(segment)) segments.push(undefined);
    else if (/[:*{}()[\]?+!\\]/.test(segment)) return undefined;
    else segments.push(segment);
  }
  return segments;
}

/** Whether a path split at '/' can match a route of these segments: a cheap test before its regular expression. */
function mayMatch(route: (string | undefined)[], path: string[]): boolean {
  // One more segment, empty: the trailing slash the route's expression allows.
  if (path.length !== route.length && !(path.length === route.length + 1 && path[route.length] === '')) return false;
  for (let i = 0; i < route.length; i++) {
    const literal = route[i];
    if (literal === undefined ? path[i] === '' : literal !== path[i]) return false;
  }
  return true;
}

interface IndexedRoute {
  expressRoute: string;
  openApiRoute: string;
  pathKey: string;
  literalStart: string;
  segments: (string | undefined)[] | undefined;
  /** Compiled matchers, by routing options. */
  matchers: Map<string, ReturnType<PathToRegexp>>;
}

/** applyOpenApiMetadata of express-openapi-validator 5.6, with the lookup described above. */
function indexedApplyOpenApiMetadata(original: ApplyOpenApiMetadata): ApplyOpenApiMetadata {
  const { pathToRegexp } = PATCHED_MODULES['path-to-regexp'] as { pathToRegexp: PathToRegexp };
  const { MethodNotAllowed, NotFound, BadRequest } = PATCHED_MODULES['./framework/types.js'] as Record<
    'MethodNotAllowed' | 'NotFound' | 'BadRequest',
    ErrorClass
  >;
  const { httpMethods } = PATCHED_MODULES['./middlewares/parsers/schema.preprocessor.js'] as { httpMethods: Set<string> };

  const apply: ApplyOpenApiMetadata = (openApiContext, responseApiDoc) => {
    // The routes in the order the validator tries them (its expressRouteMap, built sorted).
    const routes: IndexedRoute[] = Object.entries(openApiContext.expressRouteMap).map(([expressRoute, methods]) => ({
      expressRoute,
      openApiRoute: methods._openApiRoute,
      pathKey: methods._openApiRoute.substring(methods.basePath.length),
      literalStart: literalStart(expressRoute),
      segments: segmentsOf(expressRoute),
      matchers: new Map(),
    }));

    function lookupRoute(req: Request) {
      const path = openApiContext.useRequestUrl ? req.url.split('?')[0]! : req.originalUrl.split('?')[0]!;
      const method = req.method.toLowerCase();
      const strict = !!req.app.enabled('strict routing');
      const sensitive = !!req.app.enabled('case sensitive routing');
      const options = `${sensitive}:${strict}`;
      const segments = sensitive ? path.split('/') : undefined;
      for (const route of routes) {
        // Without the i flag a route's regular expression matches its literal start (and literal
        // segments) as written.
        if (segments && (route.segments ? !mayMatch(route.segments, segments) : !path.startsWith(route.literalStart))) continue;
        let matcher = route.matchers.get(options);
        if (!matcher) route.matchers.set(options, (matcher = pathToRegexp(route.expressRoute, { sensitive, strict })));
        const matchedRoute = matcher.regexp.exec(path);
        if (!matchedRoute) continue;
        const schema = openApiContext.apiDoc.paths[route.pathKey]![method];
        const responseSchema = responseApiDoc?.paths[route.pathKey]![method];
        try {
          const values = matchedRoute.slice(1).map(decodeURIComponent);
          const pathParams: Record<string, string | undefined> = {};
          matcher.keys.forEach((key, i) => (pathParams[key.name] = values[i]));
          return { schema, expressRoute: route.expressRoute, openApiRoute: route.openApiRoute, pathParams, serial: -1, _responseSchema: responseSchema };
        } catch {
          throw new BadRequest({ path: req.path, message: `malformed uri'` });
        }
      }
      return null;
    }

    return (req, _res, next) => {
      // note base path is empty when path is fully qualified i.e. req.path.startsWith('')
      const path = req.path.startsWith(req.baseUrl) ? req.path : `${req.baseUrl}/${req.path}`;
      if (openApiContext.shouldIgnoreRoute(path)) return next();
      const matched = lookupRoute(req);
      if (matched) {
        const { expressRoute, openApiRoute, pathParams, schema } = matched;
        if (!schema) {
          // Prevents validation for routes which match on path but mismatch on method
          if (openApiContext.ignoreUndocumented) return next();
          throw new MethodNotAllowed({
            path: req.path,
            message: `${req.method} method not allowed`,
            headers: {
              Allow: Object.keys(openApiContext.openApiRouteMap[openApiRoute]!)
                .filter((key) => httpMethods.has(key.toLowerCase()))
                .join(', '),
            },
          });
        }
        const openapi: Record<string, unknown> = { expressRoute, openApiRoute, pathParams, schema, serial: openApiContext.serial };
        Object.assign(req, { openapi });
        req.params = pathParams as Request['params'];
        if (responseApiDoc) openapi._responseSchema = matched._responseSchema;
      } else if (openApiContext.isManagedRoute(path) && !openApiContext.ignoreUndocumented) {
        throw new NotFound({ path: req.path, message: 'not found' });
      }
      next();
    };
  };
  return Object.assign(apply, { original });
}

/** Makes the validator's route lookup the indexed one; safe to call again. */
export function indexRouteLookup(): void {
  const module = metadataModule();
  if (module.applyOpenApiMetadata.original) return;
  module.applyOpenApiMetadata = indexedApplyOpenApiMetadata(module.applyOpenApiMetadata);
}

/** For the test: the applyOpenApiMetadata the validator calls now. */
export function validatorsApplyOpenApiMetadata(): ApplyOpenApiMetadata {
  return metadataModule().applyOpenApiMetadata;
}

interface SchemaValidatorModule {
  OpenAPISchemaValidator: (new (opts: { version: string; validateApiSpec?: boolean }) => { validate(doc: unknown): unknown }) & { lazy?: true };
}

/**
 * 2. At every start it compiles the whole OpenAPI meta-schema with ajv (about 70 ms, a seventh of
 * the time to the first answer), even with `validateApiSpec: false`, when nothing validates the
 * document against it. The class it constructs is replaced, in the module it loads it from, by
 * one that compiles on the first validate() only.
 */
export function lazySchemaValidator(): void {
  const module = schemaValidatorModule();
  if (module.OpenAPISchemaValidator.lazy) return;
  const Eager = module.OpenAPISchemaValidator;
  class LazyOpenAPISchemaValidator {
    static lazy = true as const;
    private eager: InstanceType<typeof Eager> | undefined;
    constructor(private readonly opts: { version: string; validateApiSpec?: boolean }) {}
    validate(doc: unknown): unknown {
      this.eager ??= new Eager(this.opts);
      return this.eager.validate(doc);
    }
  }
  module.OpenAPISchemaValidator = LazyOpenAPISchemaValidator;
}

interface SchemaPreprocessorInstance {
  ajv: { schemas: Record<string, { schema?: unknown } | string | undefined> };
  resolvedSchemaCache: Map<string, unknown>;
}
type ResolveSchema = ((this: SchemaPreprocessorInstance, schema: unknown) => unknown) & { original?: ResolveSchema };
export interface SchemaPreprocessorModule {
  SchemaPreprocessor: (new (apiDoc: unknown, ajvOptions: unknown, validateResponses: unknown) => { preProcess(): { apiDoc: unknown } }) & {
    prototype: { resolveSchema: ResolveSchema };
  };
}

const schemaPreprocessorModule = () => PATCHED_MODULES['./middlewares/parsers/schema.preprocessor.js'] as SchemaPreprocessorModule;

/**
 * 3. Before the first request it resolves every `$ref` of the document's operations, responses
 * included, through ajv's getSchema, which compiles a validator for each schema it resolves only
 * to read the schema back from it (about 100 ms of the first answer, for responses it never
 * validates). The schema is what ajv registered under that key: it is put in the preprocessor's
 * own cache first, so its resolveSchema finds it there and compiles nothing. Any other `$ref` is
 * resolved as before.
 */
export function resolveRefsWithoutCompiling(): void {
  const { prototype } = schemaPreprocessorModule().SchemaPreprocessor;
  if (prototype.resolveSchema.original) return;
  const original = prototype.resolveSchema;
  const resolveSchema: ResolveSchema = function (this: SchemaPreprocessorInstance, schema: unknown) {
    const ref = (schema as { $ref?: unknown } | null | undefined)?.$ref;
    if (typeof ref === 'string' && !this.resolvedSchemaCache.has(ref)) {
      const registered = this.ajv.schemas[ref];
      if (typeof registered === 'object' && typeof registered.schema === 'object' && registered.schema !== null)
        this.resolvedSchemaCache.set(ref, registered.schema);
    }
    return original.call(this, schema);
  };
  prototype.resolveSchema = Object.assign(resolveSchema, { original });
}

/** For the test: the preprocessor as the validator has it now. */
export function validatorsSchemaPreprocessor(): SchemaPreprocessorModule['SchemaPreprocessor'] {
  return schemaPreprocessorModule().SchemaPreprocessor;
}

type LoadSpec = ((this: unknown, apiDoc: unknown, $refParser?: { mode?: string }) => Promise<unknown>) & { original?: LoadSpec };
export interface FrameworkModule {
  OpenAPIFramework: { prototype: { loadSpec: LoadSpec } };
}

const frameworkModule = () => PATCHED_MODULES['./framework/index.js'] as FrameworkModule;

/** Decodes one JSON pointer token (RFC 6901); undefined for what this module does not resolve. */
function pointerToken(token: string): string | undefined {
  return token.includes('%') ? undefined : token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Whether every `$ref` in the document points into it (`#/…`) at a value that is not a `$ref`
 * itself: what json-schema-ref-parser's bundle() gives back as it is.
 */
export function selfContained(document: unknown): boolean {
  const targetOf = (ref: string): unknown => {
    if (!ref.startsWith('#/')) return undefined;
    let at: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      const token = pointerToken(raw);
      if (token === undefined || typeof at !== 'object' || at === null || !Object.hasOwn(at, token)) return undefined;
      at = (at as Record<string, unknown>)[token];
    }
    return at;
  };
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && '$ref' in value) {
      const ref = (value as { $ref: unknown }).$ref;
      if (typeof ref !== 'string') return false;
      const target = targetOf(ref);
      if (typeof target !== 'object' || target === null || '$ref' in target) return false;
    }
    for (const item of Object.values(value)) pending.push(item);
  }
  return true;
}

/**
 * 4. Before the first request it hands the document to json-schema-ref-parser's bundle(), to
 * gather into it what its `$ref`s point at in other files (about 20 ms of the first answer). A
 * document object that is self-contained (selfContained above, as ours is: scripts/generate.mjs
 * bundles it at build time) bundle() gives back as the same object, unchanged; it is given back
 * at once. Any other document, a file name, or the `dereference` mode go to bundle() as before.
 */
export function skipBundlingSelfContained(): void {
  const { prototype } = frameworkModule().OpenAPIFramework;
  if (prototype.loadSpec.original) return;
  const original = prototype.loadSpec;
  const loadSpec: LoadSpec = function (this: unknown, apiDoc, $refParser) {
    if (($refParser?.mode ?? 'bundle') === 'bundle' && typeof apiDoc === 'object' && apiDoc !== null && selfContained(apiDoc)) {
      return Promise.resolve(apiDoc);
    }
    return original.call(this, apiDoc, $refParser);
  };
  prototype.loadSpec = Object.assign(loadSpec, { original });
}

/** For the test: the framework class as the validator has it now. */
export function validatorsFramework(): FrameworkModule['OpenAPIFramework'] {
  return frameworkModule().OpenAPIFramework;
}

/** What patches 5 and 6 need to know of a document, found in one walk of it. */
interface DocumentFacts {
  /** Some `$ref` points anywhere but into the components (the paths, another file). */
  refersOutsideComponents: boolean;
  /** Some object has an `x-stoplight` key (which the validator deletes before use). */
  hasStoplight: boolean;
}

/** The facts of a document, as it is now: in the validator, it is not changed once loaded. */
export function documentFacts(document: unknown): DocumentFacts {
  const facts: DocumentFacts = { refersOutsideComponents: false, hasStoplight: false };
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value)) {
      const ref = (value as { $ref?: unknown }).$ref;
      if (ref !== undefined && !(typeof ref === 'string' && ref.startsWith('#/components/'))) facts.refersOutsideComponents = true;
      if ('x-stoplight' in value) facts.hasStoplight = true;
    }
    for (const item of Object.values(value)) pending.push(item);
  }
  return facts;
}

const factsOf = new WeakMap<object, DocumentFacts>();
function cachedFacts(document: object): DocumentFacts {
  let facts = factsOf.get(document);
  if (!facts) factsOf.set(document, (facts = documentFacts(document)));
  return facts;
}

type UseAjvCache = ((ajv: unknown, schema: Record<string, unknown>, key: string) => unknown) & { original?: UseAjvCache };
export interface UtilModule {
  useAjvCache: UseAjvCache;
}

const utilModule = () => PATCHED_MODULES['./middlewares/util.js'] as UtilModule;

/** The facts of a document known by its components object: what an operation's schema carries of it. */
const factsByComponents = new WeakMap<object, DocumentFacts>();

/**
 * 5. The first request of each operation builds its validators: two schemas (parameters, body)
 * that each carry the document's whole `paths` and `components`, for their `$ref`s to resolve in,
 * which ajv walks end to end as it adds them, looking for ids to register (about 25 ms of the first
 * answer of every operation). A document whose every `$ref` is a pointer into its components (ours)
 * is resolved by pointer alone: no id of it is looked up. Its paths and components are made
 * properties ajv's walk does not enumerate, on the operation's schema object only; pointers still
 * read them. Any other document is walked as before.
 */
export function addValidatorsWithoutWalkingTheDocument(): void {
  const module = utilModule();
  if (module.useAjvCache.original) return;
  const original = module.useAjvCache;
  const useAjvCache: UseAjvCache = (ajv, schema, key) => {
    const components = schema.components;
    if (typeof components === 'object' && components !== null && Object.getOwnPropertyDescriptor(schema, 'components')?.enumerable) {
      let facts = factsByComponents.get(components);
      if (!facts) factsByComponents.set(components, (facts = documentFacts({ paths: schema.paths, components })));
      if (!facts.refersOutsideComponents) {
        for (const part of ['paths', 'components'])
          if (Object.hasOwn(schema, part)) Object.defineProperty(schema, part, { value: schema[part], enumerable: false, writable: true, configurable: true });
      }
    }
    return original(ajv, schema, key);
  };
  module.useAjvCache = Object.assign(useAjvCache, { original });
}

/** For the test: the useAjvCache the validator calls now. */
export function validatorsUseAjvCache(): UseAjvCache {
  return utilModule().useAjvCache;
}

interface OpenApiDocument {
  openapi?: unknown;
  components?: unknown;
  [key: string]: unknown;
}
type CreateAjv = ((spec: OpenApiDocument, options?: unknown) => unknown) & { original?: CreateAjv };
export interface AjvModule {
  createRequestAjv: CreateAjv;
}

const ajvModule = () => PATCHED_MODULES['./framework/ajv/index.js'] as AjvModule;

/**
 * 6. Each of its request ajv instances (the preprocessor's, the parameters', the bodies': three)
 * starts with a walk of the whole document to delete its `x-stoplight` keys (about 6 ms each, in
 * the first answer); all it reads of the document besides is `openapi` and `components.schemas`.
 * A document with no `x-stoplight` key (ours) is handed over as just those two, the components
 * where the walk does not go (a property that is not enumerable; read as before). Any other
 * document goes whole, as before.
 */
export function createAjvWithoutCleaning(): void {
  const module = ajvModule();
  if (module.createRequestAjv.original) return;
  const original = module.createRequestAjv;
  const createRequestAjv: CreateAjv = (spec, options) => {
    if (typeof spec !== 'object' || spec === null || cachedFacts(spec).hasStoplight) return original(spec, options);
    const clean = Object.defineProperty({ openapi: spec.openapi }, 'components', { value: spec.components, enumerable: false });
    return original(clean, options);
  };
  module.createRequestAjv = Object.assign(createRequestAjv, { original });
}

/** For the test: the createRequestAjv the validator calls now. */
export function validatorsCreateRequestAjv(): CreateAjv {
  return ajvModule().createRequestAjv;
}

interface Parameter {
  in: string;
  style?: string;
  content?: unknown;
}
interface ParameterMutator {
  ajv: unknown;
  _apiDocs: unknown;
}
type ModifyRequest = ((this: ParameterMutator, req: Request) => void) & { original?: ModifyRequest };
interface MutatorModule {
  RequestParameterMutator: { prototype: { modifyRequest: ModifyRequest } };
}
interface ParserUtilModule {
  dereferenceParameter(apiDocs: unknown, parameter: unknown): Parameter;
  normalizeParameter(ajv: unknown, parameter: Parameter): { schema: { type?: unknown } };
}
type OperationSchema = { parameters?: unknown[] };

const mutatorModule = () => PATCHED_MODULES['./middlewares/parsers/req.parameter.mutator.js'] as MutatorModule;
const parserUtilModule = () => PATCHED_MODULES['./middlewares/parsers/util.js'] as ParserUtilModule;

/**
 * By operation (its schema object): whether all its parameters are ones the mutator leaves as they
 * are when the URL has no query string. Decided after the validator's own first run for it, which
 * sets each parameter's default style and explode.
 */
const leftAsTheyAre = new WeakMap<object, boolean>();

function hasNoKeys(object: unknown): boolean {
  for (const _ in object as object) return false;
  return true;
}

/**
 * 7. Its parameter mutator (modifyRequest, run before each request's validation) parses the
 * query string and, parameter by parameter, dereferences and normalizes each one before it finds
 * nothing to do for a path or header parameter of a scalar or object schema: about 5 us of each
 * request with a path parameter (2 % of a create). What it changes is the query (its keys, and
 * defaults of deepObject query parameters even when absent), arrays, form-style objects and
 * parameters with `content` (which it means to parse as JSON; 5.6 reaches none of them, looking
 * their field up twice). For an operation whose parameters are all path or header ones of none of
 * those kinds (decided once per operation, after the validator's own first run, which sets their
 * default style and explode), a request with an empty query is not given to it.
 */
export function skipMutatingPlainParameters(): void {
  const { prototype } = mutatorModule().RequestParameterMutator;
  if (prototype.modifyRequest.original) return;
  const original = prototype.modifyRequest;
  const { dereferenceParameter, normalizeParameter } = parserUtilModule();
  const plain = (mutator: ParameterMutator, operation: OperationSchema) =>
    (operation.parameters ?? []).every((p) => {
      const parameter = dereferenceParameter(mutator._apiDocs, p);
      const { schema } = normalizeParameter(mutator.ajv, parameter);
      return (parameter.in === 'path' || parameter.in === 'header') && !parameter.content && schema.type !== 'array' && parameter.style !== 'form';
    });
  const modifyRequest: ModifyRequest = function (req) {
    const operation = (req as Request & { openapi: { schema: OperationSchema } }).openapi.schema;
    const known = leftAsTheyAre.get(operation);
    if (known === true && hasNoKeys(req.query)) return;
    original.call(this, req);
    if (known === undefined) leftAsTheyAre.set(operation, plain(this, operation));
  };
  prototype.modifyRequest = Object.assign(modifyRequest, { original });
}

/** For the test: the class whose modifyRequest the validator runs now. */
export function validatorsParameterMutator(): MutatorModule['RequestParameterMutator'] {
  return mutatorModule().RequestParameterMutator;
}

interface ContentTypeLike {
  normalize(): string | undefined;
}
interface RequestValidatorLike {
  middlewareCache: Record<string, Middleware>;
  buildMiddleware(path: string, schema: unknown, contentType: ContentTypeLike, key: string): Middleware;
}
type Validate = ((this: RequestValidatorLike, req: Request, res: Response, next: NextFunction) => unknown) & { original?: Validate };
type ProcessQueryParam = ((this: unknown, query: unknown, schema: unknown, whiteList?: unknown) => unknown) & { original?: ProcessQueryParam };
interface RequestValidatorModule {
  RequestValidator: { prototype: { validate: Validate; processQueryParam: ProcessQueryParam } };
}
interface ContentTypeModule {
  ContentType: { fromString(type: string | undefined): ContentTypeLike };
}
const requestValidatorModule = () => PATCHED_MODULES['./middlewares/openapi.request.validator.js'] as RequestValidatorModule;

const CONTENT_TYPES_KEPT = 64;

/**
 * 8. Its request validator parses the request's Content-Type header into a ContentType on every
 * request, only to name the middleware it built for the operation and that media type (the
 * ContentType itself goes to that middleware when it is built). The same validate, with each
 * header's ContentType and name kept (bounded): a client sends the same header again and again.
 * 9. Its check for unknown query parameters builds the set of the operation's known ones on every
 * request, then looks at each key of the query: with no key, there is nothing to find.
 */
export function lightenRequestValidation(): void {
  const { prototype } = requestValidatorModule().RequestValidator;
  if (prototype.validate.original) return;
  const { ContentType } = utilModule() as unknown as ContentTypeModule;
  const parsed = boundedMemo(CONTENT_TYPES_KEPT, (header: string | undefined) => {
    const contentType = ContentType.fromString(header);
    return { contentType, key: contentType.normalize() ?? 'not_provided' };
  });
  const original = prototype.validate;
  const validate: Validate = function (req, res, next) {
    const openapi = (req as Request & { openapi?: { expressRoute: string; schema: unknown } }).openapi;
    if (!openapi) return next();
    const known = parsed(req.headers['content-type']);
    const key = `${req.method}-${openapi.expressRoute}-${known.key}`;
    let middleware = this.middlewareCache[key];
    if (!middleware) this.middlewareCache[key] = middleware = this.buildMiddleware(openapi.expressRoute, openapi.schema, known.contentType, key);
    return middleware(req, res, next);
  };
  prototype.validate = Object.assign(validate, { original });
  const processQueryParam = prototype.processQueryParam;
  prototype.processQueryParam = Object.assign(
    function (this: unknown, query: unknown, schema: unknown, whiteList?: unknown) {
      if (hasNoKeys(query)) return undefined;
      return processQueryParam.call(this, query, schema, whiteList);
    },
    { original: processQueryParam },
  );
}

/** For the test: the class whose validate the validator runs now. */
export function validatorsRequestValidator(): RequestValidatorModule['RequestValidator'] {
  return requestValidatorModule().RequestValidator;
}

/** All of the above; safe to call again. */
export function patchValidator(): void {
  indexRouteLookup();
  lazySchemaValidator();
  resolveRefsWithoutCompiling();
  skipBundlingSelfContained();
  addValidatorsWithoutWalkingTheDocument();
  createAjvWithoutCleaning();
  skipMutatingPlainParameters();
  lightenRequestValidation();
}

/** For the test: the class the validator constructs now. */
export function validatorsSchemaValidator(): SchemaValidatorModule['OpenAPISchemaValidator'] {
  return schemaValidatorModule().OpenAPISchemaValidator;
}
