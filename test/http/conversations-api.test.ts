// The Conversations API a real integration drives: lists and paging, per-media reads, creates,
// answering, leaving, transfers, wrap-up, and ending conversations and cobrowse sessions.
import { createConversation } from '../../src/domain/fixtures.js';
import { randomIds } from '../../src/system.js';
import { DEMO, harness, setPresence, type Harness } from '../support/harness.js';

const QUEUE = 'b0000000-0000-4000-8000-000000000001';
type MP = { id: string; purpose: string; state: string; connectedTime?: string; endTime?: string; wrapup?: unknown; user?: { id: string }; direction?: string };

async function setup(): Promise<Harness & { auth: Record<string, string> }> {
  const h = harness();
  const token = await h.token();
  return Object.assign(h, { auth: { Authorization: `Bearer ${token}` } });
}

function participant(body: { participants: MP[] }, purpose: string): MP {
  const found = body.participants.filter((p) => p.purpose === purpose).at(-1);
  if (!found) throw new Error(`no ${purpose} in ${JSON.stringify(body)}`);
  return found;
}

describe('lists and paging', () => {
  async function orgWith(n: number) {
    const h = harness();
    await h.http.post('/__admin/oauth/clients').send({ clientId: 'p', clientSecret: 'p', scopes: ['conversations'], orgId: 'paging-org' });
    const deps = { store: h.store, clock: h.clock, ids: randomIds };
    for (let i = 0; i < n; i++) await createConversation(deps, 'paging-org', { mediaType: 'voice', state: 'queued', id: `conv-${String(i).padStart(3, '0')}` });
    await createConversation(deps, 'paging-org', { mediaType: 'voice', state: 'disconnected' });
    return { h, auth: { Authorization: `Bearer ${await h.token('p', 'p')}` } };
  }

  test.each([
    [0, 1, 0, 0, false],
    [1, 1, 1, 1, false],
    [25, 1, 25, 1, false],
    [26, 1, 25, 2, true],
    [26, 2, 1, 2, false],
    [101, 1, 25, 5, true],
    [101, 5, 1, 5, false],
  ])('%i live conversations, page %i: %i entities of %i pages', async (n, pageNumber, entities, pageCount, hasNext) => {
    const { h, auth } = await orgWith(n);
    for (const path of ['/api/v2/conversations', '/api/v2/conversations/calls']) {
      const res = await h.http.get(`${path}?pageNumber=${pageNumber}`).set(auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: n, pageSize: 25, pageNumber, pageCount });
      expect(res.body.entities).toHaveLength(entities);
      expect(res.body.firstUri).toBe(`${path}?pageSize=25&pageNumber=1`);
      expect(res.body.lastUri).toBe(`${path}?pageSize=25&pageNumber=${Math.max(pageCount, 1)}`);
      expect('nextUri' in res.body).toBe(hasNext);
      expect('previousUri' in res.body).toBe(pageNumber > 1);
    }
  });

  test('101 conversations with pageSize 100: two pages', async () => {
    const { h, auth } = await orgWith(101);
    const res = await h.http.get('/api/v2/conversations?pageSize=100&pageNumber=2').set(auth);
    expect(res.body).toMatchObject({ total: 101, pageCount: 2, pageSize: 100 });
    expect(res.body.entities.map((c: { id: string }) => c.id)).toEqual(['conv-100']);
  });

  test.each([
    ['pageSize=0', 'pageSize'],
    ['pageSize=101', 'pageSize'],
    ['pageNumber=0', 'pageNumber'],
    ['pageNumber=abc', 'pageNumber'],
    ['pageNumber=3', 'pageNumber'],
  ])('out of range paging (%s) is 400 naming %s', async (query, field) => {
    const { h, auth } = await orgWith(26);
    const res = await h.http.get(`/api/v2/conversations?${query}`).set(auth);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ fieldName: field })]));
  });

  test('communicationType filters; an unknown one is 400', async () => {
    const h = await setup();
    const calls = await h.http.get('/api/v2/conversations?communicationType=Call').set(h.auth);
    expect(calls.body.entities.map((c: { id: string }) => c.id)).toEqual([DEMO.voiceConnected]);
    const chats = await h.http.get('/api/v2/conversations?communicationType=chat').set(h.auth);
    expect(chats.body.total).toBe(2);
    const all = await h.http.get('/api/v2/conversations').set(h.auth);
    expect(all.body.total).toBe(4); // the disconnected voice conversation is not listed
    const bad = await h.http.get('/api/v2/conversations?communicationType=fax').set(h.auth);
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid.value']);
  });
});

describe('per-media reads', () => {
  test.each([
    ['calls', DEMO.voiceConnected, 200],
    ['chats', DEMO.chatConnected, 200],
    ['emails', DEMO.emailConnected, 200],
    ['chats', DEMO.voiceConnected, 404],
    ['calls', DEMO.chatConnected, 404],
    ['messages', DEMO.voiceConnected, 404],
    ['cobrowsesessions', DEMO.voiceConnected, 404],
    ['calls', 'nope', 404],
  ])('GET /api/v2/conversations/%s/%s → %i', async (segment, id, status) => {
    const h = await setup();
    const res = await h.http.get(`/api/v2/conversations/${segment}/${id}`).set(h.auth);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body.selfUri).toBe(`/api/v2/conversations/${segment}/${id}`);
      expect(participant(res.body, 'agent')).toMatchObject({ state: 'connected', user: { id: DEMO.agentId, name: 'Ada Agent' } });
    } else {
      expect(res.body.code).toBe('not.found');
    }
  });
});

describe('creating', () => {
  test('a call: the agent contacting, the customer alerting, at the clock time', async () => {
    const h = await setup();
    const res = await h.http.post('/api/v2/conversations/calls').set(h.auth).send({ phoneNumber: '+13175550199' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), name: 'Ada Agent', selfUri: `/api/v2/conversations/calls/${res.body.id}` });
    const call = await h.http.get(res.body.selfUri).set(h.auth);
    expect(participant(call.body, 'agent')).toMatchObject({ state: 'contacting', direction: 'outbound', startTime: '2026-01-01T09:00:00.000Z' });
    expect(participant(call.body, 'customer')).toMatchObject({ state: 'alerting', address: 'tel:+13175550199' });
  });

  test('without a user context: 400 not.a.user', async () => {
    const h = harness();
    const token = await h.token('no-cobrowse-client', 'no-cobrowse-secret');
    const res = await h.http.post('/api/v2/conversations/calls').set('Authorization', `Bearer ${token}`).send({ phoneNumber: '+1' });
    expect([res.status, res.body.code]).toEqual([400, 'not.a.user']);
    expect(res.body.message).toBe('This request requires a user context. Client credentials cannot be used for requests to this resource.');
  });

  test("answering without a user context is 400 not.a.user and writes nothing; leaving is an app's to do", async () => {
    const h = await setup();
    const placed = await h.http.post('/api/v2/conversations/calls').set(h.auth).send({ phoneNumber: '+13175550199' });
    const call = await h.http.get(`/api/v2/conversations/calls/${placed.body.id}`).set(h.auth);
    const agent = participant(call.body, 'agent') as { id: string };
    const token = await h.token('no-cobrowse-client', 'no-cobrowse-secret');
    const app = { Authorization: `Bearer ${token}` };
    const before = h.store.get('conversations', placed.body.id);
    const answer = await h.http.patch(`/api/v2/conversations/calls/${placed.body.id}/participants/${agent.id}`).set(app).send({ state: 'connected' });
    expect([answer.status, answer.body.code]).toEqual([400, 'not.a.user']);
    expect(h.store.get('conversations', placed.body.id)).toEqual(before);
    const leave = await h.http.patch(`/api/v2/conversations/calls/${placed.body.id}/participants/${agent.id}`).set(app).send({ state: 'disconnected' });
    expect(leave.status).toBe(202);
  });

  test.each([
    [{ phoneNumber: '+1', callUserId: DEMO.agentId }, 'too.many.create.conversation.parameters'],
    [{}, 'bad.request'],
    [{ callUserId: 'ghost' }, 'invalid.value'],
    [{ callQueueId: 'ghost' }, 'chat.error.queue.not.found'],
  ])('a bad call %j → 400 %s, nothing written', async (body, code) => {
    const h = await setup();
    const before = h.store.all('conversations').length;
    const res = await h.http.post('/api/v2/conversations/calls').set(h.auth).send(body);
    expect([res.status, res.body.code]).toEqual([400, code]);
    expect(h.store.all('conversations')).toHaveLength(before);
  });

  test('a message conversation from a queue: answered with where to read it (CreateOutboundMessagingConversationResponse), as Genesys answers', async () => {
    const h = await setup();
    const res = await h.http
      .post('/api/v2/conversations/messages')
      .set(h.auth)
      .send({ queueId: QUEUE, toAddress: '+13175550123', toAddressMessengerType: 'sms' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), selfUri: `/api/v2/conversations/messages/${res.body.id}` });
    const read = (await h.http.get(res.body.selfUri).set(h.auth)).body;
    expect(participant(read, 'agent')).toMatchObject({ state: 'connected', direction: 'outbound', messages: [] });
    expect(participant(read, 'customer')).toMatchObject({ address: '+13175550123' });
  });

  test('a webchat waits on its queue', async () => {
    const h = await setup();
    const res = await h.http.post('/api/v2/conversations/chats').set(h.auth).send({ queueId: QUEUE, provider: 'PureCloud Webchat v2', customerName: 'Cora' });
    expect(res.status).toBe(200);
    expect(participant(res.body, 'acd')).toMatchObject({ state: 'connected', queue: { id: QUEUE, name: 'Support' } });
    expect(participant(res.body, 'customer')).toMatchObject({ name: 'Cora', state: 'connected' });
    const missing = await h.http.post('/api/v2/conversations/chats').set(h.auth).send({ queueId: 'nope', provider: 'x' });
    expect([missing.status, missing.body.code]).toEqual([400, 'chat.error.queue.not.found']);
  });
});

describe('shapes as Genesys sends them', () => {
  test('recordingState is lower case on a CallConversation, upper case on the generic Conversation', async () => {
    const h = await setup();
    expect((await h.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(h.auth)).body.recordingState).toBe('none');
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(h.auth)).body.recordingState).toBe('NONE');
  });

  test.each(['facebook', 'instagram', 'apple'])('toAddressMessengerType %s is refused, as Genesys refuses it (sms, open and whatsapp only)', async (type) => {
    const h = await setup();
    const res = await h.http
      .post('/api/v2/conversations/messages')
      .set(h.auth)
      .send({ queueId: DEMO.queueId, toAddress: '+13175550100', toAddressMessengerType: type });
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });
});

describe('changing', () => {
  test('transfer to an address, replace/agent by name, replace/queue by name: the target joins, the participant leaves with disconnectType transfer', async () => {
    const h = await setup();
    const read = async (id: string) => (await h.http.get(`/api/v2/conversations/calls/${id}`).set(h.auth)).body;
    const agentOf = async (id: string) => participant(await read(id), 'agent');
    const post = async (id: string, pid: string, path: string, body: object) =>
      h.http.post(`/api/v2/conversations/${id}/participants/${pid}/${path}`).set(h.auth).send(body);

    const first = await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'connected' });
    const agent = await agentOf(first.body.id);
    expect((await post(first.body.id, agent.id, 'transfer', { address: '+13175550142', transferType: 'Unattended' })).status).toBe(202);
    const after = await read(first.body.id);
    expect(participant(after, 'agent')).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });
    expect(participant(after, 'external')).toMatchObject({ state: 'alerting', direction: 'outbound', address: 'tel:+13175550142', name: '+13175550142' });

    const second = await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'connected' });
    expect((await post(second.body.id, (await agentOf(second.body.id)).id, 'replace/queue', { queueName: 'support' })).status).toBe(202);
    expect((await read(second.body.id)).participants.filter((p: MP) => p.purpose === 'acd').at(-1)).toMatchObject({
      state: 'connected',
      queue: { id: DEMO.queueId },
    });

    // Genesys refuses a transfer to a user who is Offline (as a user never set is).
    const third = await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'connected' });
    const offline = await post(third.body.id, (await agentOf(third.body.id)).id, 'replace/agent', { userName: 'ada agent' });
    expect([offline.status, offline.body.message]).toEqual([400, `User ${DEMO.agentId} is Offline and cannot take a transfer.`]);
    await setPresence(h, DEMO.agentId, 'Available');
    expect((await post(third.body.id, (await agentOf(third.body.id)).id, 'replace/agent', { userName: 'ada agent' })).status).toBe(202);
    expect(participant(await read(third.body.id), 'agent')).toMatchObject({ state: 'alerting', user: { id: DEMO.agentId } });
  });

  test.each([
    ['transfer', {}, 400, 'bad.request'],
    ['replace/agent', {}, 400, 'bad.request'],
    ['replace/agent', { userName: 'Nobody' }, 400, 'invalid.value'],
    ['replace/queue', { queueName: 'Nowhere' }, 400, 'chat.error.queue.not.found'],
    ['replace/queue', { queueId: 'nowhere' }, 400, 'chat.error.queue.not.found'],
  ])('%s with %j is %s %s, and nothing changes', async (path, body, status, code) => {
    const h = await setup();
    const agent = participant((await h.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(h.auth)).body, 'agent');
    const before = h.store.get('conversations', DEMO.voiceConnected);
    const res = await h.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/participants/${agent.id}/${path}`).set(h.auth).send(body);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(h.store.get('conversations', DEMO.voiceConnected)).toBe(before);
  });

  test('a participant not connected cannot transfer', async () => {
    const h = await setup();
    const placed = await h.http.post('/api/v2/conversations/calls').set(h.auth).send({ phoneNumber: '+13175550199' });
    const agent = participant((await h.http.get(`/api/v2/conversations/calls/${placed.body.id}`).set(h.auth)).body, 'agent');
    const res = await h.http.post(`/api/v2/conversations/${placed.body.id}/participants/${agent.id}/replace/queue`).set(h.auth).send({ queueId: DEMO.queueId });
    expect([res.status, res.body.code]).toEqual([400, 'conversation.participant.state.invalid']);
  });

  test('participant attributes: set per media (answered with all of them) and through the generic operation (202), merged, shown on the conversation and the call', async () => {
    const h = await setup();
    const call = DEMO.voiceConnected;
    const customer = participant((await h.http.get(`/api/v2/conversations/calls/${call}`).set(h.auth)).body, 'customer');
    const set = await h.http
      .patch(`/api/v2/conversations/calls/${call}/participants/${customer.id}/attributes`)
      .set(h.auth)
      .send({ attributes: { account: '42', tier: 'gold' } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ attributes: { externalId: 'cust-voice-1', account: '42', tier: 'gold' } });
    const generic = await h.http
      .patch(`/api/v2/conversations/${call}/participants/${customer.id}/attributes`)
      .set(h.auth)
      .send({ attributes: { tier: 'platinum' } });
    expect(generic.status).toBe(202);
    const expected = { externalId: 'cust-voice-1', account: '42', tier: 'platinum' };
    expect(participant((await h.http.get(`/api/v2/conversations/calls/${call}`).set(h.auth)).body, 'customer')).toMatchObject({ attributes: expected });
    const conversation = (await h.http.get(`/api/v2/conversations/${call}`).set(h.auth)).body;
    expect(conversation.participants.find((p: { purpose: string }) => p.purpose === 'customer').attributes).toEqual(expected);
    // A chat has no attributes operation of its own in Genesys: the generic one sets them.
    const chatAgent = participant((await h.http.get(`/api/v2/conversations/chats/${DEMO.chatConnected}`).set(h.auth)).body, 'agent');
    expect(
      (
        await h.http
          .patch(`/api/v2/conversations/${DEMO.chatConnected}/participants/${chatAgent.id}/attributes`)
          .set(h.auth)
          .send({ attributes: { note: 'vip' } })
      ).status,
    ).toBe(202);
    expect(participant((await h.http.get(`/api/v2/conversations/chats/${DEMO.chatConnected}`).set(h.auth)).body, 'agent')).toMatchObject({
      attributes: { note: 'vip' },
    });
  });

  test.each([
    ['a value that is not a string', { attributes: { n: 1 } }],
    ['no attributes', {}],
  ])('attributes with %s are 400, and an unknown participant 404', async (_, body) => {
    const h = await setup();
    const customer = participant((await h.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(h.auth)).body, 'customer');
    const bad = await h.http.patch(`/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/${customer.id}/attributes`).set(h.auth).send(body);
    expect([bad.status, bad.body.code]).toEqual([400, 'bad.request']);
    const unknown = await h.http
      .patch(`/api/v2/conversations/${DEMO.voiceConnected}/participants/nobody/attributes`)
      .set(h.auth)
      .send({ attributes: { a: 'b' } });
    expect(unknown.status).toBe(404);
  });

  test('hold and resume, mute and unmute a connected call participant: shown on the call and on the conversation, a repeat changes nothing', async () => {
    const h = await setup();
    const call = DEMO.voiceConnected;
    const read = async () => (await h.http.get(`/api/v2/conversations/calls/${call}`).set(h.auth)).body;
    const agent = participant(await read(), 'agent') as MP & { held: boolean; muted: boolean };
    expect([agent.held, agent.muted]).toEqual([false, false]);
    const patch = (body: object) => h.http.patch(`/api/v2/conversations/calls/${call}/participants/${agent.id}`).set(h.auth).send(body);
    expect((await patch({ held: true, muted: true })).status).toBe(202);
    expect(participant(await read(), 'agent')).toMatchObject({ held: true, muted: true, state: 'connected' });
    const generic = (await h.http.get(`/api/v2/conversations/${call}`).set(h.auth)).body;
    expect(generic.participants.find((p: { purpose: string }) => p.purpose === 'agent').calls[0]).toMatchObject({ held: true, muted: true });
    const before = h.store.get('conversations', call);
    expect((await patch({ held: true })).status).toBe(202);
    expect(h.store.get('conversations', call)).toBe(before);
    expect((await patch({ held: false })).status).toBe(202);
    expect(participant(await read(), 'agent')).toMatchObject({ held: false, muted: true });
    // Hanging up while held takes the call off hold.
    await patch({ held: true });
    expect((await patch({ state: 'disconnected' })).status).toBe(202);
    expect(participant(await read(), 'agent')).toMatchObject({ state: 'disconnected', held: false });
  });

  test("a hold shows as a Hold segment between Interact ones on the conversation's call; the agent's after-call work is pending until it wraps up", async () => {
    const h = await setup();
    const call = DEMO.voiceConnected;
    const agent = participant((await h.http.get(`/api/v2/conversations/calls/${call}`).set(h.auth)).body, 'agent');
    const patch = (body: object) => h.http.patch(`/api/v2/conversations/calls/${call}/participants/${agent.id}`).set(h.auth).send(body);
    const start = h.clock.ms;
    const at = (s: number) => new Date(start + s * 1000).toISOString();
    h.clock.advance(10);
    await patch({ held: true });
    h.clock.advance(20);
    await patch({ held: false });
    h.clock.advance(30);
    await patch({ state: 'disconnected' });
    const agentCall = async () =>
      (await h.http.get(`/api/v2/conversations/${call}`).set(h.auth)).body.participants.find((p: { purpose: string }) => p.purpose === 'agent').calls[0];
    const ended = await agentCall();
    expect(ended.segments.slice(-3)).toEqual([
      { startTime: expect.any(String), endTime: at(10), type: 'Interact' },
      { startTime: at(10), endTime: at(30), type: 'Hold' },
      { startTime: at(30), endTime: at(60), type: 'Interact', howEnded: 'Disconnect', disconnectType: 'client' },
    ]);
    expect([ended.afterCallWorkRequired, ended.afterCallWork]).toEqual([true, { startTime: at(60), state: 'pending' }]);
    h.clock.advance(15);
    expect((await patch({ wrapup: { code: DEMO.wrapupCodes.resolved } })).status).toBe(202);
    expect((await agentCall()).afterCallWork).toEqual({ startTime: at(60), endTime: at(75), state: 'complete' });
  });

  test('hold is refused on a participant not connected, on another media, and without a user context', async () => {
    const h = await setup();
    const placed = await h.http.post('/api/v2/conversations/calls').set(h.auth).send({ phoneNumber: '+13175550199' });
    const alerting = participant((await h.http.get(`/api/v2/conversations/calls/${placed.body.id}`).set(h.auth)).body, 'customer');
    const notConnected = await h.http.patch(`/api/v2/conversations/calls/${placed.body.id}/participants/${alerting.id}`).set(h.auth).send({ held: true });
    expect([notConnected.status, notConnected.body.code]).toEqual([400, 'conversation.participant.state.invalid']);
    const chatAgent = participant((await h.http.get(`/api/v2/conversations/chats/${DEMO.chatConnected}`).set(h.auth)).body, 'agent');
    const chat = await h.http.patch(`/api/v2/conversations/chats/${DEMO.chatConnected}/participants/${chatAgent.id}`).set(h.auth).send({ muted: true });
    expect([chat.status, chat.body.code]).toEqual([400, 'invalid.value']);
    const app = { Authorization: `Bearer ${await h.token('no-cobrowse-client', 'no-cobrowse-secret')}` };
    const agent = participant((await h.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(h.auth)).body, 'agent');
    const noUser = await h.http.patch(`/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/${agent.id}`).set(app).send({ held: true });
    expect([noUser.status, noUser.body.code]).toEqual([400, 'not.a.user']);
  });

  async function call(h: Harness & { auth: Record<string, string> }) {
    const created = await h.http.post('/api/v2/conversations/calls').set(h.auth).send({ phoneNumber: '+13175550199' });
    const id = created.body.id as string;
    const read = async () => (await h.http.get(`/api/v2/conversations/calls/${id}`).set(h.auth)).body as { participants: MP[]; selfUri: string };
    return { id, read };
  }

  test('answering, a refused change that writes nothing, leaving with a wrap-up that ends the call', async () => {
    const h = await setup();
    const { id, read } = await call(h);
    const agent = participant(await read(), 'agent');
    h.clock.advance(5);
    const answered = await h.http.patch(`/api/v2/conversations/calls/${id}/participants/${agent.id}`).set(h.auth).send({ state: 'connected' });
    expect(answered.status).toBe(202);
    let now = await read();
    expect(participant(now, 'agent')).toMatchObject({ state: 'connected', connectedTime: '2026-01-01T09:00:05.000Z' });
    expect(participant(now, 'customer')).toMatchObject({ state: 'connected', connectedTime: '2026-01-01T09:00:05.000Z' });

    const before = h.store.get('conversations', id);
    const again = await h.http.patch(`/api/v2/conversations/calls/${id}/participants/${agent.id}`).set(h.auth).send({ state: 'connected' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      code: 'conversation.participant.state.invalid',
      messageParams: { conversationId: id, participantId: agent.id, state: 'connected', requested: 'connected' },
    });
    expect(h.store.get('conversations', id)).toEqual(before);

    h.clock.advance(60);
    // A wrap-up code is one of the org's (GET /api/v2/routing/wrapupcodes): another is refused.
    const unknown = await h.http
      .patch(`/api/v2/conversations/calls/${id}/participants/${agent.id}`)
      .set(h.auth)
      .send({ state: 'disconnected', wrapup: { code: 'Resolved' } });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'invalid.value']);
    expect(h.store.get('conversations', id)).toEqual(before);
    const resolved = DEMO.wrapupCodes.resolved;
    const left = await h.http
      .patch(`/api/v2/conversations/calls/${id}/participants/${agent.id}`)
      .set(h.auth)
      .send({ state: 'disconnected', wrapup: { code: resolved, notes: 'all good' } });
    expect(left.status).toBe(202);
    now = await read();
    expect(participant(now, 'agent')).toMatchObject({
      state: 'disconnected',
      endTime: '2026-01-01T09:01:05.000Z',
      wrapup: { code: resolved, notes: 'all good' },
    });
    // the last agent left: the whole call is over
    expect(participant(now, 'customer')).toMatchObject({ state: 'disconnected' });
    const full = await h.http.get(`/api/v2/conversations/${id}`).set(h.auth);
    expect(full.body).toMatchObject({ state: 'disconnected', endTime: '2026-01-01T09:01:05.000Z' });
    const list = await h.http.get('/api/v2/conversations/calls').set(h.auth);
    expect(list.body.entities.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  test('unknown participant, participant of another conversation, wrong media path: 404', async () => {
    const h = await setup();
    const { id, read } = await call(h);
    const agent = participant(await read(), 'agent');
    for (const path of [
      `/api/v2/conversations/calls/${id}/participants/nope`,
      `/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/${agent.id}`,
      `/api/v2/conversations/chats/${id}/participants/${agent.id}`,
    ]) {
      const res = await h.http.patch(path).set(h.auth).send({ state: 'disconnected' });
      expect([res.status, res.body.code]).toEqual([404, 'not.found']);
    }
  });

  test('ending the whole conversation ends its cobrowse session; ending it twice is refused', async () => {
    const h = await setup();
    const session = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set(h.auth)
      .send({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-voice-1', type: 'external' }] });
    h.clock.advance(30);
    const ended = await h.http.patch(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(h.auth).send({ state: 'disconnected' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ state: 'disconnected', endTime: '2026-01-01T09:00:30.000Z' });
    const cobrowse = await h.http.get(`/api/v2/conversations/cobrowsesessions/${session.body.id}`).set(h.auth);
    expect(cobrowse.body.participants.map((p: MP) => p.state)).toEqual(['disconnected', 'disconnected']);
    expect(h.store.get('cobrowseSessions', session.body.id)?.state).toBe('disconnected');
    const twice = await h.http.patch(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(h.auth).send({ state: 'disconnected' });
    expect(twice.body).toMatchObject({ status: 400, code: 'conversation.state.invalid', messageParams: { state: 'disconnected' } });
    const notEnd = await h.http.patch(`/api/v2/conversations/chats/${DEMO.chatConnected}`).set(h.auth).send({ state: 'connected' });
    expect([notEnd.status, notEnd.body.code]).toEqual([400, 'communication.state.required']);
  });

  test('a webchat transferred from its queue to an agent, answered, cobrowsed, and the session ended', async () => {
    const h = await setup();
    const chat = await h.http
      .post('/api/v2/conversations/chats')
      .set(h.auth)
      .send({ queueId: QUEUE, provider: 'PureCloud Webchat v2', attributes: { externalId: 'cust-web-9' } });
    const id = chat.body.id as string;
    const acd = participant(chat.body, 'acd');
    const replaced = await h.http.post(`/api/v2/conversations/chats/${id}/participants/${acd.id}/replace`).set(h.auth).send({ userId: DEMO.agentId });
    expect(replaced.status).toBe(202);
    let now = (await h.http.get(`/api/v2/conversations/chats/${id}`).set(h.auth)).body;
    expect(participant(now, 'acd')).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });
    const agent = participant(now, 'agent');
    expect(agent).toMatchObject({ state: 'alerting' });
    await h.http.patch(`/api/v2/conversations/chats/${id}/participants/${agent.id}`).set(h.auth).send({ state: 'connected' });
    const session = await h.http
      .post(`/api/v2/conversations/${id}/cobrowse`)
      .set(h.auth)
      .send({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-web-9', type: 'external' }] });
    expect(session.status).toBe(200);
    const listed = await h.http.get('/api/v2/conversations/cobrowsesessions').set(h.auth);
    expect(listed.body.entities.map((s: { id: string }) => s.id)).toEqual([session.body.id]);
    const read = await h.http.get(`/api/v2/conversations/cobrowsesessions/${session.body.id}`).set(h.auth);
    expect(read.body.participants.map((p: MP & { cobrowseRole: string }) => [p.purpose, p.cobrowseRole, p.state])).toEqual([
      ['customer', 'sharer', 'connected'],
      ['agent', 'viewer', 'connected'],
    ]);
    h.clock.advance(10);
    const ended = await h.http.patch(`/api/v2/conversations/cobrowsesessions/${session.body.id}`).set(h.auth).send({ state: 'disconnected' });
    expect(ended.status).toBe(200);
    // Genesys answers the generic Conversation: participants with their cobrowse communications.
    expect([ended.body.id, ended.body.state, ended.body.endTime]).toEqual([session.body.id, 'disconnected', '2026-01-01T09:00:10.000Z']);
    expect(
      ended.body.participants.map((p: { purpose: string; userId?: string; endTime: string; cobrowsesessions: { state: string; cobrowseRole: string }[] }) => [
        p.purpose,
        p.userId,
        p.endTime,
        p.cobrowsesessions.map((c) => [c.state, c.cobrowseRole]),
      ]),
    ).toEqual([
      ['customer', undefined, '2026-01-01T09:00:10.000Z', [['disconnected', 'sharer']]],
      ['agent', DEMO.agentId, '2026-01-01T09:00:10.000Z', [['disconnected', 'viewer']]],
    ]);
    now = (await h.http.get(`/api/v2/conversations/chats/${id}`).set(h.auth)).body;
    expect(participant(now, 'agent').state).toBe('connected'); // the chat goes on
    const again = await h.http.post(`/api/v2/conversations/${id}/cobrowse`).set(h.auth).send({ cobrowseSessionId: session.body.id });
    expect([again.status, again.body.code]).toEqual([409, 'cobrowse.session.ended']);
  });

  test('replace to a queue, and refusals: both targets, an unknown user, a participant who left', async () => {
    const h = await setup();
    const conversation = (await h.http.get(`/api/v2/conversations/chats/${DEMO.chatConnected}`).set(h.auth)).body;
    const agent = participant(conversation, 'agent');
    const both = await h.http
      .post(`/api/v2/conversations/chats/${DEMO.chatConnected}/participants/${agent.id}/replace`)
      .set(h.auth)
      .send({ userId: DEMO.agentId, queueId: QUEUE });
    expect([both.status, both.body.code]).toEqual([400, 'too.many.create.conversation.parameters']);
    const ghost = await h.http.post(`/api/v2/conversations/chats/${DEMO.chatConnected}/participants/${agent.id}/replace`).set(h.auth).send({ userId: 'ghost' });
    expect([ghost.status, ghost.body.code]).toEqual([400, 'invalid.value']);
    const toQueue = await h.http
      .post(`/api/v2/conversations/chats/${DEMO.chatConnected}/participants/${agent.id}/replace`)
      .set(h.auth)
      .send({ queueId: QUEUE });
    expect(toQueue.status).toBe(202);
    const now = (await h.http.get(`/api/v2/conversations/${DEMO.chatConnected}`).set(h.auth)).body;
    expect(now.state).toBe('connected');
    expect(participant(now, 'acd')).toMatchObject({ queueId: QUEUE, queueName: 'Support' });
    const gone = await h.http.post(`/api/v2/conversations/chats/${DEMO.chatConnected}/participants/${agent.id}/replace`).set(h.auth).send({ queueId: QUEUE });
    expect([gone.status, gone.body.code]).toEqual([400, 'conversation.participant.state.invalid']);
  });

  test('read-only tokens cannot change anything', async () => {
    const h = harness();
    await h.http.post('/__admin/oauth/clients').send({ clientId: 'ro', clientSecret: 'ro', scopes: ['conversations:readonly'], userId: DEMO.agentId });
    const token = await h.token('ro', 'ro');
    const res = await h.http
      .patch(`/api/v2/conversations/calls/${DEMO.voiceConnected}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ state: 'disconnected' });
    expect([res.status, res.body.code]).toEqual([403, 'missing.any.scopes']);
  });
});
