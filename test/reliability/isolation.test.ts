// Isolation: for every operation of the document that takes an id, a token of org B asking for
// org A's resource (every placeholder filled with a real id of A) gets 404 and never A's data, and
// the whole store is as it was; lists and the journal filter show B only B's.
import { OPENAPI_DOCUMENT } from '../support/spec.js';
import { DEMO, harness, bearerOf } from '../support/harness.js';

type Operation = { method: string; template: string };

const doc = OPENAPI_DOCUMENT as { paths: Record<string, Record<string, unknown>> };
const operations: Operation[] = Object.entries(doc.paths)
  .filter(([template]) => template.startsWith('/api/v2/') && template.includes('{'))
  .flatMap(([template, methods]) => Object.keys(methods).map((method) => ({ method, template })));

const BODIES: Record<string, unknown> = {
  cobrowse: { initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-voice-1', type: 'external' }] },
  replace: { queueId: 'b0000000-0000-4000-8000-000000000001' },
  participants: { state: 'disconnected' },
  conversation: { state: 'disconnected' },
  user: { version: 1, title: 'Changed by org B' },
  presence: { presenceDefinition: { id: 'set-by-b' } },
  routingStatus: { status: 'IDLE' },
  profileSkills: ['Set by org B'],
  queue: { name: 'Changed by org B' },
  codes: [{ id: 'unused' }],
  attributes: { attributes: { setBy: 'org B' } },
  address: { address: '+13175550100' },
  consult: { speakTo: 'BOTH', address: '+13175550100', destination: { address: '+13175550100' }, contactId: 'unused', phoneType: 'WorkPhone' },
  contact: { contactId: 'unused', phoneType: 'WorkPhone' },
  contactChanges: { changes: [{ field: '$.firstName', value: 'Changed by org B', action: 'Update' }] },
  message: { textBody: 'Sent by org B' },
  inbound: { channel: { from: { id: 'customer-of-b', idType: 'Opaque' }, time: '2026-01-01T09:00:00.000Z' }, text: 'by B' },
  receipt: { id: 'unknown', channel: { to: { id: 'customer-of-b' }, time: '2026-01-01T09:00:00.000Z' }, status: 'Read' },
  bulk: ['unknown'],
  typing: { typing: { type: 'On' } },
  event: { channel: { from: { id: 'customer-of-b', idType: 'Opaque' }, time: '2026-01-01T09:00:00.000Z' }, events: [{ eventType: 'Typing' }] },
  email: { to: [{ email: 'b@example.com' }], from: { email: 'org-b@example.com' }, textBody: 'Sent by org B' },
  skill: { id: 'unused', proficiency: 1 },
  members: [{ id: DEMO.agentId }],
  member: { joined: false },
};

function bodyFor(op: Operation): unknown {
  if (op.template.endsWith('/attributes')) return BODIES.attributes;
  if (op.template.endsWith('/transfer') || op.template.endsWith('/replace/external')) return BODIES.address;
  if (op.template.includes('/consult')) return BODIES.consult;
  if (op.template.endsWith('/replace/contact/external')) return BODIES.contact;
  if (op.template.includes('{contactId}')) return BODIES.contactChanges;
  if (op.template.endsWith('/communications/{communicationId}/messages')) return BODIES.message;
  if (op.template.endsWith('/inbound/open/message')) return BODIES.inbound;
  if (op.template.endsWith('/inbound/open/receipt')) return BODIES.receipt;
  if (op.template.endsWith('/inbound/open/event')) return BODIES.event;
  if (op.template.endsWith('/typing')) return BODIES.typing;
  if (op.template.startsWith('/api/v2/conversations/emails/{conversationId}/messages')) return BODIES.email;
  if (op.template.endsWith('/messages/bulk')) return BODIES.bulk;
  if (op.template.endsWith('/cobrowse')) return BODIES.cobrowse;
  if (op.template.endsWith('/replace')) return BODIES.replace;
  if (op.template.includes('{participantId}')) return BODIES.participants;
  if (op.template.endsWith('/profileskills')) return BODIES.profileSkills;
  if (op.template.endsWith('/presences/purecloud')) return BODIES.presence;
  if (op.template.endsWith('/routingstatus')) return BODIES.routingStatus;
  if (op.template.endsWith('/members')) return BODIES.members;
  if (op.template.endsWith('/wrapupcodes')) return BODIES.codes;
  if (op.template.endsWith('/routingskills')) return BODIES.skill;
  if (op.template.endsWith('/wrapupcodes/{codeId}')) return BODIES.queue;
  if (op.template.endsWith('/members/{memberId}')) return BODIES.member;
  if (op.template.endsWith('/queues/{queueId}')) return BODIES.queue;
  if (op.template.includes('{userId}')) return BODIES.user;
  return BODIES.conversation;
}

test('the document has operations with ids to check', () => {
  expect(operations.length).toBeGreaterThanOrEqual(20);
});

describe.each(operations.filter((op) => op.template.includes('{channelId}')))('$method $template', (op) => {
  test("org B gets 404 for org A's channel, and A's channel is untouched", async () => {
    const h = harness();
    const authA = { Authorization: `Bearer ${await h.token()}` };
    const b = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, b);
    const channel = (await h.http.post('/api/v2/notifications/channels').set(authA)).body;
    await h.http
      .post(`/api/v2/notifications/channels/${channel.id}/subscriptions`)
      .set(authA)
      .send([{ id: `v2.users.${DEMO.agentId}.conversations` }]);
    const before = (await h.http.get('/__admin/notifications')).body;

    const path = op.template.replace('{channelId}', channel.id);
    const req = h.http[op.method as 'get' | 'post' | 'put' | 'delete' | 'head'](path).set(authB);
    const res = ['get', 'head', 'delete'].includes(op.method) ? await req : await req.send([{ id: `v2.users.${b.userId}.conversations` }]);
    expect(res.status).toBe(404);
    if (op.method !== 'head') expect(res.body.code).toBe('not.found');
    expect(res.text ?? '').not.toContain(DEMO.agentId);
    expect((await h.http.get('/__admin/notifications')).body).toEqual(before);
  });
});

/** Org A's real records, one of each kind an {…Id} placeholder of the document may name. */
async function orgARecords(h: ReturnType<typeof harness>, authA: Record<string, string>) {
  const session = await h.http
    .post(`/api/v2/conversations/${DEMO.chatConnected}/cobrowse`)
    .set(authA)
    .send({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-chat-2', type: 'external' }] });
  const fixture = async (mediaType: string) => (await h.http.post('/__admin/conversations').send({ mediaType, state: 'connected' })).body.id as string;
  const bySegment: Record<string, string> = {
    calls: DEMO.voiceConnected,
    chats: DEMO.chatConnected,
    emails: DEMO.emailConnected,
    messages: await fixture('message'),
    callbacks: await fixture('callback'),
    cobrowsesessions: session.body.id,
  };
  return { bySegment };
}

describe.each(operations.filter((op) => !op.template.includes('{channelId}')))('$method $template', (op) => {
  test("org B gets 404 for org A's resource, and nothing in the store changes", async () => {
    const h = harness();
    const authA = { Authorization: `Bearer ${await h.token()}` };
    const b = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, b);
    const { bySegment } = await orgARecords(h, authA);
    const segment = /\/api\/v2\/conversations\/([a-z]+)\/\{/.exec(op.template)?.[1];
    const conversationId = bySegment[segment ?? 'calls']!;
    const read = await h.http
      .get(segment === 'cobrowsesessions' ? `/api/v2/conversations/cobrowsesessions/${conversationId}` : `/api/v2/conversations/${conversationId}`)
      .set(authA);
    const participantId = (read.body.participants ?? [])[0]?.id as string | undefined;
    // Every placeholder gets a real id of org A: a placeholder this test cannot fill is a failure,
    // so an operation of a new group is checked, or this test is taught its ids.
    // The demo client has no presence scope: a client of org A that has it reads its presences' ids.
    const presenceClient = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['presence'] })).body;
    const authPresence = await bearerOf(h.http, presenceClient);
    const presenceId = (await h.http.get('/api/v2/presencedefinitions').set(authPresence)).body.entities[0].id as string;
    // The same for routing: a queue of org A with the demo agent on it.
    const routingClient = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['routing'] })).body;
    const authRouting = await bearerOf(h.http, routingClient);
    const queueId = (await h.http.post('/api/v2/routing/queues').set(authRouting).send({ name: 'Org A queue' })).body.id as string;
    await h.http
      .post(`/api/v2/routing/queues/${queueId}/members`)
      .set(authRouting)
      .send([{ id: DEMO.agentId }]);
    const skillId = (await h.http.post('/api/v2/routing/skills').set(authRouting).send({ name: 'Org A skill' })).body.id as string;
    await h.http.post(`/api/v2/users/${DEMO.agentId}/routingskills`).set(authRouting).send({ id: skillId, proficiency: 2 });
    const codeId = (await h.http.post('/api/v2/routing/wrapupcodes').set(authRouting).send({ name: 'Org A code' })).body.id as string;
    await h.http
      .post(`/api/v2/routing/queues/${queueId}/wrapupcodes`)
      .set(authRouting)
      .send([{ id: codeId }]);
    // An external contact of org A.
    const contactsClient = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['external-contacts'] })).body;
    const authContacts = await bearerOf(h.http, contactsClient);
    const contactId = (await h.http.post('/api/v2/externalcontacts/contacts').set(authContacts).send({ firstName: 'Org A contact' })).body.id as string;
    // An analytics job of org A.
    const analyticsClient = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['analytics'] })).body;
    const authAnalytics = await bearerOf(h.http, analyticsClient);
    const jobId = (
      await h.http.post('/api/v2/analytics/conversations/details/jobs').set(authAnalytics).send({ interval: '2000-01-01T00:00:00Z/2100-01-01T00:00:00Z' })
    ).body.jobId as string;
    // A message of org A's message conversation, and its agent's communication.
    const messageId = (await h.http.post(`/__admin/conversations/${bySegment.messages}/messages`).send({ text: 'from org A' })).body.id as string;
    const messageConversation = (await h.http.get(`/api/v2/conversations/${bySegment.messages}`).set(authA)).body;
    const communicationId = messageConversation.participants.find((p: { purpose: string }) => p.purpose === 'agent').messages[0].id as string;
    const ids: Record<string, string | undefined> = {
      conversationId,
      communicationId,
      messageId,
      integrationId: DEMO.openMessagingIntegrationId,
      participantId,
      userId: DEMO.agentId,
      presenceId,
      queueId,
      memberId: DEMO.agentId,
      skillId,
      codeId,
      contactId,
      jobId,
    };
    const path = op.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const id = ids[name];
      if (!id) throw new Error(`no id of org A for {${name}} in ${op.template}: teach orgARecords this kind of record`);
      return id;
    });
    const before = h.store.snapshot();

    const req = h.http[op.method as 'get' | 'post' | 'patch' | 'put' | 'delete'](path).set(authB);
    const res = ['get', 'delete'].includes(op.method) ? await req : await req.send(bodyFor(op) as object);
    expect([res.status, res.body.code]).toEqual([404, 'not.found']);
    for (const secret of ['cust-voice-1', 'cust-chat-2', DEMO.agentId, 'Ada Agent']) expect(res.text).not.toContain(secret);
    expect(h.store.snapshot()).toEqual(before);
  });
});

test('lists, counts and the journal filter never show another org', async () => {
  const h = harness();
  const authA = { Authorization: `Bearer ${await h.token()}` };
  const b = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
  const authB = await bearerOf(h.http, b);
  await h.http
    .post(`/api/v2/conversations/${DEMO.chatConnected}/cobrowse`)
    .set(authA)
    .send({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-chat-2', type: 'external' }] });
  for (const path of [
    '/api/v2/conversations',
    '/api/v2/conversations/calls',
    '/api/v2/conversations/chats',
    '/api/v2/conversations/emails',
    '/api/v2/conversations/cobrowsesessions',
  ]) {
    const res = await h.http.get(path).set(authB);
    expect([res.status, res.body.total, res.body.entities]).toEqual([200, 0, []]);
  }
  await h.http.post('/api/v2/notifications/channels').set(authA);
  expect((await h.http.get('/api/v2/notifications/channels').set(authB)).body).toEqual({ entities: [] });
  const journal = await h.http.get(`/__admin/requests?orgId=${b.id}`);
  expect(journal.body.requests.length).toBeGreaterThan(0);
  expect(journal.body.requests.every((r: { orgId: string }) => r.orgId === b.id)).toBe(true);
  const count = await h.http.post('/__admin/requests/count').send({ orgId: b.id, bodyContains: 'cust-chat-2' });
  expect(count.body.count).toBe(0);
});
