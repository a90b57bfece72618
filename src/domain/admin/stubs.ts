// Stubs: answers a test arms for Genesys API requests, the WireMock idea made Genesys-aware. A
// stub matches by method, path (a Genesys template, a glob or a path), query, headers, a body
// subset and org, with the scenario matchers; the one with the highest priority, then the newest,
// answers, with templates filled from the request. One for an operation the catalogue knows has
// its answer checked against the Genesys model when it is added. See docs/stubs.md.
import type { Catalogue } from '../catalogue.js';
import { operationName } from '../catalogue.js';
import type { Clock, IdGenerator } from '../deps.js';
import { ApiError } from '../errors.js';
import { match } from '../matchers.js';
import type { Model } from '../models.js';
import { headersProblem } from './faults.js';
import { globMatches } from './glob.js';

export type StubInput = Model<'AdminStubRequest'>;
export type Stub = Model<'AdminStub'>;

/** A request as stubs see it. */
export interface StubTarget {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  orgId?: string | undefined;
}

export interface StubMatch {
  stub: Stub;
  /** The path parameters by the stub's template, or by the catalogued operation's. */
  params: Record<string, string>;
}

/** What a template may refer to besides the request. */
export interface TemplateContext {
  params: Record<string, string>;
  orgId?: string | undefined;
  userId?: string | undefined;
}

type PathPattern = { kind: 'template'; segments: (string | { param: string })[] } | { kind: 'glob'; glob: string } | { kind: 'exact'; path: string };

interface Kept {
  stub: Stub;
  seq: number;
  /** From --stubs or startMockServer({stubs}): kept across resets. */
  fromFile: boolean;
  pattern: PathPattern;
}

/** A test arms a handful; more would slow every request down. */
const MAX_STUBS = 1000;
const PARAM = /^\{(\w+)\}$/;
const TEMPLATE = /\{\{\s*([\w.]+)\s*\}\}/g;
const WHOLE_TEMPLATE = /^\{\{\s*([\w.]+)\s*\}\}$/;

function invalidStub(fieldName: string, problems: string): ApiError {
  return new ApiError('invalidBody', {}, [{ errorCode: 'invalid.value', fieldName }], { problems });
}

function patternOf(path: string): PathPattern {
  if (!path.startsWith('/')) throw invalidStub('request.path', `${JSON.stringify(path)} is not a path: it must start with /`);
  const hasTemplate = path.includes('{');
  if (hasTemplate && path.includes('*')) throw invalidStub('request.path', `${path} mixes a template ({name}) and a glob (*): use one or the other`);
  if (path.includes('*')) return { kind: 'glob', glob: path };
  if (!hasTemplate) return { kind: 'exact', path };
  const segments = path
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = PARAM.exec(segment);
      if (param) return { param: param[1]! };
      if (segment.includes('{') || segment.includes('}')) throw invalidStub('request.path', `${segment} in ${path}: a parameter is a whole segment, {name}`);
      return segment;
    });
  return { kind: 'template', segments };
}

/** Whether the pattern covers the path, with the template's parameters when it has any. */
function pathMatch(pattern: PathPattern, path: string): Record<string, string> | undefined {
  if (pattern.kind === 'exact') return pattern.path === path ? {} : undefined;
  if (pattern.kind === 'glob') return globMatches(pattern.glob, path) ? {} : undefined;
  const segments = path.split('/').slice(1);
  if (segments.length !== pattern.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const expected = pattern.segments[i]!;
    if (typeof expected === 'string') {
      if (expected !== segments[i]) return undefined;
    } else {
      if (segments[i] === '') return undefined;
      params[expected.param] = segments[i]!;
    }
  }
  return params;
}

/** A value with its whole-string templates taken out: what the model check looks at. */
function withoutTemplates(value: unknown): unknown {
  if (typeof value === 'string') return WHOLE_TEMPLATE.test(value) ? undefined : value;
  if (Array.isArray(value)) return value.map(withoutTemplates);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutTemplates(v)]));
  return value;
}

export class Stubs {
  private kept: Kept[] = [];
  private seq = 0;

  /**
   * Adds a stub. `catalogue` (read only when the path is no glob) names the operation and checks
   * the answer against its model: the warnings come back with the stub.
   */
  add(id: string, input: StubInput, options: { fromFile?: boolean; catalogue?: () => Catalogue } = {}): Stub {
    if (this.kept.length >= MAX_STUBS) throw invalidStub('request', `there are already ${MAX_STUBS} stubs, the most there can be: remove some first`);
    const method = input.request.method.toUpperCase();
    if (!/^[A-Z]+$/.test(method)) throw invalidStub('request.method', `${JSON.stringify(input.request.method)} is not an HTTP method`);
    const pattern = patternOf(input.request.path);
    const problem = headersProblem(input.response.headers, 'response.headers');
    if (problem) throw problem;
    const request = { ...input.request, method };
    if (input.request.headers) request.headers = Object.fromEntries(Object.entries(input.request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const stub: Stub = {
      id,
      ...(input.name !== undefined ? { name: input.name } : {}),
      request,
      response: input.response,
      priority: input.priority ?? 0,
      hits: 0,
      warnings: [],
    };
    if (input.times !== undefined) stub.times = input.times;
    if (pattern.kind !== 'glob' && options.catalogue) {
      const catalogue = options.catalogue();
      const known = catalogue.match(method, input.request.path);
      if (known) {
        stub.operation = operationName(known.operation);
        const { status, body } = input.response;
        if (body !== undefined && status >= 200 && status < 300 && known.operation.response) {
          stub.warnings = catalogue.warnings(known.operation.response, withoutTemplates(body));
        }
      }
    }
    this.kept.push({ stub, seq: this.seq++, fromFile: options.fromFile ?? false, pattern });
    // Tried in this order: the highest priority, then the newest.
    this.kept.sort((a, b) => b.stub.priority - a.stub.priority || b.seq - a.seq);
    return structuredClone(stub);
  }

  /** In the order they are tried. */
  list(): Stub[] {
    return this.kept.map((k) => structuredClone(k.stub));
  }

  remove(id: string): boolean {
    const before = this.kept.length;
    this.kept = this.kept.filter((k) => k.stub.id !== id);
    return this.kept.length < before;
  }

  /** The stubs for one org (when it is deleted). */
  removeOrg(orgId: string): void {
    this.kept = this.kept.filter((k) => k.stub.request.orgId !== orgId);
  }

  /** Every stub, or (for a reset) those not loaded from files. */
  clear(options: { keepFromFiles?: boolean } = {}): void {
    this.kept = options.keepFromFiles ? this.kept.filter((k) => k.fromFile) : [];
  }

  isEmpty(): boolean {
    return this.kept.length === 0;
  }

  /** Whether some stub's method and path cover the request (its other conditions aside). */
  coversPath(method: string, path: string): boolean {
    return this.kept.some((k) => k.stub.request.method === method && pathMatch(k.pattern, path) !== undefined);
  }

  /**
   * The stub that answers this request, if any, counted; one whose `times` are used up is
   * removed. `operationParams` are the catalogued operation's path parameters, for a stub whose
   * path is not a template.
   */
  match(target: StubTarget, operationParams: Record<string, string> = {}): StubMatch | undefined {
    for (const kept of this.kept) {
      const { request } = kept.stub;
      if (request.method !== target.method) continue;
      if (request.orgId !== undefined && request.orgId !== target.orgId) continue;
      const params = pathMatch(kept.pattern, target.path);
      if (!params) continue;
      if (request.query && match(request.query, target.query).length > 0) continue;
      if (request.headers && match(request.headers, target.headers).length > 0) continue;
      if (request.body !== undefined && match(request.body, target.body).length > 0) continue;
      kept.stub.hits++;
      if (kept.stub.times !== undefined) {
        kept.stub.times--;
        if (kept.stub.times === 0) this.remove(kept.stub.id);
      }
      return { stub: structuredClone(kept.stub), params: kept.pattern.kind === 'template' ? params : operationParams };
    }
    return undefined;
  }

  /** The stub's answer body and headers with their templates filled from the request. */
  render(
    stub: Stub,
    target: StubTarget,
    context: TemplateContext,
    deps: { clock: Clock; ids: IdGenerator },
  ): { body: unknown; headers: Record<string, string> } {
    const now = new Date(deps.clock.now()).toISOString();
    const lookup = (name: string): unknown => {
      if (name === 'uuid') return deps.ids.uuid();
      if (name === 'now') return now;
      if (name === 'org.id') return context.orgId;
      if (name === 'user.id') return context.userId;
      const [root, ...rest] = name.split('.');
      let value: unknown = root === 'path' ? context.params : root === 'query' ? target.query : root === 'body' ? target.body : undefined;
      for (const key of rest) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      return value;
    };
    const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
    const fill = (value: unknown): unknown => {
      if (typeof value === 'string') {
        // A string that is one template takes the value's own JSON type ({{body.count}} stays a number).
        const whole = WHOLE_TEMPLATE.exec(value);
        if (whole) return lookup(whole[1]!) ?? null;
        return value.replace(TEMPLATE, (_, name: string) => text(lookup(name)));
      }
      if (Array.isArray(value)) return value.map(fill);
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
      return value;
    };
    const headers = Object.fromEntries(Object.entries(stub.response.headers ?? {}).map(([k, v]) => [k, text(fill(v))]));
    return { body: fill(stub.response.body), headers };
  }
}
