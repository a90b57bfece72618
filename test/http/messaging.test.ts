// Messaging that carries messages, over HTTP: Open Messaging inbound starts or continues a
// conversation on the integration's queue, the agent sends on its communication, messages read
// back one by one and in bulk, receipts move their status, agentless notifications go out from
// the org's addresses only; every refusal writes nothing.
import { DEMO, harness, type Harness } from '../support/harness.js';

const OPEN = 'f0000000-0000-4000-8000-000000000001';
const SMS_NUMBER = '+13175550111';
const WHATSAPP = 'f0000000-0000-4000-8000-000000000003';

type Details = { messageId: string; messageURI: string; messageStatus: string; messageTime: string };
type GP = { id: string; purpose: string; name?: string; address?: string; messages?: { id: string; state: string; messages: Details[] }[] };

async function setup() {
  const h = harness();
  const auth = { Authorization: `Bearer ${await h.token()}` };
  const inbound = (text: string, from: object = { id: 'cust-open-1', idType: 'Opaque', nickname: 'Casey' }) =>
    h.http
      .post(`/api/v2/conversations/messages/${OPEN}/inbound/open/message`)
      .set(auth)
      .send({ channel: { from, time: '2026-01-01T09:00:00.000Z', messageId: 'platform-1' }, text });
  const conversation = async (id: string) => (await h.http.get(`/api/v2/conversations/${id}`).set(auth)).body as { participants: GP[]; endTime?: string };
  return { h, auth, inbound, conversation };
}

const messagesOf = (p: GP | undefined) => p?.messages?.[0]?.messages ?? [];

test('Open Messaging inbound: the first message starts a conversation on the integration queue, the next continues it; the agent answers and sends', async () => {
  const { h, auth, inbound, conversation } = await setup();
  const first = await inbound('Hello, my order is late');
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({
    type: 'Text',
    text: 'Hello, my order is late',
    channel: { platform: 'Open', to: { id: OPEN }, from: { id: 'cust-open-1', nickname: 'Casey' }, messageId: 'platform-1' },
  });
  const id = first.body.conversationId as string;
  let c = await conversation(id);
  const customer = c.participants.find((p) => p.purpose === 'customer')!;
  expect(customer).toMatchObject({ name: 'Casey', address: 'cust-open-1' });
  expect(c.participants.find((p) => p.purpose === 'acd')).toMatchObject({ queueId: DEMO.queueId });
  expect(messagesOf(customer)).toEqual([
    {
      messageId: first.body.id,
      messageURI: `/api/v2/conversations/messages/${id}/messages/${first.body.id}`,
      messageStatus: 'received',
      messageSegmentCount: 1,
      messageTime: expect.any(String),
    },
  ]);

  const second = await inbound('Order 42');
  expect(second.body.conversationId).toBe(id);
  expect(
    (await h.http.post('/api/v2/conversations/messages').set(auth).send({ queueId: DEMO.queueId, toAddress: 'x', toAddressMessengerType: 'open' })).status,
  ).toBe(200);
  expect((await inbound('Order 42, again', { id: 'cust-open-2', idType: 'Opaque' })).body.conversationId).not.toBe(id);

  // An agent takes it (the fixture stages), then sends on its own communication.
  expect((await h.http.patch(`/__admin/conversations/${id}`).send({ state: 'connected' })).status).toBe(200);
  c = await conversation(id);
  const agent = c.participants.find((p) => p.purpose === 'agent')!;
  const sent = await h.http
    .post(`/api/v2/conversations/messages/${id}/communications/${agent.messages![0]!.id}/messages`)
    .set(auth)
    .send({ textBody: 'Sorry! It ships today.' });
  expect(sent.status).toBe(200);
  expect(sent.body).toMatchObject({
    direction: 'outbound',
    status: 'sent',
    messengerType: 'open',
    fromAddress: OPEN,
    toAddress: 'cust-open-1',
    normalizedMessage: { type: 'Text', text: 'Sorry! It ships today.', direction: 'Outbound' },
    createdBy: { id: DEMO.agentId },
    conversationId: id,
  });
  c = await conversation(id);
  expect(messagesOf(c.participants.find((p) => p.purpose === 'agent')).map((m) => m.messageId)).toEqual([sent.body.id]);
  expect(messagesOf(c.participants.find((p) => p.purpose === 'customer'))).toHaveLength(2);

  const one = await h.http.get(`/api/v2/conversations/messages/${id}/messages/${sent.body.id}`).set(auth);
  expect(one.body).toEqual(sent.body);
  const bulk = await h.http.post(`/api/v2/conversations/messages/${id}/messages/bulk`).set(auth).send([second.body.id, 'unknown', first.body.id]);
  expect(bulk.body.entities.map((m: { id: string; direction: string; status: string }) => [m.id, m.direction, m.status])).toEqual([
    [second.body.id, 'inbound', 'received'],
    [first.body.id, 'inbound', 'received'],
  ]);

  // The customer's platform confirms delivery, then reading.
  for (const [status, expected] of [
    ['Delivered', 'delivery-success'],
    ['Read', 'read'],
  ]) {
    const receipt = await h.http
      .post(`/api/v2/conversations/messages/${OPEN}/inbound/open/receipt`)
      .set(auth)
      .send({ id: sent.body.id, channel: { to: { id: 'cust-open-1' }, time: '2026-01-01T09:01:00.000Z' }, status });
    expect([receipt.status, receipt.body.type, receipt.body.direction]).toEqual([200, 'Receipt', 'Outbound']);
    expect((await h.http.get(`/api/v2/conversations/messages/${id}/messages/${sent.body.id}`).set(auth)).body.status).toBe(expected);
  }
});

test('agentless: an SMS from the org number opens and ends a conversation carrying it; WhatsApp from its integration; journaled', async () => {
  const { h, auth, conversation } = await setup();
  const sms = await h.http
    .post('/api/v2/conversations/messages/agentless')
    .set(auth)
    .send({ fromAddress: SMS_NUMBER, toAddress: '+13175550199', toAddressMessengerType: 'sms', textBody: 'Your code is 1234' });
  expect(sms.status).toBe(200);
  expect(sms.body).toMatchObject({
    fromAddress: SMS_NUMBER,
    toAddress: '+13175550199',
    messengerType: 'sms',
    message: { direction: 'outbound', status: 'sent', messengerType: 'sms', normalizedMessage: { text: 'Your code is 1234' } },
  });
  const c = await conversation(sms.body.conversationId);
  expect(c.endTime).toBeDefined();
  expect(messagesOf(c.participants.find((p) => p.purpose === 'customer')).map((m) => m.messageId)).toEqual([sms.body.id]);
  const journal = await h.http.get('/__admin/requests').query({ path: '/api/v2/conversations/messages/agentless' });
  expect(journal.body.requests.map((e: { status: number; responseBody: { id: string } }) => [e.status, e.responseBody.id])).toEqual([[200, sms.body.id]]);

  const whatsapp = await h.http
    .post('/api/v2/conversations/messages/agentless')
    .set(auth)
    .send({ fromAddress: WHATSAPP, toAddress: '+13175550199', toAddressMessengerType: 'whatsapp', textBody: 'Your parcel is here' });
  expect([whatsapp.status, whatsapp.body.messengerType]).toEqual([200, 'whatsapp']);
});

test('agentless with useExistingActiveConversation goes on the live conversation with that customer', async () => {
  const { h, auth, inbound, conversation } = await setup();
  const live = (await inbound('Hi')).body.conversationId as string;
  const res = await h.http
    .post('/api/v2/conversations/messages/agentless')
    .set(auth)
    .send({ fromAddress: OPEN, toAddress: 'cust-open-1', toAddressMessengerType: 'open', textBody: 'We are on it', useExistingActiveConversation: true });
  expect([res.status, res.body.conversationId]).toEqual([200, live]);
  expect((await conversation(live)).endTime).toBeUndefined();
});

test('a customer message through the admin API, on any messenger; not on an ended or another media conversation', async () => {
  const { h, auth, conversation } = await setup();
  const placed = await h.http
    .post('/api/v2/conversations/messages')
    .set(auth)
    .send({ queueId: DEMO.queueId, toAddress: '+13175550123', toAddressMessengerType: 'sms' });
  const res = await h.http.post(`/__admin/conversations/${placed.body.id}/messages`).send({ text: 'STOP' });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ direction: 'inbound', status: 'received', messengerType: 'sms', fromAddress: '+13175550123', toAddress: SMS_NUMBER });
  expect(messagesOf((await conversation(placed.body.id)).participants.find((p) => p.purpose === 'customer'))).toHaveLength(1);
  expect((await h.http.post(`/__admin/conversations/${DEMO.voiceConnected}/messages`).send({ text: 'x' })).status).toBe(404);
  await h.http.patch(`/__admin/conversations/${placed.body.id}`).send({ state: 'disconnected' });
  const ended = await h.http.post(`/__admin/conversations/${placed.body.id}/messages`).send({ text: 'x' });
  expect([ended.status, ended.body.code]).toEqual([400, 'conversation.state.invalid']);
});

describe('refusals, each writing nothing', () => {
  async function refused(act: (s: Awaited<ReturnType<typeof setup>>, h: Harness) => Promise<{ status: number; body: { code?: string } }>) {
    const s = await setup();
    const before = s.h.store.all('conversations').length;
    const res = await act(s, s.h);
    return { res, added: s.h.store.all('conversations').length - before };
  }

  test.each<[string, (s: Awaited<ReturnType<typeof setup>>, h: Harness) => Promise<{ status: number; body: { code?: string } }>, number, string]>([
    [
      'an unknown integration',
      (s, h) =>
        h.http
          .post('/api/v2/conversations/messages/nope/inbound/open/message')
          .set(s.auth)
          .send({ channel: { from: { id: 'c', idType: 'Opaque' }, time: '2026-01-01T09:00:00Z' }, text: 'x' }),
      404,
      'not.found',
    ],
    [
      'an SMS integration taken as Open Messaging',
      (s, h) =>
        h.http
          .post('/api/v2/conversations/messages/f0000000-0000-4000-8000-000000000002/inbound/open/message')
          .set(s.auth)
          .send({ channel: { from: { id: 'c', idType: 'Opaque' }, time: '2026-01-01T09:00:00Z' }, text: 'x' }),
      404,
      'not.found',
    ],
    ['an inbound message without text', (s) => s.inbound(''), 400, 'bad.request'],
    [
      'an inbound message without a sender',
      (s, h) =>
        h.http
          .post(`/api/v2/conversations/messages/${OPEN}/inbound/open/message`)
          .set(s.auth)
          .send({ channel: { time: '2026-01-01T09:00:00Z' }, text: 'x' }),
      400,
      'bad.request',
    ],
    [
      'agentless from a number the org does not have',
      (s, h) =>
        h.http
          .post('/api/v2/conversations/messages/agentless')
          .set(s.auth)
          .send({ fromAddress: '+15550000000', toAddress: '+13175550199', toAddressMessengerType: 'sms', textBody: 'x' }),
      400,
      'invalid.value',
    ],
    [
      'agentless from the SMS number as WhatsApp',
      (s, h) =>
        h.http
          .post('/api/v2/conversations/messages/agentless')
          .set(s.auth)
          .send({ fromAddress: SMS_NUMBER, toAddress: '+13175550199', toAddressMessengerType: 'whatsapp', textBody: 'x' }),
      400,
      'invalid.value',
    ],
    [
      'agentless without text',
      (s, h) =>
        h.http
          .post('/api/v2/conversations/messages/agentless')
          .set(s.auth)
          .send({ fromAddress: SMS_NUMBER, toAddress: '+13175550199', toAddressMessengerType: 'sms' }),
      400,
      'bad.request',
    ],
    [
      'agentless on a messenger Genesys does not send agentless on',
      (s, h) =>
        h.http
          .post('/api/v2/conversations/messages/agentless')
          .set(s.auth)
          .send({ fromAddress: SMS_NUMBER, toAddress: '+1', toAddressMessengerType: 'facebook', textBody: 'x' }),
      400,
      'bad.request',
    ],
    [
      'a receipt for a message that is not there',
      (s, h) =>
        h.http
          .post(`/api/v2/conversations/messages/${OPEN}/inbound/open/receipt`)
          .set(s.auth)
          .send({ id: 'nope', channel: { to: { id: 'cust-open-1' }, time: '2026-01-01T09:00:00Z' }, status: 'Read' }),
      404,
      'not.found',
    ],
    ['a message read on a call', (s, h) => h.http.get(`/api/v2/conversations/messages/${DEMO.voiceConnected}/messages/x`).set(s.auth), 404, 'not.found'],
  ])('%s', async (_, act, status, code) => {
    const { res, added } = await refused(act);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(added).toBe(0);
  });

  test("sending on the customer's communication, or as an agent not connected", async () => {
    const { h, auth, inbound, conversation } = await setup();
    const id = (await inbound('Hi')).body.conversationId as string;
    const customer = (await conversation(id)).participants.find((p) => p.purpose === 'customer')!;
    const before = h.store.get('conversations', id);
    const send = (communicationId: string) =>
      h.http.post(`/api/v2/conversations/messages/${id}/communications/${communicationId}/messages`).set(auth).send({ textBody: 'x' });
    expect([(await send(customer.messages![0]!.id)).status, (await send(customer.messages![0]!.id)).body.code]).toEqual([400, 'invalid.value']);
    expect((await send('unknown')).status).toBe(404);
    await h.http.patch(`/__admin/conversations/${id}`).send({ state: 'alerting' });
    const alerting = (await conversation(id)).participants.find((p) => p.purpose === 'agent')!;
    const notConnected = await send(alerting.messages![0]!.id);
    expect([notConnected.status, notConnected.body.code]).toEqual([400, 'conversation.participant.state.invalid']);
    expect(h.store.get('conversations', id)!.events.filter((e) => e.type === 'message')).toHaveLength(
      before!.events.filter((e) => e.type === 'message').length,
    );
  });
});
