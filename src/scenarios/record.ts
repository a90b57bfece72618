// `scenario record`: the org's fixtures as they are now become `given`; every request the org
// makes afterwards (read from the journal) becomes a step expecting what it was answered.
import { AdminClient, type JournaledRequest } from '../admin-client.js';
import { stageOf } from '../domain/conversations.js';
import type { ConversationRecord } from '../store/schema.js';
import type { GivenClient, GivenConversation, GivenQueue, GivenUser, ScenarioRequest, Step } from './model.js';
import { IdNames, refName } from './observed.js';
import { ScenarioError } from './parse.js';
import type { ScenarioDraft } from './write.js';

export interface RecordOptions {
  url: string;
  orgId: string;
  adminToken?: string;
  durationSeconds?: number;
  stop: AbortSignal;
  onStart?: () => void;
}

type Rec = Record<string, unknown> & { id: string; orgId?: string };
const POLL_MS = 200;

function givenOf(state: Record<string, unknown>, orgId: string, ids: IdNames, clientRefs: Map<string, string>): ScenarioDraft['given'] {
  const mine = (name: string) => ((state[name] as Rec[] | undefined) ?? []).filter((r) => r.orgId === orgId);
  const taken = new Set<string>();
  const users: GivenUser[] = mine('users').map((u) => {
    const ref = refName(String(u.name), 'user', taken);
    ids.set(u.id, `\${${ref}.id}`);
    return { ref, name: String(u.name) };
  });
  const queues: GivenQueue[] = mine('queues').map((q) => {
    const ref = refName(String(q.name), 'queue', taken);
    ids.set(q.id, `\${${ref}.id}`);
    return { ref, name: String(q.name) };
  });
  const userRef = (id: unknown) => users.find((u) => ids.get(String(id)) === `\${${u.ref}.id}`)?.ref;
  const clients: GivenClient[] = mine('oauthClients').map((c) => {
    const ref = refName(String(c.name || c.id), 'client', taken);
    clientRefs.set(c.id, ref);
    const user = userRef(c.userId);
    return { ref, scopes: (c.scopes as string[]) ?? [], ...(c.name ? { name: String(c.name) } : {}), ...(user ? { user } : {}) };
  });
  let n = 0;
  const conversations: GivenConversation[] = mine('conversations').map((c) => {
    const ref = refName(`conv${++n}`, 'conv', taken);
    ids.set(c.id, `\${${ref}.id}`);
    const agent = userRef(c.agentUserId);
    const queue = queues.find((q) => ids.get(String(c.queueId)) === `\${${q.ref}.id}`)?.ref;
    return {
      ref,
      mediaType: c.mediaType as GivenConversation['mediaType'],
      state: stageOf(c as unknown as ConversationRecord),
      ...(agent ? { agent } : {}),
      ...(queue ? { queue } : {}),
      ...(c.customerExternalId ? { customerExternalId: String(c.customerExternalId) } : {}),
    };
  });
  return { users, queues, clients, conversations };
}

function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function stepsOf(entries: JournaledRequest[], ids: IdNames, clientRefs: Map<string, string>): Step[] {
  // Ids later requests use, so the answers that first carry them save them.
  const used = new Set<string>();
  for (const e of entries) IdNames.idsIn([e.path, e.query, e.body], used);
  const tokens = new Map<string, string>();
  const steps: Step[] = [];
  let tokenCount = 0;
  const tokenFor = (clientId: string | undefined): string | undefined => {
    if (!clientId || !clientRefs.has(clientId)) return undefined;
    if (!tokens.has(clientId)) {
      // The org's client had its token before the recording began: get one first.
      const name = `token${++tokenCount}`;
      tokens.set(clientId, name);
      steps.unshift({
        kind: 'request',
        line: 0,
        name: `a token for ${clientRefs.get(clientId)}`,
        request: { method: 'POST', path: '/oauth/token', client: clientRefs.get(clientId)!, form: { grant_type: 'client_credentials' } },
        expect: { status: 200 },
        save: { [name]: 'body.access_token' },
      });
    }
    return `\${${tokens.get(clientId)}}`;
  };

  for (const e of entries) {
    // A request that got no answer (a dropped connection) has nothing to expect: not a step.
    if (e.status === undefined) continue;
    const headers = e.headers ?? {};
    const contentType = headers['content-type'];
    if (e.path === '/oauth/token') {
      const client = e.clientId ? clientRefs.get(e.clientId) : undefined;
      const form = Object.fromEntries(
        Object.entries((e.body as Record<string, unknown> | undefined) ?? {}).filter(([k]) => k !== 'client_id' && k !== 'client_secret').map(([k, v]) => [k, String(v)]),
      );
      const save = e.status === 200 && e.clientId ? { [`token${++tokenCount}`]: 'body.access_token' } : undefined;
      if (save && e.clientId) tokens.set(e.clientId, Object.keys(save)[0]!);
      steps.push({
        kind: 'request',
        line: 0,
        name: `${e.method} /oauth/token`,
        request: { method: e.method, path: '/oauth/token', ...(client ? { client } : {}), form },
        expect: { status: e.status, ...(e.responseBody !== undefined ? { body: ids.expectation(e.responseBody) } : {}) },
        ...(save ? { save } : {}),
      });
      continue;
    }
    const token = tokenFor(e.clientId);
    const request: ScenarioRequest = { method: e.method, path: ids.rewrite(`${e.path}${queryString(e.query ?? {})}`), ...(token ? { token } : {}) };
    if (e.body !== undefined && contentType?.includes('json')) request.json = ids.rewriteValue(e.body);
    else if (e.body !== undefined && contentType?.includes('form')) request.form = ids.rewriteValue(e.body) as Record<string, string>;
    else if (contentType && e.method !== 'GET' && e.method !== 'HEAD') {
      // A body-less call that still said what it sent (as the official SDK does).
      request.headers = { 'Content-Type': contentType };
      request.body = '';
    }
    // The expectation first: ids this answer hands out are matched as $uuid here, saved for later.
    const expect = { status: e.status, ...(e.responseBody !== undefined ? { body: ids.expectation(e.responseBody) } : {}) };
    const name = `${e.method} ${ids.rewrite(e.path)}`;
    const saves = e.status < 300 ? ids.savesFor(e.responseBody, used) : {};
    steps.push({ kind: 'request', line: 0, name, request, expect, ...(Object.keys(saves).length > 0 ? { save: saves } : {}) });
  }
  return steps;
}

function wait(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    }
    stop.addEventListener('abort', done);
  });
}

export async function recordScenario(options: RecordOptions): Promise<ScenarioDraft> {
  const admin = new AdminClient(options.url, options.adminToken);
  const state = (await admin.state()) as unknown as Record<string, unknown>;
  const org = ((state.orgs as Rec[] | undefined) ?? []).find((o) => o.id === options.orgId);
  if (!org) throw new ScenarioError([`no org ${options.orgId} at ${options.url} (GET /__admin/state lists the orgs)`]);
  const ids = new IdNames();
  const clientRefs = new Map<string, string>();
  const given = givenOf(state, options.orgId, ids, clientRefs);
  // Requests already in the journal are not part of the recording.
  const before = new Set((await admin.requests({ orgId: options.orgId })).map((r) => r.correlationId));
  options.onStart?.();

  // Read as it goes, so a journal that wraps around loses nothing of a long recording.
  const entries: JournaledRequest[] = [];
  const seen = new Set(before);
  let since: string | undefined;
  const collect = async () => {
    for (const r of await admin.requests({ orgId: options.orgId, ...(since ? { since } : {}) })) {
      if (seen.has(r.correlationId)) continue;
      seen.add(r.correlationId);
      entries.push(r);
      since = r.time;
    }
  };
  const deadline = options.durationSeconds === undefined ? Infinity : Date.now() + options.durationSeconds * 1000;
  while (!options.stop.aborted && Date.now() < deadline) {
    await wait(Math.min(POLL_MS, deadline - Date.now()), options.stop);
    await collect();
  }
  await collect();

  return {
    name: `Recorded from org ${String(org.name)} on ${new Date().toISOString().slice(0, 10)}`,
    description: `Recorded with: genesys-cloud-mock scenario record --url ${options.url} --org ${options.orgId}`,
    given,
    steps: stepsOf(entries, ids, clientRefs),
  };
}
