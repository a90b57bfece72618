// Stubs and unimplemented Genesys operations in the request pipeline (docs/stubs.md). The order a
// request meets them: authentication, then stubs, then the implemented handlers, then 501 for a
// catalogued operation the emulator lacks and 404 for a path Genesys does not have either.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { operationName } from '../domain/catalogue.js';
import type { Deps } from '../domain/deps.js';
import { ApiError } from '../domain/errors.js';
import type { StubMatch, StubTarget } from '../domain/admin/stubs.js';
import { authenticate, type Principal } from '../domain/oauth.js';
import type { Admin } from './admin.js';
import { genesysCatalogue } from './catalogue-file.js';
import { pathKind } from './paths.js';
import { requestState } from './request-state.js';

function targetOf(req: Request, principal: Principal | undefined): StubTarget {
  return { method: req.method, path: req.path, query: req.query as Record<string, unknown>, headers: req.headers, body: req.body, orgId: principal?.orgId };
}

function answer(deps: Deps, admin: Admin, req: Request, res: Response, hit: StubMatch, principal: Principal | undefined): void {
  const state = requestState(req);
  state.stub = hit.stub.id;
  state.operation = hit.stub.operation ?? state.operation ?? knownOperation(req.method, req.path);
  const { body, headers } = admin.stubs.render(
    hit.stub,
    targetOf(req, principal),
    { params: hit.params, orgId: principal?.orgId, userId: principal?.userId },
    deps,
  );
  const send = () => {
    if (res.headersSent || res.destroyed) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(hit.stub.response.status);
    if (body === undefined) res.end();
    else res.json(body);
  };
  const delayMs = hit.stub.response.delayMs ?? 0;
  if (delayMs > 0) setTimeout(send, delayMs);
  else send();
}

function knownOperation(method: string, path: string): string | undefined {
  const known = genesysCatalogue().match(method, path);
  return known && operationName(known.operation);
}

/**
 * For an implemented operation, after its authentication: the stub that matches answers instead
 * of the handler. Nothing is looked at while no stub exists.
 */
export function stubResponder(deps: Deps, admin: Admin): RequestHandler {
  return (req, res, next) => {
    if (admin.stubs.isEmpty() || pathKind(req.path) !== 'api') return next();
    const principal = requestState(req).principal;
    const hit = admin.stubs.match(targetOf(req, principal));
    if (!hit) return next();
    answer(deps, admin, req, res, hit, principal);
  };
}

const noRoute = (err: unknown) => {
  const status = (err as { status?: unknown } | null)?.status;
  return status === 404 || status === 405;
};

/**
 * Wraps the validator's route lookup: a /api/v2 request it finds no operation for (its 404, or
 * 405 for a known path with another method) is looked up in the catalogue and the stubs. One
 * that either covers is authenticated, then answered by a matching stub, else 501 for a
 * catalogued operation; anything else keeps the validator's answer.
 */
export function unmatchedOperations(deps: Deps, admin: Admin, lookup: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const fallback: NextFunction = (err?: unknown) => {
      if (!err || !noRoute(err) || pathKind(req.path) !== 'api') return next(err);
      try {
        const known = genesysCatalogue().match(req.method, req.path);
        if (!known && !admin.stubs.coversPath(req.method, req.path)) return next(err);
        const state = requestState(req);
        if (known) state.operation = operationName(known.operation);
        const principal = authenticate(deps, req.headers.authorization);
        state.principal = principal;
        const hit = admin.stubs.match(targetOf(req, principal), known?.params);
        if (hit) return answer(deps, admin, req, res, hit, principal);
        if (!known) return next(err);
        next(new ApiError('notImplemented', { method: req.method, path: req.path, operation: operationName(known.operation) }));
      } catch (e) {
        next(e);
      }
    };
    return lookup(req, res, fallback);
  };
}
