// The admin API's state, kept in memory beside the store: the virtual clock, the
// request journal, injected faults and the opt-in rate limits.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from '../domain/errors.js';
import type { Deps } from '../domain/deps.js';
import { entryBytes, Journal, keptBody, type RecordedEntry } from '../domain/admin/journal.js';
import { Faults, faultAnswer } from '../domain/admin/faults.js';
import { RateLimiter } from '../domain/admin/rate-limits.js';
import { Stubs } from '../domain/admin/stubs.js';
import type { VirtualClock } from '../domain/admin/virtual-clock.js';
import { bearerToken, peekPrincipal, tokenRequestClient } from '../domain/oauth.js';
import { secretsEqual, sha256 } from '../domain/secrets.js';
import { isGenesysPath, pathKind } from './paths.js';
import { requestState } from './request-state.js';

export interface AdminOptions {
  journalSize: number;
  journalBytes?: number | undefined;
  rateLimits: boolean;
  adminToken?: string | undefined;
}

export class Admin {
  readonly journal: Journal;
  readonly faults: Faults;
  readonly limiter = new RateLimiter();
  readonly stubs = new Stubs();
  rateLimits: boolean;

  constructor(
    readonly clock: VirtualClock,
    readonly options: AdminOptions,
  ) {
    this.journal = new Journal(options.journalSize, options.journalBytes);
    this.faults = new Faults(Math.random);
    this.rateLimits = options.rateLimits;
  }

  /** Everything but the data, back as the server started: used by POST /__admin/reset. */
  reset(): void {
    this.rateLimits = this.options.rateLimits;
    this.journal.clear();
    this.faults.clear();
    this.stubs.clear({ keepFromFiles: true });
    this.limiter.clear();
    this.clock.backToReal();
  }
}

/**
 * Records every API request with what it was answered, once the response is finished, or without
 * a status when the connection closed first (a `drop` fault, a client gone). The query is the one
 * the client sent, taken before validation fills in defaults; credentials are masked when the
 * journal is read (src/domain/admin/journal.ts).
 */
export function journalRecorder(deps: Deps, admin: Admin): RequestHandler {
  return (req, res, next) => {
    if (admin.options.journalSize <= 0 || !isGenesysPath(req.path)) return next();
    const started = performance.now();
    const at = deps.clock.now();
    // Without a query string Express' req.query is a new empty object: no copy is needed then.
    const query = req.url.includes('?') ? { ...(req.query as Record<string, unknown>) } : {};
    let recorded = false;
    const record = (answered: boolean) => {
      if (recorded) return;
      recorded = true;
      const state = requestState(req);
      const who = state.principal ?? requestClient(deps, req);
      const entry: RecordedEntry = { at, method: req.method, path: req.path, query, headers: req.headers, correlationId: '', durationMs: 0 };
      if (who?.clientId) entry.clientId = who.clientId;
      if (who?.orgId) entry.orgId = who.orgId;
      let bytes = 0;
      if (req.body !== undefined && !Buffer.isBuffer(req.body)) {
        const body = keptBody(req.body, wireBytes(req.headers['content-length']));
        entry.body = body.body;
        bytes += body.bytes;
      }
      if (answered) entry.status = res.statusCode;
      if (state.responseBody !== undefined) {
        const response = keptBody(state.responseBody, wireBytes(res.getHeader('content-length')));
        entry.responseBody = response.body;
        bytes += response.bytes;
      }
      entry.correlationId = state.correlationId;
      entry.durationMs = performance.now() - started;
      if (state.fault) entry.fault = state.fault;
      if (state.operation) entry.operation = state.operation;
      if (state.stub) entry.stub = state.stub;
      admin.journal.add(entry, entryBytes(entry, bytes));
    };
    res.on('finish', () => record(true));
    res.on('close', () => record(false));
    next();
  };
}

/**
 * Keeps the body of every JSON answer in the request's state, for the journal: on the app's
 * response prototype rather than wrapped around each response, which cost a closure a request.
 */
export function keepResponseBodies(response: Response): void {
  const json = response.json;
  response.json = function (this: Response, body: unknown) {
    requestState(this.req).responseBody = body;
    return json.call(this, body);
  };
}

function wireBytes(header: unknown): number | undefined {
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** The client (and so the org) a request comes from: by its token, or on /oauth/token by its credentials. */
function requestClient(deps: Deps, req: Request): { clientId?: string; orgId?: string } | undefined {
  return pathKind(req.path) === 'token'
    ? tokenRequestClient(deps, { authorization: req.headers.authorization, form: (req.body ?? {}) as Record<string, unknown> })
    : peekPrincipal(deps, req.headers.authorization);
}

/** Answers a request with the first matching fault instead of the API; nothing is written. */
export function faultInjector(deps: Deps, admin: Admin): RequestHandler {
  return (req, res, next) => {
    // With no fault armed, the org a request comes from (a token lookup) is not needed.
    if (admin.faults.isEmpty() || !isGenesysPath(req.path)) return next();
    const orgId = requestClient(deps, req)?.orgId;
    const fault = admin.faults.match({ method: req.method, path: req.path, orgId });
    if (!fault) return next();
    const state = requestState(req);
    state.fault = fault.id;
    const answer = faultAnswer(fault);
    const respond = () => {
      // Run from a timer too, where nothing would catch what is thrown: nothing is.
      try {
        if (answer.drop) {
          req.socket.destroy();
          return;
        }
        res.set(answer.headers);
        // Shorthand errors go through the one error handler, so /oauth/token gets the OAuth shape.
        if (answer.error) next(answer.error);
        else res.status(answer.status).json(answer.body);
      } catch (e) {
        if (res.headersSent) req.socket.destroy();
        else next(e);
      }
    };
    if (answer.delayMs > 0) setTimeout(respond, answer.delayMs);
    else respond();
  };
}

/** Genesys' 300 requests a minute per token, when switched on; the headers on every API answer. */
export function rateLimiter(deps: Deps, admin: Admin): RequestHandler {
  return (req, res, next) => {
    if (!admin.rateLimits || pathKind(req.path) !== 'api') return next();
    const token = bearerToken(req.headers.authorization);
    if (!token) return next();
    const decision = admin.limiter.take(sha256(token), deps.clock.now());
    res.set({
      'inin-ratelimit-allowed': String(decision.limit),
      'inin-ratelimit-count': String(decision.count),
      'inin-ratelimit-reset': String(decision.resetSeconds),
    });
    if (decision.allowed) return next();
    res.set('Retry-After', String(decision.resetSeconds));
    next(new ApiError('tooManyRequests', {}, [], { retryAfter: String(decision.resetSeconds) }));
  };
}

/** With --admin-token, /__admin needs it (health stays open, for container health checks). */
export function adminGuard(admin: Admin): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = admin.options.adminToken;
    if (!token || pathKind(req.path) !== 'admin') return next();
    const given = bearerToken(req.headers.authorization);
    if (given !== undefined && secretsEqual(given, token)) return next();
    next(new ApiError('adminTokenRequired'));
  };
}
