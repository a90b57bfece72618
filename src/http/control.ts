// The test-control plane's state, kept in memory beside the store: the virtual clock, the
// request journal, injected faults and the opt-in rate limits.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import { ApiError } from '../domain/errors.js';
import type { Deps } from '../domain/deps.js';
import { isoNow } from '../domain/deps.js';
import { Journal } from '../domain/control/journal.js';
import { Faults, faultAnswer } from '../domain/control/faults.js';
import { RateLimiter } from '../domain/control/rate-limits.js';
import type { VirtualClock } from '../domain/control/virtual-clock.js';
import { peekPrincipal, tokenRequestClient } from '../domain/oauth.js';
import { sha256 } from '../domain/secrets.js';
import { isGenesysPath, pathKind } from './paths.js';
import { requestState } from './request-state.js';

export interface ControlOptions {
  journalSize: number;
  rateLimits: boolean;
  adminToken?: string | undefined;
}

export class Control {
  readonly journal: Journal;
  readonly faults: Faults;
  readonly limiter = new RateLimiter();
  rateLimits: boolean;

  constructor(
    readonly clock: VirtualClock,
    readonly options: ControlOptions,
  ) {
    this.journal = new Journal(options.journalSize);
    this.faults = new Faults(Math.random);
    this.rateLimits = options.rateLimits;
  }

  /** Everything but the data, back as the server started: used by POST /__admin/reset. */
  reset(): void {
    this.rateLimits = this.options.rateLimits;
    this.journal.clear();
    this.faults.clear();
    this.limiter.clear();
    this.clock.backToReal();
  }
}

const SECRET_FIELDS = new Set(['client_secret', 'clientSecret', 'password', 'refresh_token', 'access_token']);

function maskedHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'authorization' ? `${text.split(' ')[0] ?? ''} ********` : text;
  }
  return out;
}

function maskedBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '********' : v]));
}

/** Records every API request with what it was answered, once the response is finished. */
export function journalRecorder(deps: Deps, control: Control): RequestHandler {
  return (req, res, next) => {
    if (!isGenesysPath(req.path) || control.options.journalSize <= 0) return next();
    const started = process.hrtime.bigint();
    const time = isoNow(deps.clock);
    let responseBody: unknown;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      responseBody = body;
      return json(body);
    };
    res.on('finish', () => {
      const state = requestState(req);
      const who =
        pathKind(req.path) === 'token'
          ? tokenRequestClient(deps, { authorization: req.headers.authorization, form: (req.body ?? {}) as Record<string, unknown> })
          : (state.principal ?? peekPrincipal(deps, req.headers.authorization));
      control.journal.add({
        time,
        method: req.method,
        path: req.path,
        query: { ...(req.query as Record<string, unknown>) },
        headers: maskedHeaders(req),
        ...(who?.clientId ? { clientId: who.clientId } : {}),
        ...(who?.orgId ? { orgId: who.orgId } : {}),
        ...(req.body !== undefined && !Buffer.isBuffer(req.body) ? { body: maskedBody(req.body) } : {}),
        status: res.statusCode,
        ...(responseBody !== undefined ? { responseBody: maskedBody(responseBody) } : {}),
        correlationId: state.correlationId,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(state.fault ? { fault: state.fault } : {}),
      });
    });
    next();
  };
}

/** Answers a request with the first matching fault instead of the API; nothing is written. */
export function faultInjector(deps: Deps, control: Control): RequestHandler {
  return (req, res, next) => {
    if (!isGenesysPath(req.path)) return next();
    const orgId = peekPrincipal(deps, req.headers.authorization)?.orgId;
    const fault = control.faults.match({ method: req.method, path: req.path, orgId });
    if (!fault) return next();
    const state = requestState(req);
    state.fault = fault.id;
    const answer = faultAnswer(fault);
    const respond = () => {
      if (answer.drop) {
        req.socket.destroy();
        return;
      }
      res.set(answer.headers);
      // Shorthand errors go through the one error handler, so /oauth/token gets the OAuth shape.
      if (answer.error) next(answer.error);
      else res.status(answer.status).json(answer.body);
    };
    if (answer.delayMs > 0) setTimeout(respond, answer.delayMs);
    else respond();
  };
}

/** Genesys' 300 requests a minute per token, when switched on; the headers on every API answer. */
export function rateLimiter(deps: Deps, control: Control): RequestHandler {
  return (req, res, next) => {
    if (!control.rateLimits || pathKind(req.path) !== 'api') return next();
    const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return next();
    const decision = control.limiter.take(sha256(token), deps.clock.now());
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

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/** With --admin-token, /__admin needs it (health stays open, for container health checks). */
export function adminGuard(control: Control): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = control.options.adminToken;
    if (!token || pathKind(req.path) !== 'admin') return next();
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (given !== undefined && sameSecret(given, token)) return next();
    next(new ApiError('adminTokenRequired'));
  };
}

