// Fault injection: rules that answer matching requests instead of the API, the way Genesys fails
// (rate limits, outages, slow or dropped responses), so clients' retry code can be exercised.
import { ApiError, type ErrorKey } from '../errors.js';
import { pathMatches } from './glob.js';
import type { Model } from '../models.js';

export type FaultInput = Model<'AdminFaultRequest'>;
export type Fault = Model<'AdminFault'>;

/** What the HTTP layer sends for a fault: a body of ours, or the fault's own. */
export type FaultAnswer =
  { drop: true; delayMs: number } | { drop: false; delayMs: number; status: number; headers: Record<string, string>; body?: unknown; error?: ApiError };

/** Statuses answered with the Genesys error of that status when the fault gives no body. */
const SHORTHANDS: Record<number, ErrorKey> = {
  400: 'badRequest',
  401: 'badCredentials',
  404: 'notFound',
  429: 'tooManyRequests',
  500: 'internal',
  503: 'serviceUnavailable',
};

/** More would only slow every request down: a test needs a handful. */
const MAX_FAULTS = 1000;

/** RFC 9110 field names, and values without the line breaks that would end a header. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** The server frames the answer itself: a fault saying otherwise would break the connection. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

function invalidFault(fieldName: string, problems: string): ApiError {
  return new ApiError('invalidBody', {}, [{ errorCode: 'invalid.value', fieldName }], { problems });
}

/** Why headers cannot be sent as given: `field` names them in the error (a stub's are `response.headers`). */
export function headersProblem(headers: Record<string, unknown> | undefined, field = 'headers'): ApiError | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME.test(name)) return invalidFault(`${field}.${name}`, `${JSON.stringify(name)} is not a header name`);
    if (FRAMING_HEADERS.has(name.toLowerCase())) return invalidFault(`${field}.${name}`, `${name} is set by the server itself`);
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) return invalidFault(`${field}.${name}`, `the value of ${name} must be text on one line`);
  }
  return undefined;
}

interface Indexed extends Fault {
  /** Order of arrival: the first fault that matches answers. */
  seq: number;
}

/**
 * The faults, indexed by path: a fault for an exact path is found by a map lookup, and only those
 * with a glob are tried one by one, so the faults a test arms cost a request next to nothing.
 */
export class Faults {
  private readonly byId = new Map<string, Indexed>();
  private readonly exact = new Map<string, Indexed[]>();
  private globs: Indexed[] = [];
  private seq = 0;

  constructor(private readonly random: () => number) {}

  add(id: string, input: FaultInput): Fault {
    if (!input.drop && input.status === undefined) {
      throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'status' }], { problems: 'a fault needs a status, or drop: true' });
    }
    const problem = headersProblem(input.headers);
    if (problem) throw problem;
    if (this.byId.size >= MAX_FAULTS) throw invalidFault('path', `there are already ${MAX_FAULTS} faults, the most there can be: remove some first`);
    const fault: Indexed = { ...input, id, hits: 0, seq: this.seq++ };
    if (isGlob(input.path)) this.globs.push(fault);
    else this.exact.set(input.path, [...(this.exact.get(input.path) ?? []), fault]);
    this.byId.set(id, fault);
    return publicFault(fault);
  }

  /** In the order they were added. */
  list(): Fault[] {
    return [...this.byId.values()].map(publicFault);
  }

  remove(id: string): boolean {
    const fault = this.byId.get(id);
    if (!fault) return false;
    this.byId.delete(id);
    if (isGlob(fault.path)) {
      this.globs = this.globs.filter((f) => f !== fault);
    } else {
      const kept = this.exact.get(fault.path)!.filter((f) => f !== fault);
      if (kept.length === 0) this.exact.delete(fault.path);
      else this.exact.set(fault.path, kept);
    }
    return true;
  }

  clear(): void {
    this.byId.clear();
    this.exact.clear();
    this.globs = [];
  }

  /** Counts `n` hits against a fault, removing it when its times are used up. */
  hit(id: string, n = 1): void {
    const fault = this.byId.get(id);
    if (!fault || n === 0) return;
    fault.hits += n;
    if (fault.times !== undefined && fault.hits >= fault.times) this.remove(id);
  }

  /** No fault is armed: nothing can answer a request instead of the API. */
  isEmpty(): boolean {
    return this.byId.size === 0;
  }

  /** The fault that answers this request, if any; counts it down. */
  match(request: FaultTarget): Fault | undefined {
    if (this.byId.size === 0) return undefined;
    const candidates = [...(this.exact.get(request.path) ?? []), ...this.globs].sort((a, b) => a.seq - b.seq);
    const fault = candidates.find((f) => appliesTo(f, request) && (f.probability === undefined || this.random() < f.probability));
    if (fault) this.hit(fault.id);
    return fault && publicFault(fault);
  }
}

const isGlob = (path: string) => path.includes('*');

function publicFault(fault: Indexed): Fault {
  const { seq: _seq, ...rest } = fault;
  void _seq;
  return rest;
}

export interface FaultTarget {
  method: string;
  path: string;
  orgId?: string | undefined;
}

/** Whether a fault's method, path and org cover a request (its probability aside). */
export function appliesTo(fault: FaultInput, request: FaultTarget): boolean {
  return (
    (fault.method === undefined || fault.method.toUpperCase() === request.method) &&
    pathMatches(fault.path, request.path) &&
    (fault.orgId === undefined || fault.orgId === request.orgId)
  );
}

export function faultAnswer(fault: Fault): FaultAnswer {
  const delayMs = fault.delayMs ?? 0;
  if (fault.drop) return { drop: true, delayMs };
  const status = fault.status!;
  const headers = { ...(fault.headers ?? {}) };
  if (fault.body !== undefined) return { drop: false, delayMs, status, headers, body: fault.body };
  const key = SHORTHANDS[status];
  if (status === 429) {
    const retryAfter = headers['Retry-After'] ?? headers['retry-after'] ?? '1';
    headers['Retry-After'] = retryAfter;
    return { drop: false, delayMs, status, headers, error: new ApiError('tooManyRequests', {}, [], { retryAfter }) };
  }
  return { drop: false, delayMs, status, headers, ...(key ? { error: new ApiError(key) } : { body: {} }) };
}
