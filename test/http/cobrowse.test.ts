// POST /api/v2/conversations/{id}/cobrowse through HTTP: every rule, their order, and the ticket's bytes.
import { COBROWSE_ROWS } from '../support/cobrowse-cases.js';
import { CREATE_BODY, DEMO, harness } from '../support/harness.js';
import { WORLD_SEED, validBody, world } from '../support/world.js';

const path = (id: string) => `/api/v2/conversations/${id}/cobrowse`;

function worldHarness() {
  const deps = world();
  return harness({ store: deps.store, clock: deps.clock, seed: WORLD_SEED });
}

describe('the ticket, byte for byte', () => {
  test('{"cobrowseSessionId": "null"} answers the exact 400', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http
      .post(path(DEMO.voiceConnected))
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"cobrowseSessionId": "null"}');
    const contextId = res.headers['inin-correlation-id'];
    expect(contextId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe(
      `{"message":"cobrowseSessionId required","code":"bad.request","status":400,"messageParams":{},"contextId":"${contextId}","details":[{"errorCode":"required","fieldName":"cobrowseSessionId"}],"errors":[]}`,
    );
  });

  test('the corrected payload from the ticket answer creates the session', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Authorization', `Bearer ${token}`).send(CREATE_BODY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: res.body.cobrowseSessionId,
      cobrowseSessionId: expect.any(String),
      conversationId: DEMO.voiceConnected,
      state: 'connected',
      initiator: CREATE_BODY.initiator,
      participants: CREATE_BODY.participants,
      joinCode: expect.stringMatching(/^\d{6}$/),
      dateCreated: '2026-01-01T09:00:00.000Z',
      selfUri: `/api/v2/conversations/cobrowsesessions/${res.body.id}`,
      // Genesys' CobrowseWebMessagingSession besides the ticket's fields.
      name: 'Cobrowse session',
      // A socket of the server the request reached (supertest's ephemeral port).
      websocketUrl: expect.stringMatching(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/cobrowse/sessions/${res.body.id}$`)),
      dateOfferEnds: '2026-01-01T09:10:00.000Z',
      communicationType: 'Cobrowse',
    });
  });

  test('an empty body with Content-Type: application/json (what the SDK sends) is not malformed: the exact 400', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.post(path(DEMO.chatConnected)).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      message: 'cobrowseSessionId required',
      code: 'bad.request',
      details: [{ errorCode: 'required', fieldName: 'cobrowseSessionId' }],
    });
  });
});

describe('rules 1 to 3 and their order', () => {
  test('1: no token → 401 authentication.required, even with a malformed body', async () => {
    const h = harness();
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Content-Type', 'application/json').send('{bad');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authentication.required');
    expect(res.body.contextId).toBe(res.headers['inin-correlation-id']);
  });

  test('1: unknown token → 401 bad.credentials', async () => {
    const h = harness();
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Authorization', 'Bearer nope').send(CREATE_BODY);
    expect([res.status, res.body.code]).toEqual([401, 'bad.credentials']);
  });

  test('1: expired token → 401 credentials.expired', async () => {
    const h = harness({ tokenTtlSeconds: 60 });
    const token = await h.token();
    h.clock.advance(61);
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Authorization', `Bearer ${token}`).send(CREATE_BODY);
    expect([res.status, res.body.code]).toEqual([401, 'credentials.expired']);
  });

  test('2: token without cobrowse:session:write → 403 missing.any.scopes, before a malformed body', async () => {
    const h = harness();
    const token = await h.token('no-cobrowse-client', 'no-cobrowse-secret');
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{bad');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'missing.any.scopes',
      message: 'Unable to perform the requested action. You must have at least one of the following scopes assigned: [cobrowse:session:write]',
    });
  });

  test('2: a token narrowed by scope= loses cobrowse', async () => {
    const h = harness();
    const token = await h.token('demo-client', 'demo-secret', 'conversations');
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Authorization', `Bearer ${token}`).send(CREATE_BODY);
    expect([res.status, res.body.code]).toEqual([403, 'missing.any.scopes']);
  });

  test('3: malformed JSON → 400 bad.request, before the conversation is looked up', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http
      .post(path('no-such-conversation'))
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"initiator":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad.request');
    expect(res.body.message).toMatch(/^The request body is not valid JSON/);
  });

  test.each([
    [{ initiator: 'agent' }, 'initiator'],
    [{ participants: { id: 'x' } }, 'participants'],
    [{ cobrowseSessionId: 42 }, 'cobrowseSessionId'],
    [{ initiator: { id: 7, type: 'agent' }, participants: [] }, 'initiator.id'],
    [{ initiator: { id: 'a', type: 'agent' }, participants: [{ id: 'x', type: 3 }] }, 'participants[0].type'],
  ])('3: wrong types %j → 400 with details naming %s, before the 404', async (body, field) => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.post(path('no-such-conversation')).set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad.request');
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ fieldName: field })]));
  });

  test('3: a body that is not JSON → 415 unsupported.media.type', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.post(path(DEMO.voiceConnected)).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/plain').send('hello');
    expect([res.status, res.body.code]).toEqual([415, 'unsupported.media.type']);
  });
});

describe('rules 4 to 11 through HTTP', () => {
  test.each(COBROWSE_ROWS)('%s', async (_name, conversationId, body, expected) => {
    const h = worldHarness();
    const token = await h.token('full', 'full-secret');
    let req = h.http.post(path(conversationId)).set('Authorization', `Bearer ${token}`);
    req = body === undefined ? req.set('Content-Type', 'application/json') : req.send(body as object);
    const res = await req;
    if ('ok' in expected) {
      expect(res.status).toBe(200);
      expect(res.body.conversationId).toBe(conversationId);
      if (expected.linkedTo) expect(res.body.id).toBe(expected.linkedTo);
      return;
    }
    expect(res.status).toBe(expected.status);
    expect(res.body.code).toBe(expected.code);
    expect(res.body.messageParams).toEqual(expected.messageParams ?? {});
    if (expected.message) expect(res.body.message).toBe(expected.message);
    if (expected.details) expect(res.body.details).toEqual(expected.details);
    expect(res.body.contextId).toBe(res.headers['inin-correlation-id']);
  });
});

describe('after a create', () => {
  test('GET shows the cobrowse communications, and two racing creates give one 200 and one 409', async () => {
    const h = worldHarness();
    const token = await h.token('full', 'full-secret');
    const [a, b] = await Promise.all([
      h.http.post(path('chat-connected')).set('Authorization', `Bearer ${token}`).send(validBody('chat-connected')),
      h.http.post(path('chat-connected')).set('Authorization', `Bearer ${token}`).send(validBody('chat-connected')),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const created = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.body).toMatchObject({ code: 'cobrowse.session.active', messageParams: { cobrowseSessionId: created.body.id } });

    const conversation = await h.http.get('/api/v2/conversations/chat-connected').set('Authorization', `Bearer ${token}`);
    expect(conversation.status).toBe(200);
    const cobrowse = (conversation.body.participants as { purpose: string; cobrowsesessions?: Record<string, unknown>[] }[])
      .filter((p) => p.cobrowsesessions?.length)
      .map((p) => ({ purpose: p.purpose, ...p.cobrowsesessions![0] }));
    expect(cobrowse).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          purpose: 'agent',
          state: 'connected',
          cobrowseSessionId: created.body.id,
          cobrowseRole: 'viewer',
          connectedTime: '2026-01-01T09:00:00.000Z',
        }),
        expect.objectContaining({
          purpose: 'customer',
          state: 'connected',
          cobrowseSessionId: created.body.id,
          cobrowseRole: 'sharer',
          connectedTime: '2026-01-01T09:00:00.000Z',
        }),
      ]),
    );
  });
});
