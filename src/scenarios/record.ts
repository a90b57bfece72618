// `scenario record`: the org's fixtures as they are now (read over HTTP, as the fixture routes
// take them) become `given`; every request the org makes afterwards (read from the journal)
// becomes a step expecting what it was answered.
import { AdminClient, AdminError, type JournaledRequest } from '../admin-client.js';
import { parseStage } from '../domain/conversations.js';
import type { Model } from '../domain/models.js';
import type { GivenClient, GivenConversation, GivenNamed, GivenQueue, GivenUser, Step } from './model.js';
import { IdNames, refName, stepOf } from './observed.js';
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

const POLL_MS = 200;

/** The org's fixtures (GET /__admin/orgs/{orgId}/fixtures) as a scenario's `given`, their ids named. */
function givenOf(fixtures: Model<'AdminOrgFixtures'>, ids: IdNames, clientRefs: Map<string, string>): ScenarioDraft['given'] {
  const taken = new Set<string>();
  const named = (list: Model<'AdminNamed'>[], kind: string): GivenNamed[] =>
    list.map((x) => {
      const ref = refName(x.name, kind, taken);
      ids.set(x.id, `\${${ref}.id}`);
      return { ref, name: x.name };
    });
  const skills = named(fixtures.skills, 'skill');
  const wrapupCodes = named(fixtures.wrapupCodes, 'code');
  /** The ref of a fixture of `list` the id was named after. */
  const refOf = (list: readonly { ref: string }[], id: string | undefined) => list.find((x) => id !== undefined && ids.get(id) === `\${${x.ref}.id}`)?.ref;
  const users: GivenUser[] = fixtures.users.map((u) => {
    const ref = refName(u.name, 'user', taken);
    if (u.id) ids.set(u.id, `\${${ref}.id}`);
    const userSkills = (u.routingSkills ?? []).flatMap((s) => {
      const skill = refOf(skills, s.id);
      return skill ? [{ skill, proficiency: s.proficiency }] : [];
    });
    return {
      ref,
      name: u.name,
      ...(u.email !== undefined ? { email: u.email } : {}),
      ...(u.department !== undefined ? { department: u.department } : {}),
      ...(u.title !== undefined ? { title: u.title } : {}),
      ...(u.state !== undefined ? { state: u.state } : {}),
      ...(u.profileSkills !== undefined ? { profileSkills: u.profileSkills } : {}),
      ...(userSkills.length > 0 ? { skills: userSkills } : {}),
    };
  });
  const queues: GivenQueue[] = fixtures.queues.map((q) => {
    const ref = refName(q.name, 'queue', taken);
    if (q.id) ids.set(q.id, `\${${ref}.id}`);
    const members = (q.members ?? []).flatMap((m) => {
      const user = refOf(users, m.userId);
      return user ? [{ user, ...(m.joined ? {} : { joined: false }) }] : [];
    });
    const codes = (q.wrapupCodes ?? []).flatMap((id) => refOf(wrapupCodes, id) ?? []);
    return {
      ref,
      name: q.name,
      ...(q.description !== undefined ? { description: q.description } : {}),
      ...(members.length > 0 ? { members } : {}),
      ...(codes.length > 0 ? { wrapupCodes: codes } : {}),
    };
  });
  const userRef = (id: string | undefined) => users.find((u) => id !== undefined && ids.get(id) === `\${${u.ref}.id}`)?.ref;
  const clients: GivenClient[] = fixtures.oauthClients.map((c) => {
    const ref = refName(c.name || c.clientId || 'client', 'client', taken);
    if (c.clientId) clientRefs.set(c.clientId, ref);
    const user = userRef(c.userId);
    return {
      ref,
      scopes: c.scopes,
      ...(c.name ? { name: c.name } : {}),
      ...(user ? { user } : {}),
      ...(c.authorizedGrantTypes ? { grants: c.authorizedGrantTypes } : {}),
      ...(c.registeredRedirectUris ? { redirectUris: c.registeredRedirectUris } : {}),
    };
  });
  let n = 0;
  const conversations: GivenConversation[] = fixtures.conversations.map((c) => {
    const ref = refName(`conv${++n}`, 'conv', taken);
    if (c.id) ids.set(c.id, `\${${ref}.id}`);
    const agent = userRef(c.agentUserId);
    const queue = queues.find((q) => c.queueId !== undefined && ids.get(c.queueId) === `\${${q.ref}.id}`)?.ref;
    return {
      ref,
      mediaType: c.mediaType,
      // The export gives the stage itself, never an alias of it.
      state: parseStage(c.state) ?? 'connected',
      ...(agent ? { agent } : {}),
      ...(queue ? { queue } : {}),
      ...(c.customerExternalId ? { customerExternalId: c.customerExternalId } : {}),
    };
  });
  return { skills, wrapupCodes, users, queues, clients, conversations };
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
    const body = e.body === undefined ? undefined : contentType?.includes('json') ? { json: e.body } : contentType?.includes('form') ? { form: e.body as Record<string, unknown> } : undefined;
    steps.push(
      stepOf(
        { method: e.method, path: `${e.path}${queryString(e.query ?? {})}`, token: tokenFor(e.clientId), contentType, body, status: e.status, responseBody: e.responseBody },
        ids,
        used,
      ),
    );
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
  const fixtures = await admin.fixtures(options.orgId).catch((e: unknown) => {
    if (e instanceof AdminError && e.status === 404) throw new ScenarioError([`no org ${options.orgId} at ${options.url} (GET /__admin/state lists the orgs)`]);
    throw e;
  });
  const org = fixtures.org;
  const ids = new IdNames();
  const clientRefs = new Map<string, string>();
  const given = givenOf(fixtures, ids, clientRefs);
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
    name: `Recorded from org ${org.name} on ${new Date().toISOString().slice(0, 10)}`,
    description: `Recorded with: genesys-cloud-mock scenario record --url ${options.url} --org ${options.orgId}`,
    given,
    steps: stepsOf(entries, ids, clientRefs),
  };
}
