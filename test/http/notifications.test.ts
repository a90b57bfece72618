// The Notifications API over HTTP: channels, subscriptions, refusals and limits.
import { DEMO, harness, tokenFor, type Harness, bearerOf } from '../support/harness.js';

const QUEUE = 'b0000000-0000-4000-8000-000000000001';

async function withToken(h: Harness): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await h.token()}` };
}

describe('channels', () => {
  test('a channel has a ws:// connectUri on this server and expires 24 hours later on the virtual clock', async () => {
    const h = harness();
    const auth = await withToken(h);
    const res = await h.http.post('/api/v2/notifications/channels').set(auth).set('Host', '127.0.0.1:4321');
    expect(res.status).toBe(200);
    expect(res.body.id).toMatch(/^streaming-0-[0-9a-f]{32}$/);
    expect(res.body.connectUri).toBe(`ws://127.0.0.1:4321/channels/${res.body.id}`);
    expect(res.body.expires).toBe(new Date(h.clock.ms + 24 * 3600 * 1000).toISOString());
    expect((await h.http.head(`/api/v2/notifications/channels/${res.body.id}`).set(auth)).status).toBe(200);
    expect((await h.http.head('/api/v2/notifications/channels/streaming-0-nope').set(auth)).status).toBe(404);
    h.clock.advance(24 * 3600);
    expect((await h.http.head(`/api/v2/notifications/channels/${res.body.id}`).set(await withToken(h))).status).toBe(404);
  });

  test("the list holds the calling client's channels only", async () => {
    const h = harness();
    const mine = await withToken(h);
    const other = { Authorization: `Bearer ${await tokenFor(h.http, 'no-cobrowse-client', 'no-cobrowse-secret')}` };
    await h.http.post('/__admin/oauth/clients').send({ clientId: 'n2', clientSecret: 'n2', scopes: ['notifications'] });
    const second = { Authorization: `Bearer ${await tokenFor(h.http, 'n2', 'n2')}` };
    const a = (await h.http.post('/api/v2/notifications/channels').set(mine)).body;
    await h.http.post('/api/v2/notifications/channels').set(second);
    expect((await h.http.get('/api/v2/notifications/channels').set(mine)).body.entities.map((c: { id: string }) => c.id)).toEqual([a.id]);
    // without the notifications scope
    expect((await h.http.get('/api/v2/notifications/channels').set(other)).body.code).toBe('missing.any.scopes');
  });

  test('a 21st channel of a client replaces its least recently used one, as Genesys documents', async () => {
    const h = harness();
    const auth = await withToken(h);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await h.http.post('/api/v2/notifications/channels').set(auth)).body.id);
      h.clock.advance(1);
    }
    // the first is used again, so the second is now the least recently used
    await h.http.get(`/api/v2/notifications/channels/${ids[0]}/subscriptions`).set(auth);
    const newest = (await h.http.post('/api/v2/notifications/channels').set(auth)).body.id;
    const listed = (await h.http.get('/api/v2/notifications/channels').set(auth)).body.entities.map((c: { id: string }) => c.id);
    expect(listed).toHaveLength(20);
    expect(listed).toContain(ids[0]);
    expect(listed).toContain(newest);
    expect(listed).not.toContain(ids[1]);
  });
});

describe('subscriptions', () => {
  test('POST adds, PUT replaces, DELETE removes all, GET lists', async () => {
    const h = harness();
    const auth = await withToken(h);
    const channel = (await h.http.post('/api/v2/notifications/channels').set(auth)).body.id;
    const path = `/api/v2/notifications/channels/${channel}/subscriptions`;
    const user = `v2.users.${DEMO.agentId}.conversations`;
    const calls = `v2.users.${DEMO.agentId}.conversations.calls`;
    const queue = `v2.routing.queues.${QUEUE}.conversations`;
    expect(
      (
        await h.http
          .post(path)
          .set(auth)
          .send([{ id: user }])
      ).body,
    ).toEqual({ entities: [{ id: user, state: 'Permitted' }] });
    await h.http
      .post(path)
      .set(auth)
      .send([{ id: calls }, { id: user }]);
    expect((await h.http.get(path).set(auth)).body.entities.map((t: { id: string }) => t.id)).toEqual([user, calls]);
    await h.http
      .put(path)
      .set(auth)
      .send([{ id: queue }]);
    expect((await h.http.get(path).set(auth)).body.entities).toEqual([{ id: queue, state: 'Permitted' }]);
    expect((await h.http.delete(path).set(auth)).status).toBe(204);
    expect((await h.http.get(path).set(auth)).body).toEqual({ entities: [] });
  });

  test.each([
    ['an unknown topic', 'v2.users.me.geolocation', /is not a topic this server publishes/],
    ['a presence topic of no user', 'v2.users.me.presence', /no user me in your organization/],
    ['a malformed topic', 'not a topic', /is not a topic this server publishes/],
    ['an unknown media', `v2.users.${DEMO.agentId}.conversations.faxes`, /faxes is not a conversation media/],
    [
      'a user that does not exist',
      'v2.users.00000000-0000-4000-8000-000000000000.conversations',
      /no user 00000000-0000-4000-8000-000000000000 in your organization/,
    ],
    [
      'a detail event this server does not publish',
      'v2.detail.events.conversation.00000000-0000-4000-8000-000000000000.flow.start',
      /flow\.start is not a detail event this server publishes: use one of acd\.start, acd\.end, customer\.start, customer\.end, user\.start, user\.end, acw, outbound/,
    ],
    [
      'detail events of a conversation that does not exist',
      'v2.detail.events.conversation.00000000-0000-4000-8000-000000000000.acd.start',
      /no conversation 00000000-0000-4000-8000-000000000000 in your organization/,
    ],
    ['observations of a queue that does not exist', 'v2.analytics.queues.nope.observations', /no queue nope in your organization/],
  ])('%s is listed Rejected with its reason, and not followed', async (_label, topic, reason) => {
    const h = harness();
    const auth = await withToken(h);
    const channel = (await h.http.post('/api/v2/notifications/channels').set(auth)).body.id;
    const path = `/api/v2/notifications/channels/${channel}/subscriptions`;
    const good = `v2.users.${DEMO.agentId}.conversations`;
    const res = await h.http
      .post(path)
      .set(auth)
      .send([{ id: topic }, { id: good }]);
    expect(res.status).toBe(200);
    expect(res.body.entities).toEqual([
      { id: topic, state: 'Rejected', rejectionReason: expect.stringMatching(reason) },
      { id: good, state: 'Permitted' },
    ]);
    expect((await h.http.get(path).set(auth)).body.entities).toEqual([{ id: good, state: 'Permitted' }]);
  });

  test("another org's user, queue or conversation is refused as one that does not exist, and its channel is 404", async () => {
    const h = harness();
    const b = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, b);
    const channel = (await h.http.post('/api/v2/notifications/channels').set(authB)).body.id;
    const res = await h.http
      .put(`/api/v2/notifications/channels/${channel}/subscriptions`)
      .set(authB)
      .send([
        { id: `v2.users.${DEMO.agentId}.conversations` },
        { id: `v2.routing.queues.${QUEUE}.conversations.chats` },
        { id: `v2.users.${b.userId}.conversations` },
      ]);
    expect(res.body.entities.map((t: { state: string }) => t.state)).toEqual(['Rejected', 'Rejected', 'Permitted']);
    expect(res.body.entities[0].rejectionReason).toBe(`no user ${DEMO.agentId} in your organization`);
    expect(res.body.entities[1].rejectionReason).toBe(`no queue ${QUEUE} in your organization`);
    // The same of a conversation's detail events and a queue's observations.
    const call = (await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'queued' })).body.id;
    const more = await h.http
      .post(`/api/v2/notifications/channels/${channel}/subscriptions`)
      .set(authB)
      .send([{ id: `v2.detail.events.conversation.${call}.acd.end` }, { id: `v2.analytics.queues.${QUEUE}.observations` }]);
    expect(more.body.entities.map((t: { rejectionReason?: string }) => t.rejectionReason)).toEqual([
      `no conversation ${call} in your organization`,
      `no queue ${QUEUE} in your organization`,
    ]);
    const authA = await withToken(h);
    expect((await h.http.get(`/api/v2/notifications/channels/${channel}/subscriptions`).set(authA)).body.code).toBe('not.found');
  });

  test('more than 1,000 topics on a channel is 400 notification.subscription.too.many.subscriptions', async () => {
    const h = harness();
    const auth = await withToken(h);
    const channel = (await h.http.post('/api/v2/notifications/channels').set(auth)).body.id;
    const path = `/api/v2/notifications/channels/${channel}/subscriptions`;
    const topics: { id: string }[] = [];
    for (let i = 0; topics.length < 1001; i++) {
      const user = (await h.http.post('/__admin/users').send({ name: `User ${i}` })).body.id;
      for (const suffix of ['', '.calls', '.chats', '.emails', '.messages', '.callbacks', '.cobrowsesessions', '.cobrowseSessions'])
        topics.push({ id: `v2.users.${user}.conversations${suffix}` });
    }
    expect((await h.http.put(path).set(auth).send(topics.slice(0, 1000))).status).toBe(200);
    const res = await h.http.post(path).set(auth).send(topics.slice(1000, 1001));
    expect([res.status, res.body.code, res.body.message]).toEqual([400, 'notification.subscription.too.many.subscriptions', 'Too many subscriptions']);
    expect((await h.http.get(path).set(auth)).body.entities).toHaveLength(1000);
  });

  test('the available topics are listed with their schemas', async () => {
    const h = harness();
    const res = await h.http.get('/api/v2/notifications/availabletopics').set(await withToken(h));
    const ids = res.body.entities.map((t: { id: string }) => t.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'v2.users.{id}.conversations',
        'v2.users.{id}.conversations.calls',
        'v2.users.{id}.conversations.cobrowseSessions',
        'v2.routing.queues.{id}.conversations.chats',
      ]),
    );
    expect(ids).not.toContain('v2.users.{id}.conversations.cobrowsesessions');
    const schemaOf = (id: string) => res.body.entities.find((t: { id: string }) => t.id === id).schema.id;
    expect(schemaOf('v2.users.{id}.conversations')).toBe('ConversationEventTopicConversation');
    // A queue's topics name Genesys' QueueConversation… event models.
    expect(schemaOf('v2.routing.queues.{id}.conversations')).toBe('QueueConversationEventTopicConversation');
    expect(schemaOf('v2.routing.queues.{id}.conversations.calls')).toBe('QueueConversationCallEventTopicCallConversation');
    expect(schemaOf('v2.users.{id}.conversations.calls')).toBe('ConversationCallEventTopicCallConversation');
    // Analytics: a queue's observations and a conversation's detail events, each kind its own topic.
    expect(schemaOf('v2.analytics.queues.{id}.observations')).toBe('StatsNotificationNotification');
    expect(
      ids.filter((id: string) => id.startsWith('v2.detail.events.')).map((id: string) => [id.replace('v2.detail.events.conversation.{id}.', ''), schemaOf(id)]),
    ).toEqual([
      ['acd.start', 'AcdStartDetailEventTopicAcdStartEvent'],
      ['acd.end', 'AcdEndDetailEventTopicAcdEndEvent'],
      ['customer.start', 'CustomerStartDetailEventTopicCustomerStartEvent'],
      ['customer.end', 'CustomerEndDetailEventTopicCustomerEndEvent'],
      ['user.start', 'UserStartDetailEventTopicUserStartEvent'],
      ['user.end', 'UserEndDetailEventTopicUserEndEvent'],
      ['acw', 'AcwDetailEventTopicAfterCallWorkEvent'],
      ['outbound', 'OutboundDetailEventTopicOutboundInitEvent'],
    ]);
  });
});
