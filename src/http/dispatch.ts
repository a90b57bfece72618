// The one route: after the validator has matched a request to an operation of the document, the
// handler bound to that operationId answers it (src/http/operations.ts). A documented operation
// without a handler, like any request the document does not match, falls through to the
// Genesys 404; startup refuses a handler whose operationId the document lacks.
import type { Request, RequestHandler, Response } from 'express';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import { GROUP_HANDLERS } from '../generated/groups.js';
import { ApiError } from '../domain/errors.js';
import { Reply, type AnyHandler, type AppServices, type OperationContext } from './operations.js';
import { requestState } from './request-state.js';

/** Every handler of every group, by operationId. */
export function boundHandlers(): Map<string, AnyHandler> {
  const bound = new Map<string, AnyHandler>();
  for (const { group, handlers } of GROUP_HANDLERS) {
    for (const [operationId, handler] of Object.entries(handlers)) {
      if (bound.has(operationId)) throw new Error(`${operationId} has two handlers (the second in ${group})`);
      bound.set(operationId, handler as AnyHandler);
    }
  }
  return bound;
}

type DocumentOperation = { operationId?: unknown; requestBody?: { required?: boolean } };

function* operationsOf(document: OpenAPIV3.DocumentV3): Generator<DocumentOperation> {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item ?? {})) if (operation && typeof operation === 'object') yield operation as DocumentOperation;
  }
}

/** The operationIds of the document. */
export function documentOperations(document: OpenAPIV3.DocumentV3): Set<string> {
  return new Set([...operationsOf(document)].flatMap((op) => (typeof op.operationId === 'string' ? [op.operationId] : [])));
}

/** The operationIds whose request body the document marks required. */
function bodyRequired(document: OpenAPIV3.DocumentV3): Set<string> {
  return new Set([...operationsOf(document)].flatMap((op) => (typeof op.operationId === 'string' && op.requestBody?.required ? [op.operationId] : [])));
}

/**
 * What Express' res.json does for an answer to which none of its conditional parts apply: no
 * HEAD (no body), no If-None-Match or If-Modified-Since (a 304 when fresh), no content type or
 * 204/304 already set. Its header parsing, charset and freshness work, and its Buffer copy of
 * any body over 1,000 characters, cost a GET about a tenth of its answers a second (npm run
 * bench). Anything else goes through res.json itself.
 */
function sendJson(req: Request, res: Response, body: unknown): void {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const plain =
    text !== undefined &&
    req.method !== 'HEAD' &&
    req.headers['if-none-match'] === undefined &&
    req.headers['if-modified-since'] === undefined &&
    res.statusCode !== 204 &&
    res.statusCode !== 304 &&
    !res.hasHeader('Content-Type');
  if (!plain) {
    res.json(body);
    return;
  }
  requestState(req).responseBody = body;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function send(req: Request, res: Response, result: unknown): void {
  if (!(result instanceof Reply)) {
    sendJson(req, res, result);
    return;
  }
  res.status(result.status).set(result.headers);
  if (result.body === undefined) res.end();
  else if (result.contentType) res.type(result.contentType).send(result.body);
  else sendJson(req, res, result.body);
}

interface Matched {
  schema?: { operationId?: string };
  pathParams?: Record<string, string>;
}

export function dispatcher(services: AppServices, document: OpenAPIV3.DocumentV3): RequestHandler {
  const handlers = boundHandlers();
  const operations = documentOperations(document);
  const needsBody = bodyRequired(document);
  const unknown = [...handlers.keys()].filter((id) => !operations.has(id));
  if (unknown.length > 0) throw new Error(`handlers for operations the document lacks: ${unknown.join(', ')}`);

  return (req, res, next) => {
    const matched = (req as { openapi?: Matched }).openapi;
    const handler = matched?.schema?.operationId === undefined ? undefined : handlers.get(matched.schema.operationId);
    if (!handler) return next();
    // The validator lets an empty JSON body (the SDK's body-less call) through where the document
    // requires one: it is refused here, before any handler reads it.
    if (req.body === undefined && needsBody.has(matched!.schema!.operationId!)) {
      return next(new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'body' }], { problems: 'a request body is required' }));
    }
    const { principal, correlationId } = requestState(req);
    // What the operation commits is published under its request's correlation id; an
    // authenticated call sees its own org only: the store hands it that org's view.
    const requestStore = services.store.forRequest(correlationId);
    const store = principal ? requestStore.org(principal.orgId) : requestStore;
    const ctx: OperationContext = {
      get principal() {
        if (!principal) throw new Error(`${matched!.schema!.operationId} is not secured: it has no principal`);
        return principal;
      },
      params: (matched!.pathParams ?? {}) as never,
      query: new URLSearchParams(req.originalUrl.split('?')[1] ?? ''),
      body: req.body as never,
      headers: req.headers,
      store,
      deps: { store, clock: services.clock, ids: services.ids },
      app: services,
    };
    // Answers go out from setImmediate, after the event loop has read every request that is
    // ready: under load the server then parses a batch of requests before it writes their
    // answers, which measured a third more answers a second than writing each one at once
    // (npm run bench). An error, thrown or rejected, goes to the error handler the same way.
    const answer = (value: unknown) => {
      try {
        send(req, res, value);
      } catch (e) {
        next(e);
      }
    };
    let result: unknown;
    try {
      result = handler(ctx as OperationContext<never>);
    } catch (e) {
      setImmediate(() => next(e));
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value) => setImmediate(answer, value),
        (e: unknown) => setImmediate(() => next(e)),
      );
    } else setImmediate(answer, result);
  };
}
