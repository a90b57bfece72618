// Emails of email conversations over HTTP: the connected agent sends one, they are listed and read
// back; agentless emails go out on a new conversation that ends once sent, or on the live one
// named; Open Messaging typing and events. Every refusal writes nothing.
import { DEMO, harness, type Harness, bearerOf } from '../support/harness.js';

const EMAIL: string = DEMO.emailConnected;
let h: Harness;
let auth: { Authorization: string };
beforeEach(async () => {
  h = harness();
  auth = { Authorization: `Bearer ${await h.token()}` };
});

const REPLY = {
  to: [{ email: 'customer@example.com', name: 'Casey' }],
  from: { email: 'support@example.com', name: 'Support' },
  subject: 'Re: my order',
  textBody: 'Your order ships today.',
};
const send = (body: object, id = EMAIL, headers = auth) => h.http.post(`/api/v2/conversations/emails/${id}/messages`).set(headers).send(body);
const agentless = (body: object) => h.http.post('/api/v2/conversations/emails/agentless').set(auth).send(body);
const AGENTLESS = {
  senderType: 'Outbound',
  fromAddress: { email: 'notifications@example.com' },
  toAddresses: [{ email: 'erin@example.com', name: 'Erin' }],
  subject: 'Your appointment',
  textBody: 'See you tomorrow at 10.',
};

describe('agent emails', () => {
  test('the connected agent sends; the email is listed as a preview and read back whole', async () => {
    h.clock.advance(30);
    const sent = await send(REPLY);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ ...REPLY, time: '2026-01-01T09:00:30.000Z', historyIncluded: false });
    const listed = await h.http.get(`/api/v2/conversations/emails/${EMAIL}/messages`).set(auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, pageNumber: 1 });
    const [preview] = listed.body.entities;
    expect(preview).toEqual({
      id: expect.any(String),
      ...REPLY,
      textBody: undefined,
      textBodyPreview: 'Your order ships today.',
      time: '2026-01-01T09:00:30.000Z',
      selfUri: `/api/v2/conversations/emails/${EMAIL}/messages/${preview.id}`,
    });
    const one = await h.http.get(preview.selfUri).set(auth);
    expect(one.body).toEqual({ id: preview.id, ...REPLY, time: '2026-01-01T09:00:30.000Z', selfUri: preview.selfUri });
    expect((await h.http.get(`/api/v2/conversations/emails/${EMAIL}/messages/unknown`).set(auth)).status).toBe(404);
  });

  test('a user who is not a connected agent of it is refused, 400; another org gets 404; a call is not an email', async () => {
    const other = (await h.http.post('/__admin/users').send({ name: 'Olive Other' })).body;
    const client = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['conversations'], userId: other.id })).body;
    const otherAuth = await bearerOf(h.http, client);
    const orgB = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, orgB);
    const before = h.store.snapshot();
    const refused = await send(REPLY, EMAIL, otherAuth);
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([400, 'bad.request', 'You are not a connected participant on the conversation']);
    expect((await send(REPLY, EMAIL, authB)).status).toBe(404);
    expect((await h.http.get(`/api/v2/conversations/emails/${EMAIL}/messages`).set(authB)).status).toBe(404);
    expect((await send(REPLY, DEMO.voiceConnected)).status).toBe(404);
    expect(h.store.snapshot()).toEqual(before);
  });

  test.each([
    ['no recipient', { ...REPLY, to: [] }],
    ['no sender', { to: REPLY.to, textBody: 'x' }],
    ['an address without its email', { ...REPLY, to: [{ name: 'Casey' }] }],
    ['no text body', { to: REPLY.to, from: REPLY.from }],
  ])('%s is 400', async (_, body) => {
    const res = await send(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });
});

describe('agentless emails', () => {
  test('a new conversation with only the customer, ended once sent, listing the email', async () => {
    const res = await agentless(AGENTLESS);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      conversationId: expect.any(String),
      senderType: 'Outbound',
      fromAddress: AGENTLESS.fromAddress,
      toAddresses: AGENTLESS.toAddresses,
      subject: 'Your appointment',
      dateCreated: '2026-01-01T09:00:00.000Z',
    });
    const conversation = (await h.http.get(`/api/v2/conversations/${res.body.conversationId}`).set(auth)).body;
    expect(conversation.endTime).toBe('2026-01-01T09:00:00.000Z');
    expect(conversation.participants.map((p: { purpose: string; name: string; address: string }) => [p.purpose, p.name, p.address])).toEqual([
      ['customer', 'Erin', 'erin@example.com'],
    ]);
    const listed = (await h.http.get(`/api/v2/conversations/emails/${res.body.conversationId}/messages`).set(auth)).body;
    expect(listed.entities.map((e: { id: string; textBodyPreview: string }) => [e.id, e.textBodyPreview])).toEqual([[res.body.id, 'See you tomorrow at 10.']]);
  });

  test('on the live email conversation conversationId names', async () => {
    const res = await agentless({ ...AGENTLESS, conversationId: EMAIL });
    expect([res.status, res.body.conversationId]).toEqual([200, EMAIL]);
    const listed = (await h.http.get(`/api/v2/conversations/emails/${EMAIL}/messages`).set(auth)).body;
    expect(listed.entities.map((e: { id: string }) => e.id)).toEqual([res.body.id]);
    expect((await h.http.get(`/api/v2/conversations/${EMAIL}`).set(auth)).body.endTime).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, number]>([
    ['two recipients', { ...AGENTLESS, toAddresses: [{ email: 'a@example.com' }, { email: 'b@example.com' }] }, 400],
    ['no body at all', { ...AGENTLESS, textBody: undefined }, 400],
    ['a senderType Genesys has not', { ...AGENTLESS, senderType: 'Inbound' }, 400],
    ['a conversation that is no email', { ...AGENTLESS, conversationId: DEMO.voiceConnected }, 404],
    ['an ended conversation', { ...AGENTLESS, conversationId: 'ended' }, 400],
  ])('%s is refused, and nothing is written', async (_, body, status) => {
    if (body.conversationId === 'ended') {
      body.conversationId = (await agentless(AGENTLESS)).body.conversationId;
    }
    const before = h.store.snapshot();
    const res = await agentless(body);
    expect(res.status).toBe(status);
    expect(h.store.snapshot()).toEqual(before);
  });
});

describe('Open Messaging typing and events', () => {
  const OPEN = DEMO.openMessagingIntegrationId;

  test("typing on the connected agent's communication is 202; on the customer's it is 400", async () => {
    const inbound = await h.http
      .post(`/api/v2/conversations/messages/${OPEN}/inbound/open/message`)
      .set(auth)
      .send({ channel: { from: { id: 'cust-typing', idType: 'Opaque' }, time: '2026-01-01T09:00:00.000Z' }, text: 'Hi' });
    const id = inbound.body.conversationId as string;
    await h.http.patch(`/__admin/conversations/${id}`).send({ state: 'connected' });
    const conversation = (await h.http.get(`/api/v2/conversations/${id}`).set(auth)).body;
    const comm = (purpose: string) => conversation.participants.find((p: { purpose: string }) => p.purpose === purpose).messages[0].id as string;
    const typing = (communicationId: string) =>
      h.http
        .post(`/api/v2/conversations/messages/${id}/communications/${communicationId}/typing`)
        .set(auth)
        .send({ typing: { type: 'On' } });
    expect((await typing(comm('agent'))).status).toBe(202);
    const refused = await typing(comm('customer'));
    expect([refused.status, refused.body.code]).toEqual([400, 'invalid.value']);
    expect((await typing('unknown')).status).toBe(404);
  });

  test('inbound/open/event answers the events as taken; an unknown integration is 404', async () => {
    const body = {
      channel: { from: { id: 'cust-typing', idType: 'Opaque' }, time: '2026-01-01T09:00:00.000Z' },
      events: [{ eventType: 'Typing', typing: { type: 'On' } }],
    };
    const res = await h.http.post(`/api/v2/conversations/messages/${OPEN}/inbound/open/event`).set(auth).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      channel: { id: OPEN, platform: 'Open', type: 'Private', to: { id: OPEN }, from: body.channel.from, time: body.channel.time },
      type: 'Event',
      events: [{ eventType: 'Typing', typing: { type: 'On' } }],
    });
    expect((await h.http.post('/api/v2/conversations/messages/unknown/inbound/open/event').set(auth).send(body)).status).toBe(404);
  });
});
