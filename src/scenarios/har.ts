// `scenario import-har`: the Genesys API calls of a browser HAR become steps expecting what the
// customer was answered; the conversations they touch become fixtures with the ticket's own ids.
// A call of an operation the emulator does not implement becomes a stub answering what was
// recorded (given.stubs), not a step that could only fail. The users, queues, skills and wrap-up
// codes the answers show become fixtures too (har-fixtures.ts).
import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FixtureState, GivenConversation, GivenStub, GivenUser, Step } from './model.js';
import { routingFixtures } from './har-fixtures.js';
import { allScopes, loadOpenApi } from '../http/openapi.js';
import { SEGMENT_MEDIA } from '../domain/media.js';
import { HAR_SCHEMA_JSON } from '../package-files.js';
import { UUID_PATTERN } from '../domain/matchers.js';
import { IdNames, stepOf, type ObservedCall } from './observed.js';
import { ScenarioError } from './parse.js';
import type { ScenarioDraft } from './write.js';

interface HarHeader {
  name: string;
  value: string;
}

interface HarEntry {
  request: { method: string; url: string; headers?: HarHeader[]; postData?: { mimeType?: string; text?: string; params?: { name: string; value?: string }[] } };
  response: { status: number; headers?: HarHeader[]; content?: { mimeType?: string; text?: string; encoding?: string } };
}

/** Path segments and participant arrays share their names: calls, chats, emails, messages, callbacks. */
const MEDIA_ARRAYS = Object.entries(SEGMENT_MEDIA);
const CONVERSATION_PATH = new RegExp(`/api/v2/conversations/(?:(${[...Object.keys(SEGMENT_MEDIA), 'cobrowsesessions'].join('|')})/)?(${UUID_PATTERN})`, 'i');

const ajv = new Ajv({ allErrors: true, strict: false });
const validateHar = ajv.compile(JSON.parse(readFileSync(HAR_SCHEMA_JSON, 'utf8')) as object);

/** Whether the emulator's document has an operation for the call: its method under a path template that matches. */
function implementedBy(document: { paths: Record<string, Record<string, unknown> | undefined> }): (method: string, path: string) => boolean {
  const routes = Object.entries(document.paths).map(([template, operations]) => ({
    pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    methods: new Set(Object.keys(operations ?? {}).map((m) => m.toUpperCase())),
  }));
  return (method, path) => routes.some((r) => r.methods.has(method.toUpperCase()) && r.pattern.test(path));
}

/** '/log/entries/3/request/url' → 'entries[3].request.url'; '/log/version' → 'log.version'. */
function harPath(instancePath: string): string {
  return instancePath
    .replace(/^\/log(?=\/entries)/, '')
    .split('/')
    .slice(1)
    .reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** `entries[3].request.url: must be an absolute http(s) URL`, as a HAR 1.2 file must have it. */
function harProblem(e: ErrorObject): string {
  const path = harPath(e.instancePath);
  const at = path ? `${path}: ` : '';
  if (e.keyword === 'required') return `${at}needs "${(e.params as { missingProperty: string }).missingProperty}" (HAR 1.2)`;
  if (e.keyword === 'pattern' && path.endsWith('.url')) return `${at}must be an absolute http(s) URL (HAR 1.2)`;
  if (e.keyword === 'const') return `${at}must be "1.2": this reads HAR 1.2 files`;
  return `${at}${e.message ?? 'is invalid'} (HAR 1.2)`;
}

/** The entries of a HAR 1.2 file, checked against its schema first: every problem is named. */
function readHar(file: string): HarEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError([`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([`${file}: not a HAR 1.2 file: not JSON (${(e as Error).message})`]);
  }
  if (!validateHar(har)) {
    const problems = [...new Set((validateHar.errors ?? []).filter((e) => e.keyword !== 'if').map(harProblem))];
    throw new ScenarioError(problems.slice(0, 20).map((p) => `${file}: ${p}`));
  }
  const entries = (har as { log: { entries: HarEntry[] } }).log.entries;
  const unparsable = entries.flatMap((e, i) => (URL.canParse(e.request.url) ? [] : [`${file}: entries[${i}].request.url: is not a URL (HAR 1.2)`]));
  if (unparsable.length > 0) throw new ScenarioError(unparsable.slice(0, 20));
  return entries;
}

function header(headers: HarHeader[] | undefined, name: string): string | undefined {
  return headers?.find((h) => h.name.toLowerCase() === name)?.value;
}

function responseBody(entry: HarEntry): unknown {
  const content = entry.response.content;
  if (!content?.text) return undefined;
  const text = content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
  if (!(content.mimeType ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Media type and state of a conversation, from a recorded answer that shows it. */
function describedBy(body: unknown, id: string): { mediaType?: GivenConversation['mediaType']; state?: FixtureState; agentUserId?: string; customerExternalId?: string } {
  const conversation = body as { id?: string; participants?: Record<string, unknown>[]; endTime?: string; state?: string } | undefined;
  if (!conversation || conversation.id?.toLowerCase() !== id || !Array.isArray(conversation.participants)) return {};
  const participants = conversation.participants;
  const media = MEDIA_ARRAYS.find(([key]) => participants.some((p) => Array.isArray(p[key]) && (p[key] as unknown[]).length > 0))?.[1];
  const states = participants.flatMap((p) => [p.state, ...MEDIA_ARRAYS.flatMap(([key]) => ((p[key] as { state?: string }[] | undefined) ?? []).map((c) => c.state))]).filter(Boolean);
  const state: FixtureState | undefined =
    conversation.endTime || (states.length > 0 && states.every((s) => s === 'disconnected' || s === 'terminated'))
      ? 'disconnected'
      : states.includes('connected')
        ? 'connected'
        : states.includes('alerting')
          ? 'alerting'
          : undefined;
  const agentParticipant = participants.find((p) => p.purpose === 'agent');
  const agent = (agentParticipant?.userId ?? (agentParticipant?.user as { id?: unknown } | undefined)?.id) as string | undefined;
  const customer = participants.find((p) => p.purpose === 'customer');
  // The customer's external id, as this emulator shows it (attributes.externalId), else its external contact's id.
  const external = ((customer?.attributes as { externalId?: unknown } | undefined)?.externalId ?? customer?.externalContactId) as string | undefined;
  return {
    ...(media ? { mediaType: media } : {}),
    ...(state ? { state } : {}),
    ...(typeof agent === 'string' ? { agentUserId: agent } : {}),
    ...(typeof external === 'string' ? { customerExternalId: external } : {}),
  };
}

export function importHar(file: string): ScenarioDraft {
  const entries = readHar(file).filter((e) => {
    const path = new URL(e.request.url).pathname;
    return path.includes('/api/v2/') || path.endsWith('/oauth/token');
  });
  if (entries.length === 0) throw new ScenarioError([`${file}: no Genesys API call in it (no */api/v2/* or */oauth/token entry)`]);

  // The conversations the calls read or write, with what the answers say of them.
  const ids = new IdNames();
  const conversations = new Map<string, GivenConversation & { agentUserId?: string }>();
  for (const e of entries) {
    const m = CONVERSATION_PATH.exec(new URL(e.request.url).pathname);
    if (!m || m[1] === 'cobrowsesessions') continue;
    const id = m[2]!.toLowerCase();
    const found = conversations.get(id) ?? { ref: `conv${conversations.size + 1}`, id, mediaType: 'voice', state: 'connected', agent: 'agent' };
    if (m[1] && SEGMENT_MEDIA[m[1]]) found.mediaType = SEGMENT_MEDIA[m[1]]!;
    Object.assign(found, describedBy(responseBody(e), id));
    conversations.set(id, found);
  }
  // An answer that came after a change may show the conversation ended: the fixture is the first view.
  for (const c of conversations.values()) ids.set(c.id!, `\${${c.ref}.id}`);
  const agentId = [...conversations.values()].find((c) => c.agentUserId)?.agentUserId;
  if (agentId) ids.set(agentId, '${agent.id}');
  const routing = routingFixtures(
    entries.map((e) => {
      const url = new URL(e.request.url);
      return { method: e.request.method, path: url.pathname.slice(url.pathname.indexOf('/api/v2/')), status: e.response.status, body: responseBody(e) };
    }),
    new Set(['org', 'app', 'agent', ...[...conversations.values()].map((c) => c.ref)]),
  );
  // The agent the conversations show is `agent`, with what the answers say of it; every other
  // user, queue, skill and code keeps its ticket id under a ref of its own.
  const seenAgent = agentId ? routing.users.get(agentId) : undefined;
  const agent: GivenUser = seenAgent ? { ...seenAgent, ref: 'agent' } : { ref: 'agent', name: 'Agent', ...(agentId ? { id: agentId } : {}) };
  const renamed = (ref: string) => (seenAgent && ref === seenAgent.ref ? 'agent' : ref);
  const users = [agent, ...[...routing.users.values()].filter((u) => u !== seenAgent)];
  const queues = [...routing.queues.values()].map((q) => (q.members ? { ...q, members: q.members.map((m) => ({ ...m, user: renamed(m.user) })) } : q));
  for (const f of [...users, ...queues, ...routing.skills.values(), ...routing.wrapupCodes.values()]) if (f.id) ids.set(f.id, `\${${f.ref}.id}`);

  const used = new Set<string>();
  for (const e of entries) IdNames.idsIn([new URL(e.request.url).pathname + new URL(e.request.url).search, e.request.postData?.text ?? ''], used);

  const implemented = implementedBy(loadOpenApi().document as unknown as { paths: Record<string, Record<string, unknown>> });
  const stubs: GivenStub[] = [];
  const steps: Step[] = [];
  const hasTokenCall = entries.some((e) => new URL(e.request.url).pathname.endsWith('/oauth/token'));
  if (!hasTokenCall) {
    steps.push({
      kind: 'request',
      line: 0,
      name: 'a token (the browser had one already)',
      request: { method: 'POST', path: '/oauth/token', client: 'app', form: { grant_type: 'client_credentials' } },
      expect: { status: 200 },
      save: { token: 'body.access_token' },
    });
  }
  for (const e of entries) {
    const url = new URL(e.request.url);
    const expected = responseBody(e);
    if (url.pathname.endsWith('/oauth/token')) {
      steps.push({
        kind: 'request',
        line: 0,
        name: `${e.request.method} /oauth/token`,
        request: { method: 'POST', path: '/oauth/token', client: 'app', form: { grant_type: 'client_credentials' } },
        expect: { status: e.response.status },
        ...(e.response.status === 200 ? { save: { token: 'body.access_token' } } : {}),
      });
      continue;
    }
    const apiPath = url.pathname.slice(url.pathname.indexOf('/api/v2/'));
    if (!implemented(e.request.method, apiPath)) {
      stubs.push({
        name: `${e.request.method} ${apiPath}, as recorded`,
        request: { method: e.request.method.toUpperCase(), path: apiPath, ...(url.search ? { query: Object.fromEntries(url.searchParams) } : {}) },
        response: { status: e.response.status, ...(expected === undefined ? {} : { body: expected }) },
      });
      continue;
    }
    const path = apiPath + url.search;
    const contentType = e.request.postData?.mimeType ?? header(e.request.headers, 'content-type');
    const text = e.request.postData?.text;
    let body: ObservedCall['body'];
    if (text !== undefined && text !== '') {
      try {
        body = contentType?.includes('json') ? { json: JSON.parse(text) } : { text };
      } catch {
        body = { text };
      }
    }
    steps.push(stepOf({ method: e.request.method, path, token: '${token}', contentType, body, status: e.response.status, responseBody: expected }, ids, used));
  }

  return {
    name: `Imported from ${basename(file)}`,
    ticket: basename(file),
    description: 'Imported with genesys-cloud-mock scenario import-har. The client gets every scope and conversations default to a connected voice call where the HAR does not show them; edit given to match the customer.',
    given: {
      // every scope the API document declares: the customer's own are not in a HAR
      clients: [{ ref: 'app', scopes: allScopes(loadOpenApi().document), user: 'agent' }],
      skills: [...routing.skills.values()],
      wrapupCodes: [...routing.wrapupCodes.values()],
      users,
      queues,
      conversations: [...conversations.values()].map(({ agentUserId: _a, ...c }) => c),
      stubs,
    },
    steps,
  };
}
