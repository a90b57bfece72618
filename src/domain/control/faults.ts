// Fault injection: rules that answer matching requests instead of the API, the way Genesys fails
// (rate limits, outages, slow or dropped responses), so clients' retry code can be exercised.
import { ApiError, type ErrorKey } from '../errors.js';
import { pathMatches } from './glob.js';

export interface FaultInput {
  method?: string;
  path: string;
  orgId?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  drop?: boolean;
  times?: number;
  probability?: number;
}

export interface Fault extends FaultInput {
  id: string;
  /** Requests it has answered. */
  hits: number;
}

/** What the HTTP layer sends for a fault: a body of ours, or the fault's own. */
export type FaultAnswer =
  | { drop: true; delayMs: number }
  | { drop: false; delayMs: number; status: number; headers: Record<string, string>; body?: unknown; error?: ApiError };

/** Statuses answered with the Genesys error of that status when the fault gives no body. */
const SHORTHANDS: Record<number, ErrorKey> = {
  400: 'badRequest',
  401: 'badCredentials',
  404: 'notFound',
  429: 'tooManyRequests',
  500: 'internal',
  503: 'serviceUnavailable',
};

export class Faults {
  private faults: Fault[] = [];

  constructor(private readonly random: () => number) {}

  add(id: string, input: FaultInput): Fault {
    if (!input.drop && input.status === undefined) {
      throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'status' }], { problems: 'a fault needs a status, or drop: true' });
    }
    const fault: Fault = { ...input, id, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** Counts `n` hits against a fault, removing it when its times are used up. */
  hit(fault: Fault, n = 1): void {
    if (n === 0) return;
    fault.hits += n;
    if (fault.times !== undefined && fault.hits >= fault.times) this.remove(fault.id);
  }

  /** The fault that answers this request, if any; counts it down. */
  match(request: FaultTarget): Fault | undefined {
    const fault = this.faults.find((f) => appliesTo(f, request) && (f.probability === undefined || this.random() < f.probability));
    if (fault) this.hit(fault);
    return fault;
  }
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
