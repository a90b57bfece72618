// Notifications end to end: a channel made and subscribed through the official SDK, a WebSocket
// with `ws`, and a call driven through the API; heartbeat, ping, expiry, a second socket, a fault.
import platformClient from 'purecloud-platform-client-v2';
import WebSocket from 'ws';
import { startMockServer, type MockServer } from '../../src/index.js';
import { DEMO } from '../support/harness.js';
import { bearerAt, sdkLogin } from '../support/servers.js';
import { eventProblems } from '../support/sdk-models.js';

/** How the events received differ from the SDK's models of their topics; checked after each test. */
const problems: string[] = [];
afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

interface Message {
  topicName: string;
  version?: string;
  eventBody: Record<string, unknown> & { participants?: Record<string, unknown>[]; message?: string };
  metadata?: { CorrelationId: string };
}

/** A socket whose messages are read in order, waiting for each as needed. */
class Listener {
  readonly messages: Message[] = [];
  private waiting: (() => void)[] = [];
  readonly closed: Promise<number>;
  readonly ws: WebSocket;

  constructor(uri: string) {
    this.ws = new WebSocket(uri);
    this.ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as Message;
      problems.push(...eventProblems(message.topicName, message.eventBody));
      this.messages.push(message);
      for (const wake of this.waiting.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code: number) => resolve(code)));
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** The first message from `from` on that `matches`; its index. */
  async next(matches: (m: Message) => boolean, from = 0): Promise<number> {
    for (;;) {
      const i = this.messages.findIndex((m, j) => j >= from && matches(m));
      if (i >= 0) return i;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}

const token = (server: MockServer, id?: string, secret?: string) => bearerAt(server.url, id, secret);

/** An API call; its status, body and correlation id. */
async function call(server: MockServer, bearer: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { id: string },
    correlationId: res.headers.get('inin-correlation-id')!,
  };
}

async function channelThroughSdk(server: MockServer, topics: string[]): Promise<{ id: string; connectUri: string }> {
  await sdkLogin(platformClient, server.port);
  const api = new platformClient.NotificationsApi();
  const channel = await api.postNotificationsChannels();
  const subscribed = await api.putNotificationsChannelSubscriptions(
    channel.id!,
    topics.map((id) => ({ id })),
  );
  expect(subscribed.entities!.map((t) => t.state)).toEqual(topics.map(() => 'Permitted'));
  return { id: channel.id!, connectUri: channel.connectUri! };
}

const isEvent = (m: Message) => m.topicName !== 'channel.metadata';

/** A new channel of the caller's following these topics (each Permitted), and its socket, open. */
async function subscribedSocket(server: MockServer, bearer: string, topics: string[]): Promise<Listener> {
  const channel = await call(server, bearer, 'POST', '/api/v2/notifications/channels');
  const subscribed = await call(
    server,
    bearer,
    'PUT',
    `/api/v2/notifications/channels/${channel.body.id}/subscriptions`,
    topics.map((id) => ({ id })),
  );
  expect(subscribed.body.entities).toEqual(topics.map((id) => ({ id, state: 'Permitted' })));
  const socket = new Listener(channel.body.connectUri as string);
  await socket.opened();
  return socket;
}

test('a call answered, cobrowsed and hung up: exactly the expected events, in order, with their correlation ids', async () => {
  const server = await startMockServer();
  const listener = { current: undefined as Listener | undefined };
  try {
    const user = `v2.users.${DEMO.agentId}.conversations`;
    const topics = [user, `${user}.calls`, `${user}.cobrowsesessions`];
    const channel = await channelThroughSdk(server, topics);
    expect(channel.connectUri).toBe(`ws://127.0.0.1:${server.port}/channels/${channel.id}`);
    const socket = (listener.current = new Listener(channel.connectUri));
    await socket.opened();
    const bearer = await token(server);

    const placed = await call(server, bearer, 'POST', '/api/v2/conversations/calls', { phoneNumber: '+13175550142' });
    expect(placed.status).toBe(200);
    const view = await call(server, bearer, 'GET', `/api/v2/conversations/calls/${placed.body.id}`);
    const agent = (view.body.participants as { id: string; purpose: string }[]).find((p) => p.purpose === 'agent')!;
    const answered = await call(server, bearer, 'PATCH', `/api/v2/conversations/calls/${placed.body.id}/participants/${agent.id}`, { state: 'connected' });
    expect(answered.status).toBe(202);
    const cobrowse = await call(server, bearer, 'POST', `/api/v2/conversations/${placed.body.id}/cobrowse`, {
      initiator: { id: DEMO.agentId, type: 'agent' },
      participants: [{ id: '+13175550142', type: 'external' }],
    });
    expect(cobrowse.status).toBe(200);
    // refused by the API: no event
    const refused = await call(server, bearer, 'POST', `/api/v2/conversations/${placed.body.id}/cobrowse`, {
      initiator: { id: DEMO.agentId, type: 'agent' },
      participants: [{ id: '+13175550142', type: 'external' }],
    });
    expect(refused.status).toBe(409);
    const hungUp = await call(server, bearer, 'PATCH', `/api/v2/conversations/calls/${placed.body.id}`, { state: 'disconnected' });
    expect(hungUp.status).toBe(200);

    const expected: [string, string][] = [
      ...[user, `${user}.calls`].map((t): [string, string] => [t, placed.correlationId]),
      ...[user, `${user}.calls`].map((t): [string, string] => [t, answered.correlationId]),
      ...topics.map((t): [string, string] => [t, cobrowse.correlationId]),
      ...topics.map((t): [string, string] => [t, hungUp.correlationId]),
    ];
    // Wait for the last expected event, then look at everything that came.
    await socket.next((m) => m.metadata?.CorrelationId === hungUp.correlationId && m.topicName === `${user}.cobrowsesessions`);
    const events = socket.messages.filter(isEvent);
    expect(events.map((m) => [m.topicName, m.metadata?.CorrelationId])).toEqual(expected);
    expect(events.every((m) => m.version === '2')).toBe(true);
    expect(events.some((m) => m.metadata?.CorrelationId === refused.correlationId)).toBe(false);

    // The bodies: the conversation as ConversationEventTopicConversation, per media, and cobrowse.
    const [created, , answeredEvent] = events;
    expect(created!.eventBody.id).toBe(placed.body.id);
    const agentOf = (m: Message) => m.eventBody.participants!.find((p) => p.purpose === 'agent')!;
    expect(agentOf(created!)).toMatchObject({ userId: DEMO.agentId, calls: [expect.objectContaining({ state: 'contacting' })] });
    expect(agentOf(answeredEvent!)).toMatchObject({ calls: [expect.objectContaining({ state: 'connected' })] });
    const cobrowseEvent = events.find((m) => m.topicName === `${user}.cobrowsesessions`)!;
    expect(cobrowseEvent.eventBody.id).toBe(cobrowse.body.id);
    expect(cobrowseEvent.eventBody.participants!.map((p) => p.cobrowseRole)).toEqual(['viewer', 'sharer']);
    const last = events.at(-3)!;
    expect(last.eventBody.participants!.every((p) => typeof p.endTime === 'string')).toBe(true);

    const admin = (await (await fetch(`${server.url}/__admin/notifications`)).json()) as {
      channels: { id: string; connected: boolean; eventsSent: number; topics: string[] }[];
    };
    expect(admin.channels).toEqual([expect.objectContaining({ id: channel.id, connected: true, eventsSent: expected.length, topics })]);
  } finally {
    listener.current?.ws.close();
    await server.close();
  }
});

test('heartbeats on the real timer, and ping answered with pong', async () => {
  const server = await startMockServer({ heartbeatSeconds: 0.05 });
  try {
    const channel = await channelThroughSdk(server, []);
    const socket = new Listener(channel.connectUri);
    await socket.opened();
    const beat = await socket.next((m) => m.topicName === 'channel.metadata' && m.eventBody.message === 'WebSocket Heartbeat');
    expect(socket.messages[beat]).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
    socket.ws.send(JSON.stringify({ message: 'ping' }));
    const pong = await socket.next((m) => m.eventBody.message === 'pong');
    expect(socket.messages[pong]).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'pong' } });
    socket.ws.close();
  } finally {
    await server.close();
  }
});

test('a channel expires 24 hours later on the virtual clock: socket_closing, then the socket closes', async () => {
  const server = await startMockServer();
  try {
    const channel = await channelThroughSdk(server, []);
    const socket = new Listener(channel.connectUri);
    await socket.opened();
    await server.admin.advanceClock(24 * 3600 - 1);
    expect((await fetch(`${server.url}/__admin/notifications`).then((r) => r.json())) as unknown).toEqual({
      channels: [expect.objectContaining({ connected: true })],
    });
    await server.admin.advanceClock(1);
    expect(await socket.closed).toBe(1000);
    expect(socket.messages.map((m) => m.topicName)).toEqual(['v2.system.socket_closing']);
    // and the channel is gone
    const gone = new Listener(channel.connectUri);
    await expect(gone.opened()).rejects.toThrow(/404/);
  } finally {
    await server.close();
  }
});

test('a second socket on the channel closes the first, as Genesys does', async () => {
  const server = await startMockServer();
  try {
    const channel = await channelThroughSdk(server, [`v2.users.${DEMO.agentId}.conversations`]);
    const first = new Listener(channel.connectUri);
    await first.opened();
    const second = new Listener(channel.connectUri);
    await second.opened();
    expect(await first.closed).toBe(1000);
    const bearer = await token(server);
    const placed = await call(server, bearer, 'POST', '/api/v2/conversations/calls', { phoneNumber: '+13175550100' });
    await second.next((m) => m.metadata?.CorrelationId === placed.correlationId);
    expect(first.messages.filter(isEvent)).toEqual([]);
    second.ws.close();
  } finally {
    await server.close();
  }
});

test("events of another org's conversations never reach a channel", async () => {
  const server = await startMockServer();
  try {
    const org = await server.admin.createOrg('B');
    const channelB = await (async () => {
      const bearer = await token(server, org.clientId, org.clientSecret);
      const channel = await call(server, bearer, 'POST', '/api/v2/notifications/channels');
      await call(server, bearer, 'PUT', `/api/v2/notifications/channels/${channel.body.id}/subscriptions`, [{ id: `v2.users.${org.userId}.conversations` }]);
      return channel.body as unknown as { connectUri: string };
    })();
    const socketB = new Listener(channelB.connectUri);
    await socketB.opened();
    const channelA = await channelThroughSdk(server, [`v2.users.${DEMO.agentId}.conversations`]);
    const socketA = new Listener(channelA.connectUri);
    await socketA.opened();
    const placed = await call(server, await token(server), 'POST', '/api/v2/conversations/calls', { phoneNumber: '+13175550100' });
    await socketA.next((m) => m.metadata?.CorrelationId === placed.correlationId);
    // B's own conversation change comes after A's: B heard nothing of A's
    const own = await server.admin.createConversation({ mediaType: 'chat', state: 'connected', orgId: org.id, agentUserId: org.userId });
    const i = await socketB.next((m) => m.eventBody.id === own.id);
    expect(
      socketB.messages
        .slice(0, i + 1)
        .filter(isEvent)
        .map((m) => m.eventBody.id),
    ).toEqual([own.id]);
    socketA.ws.close();
    socketB.ws.close();
  } finally {
    await server.close();
  }
});

test('a drop fault on /channels/* cuts the socket at once; the client can reconnect', async () => {
  const server = await startMockServer();
  try {
    const channel = await channelThroughSdk(server, [`v2.users.${DEMO.agentId}.conversations`]);
    const socket = new Listener(channel.connectUri);
    await socket.opened();
    await server.admin.addFault({ path: '/channels/*', drop: true, times: 1 });
    expect(await socket.closed).toBe(1006); // no closing handshake: the connection was cut
    expect(await fetch(`${server.url}/__admin/faults`).then((r) => r.json())).toEqual({ faults: [] }); // used up
    const state = (await fetch(`${server.url}/__admin/notifications`).then((r) => r.json())) as { channels: { connected: boolean }[] };
    expect(state.channels[0]!.connected).toBe(false);
    // the fault was used up: reconnecting works, and events flow again
    const again = new Listener(channel.connectUri);
    await again.opened();
    const placed = await call(server, await token(server), 'POST', '/api/v2/conversations/calls', { phoneNumber: '+13175550100' });
    await again.next((m) => m.metadata?.CorrelationId === placed.correlationId);
    again.ws.close();
  } finally {
    await server.close();
  }
});

test("a user going On Queue and back: its presence and routing status events, in order, with the request's correlation id", async () => {
  const server = await startMockServer();
  try {
    const org = await server.admin.createOrg();
    const bearer = await token(server, org.clientId, org.clientSecret);
    const topics = [`v2.users.${org.userId}.presence`, `v2.users.${org.userId}.routingStatus`];
    const socket = await subscribedSocket(server, bearer, topics);
    const presences = (await call(server, bearer, 'GET', '/api/v2/presencedefinitions')).body.entities as { id: string; systemPresence: string }[];
    const idOf = (name: string) => presences.find((p) => p.systemPresence === name)!.id;

    const onQueue = await call(server, bearer, 'PATCH', `/api/v2/users/${org.userId}/presences/purecloud`, { presenceDefinition: { id: idOf('On Queue') } });
    const offQueue = await call(server, bearer, 'PUT', `/api/v2/users/${org.userId}/routingstatus`, { status: 'OFF_QUEUE' });
    // A change of the user that is neither presence nor routing status sends nothing.
    await call(server, bearer, 'PATCH', `/api/v2/users/${org.userId}`, { version: 1, title: 'Agent' });
    await socket.next((m) => isEvent(m) && m.metadata?.CorrelationId === offQueue.correlationId && m.topicName.endsWith('.routingStatus'));

    const events = socket.messages.filter(isEvent).map((m) => [m.topicName, m.metadata?.CorrelationId, m.eventBody]);
    expect(events).toEqual([
      [
        topics[0],
        onQueue.correlationId,
        { source: 'PURECLOUD', presenceDefinition: { id: idOf('On Queue'), systemPresence: 'On Queue' }, modifiedDate: expect.any(String) },
      ],
      [topics[1], onQueue.correlationId, { routingStatus: { status: 'IDLE', startTime: expect.any(String) } }],
      [
        topics[0],
        offQueue.correlationId,
        { source: 'PURECLOUD', presenceDefinition: { id: idOf('Available'), systemPresence: 'Available' }, modifiedDate: expect.any(String) },
      ],
      [topics[1], offQueue.correlationId, { routingStatus: { status: 'OFF_QUEUE', startTime: expect.any(String) } }],
    ]);
    socket.ws.close();
    await socket.closed;
  } finally {
    await server.close();
  }
});

test("a queue's members: added, leaving the queue and going On Queue, each an event on v2.routing.queues.{id}.users with its request's correlation id", async () => {
  const server = await startMockServer();
  try {
    const org = await server.admin.createOrg();
    const bearer = await token(server, org.clientId, org.clientSecret);
    const queue = (await call(server, bearer, 'POST', '/api/v2/routing/queues', { name: 'Support' })).body as { id: string };
    const other = (await call(server, bearer, 'POST', '/api/v2/routing/queues', { name: 'Sales' })).body as { id: string };
    const topic = `v2.routing.queues.${queue.id}.users`;
    const socket = await subscribedSocket(server, bearer, [topic]);
    const presences = (await call(server, bearer, 'GET', '/api/v2/presencedefinitions')).body.entities as { id: string; systemPresence: string }[];
    const idOf = (name: string) => presences.find((p) => p.systemPresence === name)!.id;

    const added = await call(server, bearer, 'POST', `/api/v2/routing/queues/${queue.id}/members`, [{ id: org.userId }]);
    // Another queue's members are not this topic's.
    await call(server, bearer, 'POST', `/api/v2/routing/queues/${other.id}/members`, [{ id: org.userId }]);
    const left = await call(server, bearer, 'PATCH', `/api/v2/routing/queues/${queue.id}/members/${org.userId}`, { joined: false });
    const onQueue = await call(server, bearer, 'PATCH', `/api/v2/users/${org.userId}/presences/purecloud`, { presenceDefinition: { id: idOf('On Queue') } });
    await socket.next((m) => isEvent(m) && m.metadata?.CorrelationId === onQueue.correlationId);

    // Genesys' QueueUserEventTopicQueueMember: the member, its queue, joined or not.
    const member = (joined: boolean) => ({ id: org.userId, user: { id: org.userId }, queueId: queue.id, joined });
    const events = socket.messages.filter(isEvent).map((m) => [m.topicName, m.metadata?.CorrelationId, m.eventBody]);
    expect(events).toEqual([
      [topic, added.correlationId, member(true)],
      [topic, left.correlationId, member(false)],
      [topic, onQueue.correlationId, member(false)],
    ]);
    socket.ws.close();
    await socket.closed;
  } finally {
    await server.close();
  }
});

test("a cobrowse session's websocketUrl: a socket of this server, open while the session lives, closed (1000) when it ends; refused for a session not live", async () => {
  const server = await startMockServer();
  try {
    const bearer = await token(server);
    const created = await call(server, bearer, 'POST', `/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`, {
      initiator: { id: DEMO.agentId, type: 'agent' },
      participants: [{ id: DEMO.customers.voiceConnected, type: 'external' }],
    });
    expect(created.status).toBe(200);
    const session = created.body as unknown as { id: string; websocketUrl: string; dateCreated: string; dateOfferEnds: string; communicationType: string };
    expect(session.websocketUrl).toBe(`ws://127.0.0.1:${server.port}/cobrowse/sessions/${session.id}`);
    expect(Date.parse(session.dateOfferEnds) - Date.parse(session.dateCreated)).toBe(10 * 60_000);
    expect(session.communicationType).toBe('Cobrowse');

    const socket = new Listener(session.websocketUrl);
    await socket.opened();
    expect((await call(server, bearer, 'PATCH', `/api/v2/conversations/cobrowsesessions/${session.id}`, { state: 'disconnected' })).status).toBe(200);
    expect(await socket.closed).toBe(1000);

    for (const url of [session.websocketUrl, `ws://127.0.0.1:${server.port}/cobrowse/sessions/unknown`]) {
      const refused = new WebSocket(url);
      refused.on('error', () => undefined);
      const status = await new Promise<number>((resolve) =>
        refused.once('unexpected-response', (req, res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        }),
      );
      expect(status).toBe(404);
    }
  } finally {
    await server.close();
  }
});

test('a message conversation carrying messages and a consult on a call: their events, each in the shape of its topic in the SDK', async () => {
  const server = await startMockServer();
  try {
    const user = `v2.users.${DEMO.agentId}.conversations`;
    const channel = await channelThroughSdk(server, [user, `${user}.messages`, `${user}.calls`]);
    const socket = new Listener(channel.connectUri);
    await socket.opened();
    const bearer = await token(server);

    const created = await call(server, bearer, 'POST', '/api/v2/conversations/messages', {
      queueId: DEMO.queueId,
      toAddress: '+13175550123',
      toAddressMessengerType: 'sms',
    });
    const conversation = await call(server, bearer, 'GET', `/api/v2/conversations/${created.body.id}`);
    const agent = (conversation.body.participants as { purpose: string; messages: { id: string }[] }[]).find((p) => p.purpose === 'agent')!;
    const sent = await call(server, bearer, 'POST', `/api/v2/conversations/messages/${created.body.id}/communications/${agent.messages[0]!.id}/messages`, {
      textBody: 'Your parcel is on its way',
    });
    expect(sent.status).toBe(200);
    await socket.next((m) => m.topicName === `${user}.messages` && m.metadata?.CorrelationId === sent.correlationId);
    const withMessage = socket.messages.find((m) => m.topicName === `${user}.messages` && m.metadata?.CorrelationId === sent.correlationId)!;
    const agentEvent = (withMessage.eventBody.participants as { purpose: string; messages?: { message: { id: string } }[] }[]).find(
      (p) => p.purpose === 'agent',
    )!;
    expect(agentEvent.messages!.map((m) => m.message.id)).toEqual([sent.body.id]);

    const call_ = await call(server, bearer, 'GET', `/api/v2/conversations/calls/${DEMO.voiceConnected}`);
    const customer = (call_.body.participants as { purpose: string; id: string }[]).find((p) => p.purpose === 'customer')!;
    const consult = await call(server, bearer, 'POST', `/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/${customer.id}/consult/external`, {
      speakTo: 'DESTINATION',
      address: '+13175550124',
    });
    expect(consult.status).toBe(200);
    await socket.next((m) => m.topicName === `${user}.calls` && m.metadata?.CorrelationId === consult.correlationId);
    const held = socket.messages.find((m) => m.topicName === `${user}.calls` && m.metadata?.CorrelationId === consult.correlationId)!;
    expect((held.eventBody.participants as { id: string; held: boolean }[]).find((p) => p.id === customer.id)!.held).toBe(true);
    socket.ws.close();
    await socket.closed;
  } finally {
    await server.close();
  }
});

test("a queued call answered, held, hung up and wrapped up: its detail events and the queue's observations, each once, in order, in the SDK's shapes", async () => {
  const server = await startMockServer();
  try {
    const org = await server.admin.createOrg();
    const bearer = await token(server, org.clientId, org.clientSecret);
    const admin = (path: string, body: unknown, method = 'POST') =>
      fetch(`${server.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const queue = (await call(server, bearer, 'POST', '/api/v2/routing/queues', { name: 'Support' })).body as { id: string };
    await call(server, bearer, 'POST', `/api/v2/routing/queues/${queue.id}/members`, [{ id: org.userId }]);
    const resolved = (await call(server, bearer, 'POST', '/api/v2/routing/wrapupcodes', { name: 'Resolved' })).body as { id: string };
    const conversation = (await admin('/__admin/conversations', { orgId: org.id, queueId: queue.id, mediaType: 'voice', state: 'queued' })) as { id: string };
    const detail = (kind: string) => `v2.detail.events.conversation.${conversation.id}.${kind}`;
    const observations = `v2.analytics.queues.${queue.id}.observations`;
    const topics = [...['acd.start', 'acd.end', 'customer.end', 'user.start', 'user.end', 'acw'].map(detail), observations];
    const socket = await subscribedSocket(server, bearer, topics);

    await admin(`/__admin/conversations/${conversation.id}`, { state: 'alerting' }, 'PATCH');
    await admin('/__admin/clock', { advanceSeconds: 5 });
    await admin(`/__admin/conversations/${conversation.id}`, { state: 'connected' }, 'PATCH');
    const view = (await call(server, bearer, 'GET', `/api/v2/conversations/calls/${conversation.id}`)).body.participants as { id: string; purpose: string }[];
    const agent = view.find((p) => p.purpose === 'agent')!.id;
    const participant = `/api/v2/conversations/calls/${conversation.id}/participants/${agent}`;
    await call(server, bearer, 'PATCH', participant, { held: true });
    await admin('/__admin/clock', { advanceSeconds: 20 });
    await call(server, bearer, 'PATCH', participant, { held: false });
    await admin('/__admin/clock', { advanceSeconds: 100 });
    const hungUp = await call(server, bearer, 'PATCH', participant, { state: 'disconnected' });
    expect(hungUp.status).toBe(202);
    await admin('/__admin/clock', { advanceSeconds: 45 });
    const wrapped = await call(server, bearer, 'PATCH', participant, { wrapup: { code: resolved.id, notes: 'sorted' } });
    expect(wrapped.status).toBe(202);
    await socket.next((m) => m.topicName === detail('acw'));

    // The real server's clock runs on between requests: each figure is checked against the times
    // the events themselves carry (test/domain/analytics-detail-events.test.ts has them to the millisecond).
    const events = socket.messages.filter(isEvent);
    const kinds = events.map((m) =>
      m.topicName === observations ? `observations ${JSON.stringify(m.eventBody.group)}` : m.topicName.replace(`${detail('')}`, ''),
    );
    const voiceGroup = `observations ${JSON.stringify({ queueId: queue.id, mediaType: 'voice' })}`;
    expect(kinds).toEqual(['user.start', 'acd.end', voiceGroup, 'customer.end', 'user.end', voiceGroup, 'acw']);
    const body = (kind: string) => events.find((m) => m.topicName === detail(kind))!.eventBody as Record<string, number | string>;
    const time = (kind: string) => body(kind).eventTime as number;
    expect(body('user.start')).toMatchObject({ userId: org.userId, queueId: queue.id, mediaType: 'VOICE', direction: 'INBOUND' });
    expect(body('acd.end')).toMatchObject({ queueId: queue.id, acdOutcome: 'ANSWERED', answeredUserId: org.userId, disconnectType: 'TRANSFER' });
    expect(body('user.end')).toMatchObject({ userId: org.userId, queueId: queue.id, alertingDurationMs: time('acd.end') - time('user.start') });
    const userEnd = body('user.end') as Record<string, number>;
    expect(userEnd.heldDurationMs).toBeGreaterThanOrEqual(20_000);
    expect(userEnd.interactingDurationMs! + userEnd.heldDurationMs!).toBe(time('user.end') - time('acd.end'));
    expect(time('customer.end')).toBe(time('user.end'));
    expect(body('acw')).toMatchObject({ userId: org.userId, wrapupCode: resolved.id, wrapupNotes: 'sorted', wrapupDurationMs: time('acw') - time('user.end') });
    expect(body('acw').wrapupDurationMs).toBeGreaterThanOrEqual(45_000);
    const figures = events
      .filter((m) => m.topicName === observations)
      .map((m) =>
        (m.eventBody.data as { interval: string; metrics: { metric: string; stats: { count: number } }[] }[]).map((d) => [
          d.interval.split('/').length,
          d.metrics,
        ]),
      );
    expect(figures).toEqual([
      [
        [
          2,
          [
            { metric: 'oWaiting', stats: { count: 0 } },
            { metric: 'oInteracting', stats: { count: 1 } },
          ],
        ],
      ],
      [
        [
          2,
          [
            { metric: 'oWaiting', stats: { count: 0 } },
            { metric: 'oInteracting', stats: { count: 0 } },
          ],
        ],
      ],
    ]);
    // Each detail event as the details query tells the same session.
    const details = (await call(server, bearer, 'GET', `/api/v2/analytics/conversations/${conversation.id}/details`)).body as unknown as {
      participants: { purpose: string; participantId: string; sessions: { sessionId: string }[] }[];
    };
    const agentDetails = details.participants.find((p) => p.purpose === 'agent')!;
    const acw = socket.messages.find((m) => m.topicName === detail('acw'))!.eventBody;
    expect([acw.participantId, acw.sessionId]).toEqual([agentDetails.participantId, agentDetails.sessions[0]!.sessionId]);
    socket.ws.close();
    await socket.closed;
  } finally {
    await server.close();
  }
});

test("a queue's observations: a member going On Queue, a call arriving; nothing when no figure moves; another org's never", async () => {
  const server = await startMockServer();
  try {
    const org = await server.admin.createOrg();
    const other = await server.admin.createOrg();
    const bearer = await token(server, org.clientId, org.clientSecret);
    const queue = (await call(server, bearer, 'POST', '/api/v2/routing/queues', { name: 'Support' })).body as { id: string };
    await call(server, bearer, 'POST', `/api/v2/routing/queues/${queue.id}/members`, [{ id: org.userId }]);
    const topic = `v2.analytics.queues.${queue.id}.observations`;
    const socket = await subscribedSocket(server, bearer, [topic]);
    const presences = (await call(server, bearer, 'GET', '/api/v2/presencedefinitions')).body.entities as { id: string; systemPresence: string }[];
    const idOf = (name: string) => presences.find((p) => p.systemPresence === name)!.id;

    // A change that moves no figure of the queue: a title.
    await call(server, bearer, 'PATCH', `/api/v2/users/${org.userId}`, { version: 1, title: 'Agent' });
    const onQueue = await call(server, bearer, 'PUT', `/api/v2/users/${org.userId}/routingstatus`, { status: 'IDLE' });
    // Another org's call on a queue of its own: not this queue's.
    await fetch(`${server.url}/__admin/conversations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orgId: other.id, mediaType: 'chat', state: 'queued' }),
    });
    const arrived = await fetch(`${server.url}/__admin/conversations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orgId: org.id, queueId: queue.id, mediaType: 'chat', state: 'queued' }),
    });
    await socket.next((m) => m.topicName === topic && (m.eventBody.group as { mediaType?: string }).mediaType === 'chat');

    const events = socket.messages
      .filter(isEvent)
      .map((m) => [m.topicName, m.metadata?.CorrelationId, m.eventBody.group, (m.eventBody.data as { metrics: unknown[] }[])[0]!.metrics]);
    expect(events).toEqual([
      [
        topic,
        onQueue.correlationId,
        { queueId: queue.id },
        [
          { metric: 'oOnQueueUsers', qualifier: 'IDLE', stats: { count: 1 } },
          { metric: 'oOffQueueUsers', stats: { count: 0 } },
          { metric: 'oUserPresences', qualifier: idOf('On Queue'), stats: { count: 1 } },
          { metric: 'oUserRoutingStatuses', qualifier: 'IDLE', stats: { count: 1 } },
        ],
      ],
      [
        topic,
        arrived.headers.get('inin-correlation-id') ?? expect.any(String),
        { queueId: queue.id, mediaType: 'chat' },
        [
          { metric: 'oWaiting', stats: { count: 1 } },
          { metric: 'oInteracting', stats: { count: 0 } },
        ],
      ],
    ]);
    socket.ws.close();
    await socket.closed;
  } finally {
    await server.close();
  }
});
