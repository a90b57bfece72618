// The spec-driven fuzzer: requests for every operation of the document, valid by its schemas or
// broken on purpose, sent over a real socket so that what no client library would send (invalid
// UTF-8, duplicated headers, raw `..` segments) reaches the server too.
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { operations, valueOf, type Operation, type Schema } from './openapi-arbitraries.js';
import { assertMatchesSpec } from './spec.js';

/** A placeholder for an id the server has handed out, picked when the request is sent. */
class Known {
  constructor(readonly n: number) {}
}

type Segment = { known: number } | { raw: string };
type Body = { json: unknown; protoKeys: boolean; mutated?: boolean } | { raw: Buffer };
type Auth = 'valid' | 'none' | 'garbage' | 'twice' | 'basic';

export interface Plan {
  op: Operation;
  /** Sent instead of the operation's own method: the route must then not exist (404). */
  method: string;
  segments: Segment[];
  query: [string, string][];
  auth: Auth;
  contentType: string | string[] | undefined;
  body: Body | undefined;
  extraHeaders: Record<string, string | string[]>;
}

const HOSTILE_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a%00b',
  '%2F',
  'a%2Fb',
  '%5C',
  '%',
  '%zz',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  encodeURIComponent('名前'),
  encodeURIComponent('😀'),
  encodeURIComponent('\u202e\u200b'),
  'x'.repeat(5000),
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  '-1',
  '0',
  '%20',
  '~',
  "'%3B--",
  '%3Cscript%3E',
];
const ABSURD_QUERY = [
  '-1',
  '0',
  '1.5',
  '1e309',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '',
  'abc',
  '%00',
  '%FF',
  '[]',
  '{}',
  'x'.repeat(10_000),
  '2147483648',
];
const HOSTILE_QUERIES: [string, string][][] = [
  [['foo', 'bar']],
  [['__proto__[polluted]', '1']],
  [['constructor[prototype][polluted]', '1']],
  [
    ['pageSize', '1'],
    ['pageSize', '2'],
  ],
  [['pageNumber', '99999999999999999999']],
];
const HOSTILE_HEADERS: Record<string, string | string[]>[] = [
  { 'inin-correlation-id': ['a', 'b'] },
  { 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'], accept: 'text/html' },
  { 'accept-encoding': 'gzip, br', 'accept-charset': 'latin1' },
  { 'x-http-method-override': 'DELETE' },
  { 'transfer-encoding': 'chunked' },
  // upgrades that are no WebSocket to /channels: served as the plain requests they also are
  { connection: 'Upgrade, HTTP2-Settings', upgrade: 'h2c', 'http2-settings': 'AAMAAABkAAQCAAAAAAIAAAAA' },
  { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'AAAAAAAAAAAAAAAAAAAAAA==' },
  { connection: 'upgrade', upgrade: 'x' },
];
const ABSURD_NUMBERS = [1e308, -1e308, -0, 2 ** 53 + 1, -1, 0, 4294967296, 1.5];
const HOSTILE_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'application/json',
  '*/*',
  'application/vnd.api+json',
  'garbage',
  '',
];
const RAW_BODIES = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  Buffer.from('{'),
  Buffer.from('null'),
  Buffer.from('[]'),
  Buffer.from('"x"'),
  Buffer.from('1e999'),
  Buffer.from('{"a":1}{"b":2}'),
  Buffer.from('\ufeff{}'),
  Buffer.from(''),
  Buffer.from('{"state":"disconnected","state":"connected"}'),
  Buffer.from('grant_type=client_credentials&grant_type=x'),
  Buffer.from('\u0000'),
];
const UNICODE = ['名前', '😀'.repeat(100), '\u202e\u200b\u0000', '\ud800', 'é'.normalize('NFD'), 'ǅ', '\u{10ffff}'];

/** Schema values with some string ids swapped for ids the server has handed out. */
function withKnownIds(schema: Schema): fc.Arbitrary<unknown> {
  return valueOf(schema).chain((value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return fc.constant(value);
    const idKeys = Object.keys(value).filter((k) => /id$/i.test(k));
    if (idKeys.length === 0) return fc.constant(value);
    return fc.tuple(fc.subarray(idKeys), fc.nat()).map(([keys, n]) => ({ ...(value as object), ...Object.fromEntries(keys.map((k) => [k, new Known(n)])) }));
  });
}

function deepNesting(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

type Mutation = (value: Record<string, unknown>) => fc.Arbitrary<Body>;

const mutations: Mutation[] = [
  (v) => fc.constant({ json: v, protoKeys: false, mutated: false }),
  (v) => fc.constant({ json: v, protoKeys: true }),
  (v) =>
    fc.constantFrom(...Object.keys(v), 'missing').map((k) => ({ json: Object.fromEntries(Object.entries(v).filter(([key]) => key !== k)), protoKeys: false })),
  (v) => fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([k, x]) => ({ json: { ...v, [k]: x }, protoKeys: false })),
  (v) =>
    fc
      .tuple(
        fc.constantFrom(...Object.keys(v), 'state'),
        fc.oneof(fc.constantFrom(...ABSURD_NUMBERS, null, true, [], {}, [1, 2], ''), fc.constantFrom(...UNICODE)),
      )
      .map(([k, x]) => ({
        json: { ...v, [k]: x },
        protoKeys: false,
      })),
  (v) =>
    fc
      .tuple(fc.constantFrom(...Object.keys(v), 'x'), fc.constantFrom(10_000, 200_000, 600_000))
      .map(([k, n]) => ({ json: { ...v, [k]: 'x'.repeat(n) }, protoKeys: false })),
  (v) =>
    fc.tuple(fc.constantFrom(...Object.keys(v), 'x'), fc.constantFrom(100, 1000, 10_000, 100_000)).map(([k, depth]) => ({
      raw: Buffer.from(JSON.stringify({ ...v, [k]: '__DEEP__' }).replace('"__DEEP__"', deepNesting(depth))),
    })),
  () => fc.constantFrom(...RAW_BODIES).map((raw) => ({ raw })),
  () => fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json, protoKeys: false })),
];

function bodyFor(op: Operation): fc.Arbitrary<Body | undefined> {
  const schema: Schema = op.body?.schema ?? { type: 'object', properties: {} };
  let valid = withKnownIds(schema);
  if (op.id === 'postOauthToken') {
    valid = fc.oneof(valid, fc.constant({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' }));
  }
  if (op.id === 'postAdminFault') {
    // A fault armed by the fuzzer must never answer the fuzzer's own requests.
    valid = valid.map((v) => (v && typeof v === 'object' ? { ...(v as object), path: '/fuzz-sink/**' } : v));
  }
  const mutated = valid.chain((v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? fc.oneof(
          // as valid as the schema makes it, about a third of the time; broken in one way otherwise
          ...mutations.map((m, i) => ({
            weight: i === 0 ? mutations.length - 4 : 1,
            arbitrary: m(v as Record<string, unknown>).map((b): Body => ('raw' in b || b.mutated === false ? b : { ...b, mutated: true })),
          })),
        )
      : fc.constant<Body>({ json: v, protoKeys: false, mutated: false }),
  );
  return op.body
    ? fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 8, arbitrary: mutated })
    : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: mutated });
}

function queryFor(op: Operation): fc.Arbitrary<[string, string][]> {
  const declared = op.queryParams.map((p) =>
    fc.option(
      fc
        .oneof(
          valueOf(p.schema ?? {}).map((v) => String(v)),
          fc.constantFrom(...ABSURD_QUERY),
        )
        .map((v): [string, string] => [p.name, v]),
      { freq: 2 },
    ),
  );
  const extra = fc.oneof({ weight: 6, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_QUERIES) });
  return fc.tuple(fc.tuple(...declared), extra).map(([d, e]) => [...d.filter((x): x is [string, string] => x !== null), ...e]);
}

function segmentsFor(op: Operation): fc.Arbitrary<Segment[]> {
  return fc.tuple(
    ...op.pathParams.map((p) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.nat().map((n): Segment => ({ known: n })) },
        { weight: 2, arbitrary: valueOf(p.schema ?? { type: 'string' }).map((v): Segment => ({ raw: encodeSegment(String(v)) })) },
        { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((raw): Segment => ({ raw })) },
      ),
    ),
  );
}

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value) || 'empty';
  } catch {
    return '%ED%A0%80';
  }
}

export const planArbitrary: fc.Arbitrary<Plan> = fc.constantFrom(...operations).chain((op) =>
  fc.record({
    op: fc.constant(op),
    method: fc.oneof({ weight: 12, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') }),
    segments: segmentsFor(op),
    query: queryFor(op),
    auth: fc.oneof({ weight: 12, arbitrary: fc.constant<Auth>('valid') }, { weight: 1, arbitrary: fc.constantFrom<Auth>('none', 'garbage', 'twice', 'basic') }),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant(op.body?.contentType ?? 'application/json') },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_CONTENT_TYPES) },
      { weight: 1, arbitrary: fc.constant<string[]>(['application/json', 'text/plain']) },
    ),
    body: bodyFor(op),
    extraHeaders: fc.oneof(
      { weight: 8, arbitrary: fc.constant<Record<string, string | string[]>>({}) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_HEADERS) },
    ),
  }),
);

/** Whether the request breaks the document on purpose (a wrong method, path, query, header or body). */
export function isHostile(plan: Plan): boolean {
  const declaredQuery = new Set(plan.op.queryParams.map((p) => p.name));
  return (
    plan.method !== plan.op.method ||
    plan.segments.some((s) => 'raw' in s && HOSTILE_SEGMENTS.includes(s.raw)) ||
    plan.query.some(([k, v]) => !declaredQuery.has(k) || ABSURD_QUERY.includes(v)) ||
    plan.auth !== 'valid' ||
    Object.keys(plan.extraHeaders).length > 0 ||
    (plan.body !== undefined && (!plan.op.body || 'raw' in plan.body || plan.body.protoKeys || plan.body.mutated === true)) ||
    (plan.body !== undefined && plan.contentType !== plan.op.body?.contentType)
  );
}

export interface Sent {
  method: string;
  path: string;
  status: number;
  text: string;
}

export class FuzzClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  /** Ids the server has handed out, for path parameters and body ids. */
  readonly pool: string[];
  token = '';

  constructor(
    readonly port: number,
    seedIds: string[],
  ) {
    this.pool = [...seedIds];
  }

  close(): void {
    this.agent.destroy();
  }

  known(n: number): string {
    return this.pool[n % this.pool.length]!;
  }

  pathOf(plan: Plan): string {
    let i = 0;
    const path = plan.op.template.replace(/\{[^}]+\}/g, () => {
      const s = plan.segments[i++]!;
      return 'known' in s ? encodeURIComponent(this.known(s.known)) : s.raw;
    });
    const query = plan.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeSegment(v)}`).join('&');
    return query ? `${path}?${query}` : path;
  }

  bodyOf(plan: Plan): Buffer | undefined {
    const body = plan.body;
    if (!body) return undefined;
    if ('raw' in body) return body.raw;
    const replacer = (_k: string, v: unknown) => (v instanceof Known ? this.known(v.n) : v);
    if (plan.op.body?.contentType === 'application/x-www-form-urlencoded' && body.json && typeof body.json === 'object') {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(JSON.parse(JSON.stringify(body.json, replacer)) as Record<string, unknown>))
        form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
      if (body.protoKeys) form.append('__proto__', 'polluted');
      return Buffer.from(form.toString());
    }
    let text = JSON.stringify(body.json, replacer) ?? 'null';
    if (body.protoKeys && text.startsWith('{')) {
      text = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${text.slice(1)}`.replace(/,\}$/, '}');
    }
    return Buffer.from(text);
  }

  headersOf(plan: Plan, body: Buffer | undefined): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = { ...plan.extraHeaders };
    const bearer = `Bearer ${this.token}`;
    if (plan.auth === 'valid') headers.authorization = bearer;
    if (plan.auth === 'garbage') headers.authorization = 'Bearer %%%garbage%%%';
    if (plan.auth === 'twice') headers.authorization = [bearer, 'Bearer other'];
    if (plan.auth === 'basic') headers.authorization = `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`;
    if (plan.contentType !== undefined && body) headers['content-type'] = plan.contentType;
    if (body && headers['transfer-encoding'] === undefined) headers['content-length'] = String(body.length);
    return headers;
  }

  /** Sends one request; resolves with what came back, rejects on a hang or a broken answer. */
  send(method: string, path: string, headers: Record<string, string | string[]>, body?: Buffer): Promise<Sent> {
    const shown = path.length > 300 ? `${path.slice(0, 300)}…(${path.length} characters)` : path;
    return new Promise((resolvePromise, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const contentType = String(res.headers['content-type'] ?? '');
          let parsed: unknown = text;
          if (contentType.includes('json') && text !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              reject(new Error(`${method} ${shown}: ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
              return;
            }
          }
          try {
            assertMatchesSpec(method, path, { status: res.statusCode!, body: parsed, text, headers: res.headers });
          } catch (e) {
            reject(
              new Error(
                `${method} ${shown} (${JSON.stringify(headers).slice(0, 300)}) body ${body?.toString('utf8').slice(0, 300)}:\n${(e as Error).message.replace(/x{100,}/g, (x) => `x…(${x.length})`).slice(0, 1500)}`,
              ),
            );
            return;
          }
          resolvePromise({ method, path, status: res.statusCode!, text });
        });
        res.on('error', reject);
      });
      req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${shown}: no answer within 20 s`)));
      req.on('error', (e) => reject(new Error(`${method} ${shown}: ${e.message}`)));
      req.end(body);
    });
  }

  async sendPlan(plan: Plan): Promise<Sent> {
    const body = this.bodyOf(plan);
    return this.send(plan.method, this.pathOf(plan), this.headersOf(plan, body), body);
  }

  /** Remembers the ids in an answer, newest last, keeping the pool small. */
  harvest(text: string): void {
    for (const id of text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []) {
      if (!this.pool.includes(id)) this.pool.push(id);
    }
    if (this.pool.length > 400) this.pool.splice(10, this.pool.length - 300);
  }
}
