// Runs scenarios against a server: each in an org of its own made through /__admin, its steps in
// order, stopping at the first that fails. Scenarios that move the clock run alone, since the
// clock is the server's.
import { AdminClient } from '../admin-client.js';
import { describeMismatches, match } from '../domain/matchers.js';
import { movesClock, type Scenario, type ScenarioRequest, type Step } from './model.js';

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface StepResult {
  name: string;
  line: number;
  ok: boolean;
  skipped?: boolean;
  status?: number;
  ms: number;
  problems: string[];
  sent?: SentRequest;
  correlationId?: string;
}

export interface ScenarioResult {
  file: string;
  name: string;
  ticket?: string;
  ok: boolean;
  ms: number;
  orgId?: string;
  /** Setting up `given` failed: no step ran. */
  setupError?: string;
  steps: StepResult[];
}

export interface RunTarget {
  url: string;
  adminToken?: string;
}

export interface RunOptions {
  /** Go on after a failing step (to see every difference an imported HAR has). */
  keepGoing?: boolean;
}

type Vars = Map<string, unknown>;

const WHOLE = /^\$\{([^}]*)\}$/;

function lookup(vars: Vars, expr: string): unknown {
  const [name, ...fields] = expr.split('.');
  let value = vars.get(name!);
  for (const f of fields) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[f] : undefined;
  if (value === undefined) throw new Error(`\${${expr}} has no value`);
  return value;
}

/** `${ref.field}` in every string; a string that is only `${…}` keeps the value's own type. */
function interpolate(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(vars, whole[1]!);
    return value.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => String(lookup(vars, expr)));
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars)]));
  return value;
}

function buildRequest(request: ScenarioRequest, vars: Vars): SentRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((interpolate(request.headers ?? {}, vars) as Record<string, string>))) headers[k.toLowerCase()] = String(v);
  if (request.client) {
    const client = vars.get(request.client) as { id: string; secret: string };
    headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
  }
  if (request.token !== undefined) headers.authorization = `Bearer ${String(interpolate(request.token, vars))}`;
  let body: string | undefined;
  if (request.json !== undefined) {
    body = JSON.stringify(interpolate(request.json, vars));
    headers['content-type'] ??= 'application/json';
  } else if (request.form !== undefined) {
    body = new URLSearchParams(interpolate(request.form, vars) as Record<string, string>).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (request.body !== undefined) {
    body = String(interpolate(request.body, vars));
  }
  return { method: request.method, path: String(interpolate(request.path, vars)), headers, ...(body === undefined ? {} : { body }) };
}

/** `body.a.b` or `headers.name` of an answer. */
function pick(from: { body: unknown; headers: Headers }, path: string): unknown {
  const [root, ...rest] = path.split('.');
  if (root === 'headers') return from.headers.get(rest.join('.')) ?? undefined;
  let value = from.body;
  for (const part of rest) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

async function runRequest(step: Extract<Step, { kind: 'request' }>, vars: Vars, target: RunTarget): Promise<Omit<StepResult, 'name' | 'line'>> {
  const sent = buildRequest(step.request, vars);
  const started = performance.now();
  // fetch refuses a body on GET and HEAD, even an empty one.
  const bodyAllowed = sent.body !== undefined && sent.method !== 'GET' && sent.method !== 'HEAD';
  const res = await fetch(`${target.url}${sent.path}`, { method: sent.method, headers: sent.headers, ...(bodyAllowed ? { body: sent.body } : {}) });
  const text = await res.text();
  const ms = Math.round(performance.now() - started);
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const problems: string[] = [];
  const expect = step.expect ?? {};
  if (expect.status !== undefined && expect.status !== res.status) {
    problems.push(`status: expected ${expect.status}, got ${res.status}`);
    problems.push(`the answer: ${(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 600)}`);
  }
  for (const [name, expected] of Object.entries(expect.headers ?? {})) {
    const actual = res.headers.get(name) ?? undefined;
    problems.push(...describeMismatches(match(interpolate(expected, vars), actual), `headers.${name.toLowerCase()}`));
  }
  if (expect.body !== undefined) problems.push(...describeMismatches(match(interpolate(expect.body, vars), body), 'body'));
  if (problems.length === 0) {
    for (const [name, path] of Object.entries(step.save ?? {})) {
      const value = pick({ body, headers: res.headers }, path);
      if (value === undefined) problems.push(`save ${name}: the answer has no ${path}`);
      else vars.set(name, value);
    }
  }
  const correlationId = res.headers.get('inin-correlation-id') ?? undefined;
  return { ok: problems.length === 0, status: res.status, ms, problems, sent, ...(correlationId ? { correlationId } : {}) };
}

async function setUp(scenario: Scenario, admin: AdminClient, vars: Vars): Promise<string> {
  const org = await admin.createOrg(`scenario: ${scenario.name}`.slice(0, 200));
  vars.set('org', { id: org.id });
  const given = scenario.given;
  const idOf = (ref: string | undefined, fallback: string) => (ref === undefined ? fallback : (vars.get(ref) as { id: string }).id);
  for (const k of given.skills ?? []) {
    const skill = await admin.createSkill({ name: k.name, orgId: org.id, ...(k.id ? { id: k.id } : {}) });
    vars.set(k.ref, { id: skill.id, name: skill.name });
  }
  for (const c of given.wrapupCodes ?? []) {
    const code = await admin.createWrapupCode({ name: c.name, orgId: org.id, ...(c.id ? { id: c.id } : {}) });
    vars.set(c.ref, { id: code.id, name: code.name });
  }
  for (const u of given.users ?? []) {
    const { ref, skills, ...fields } = u;
    const user = await admin.createUser({
      ...fields,
      orgId: org.id,
      ...(skills ? { routingSkills: skills.map((s) => ({ id: idOf(s.skill, ''), proficiency: s.proficiency })) } : {}),
    });
    vars.set(ref, { id: user.id, name: user.name });
  }
  for (const q of given.queues ?? []) {
    const { ref, members, wrapupCodes, ...fields } = q;
    const queue = await admin.createQueue({
      ...fields,
      orgId: org.id,
      ...(members ? { members: members.map((m) => ({ userId: idOf(m.user, ''), joined: m.joined ?? true })) } : {}),
      ...(wrapupCodes ? { wrapupCodes: wrapupCodes.map((c) => idOf(c, '')) } : {}),
    });
    vars.set(ref, { id: queue.id, name: queue.name });
  }
  for (const c of given.clients ?? []) {
    const client = await admin.createClient({
      scopes: c.scopes,
      orgId: org.id,
      userId: idOf(c.user, org.userId),
      ...(c.id ? { clientId: c.id } : {}),
      ...(c.secret ? { clientSecret: c.secret } : {}),
      ...(c.name ? { name: c.name } : {}),
      ...(c.grants ? { authorizedGrantTypes: c.grants } : {}),
      ...(c.redirectUris ? { registeredRedirectUris: c.redirectUris } : {}),
    });
    vars.set(c.ref, { id: client.clientId, secret: client.clientSecret });
  }
  for (const c of given.conversations ?? []) {
    const conversation = await admin.createConversation({
      mediaType: c.mediaType,
      state: c.state,
      orgId: org.id,
      agentUserId: idOf(c.agent, org.userId),
      ...(c.queue ? { queueId: idOf(c.queue, '') } : {}),
      ...(c.id ? { id: c.id } : {}),
      ...(c.customerExternalId ? { customerExternalId: c.customerExternalId } : {}),
    });
    vars.set(c.ref, { id: conversation.id, mediaType: c.mediaType, ...(c.customerExternalId ? { customerExternalId: c.customerExternalId } : {}) });
  }
  // The scenario's org only: scenarios run side by side, and its stubs go with its org.
  for (const s of given.stubs ?? []) await admin.addStub({ ...s, request: { ...s.request, orgId: org.id } });
  if (given.clock) await admin.setClock(given.clock, { backwards: true });
  return org.id;
}

/** Why fetch could not reach the server (it only says "fetch failed"), or undefined for other errors. */
export function unreachableCause(e: unknown): string | undefined {
  if (!(e instanceof TypeError) || e.message !== 'fetch failed') return undefined;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? 'no answer';
}

function reason(e: unknown, target: RunTarget): string {
  const cause = unreachableCause(e);
  return cause === undefined ? (e as Error).message : `cannot reach ${target.url} (${cause})`;
}

function stepName(step: Step): string {
  if (step.name) return step.name;
  if (step.kind === 'request') return `${step.request.method} ${step.request.path}`;
  if (step.kind === 'advanceClock') return `advance the clock ${step.advanceClock} s`;
  if (step.kind === 'customerMessage') return `the customer of ${step.customerMessage.conversation} writes`;
  return `${step.setState.conversation} → ${step.setState.state}`;
}

async function runScenario(scenario: Scenario, target: RunTarget, options: RunOptions = {}): Promise<ScenarioResult> {
  const admin = new AdminClient(target.url, target.adminToken);
  const vars: Vars = new Map();
  const started = performance.now();
  const result: ScenarioResult = { file: scenario.file, name: scenario.name, ...(scenario.ticket ? { ticket: scenario.ticket } : {}), ok: false, ms: 0, steps: [] };
  try {
    try {
      result.orgId = await setUp(scenario, admin, vars);
    } catch (e) {
      result.setupError = `given: ${reason(e, target)}`;
      return result;
    }
    let failed = false;
    for (const step of scenario.steps) {
      const name = stepName(step);
      if (failed && !options.keepGoing) {
        result.steps.push({ name, line: step.line, ok: false, skipped: true, ms: 0, problems: [] });
        continue;
      }
      const t0 = performance.now();
      let outcome: Omit<StepResult, 'name' | 'line'>;
      try {
        if (step.kind === 'request') outcome = await runRequest(step, vars, target);
        else if (step.kind === 'advanceClock') {
          await admin.advanceClock(step.advanceClock);
          outcome = { ok: true, ms: Math.round(performance.now() - t0), problems: [] };
        } else if (step.kind === 'customerMessage') {
          await admin.customerMessage((vars.get(step.customerMessage.conversation) as { id: string }).id, step.customerMessage.text);
          outcome = { ok: true, ms: Math.round(performance.now() - t0), problems: [] };
        } else {
          await admin.setState((vars.get(step.setState.conversation) as { id: string }).id, step.setState.state);
          outcome = { ok: true, ms: Math.round(performance.now() - t0), problems: [] };
        }
      } catch (e) {
        outcome = { ok: false, ms: Math.round(performance.now() - t0), problems: [reason(e, target)] };
      }
      result.steps.push({ name, line: step.line, ...outcome });
      failed ||= !outcome.ok;
    }
    result.ok = !failed;
    return result;
  } finally {
    result.ms = Math.round(performance.now() - started);
    if (movesClock(scenario)) await admin.realClock().catch(() => undefined);
    // A passing scenario leaves nothing behind; a failing one keeps its org for a look at the journal.
    // (deleting the org removes its stubs too)
    if (result.ok && result.orgId) await admin.deleteOrg(result.orgId).catch(() => undefined);
  }
}

/**
 * Runs every scenario, `concurrency` at a time, those that move the clock one by one after the
 * rest; `onResult` hears of each as it finishes.
 */
export async function runScenarios(
  scenarios: Scenario[],
  target: RunTarget,
  options: RunOptions & { concurrency: number; onResult?: (r: ScenarioResult) => void },
): Promise<ScenarioResult[]> {
  const results = new Map<Scenario, ScenarioResult>();
  const parallel = scenarios.filter((s) => !movesClock(s));
  const alone = scenarios.filter(movesClock);
  let next = 0;
  const worker = async () => {
    while (next < parallel.length) {
      const scenario = parallel[next++]!;
      const result = await runScenario(scenario, target, options);
      results.set(scenario, result);
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, parallel.length)) }, worker));
  for (const scenario of alone) {
    const result = await runScenario(scenario, target, options);
    results.set(scenario, result);
    options.onResult?.(result);
  }
  return scenarios.map((s) => results.get(s)!);
}
