// Turning observed traffic (the journal, a HAR) into scenario steps: known ids become `${ref}`
// references, other volatile values become matchers, so the steps replay in a fresh org.
import { MASK } from '../domain/secrets.js';
import { ISO8601 as ISO_ONLY, UUID as UUID_ONLY, UUID_PATTERN } from '../domain/matchers.js';
import type { ScenarioRequest, Step } from './model.js';

const UUID_ANYWHERE = new RegExp(UUID_PATTERN, 'gi');
/**
 * Keys whose values are random on every run whatever they look like, or carry the address of the
 * server that answered (a socket's URL: another port on the next run).
 */
const RANDOM_KEYS = new Set(['joinCode', 'access_token', 'contextId', 'correlationId', 'websocketUrl', 'connectUri']);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Ids seen in traffic, and the `${…}` each stands for in the scenario. */
export class IdNames {
  private readonly names = new Map<string, string>();
  private counter = 0;

  constructor(private readonly prefix = 'id') {}

  set(id: string, expression: string): void {
    this.names.set(id.toLowerCase(), expression);
  }

  get(id: string): string | undefined {
    return this.names.get(id.toLowerCase());
  }

  has(id: string): boolean {
    return this.names.has(id.toLowerCase());
  }

  /** A fresh name for a value to save, registered for the id. */
  fresh(id: string): string {
    const name = `${this.prefix}${++this.counter}`;
    this.set(id, `\${${name}}`);
    return name;
  }

  /** A path, query or body string with every known id written as its reference. */
  rewrite(text: string): string {
    return text.replace(UUID_ANYWHERE, (id) => this.get(id) ?? id);
  }

  /** Every id in a value, known or not. */
  static idsIn(value: unknown, out = new Set<string>()): Set<string> {
    if (typeof value === 'string') for (const m of value.match(UUID_ANYWHERE) ?? []) out.add(m.toLowerCase());
    else if (Array.isArray(value)) value.forEach((v) => IdNames.idsIn(v, out));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => IdNames.idsIn(v, out));
    return out;
  }

  /** A request body: known ids as references, the rest as they were. */
  rewriteValue(value: unknown): unknown {
    if (typeof value === 'string') return this.rewrite(value);
    if (Array.isArray(value)) return value.map((v) => this.rewriteValue(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rewriteValue(v)]));
    return value;
  }

  /** An answer as an expectation: known ids as references, volatile values as matchers. */
  expectation(value: unknown, key?: string): unknown {
    if (typeof value === 'string') {
      if (value === MASK || (key !== undefined && RANDOM_KEYS.has(key))) return '$any';
      if (UUID_ONLY.test(value)) return this.get(value) ?? '$uuid';
      if (ISO_ONLY.test(value)) return '$iso8601';
      const ids = value.match(UUID_ANYWHERE) ?? [];
      if (ids.length === 0) return value;
      if (ids.every((id) => this.has(id))) return this.rewrite(value);
      // Some id in it is not known: match its shape instead.
      const pattern = value
        .split(UUID_ANYWHERE)
        .map(escapeRegex)
        .join(UUID_PATTERN);
      return `$regex:^${pattern}$`;
    }
    if (Array.isArray(value)) return value.map((v) => this.expectation(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.expectation(v, k)]));
    return value;
  }

  /**
   * Saves for the ids in an answer that later requests use: `{name: 'body.a.0.id'}`. Each id is
   * saved once, from the first answer that carries it.
   */
  savesFor(body: unknown, wanted: Set<string>, path = 'body', saves: Record<string, string> = {}): Record<string, string> {
    if (typeof body === 'string' && UUID_ONLY.test(body) && wanted.has(body.toLowerCase()) && !this.has(body)) saves[this.fresh(body)] = path;
    else if (Array.isArray(body)) body.forEach((v, i) => this.savesFor(v, wanted, `${path}.${i}`, saves));
    else if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (!k.includes('.')) this.savesFor(v, wanted, `${path}.${k}`, saves);
    return saves;
  }
}

/** `a-b c` → `a_b_c`, a usable ref. */
export function refName(text: string, fallback: string, taken: Set<string>): string {
  let base = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z_]/.test(base)) base = fallback;
  let name = base;
  for (let i = 2; taken.has(name) || name === 'org'; i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** An API call as it was sent and answered: a journal entry (`scenario record`) or a HAR entry (`import-har`). */
export interface ObservedCall {
  method: string;
  /** The path with its query, as sent. */
  path: string;
  /** The `${…}` of the token it was sent with. */
  token?: string | undefined;
  contentType?: string | undefined;
  /** The body as it was read: JSON, a form, other text, or none. */
  body?: { json: unknown } | { form: Record<string, unknown> } | { text: string } | undefined;
  status: number;
  responseBody?: unknown;
}

/**
 * The step that replays a call: its ids written as references, its answer expected with
 * matchers, and what it hands out that later calls use (`used`) saved under fresh names.
 */
export function stepOf(call: ObservedCall, ids: IdNames, used: Set<string>): Step {
  const method = call.method.toUpperCase();
  const request: ScenarioRequest = { method, path: ids.rewrite(call.path), ...(call.token ? { token: call.token } : {}) };
  const body = call.body;
  if (body && 'json' in body) request.json = ids.rewriteValue(body.json);
  else if (body && 'form' in body) request.form = ids.rewriteValue(body.form) as Record<string, string>;
  else if (body && 'text' in body && body.text !== '') {
    request.headers = { 'Content-Type': call.contentType ?? 'text/plain' };
    request.body = ids.rewrite(body.text);
  } else if (call.contentType && method !== 'GET' && method !== 'HEAD') {
    // A body-less call that still said what it sent (as the official SDK does).
    request.headers = { 'Content-Type': call.contentType };
    request.body = '';
  }
  // The expectation first: ids this answer hands out are matched as $uuid there, saved for later.
  const expect = { status: call.status, ...(call.responseBody !== undefined ? { body: ids.expectation(call.responseBody) } : {}) };
  const saves = call.status < 300 ? ids.savesFor(call.responseBody, used) : {};
  const name = `${method} ${ids.rewrite(call.path.split('?')[0]!)}`;
  return { kind: 'request', line: 0, name, request, expect, ...(Object.keys(saves).length > 0 ? { save: saves } : {}) };
}
