// The admin API: journal and verification, faults, rate limits, the clock, isolated
// orgs and the admin token, each through /__admin and the API as a test suite would use them.
import request from 'supertest';
import { CREATE_BODY, DEMO, harness, type Harness, bearerOf } from '../support/harness.js';

const COBROWSE = `/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`;

async function authed(h: Harness) {
  return { Authorization: `Bearer ${await h.token()}` };
}

describe('request journal', () => {
  test('records API calls with masked credentials, the caller, bodies and answers; filters; one by correlation id', async () => {
    const h = harness();
    const auth = await authed(h);
    const created = await h.http.post(COBROWSE).set(auth).send(CREATE_BODY);
    await h.http.get(`/api/v2/conversations/${DEMO.chatConnected}`).set(auth);
    await h.http.post(`/api/v2/conversations/${DEMO.chatQueued}/cobrowse`).set(auth).send({ cobrowseSessionId: 'null' });
    await h.http.get('/__admin/health'); // not journaled

    const all = await h.http.get('/__admin/requests');
    expect(all.body.total).toBe(4);
    const [token, create] = all.body.requests;
    expect(token).toMatchObject({ method: 'POST', path: '/oauth/token', status: 200, clientId: 'demo-client', orgId: DEMO.orgId });
    expect(JSON.stringify(token)).not.toContain('demo-secret');
    expect(token.responseBody).toEqual({ access_token: '********', token_type: 'bearer', expires_in: 86399 });
    expect(create).toMatchObject({
      method: 'POST',
      path: COBROWSE,
      status: 200,
      clientId: 'demo-client',
      orgId: DEMO.orgId,
      body: CREATE_BODY,
      responseBody: { id: created.body.id },
      correlationId: created.headers['inin-correlation-id'],
      time: '2026-01-01T09:00:00.000Z',
    });
    expect(create.headers.authorization).toBe('Bearer ********');
    expect(JSON.stringify(all.body)).not.toContain(auth.Authorization.slice(7));

    const glob = await h.http.get('/__admin/requests?path=/api/v2/conversations/*/cobrowse');
    expect(glob.body.requests.map((r: { status: number }) => r.status)).toEqual([200, 400]);
    expect((await h.http.get('/__admin/requests?method=get')).body.total).toBe(1);
    expect((await h.http.get('/__admin/requests?status=400')).body.total).toBe(1);
    expect((await h.http.get('/__admin/requests?orgId=other')).body.total).toBe(0);
    expect((await h.http.get('/__admin/requests?limit=1')).body.requests[0].path).toBe(`/api/v2/conversations/${DEMO.chatQueued}/cobrowse`);
    h.clock.advance(10);
    await h.http.get(`/api/v2/conversations/${DEMO.chatConnected}`).set(auth);
    expect((await h.http.get('/__admin/requests?since=2026-01-01T09:00:05Z')).body.total).toBe(1);

    const one = await h.http.get(`/__admin/requests/${created.headers['inin-correlation-id']}`);
    expect(one.body.path).toBe(COBROWSE);
    expect((await h.http.get('/__admin/requests/nope')).status).toBe(404);

    const count = await h.http
      .post('/__admin/requests/count')
      .send({ method: 'POST', path: '/api/v2/conversations/*/cobrowse', bodyContains: `"id":"${DEMO.agentId}"` });
    expect(count.body).toEqual({ count: 1 });

    expect((await h.http.delete('/__admin/requests')).status).toBe(204);
    expect((await h.http.get('/__admin/requests')).body.total).toBe(0);
  });

  test('is bounded to the last N', async () => {
    const h = harness({ journalSize: 3 });
    const auth = await authed(h);
    for (let i = 0; i < 5; i++) await h.http.get(`/api/v2/conversations/${DEMO.chatConnected}?`).set(auth);
    const all = await h.http.get('/__admin/requests');
    expect(all.body.total).toBe(3);
    expect(all.body.requests.every((r: { method: string }) => r.method === 'GET')).toBe(true);
  });
});

describe('faults', () => {
  test('429 shorthand: the Genesys rate-limit error with Retry-After; a client honouring it gets through after `times`', async () => {
    const h = harness();
    const auth = await authed(h);
    const fault = await h.http
      .post('/__admin/faults')
      .send({ path: '/api/v2/conversations/*/cobrowse', status: 429, times: 2, headers: { 'Retry-After': '0' } });
    expect(fault.status).toBe(201);
    const statuses: number[] = [];
    let res;
    for (let attempt = 0; attempt < 5; attempt++) {
      res = await h.http.post(COBROWSE).set(auth).send(CREATE_BODY);
      statuses.push(res.status);
      if (res.status !== 429) break;
      expect(res.headers['retry-after']).toBe('0');
      expect(res.body).toMatchObject({
        code: 'too.many.requests.retry.after',
        message: 'Rate limit exceeded the maximum. Retry the request in [0] seconds',
        status: 429,
      });
      await new Promise((resolve) => setTimeout(resolve, Number(res!.headers['retry-after']) * 1000));
    }
    expect(statuses).toEqual([429, 429, 200]);
    expect((await h.http.get('/__admin/faults')).body.faults).toEqual([]);
    const journal = await h.http.get('/__admin/requests?status=429');
    expect(journal.body.requests.map((r: { fault?: string }) => r.fault)).toEqual([fault.body.id, fault.body.id]);
  });

  test('the default Retry-After is one second, as the message says', async () => {
    const h = harness();
    await h.http.post('/__admin/faults').send({ path: '/api/v2/**', status: 429 });
    const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.message).toBe('Rate limit exceeded the maximum. Retry the request in [1] seconds');
  });

  test('503 shorthand, and a fault answering instead writes nothing', async () => {
    const h = harness();
    const auth = await authed(h);
    await h.http.post('/__admin/faults').send({ method: 'POST', path: COBROWSE, status: 503 });
    const before = h.store.snapshot();
    const res = await h.http.post(COBROWSE).set(auth).send(CREATE_BODY);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'service.unavailable', status: 503, contextId: res.headers['inin-correlation-id'] });
    expect(h.store.snapshot()).toEqual(before);
    // a GET on the same path is not matched by a POST fault
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
  });

  test("a body and headers of the fault's own, and an org-scoped fault", async () => {
    const h = harness();
    const auth = await authed(h);
    await h.http.post('/__admin/faults').send({ path: '/api/v2/conversations/**', orgId: 'some-other-org', status: 500 });
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    await h.http
      .post('/__admin/faults')
      .send({ path: '/api/v2/conversations/**', orgId: DEMO.orgId, status: 418, body: { custom: true }, headers: { 'X-Fault': 'yes' } });
    // A fault's own body is whatever the test asked for, so this one answer is not checked against the document.
    const res = await request(h.app).get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth);
    expect([res.status, res.body, res.headers['x-fault']]).toEqual([418, { custom: true }, 'yes']);
  });

  test('delayMs answers no sooner than the delay', async () => {
    const h = harness();
    await h.http.post('/__admin/faults').send({ path: '/oauth/token', status: 503, delayMs: 60 });
    const started = Date.now();
    const res = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('temporarily_unavailable'); // the OAuth shape on /oauth/token
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  test('drop closes the socket with no response', async () => {
    const h = harness();
    await h.http.post('/__admin/faults').send({ path: '/oauth/token', drop: true, times: 1 });
    await expect(h.http.post('/oauth/token').type('form').send({ grant_type: 'client_credentials' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' })).status).toBe(200);
  });

  test('probability 0 never fires, 1 always; listing and removing', async () => {
    const h = harness();
    const never = await h.http.post('/__admin/faults').send({ path: '/oauth/token', status: 500, probability: 0 });
    const token = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' });
    expect(token.status).toBe(200);
    const always = await h.http.post('/__admin/faults').send({ path: '/oauth/token', status: 500, probability: 1 });
    const failed = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' });
    expect(failed.status).toBe(500);
    const list = await h.http.get('/__admin/faults');
    expect(list.body.faults.map((f: { id: string; hits: number }) => [f.id, f.hits])).toEqual([
      [never.body.id, 0],
      [always.body.id, 1],
    ]);
    expect((await h.http.delete(`/__admin/faults/${always.body.id}`)).status).toBe(204);
    expect((await h.http.delete(`/__admin/faults/${always.body.id}`)).status).toBe(404);
    expect((await h.http.delete('/__admin/faults')).status).toBe(204);
    expect((await h.http.get('/__admin/faults')).body.faults).toEqual([]);
  });

  test('a fault needs a status or drop', async () => {
    const res = await harness().http.post('/__admin/faults').send({ path: '/oauth/token' });
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });
});

describe('rate limits (opt-in)', () => {
  test('the 301st request in a virtual minute is refused with the seconds left; allowed again after the clock moves', async () => {
    const h = harness();
    const auth = await authed(h);
    const off = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth);
    expect(off.headers['inin-ratelimit-allowed']).toBeUndefined();
    expect((await h.http.post('/__admin/settings').send({ rateLimits: true })).body).toEqual({ rateLimits: true });
    for (let i = 1; i <= 300; i++) {
      const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth);
      expect(res.status).toBe(200);
      if (i === 1 || i === 300) {
        expect([res.headers['inin-ratelimit-allowed'], res.headers['inin-ratelimit-count'], res.headers['inin-ratelimit-reset']]).toEqual([
          '300',
          String(i),
          '60',
        ]);
      }
    }
    await h.http.post('/__admin/clock').send({ advanceSeconds: 18 });
    const refused = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('42');
    expect(refused.body).toMatchObject({
      code: 'too.many.requests.retry.after',
      message: 'Rate limit exceeded the maximum. Retry the request in [42] seconds',
    });
    await h.http.post('/__admin/clock').send({ advanceSeconds: 42 });
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    // another token has its own count
    const other = { Authorization: `Bearer ${await h.token('no-cobrowse-client', 'no-cobrowse-secret')}` };
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(other)).headers['inin-ratelimit-count']).toBe('1');
  });

  test('switched on from the start', async () => {
    const h = harness({ rateLimits: true });
    const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(await authed(h));
    expect(res.headers['inin-ratelimit-count']).toBe('1');
    expect((await h.http.get('/__admin/settings')).body).toEqual({ rateLimits: true });
  });
});

describe('virtual clock', () => {
  test('advance, set, never back, back to real; a token expires by the clock', async () => {
    const h = harness({ tokenTtlSeconds: 3600 });
    const auth = await authed(h);
    expect((await h.http.get('/__admin/clock')).body).toEqual({ now: '2026-01-01T09:00:00.000Z' });
    expect((await h.http.post('/__admin/clock').send({ advanceSeconds: 3599 })).body).toEqual({ now: '2026-01-01T09:59:59.000Z' });
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    expect((await h.http.post('/__admin/clock').send({ now: '2026-01-01T10:00:00Z' })).body).toEqual({ now: '2026-01-01T10:00:00.000Z' });
    const expired = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth);
    expect([expired.status, expired.body.code]).toEqual([401, 'credentials.expired']);
    const back = await h.http.post('/__admin/clock').send({ now: '2026-01-01T09:00:00Z' });
    expect([back.status, back.body.code]).toEqual([400, 'invalid.value']);
    const bad = await h.http.post('/__admin/clock').send({ now: 'tomorrow' });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid.date']);
    expect((await h.http.post('/__admin/clock').send({})).status).toBe(400);
    expect((await h.http.post('/__admin/clock').send({ real: true })).body).toEqual({ now: '2026-01-01T09:00:00.000Z' });
    // timestamps come from it too
    await h.http.post('/__admin/clock').send({ advanceSeconds: 120 });
    const fresh = { Authorization: `Bearer ${await h.token()}` };
    const created = await h.http.post(COBROWSE).set(fresh).send(CREATE_BODY);
    expect(created.body.dateCreated).toBe('2026-01-01T09:02:00.000Z');
  });
});

describe('isolated orgs', () => {
  test('two orgs side by side see nothing of each other', async () => {
    const h = harness();
    const a = (await h.http.post('/__admin/orgs').send({ name: 'Worker A' })).body;
    const b = (await h.http.post('/__admin/orgs').send({})).body;
    expect(a).toEqual({ id: expect.any(String), name: 'Worker A', clientId: expect.any(String), clientSecret: expect.any(String), userId: expect.any(String) });
    const authA = await bearerOf(h.http, a);
    const authB = await bearerOf(h.http, b);
    const convA = (
      await h.http
        .post('/__admin/conversations')
        .send({ mediaType: 'voice', state: 'connected', orgId: a.id, agentUserId: a.userId, customerExternalId: 'cust-a' })
    ).body;
    const callB = (await h.http.post('/api/v2/conversations/calls').set(authB).send({ phoneNumber: '+1555' })).body;

    expect((await h.http.get(`/api/v2/conversations/${convA.id}`).set(authA)).status).toBe(200);
    for (const path of [`/api/v2/conversations/${convA.id}`, `/api/v2/conversations/calls/${convA.id}`]) {
      const res = await h.http.get(path).set(authB);
      expect([res.status, res.body.code]).toEqual([404, 'not.found']);
      expect(res.text).not.toContain('cust-a');
    }
    const cobrowse = await h.http
      .post(`/api/v2/conversations/${convA.id}/cobrowse`)
      .set(authB)
      .send({ initiator: { id: a.userId, type: 'agent' }, participants: [{ id: 'cust-a', type: 'external' }] });
    expect(cobrowse.status).toBe(404);
    const listA = await h.http.get('/api/v2/conversations').set(authA);
    expect(listA.body.entities.map((c: { id: string }) => c.id)).toEqual([convA.id]);
    const listB = await h.http.get('/api/v2/conversations/calls').set(authB);
    expect(listB.body.entities.map((c: { id: string }) => c.id)).toEqual([callB.id]);
    const journalA = await h.http.get(`/__admin/requests?orgId=${a.id}`);
    expect(journalA.body.requests.every((r: { orgId: string }) => r.orgId === a.id)).toBe(true);
    expect(JSON.stringify(journalA.body)).not.toContain(callB.id);

    // resetting A clears its conversations but not its login, and leaves B alone
    expect((await h.http.post(`/__admin/orgs/${a.id}/reset`)).body).toEqual({ status: 'reset' });
    expect((await h.http.get('/api/v2/conversations').set(authA)).body.total).toBe(0);
    expect((await h.http.get('/api/v2/conversations').set(authB)).body.total).toBe(1);

    // deleting B removes it and everything of it
    expect((await h.http.delete(`/__admin/orgs/${b.id}`)).status).toBe(204);
    const gone = await h.http.get('/api/v2/conversations').set(authB);
    expect([gone.status, gone.body.code]).toEqual([401, 'bad.credentials']);
    expect(h.store.get('conversations', callB.id)).toBeUndefined();
    expect((await h.http.delete(`/__admin/orgs/${b.id}`)).status).toBe(404);
    expect((await h.http.post('/__admin/orgs/nope/reset')).status).toBe(404);
  });

  test('resetting the seed org brings its seed back', async () => {
    const h = harness();
    const auth = await authed(h);
    await h.http.patch(`/__admin/conversations/${DEMO.chatQueued}`).send({ state: 'disconnected' });
    await h.http.post(`/__admin/orgs/${DEMO.orgId}/reset`);
    const conversation = await h.http.get(`/api/v2/conversations/${DEMO.chatQueued}`).set({ Authorization: `Bearer ${await h.token()}` });
    expect(conversation.body.state).toBe('connected');
    expect(conversation.body.endTime).toBeUndefined();
    void auth;
  });
});

describe('admin token', () => {
  test('every /__admin route but health needs it', async () => {
    const h = harness({ adminToken: 's3cret-admin' });
    expect((await h.http.get('/__admin/health')).status).toBe(200);
    for (const [method, path] of [
      ['get', '/__admin/state'],
      ['post', '/__admin/reset'],
      ['get', '/__admin/requests'],
      ['post', '/__admin/orgs'],
      ['get', '/__admin/clock'],
    ] as const) {
      const res = await h.http[method](path);
      expect([res.status, res.body.code]).toEqual([401, 'authentication.required']);
      expect((await h.http[method](path).set('Authorization', 'Bearer wrong')).status).toBe(401);
    }
    const ok = await h.http.get('/__admin/state').set('Authorization', 'Bearer s3cret-admin');
    expect(ok.status).toBe(200);
    // the API itself is untouched by it
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(await authed(h))).status).toBe(200);
  });
});

describe('reset', () => {
  test('also clears the journal and faults and returns the clock to real time', async () => {
    const h = harness();
    await authed(h);
    await h.http.post('/__admin/faults').send({ path: '/nothing', status: 500 });
    await h.http.post('/__admin/clock').send({ advanceSeconds: 600 });
    await h.http.post('/__admin/reset');
    expect((await h.http.get('/__admin/requests')).body.total).toBe(0);
    expect((await h.http.get('/__admin/faults')).body.faults).toEqual([]);
    expect((await h.http.get('/__admin/clock')).body.now).toBe('2026-01-01T09:00:00.000Z');
  });

  test.each([
    ['off at start, switched on', false, true],
    ['on at start, switched off', true, false],
  ])('puts rate limits back as the server started (%s)', async (_, atStart, switched) => {
    const h = harness({ rateLimits: atStart });
    expect((await h.http.post('/__admin/settings').send({ rateLimits: switched })).body).toEqual({ rateLimits: switched });
    await h.http.post('/__admin/reset');
    expect((await h.http.get('/__admin/settings')).body).toEqual({ rateLimits: atStart });
    const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(await authed(h));
    expect(res.headers['inin-ratelimit-allowed']).toBe(atStart ? '300' : undefined);
  });
});

describe('routing fixtures: users with their fields, skills, wrap-up codes, queues with members', () => {
  test('made through /__admin, read through the Genesys API, and exported as the fixture routes take them', async () => {
    const h = harness();
    const org = (await h.http.post('/__admin/orgs').send({ name: 'Fixtures' })).body;
    const auth = await bearerOf(h.http, org);
    const skill = await h.http.post('/__admin/skills').send({ name: 'Spanish', orgId: org.id });
    expect(skill.status).toBe(201);
    expect(skill.body).toEqual({ id: expect.any(String), name: 'Spanish', orgId: org.id });
    const code = (await h.http.post('/__admin/wrapupcodes').send({ id: 'code-1', name: 'Resolved', orgId: org.id })).body;
    expect(code).toEqual({ id: 'code-1', name: 'Resolved', orgId: org.id });
    const user = await h.http.post('/__admin/users').send({
      name: 'Ada',
      orgId: org.id,
      email: 'ada@example.com',
      department: 'Support',
      title: 'Agent',
      profileSkills: ['Java'],
      routingSkills: [{ id: skill.body.id, proficiency: 4 }],
    });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ name: 'Ada', email: 'ada@example.com', routingSkills: [{ id: skill.body.id, proficiency: 4 }] });
    const queue = await h.http.post('/__admin/queues').send({
      name: 'Support',
      orgId: org.id,
      description: 'First line',
      members: [{ userId: user.body.id }, { userId: org.userId, joined: false }],
      wrapupCodes: ['code-1'],
    });
    expect(queue.status).toBe(201);

    expect((await h.http.get(`/api/v2/users/${user.body.id}`).set(auth)).body).toMatchObject({
      email: 'ada@example.com',
      department: 'Support',
      title: 'Agent',
      version: 1,
    });
    expect((await h.http.get(`/api/v2/users/${user.body.id}/routingskills`).set(auth)).body.entities).toEqual([
      expect.objectContaining({ id: skill.body.id, name: 'Spanish', proficiency: 4 }),
    ]);
    const members = (await h.http.get(`/api/v2/routing/queues/${queue.body.id}/members`).set(auth)).body.entities;
    expect(members.map((m: { id: string; joined: boolean }) => [m.id, m.joined]).sort()).toEqual(
      [
        [user.body.id, true],
        [org.userId, false],
      ].sort(),
    );
    expect((await h.http.get(`/api/v2/routing/queues/${queue.body.id}/wrapupcodes`).set(auth)).body.entities.map((c: { id: string }) => c.id)).toEqual([
      'code-1',
    ]);

    const exported = (await h.http.get(`/__admin/orgs/${org.id}/fixtures`)).body;
    expect(exported.skills).toEqual([skill.body]);
    expect(exported.wrapupCodes).toEqual([code]);
    expect(exported.users).toContainEqual(user.body);
    expect(exported.queues).toEqual([queue.body]);
  });

  test.each([
    ['a user with a skill the org lacks', '/__admin/users', { name: 'Ada', routingSkills: [{ id: 'nope', proficiency: 1 }] }, 'invalid.value'],
    ['a user with a proficiency out of 0..5', '/__admin/users', { name: 'Ada', routingSkills: [{ id: 'x', proficiency: 9 }] }, 'bad.request'],
    ['a queue with a member the org lacks', '/__admin/queues', { name: 'Q', members: [{ userId: 'nobody' }] }, 'invalid.value'],
    ['a queue with a wrap-up code the org lacks', '/__admin/queues', { name: 'Q', wrapupCodes: ['nope'] }, 'invalid.value'],
    ['a skill without a name', '/__admin/skills', {}, 'bad.request'],
  ])('%s is refused, and nothing is stored', async (_, path, body, code) => {
    const h = harness();
    const before = h.store.snapshot();
    const res = await h.http.post(path).send(body);
    expect([res.status, res.body.code]).toEqual([400, code]);
    expect(h.store.snapshot()).toEqual(before);
  });

  test('an email another user of the org has is refused; an id taken is refused', async () => {
    const h = harness();
    await h.http.post('/__admin/users').send({ name: 'Ada', email: 'ada@example.com' });
    expect((await h.http.post('/__admin/users').send({ name: 'Ada 2', email: 'ADA@example.com' })).status).toBe(400);
    await h.http.post('/__admin/skills').send({ id: 's-1', name: 'One' });
    expect((await h.http.post('/__admin/skills').send({ id: 's-1', name: 'Two' })).status).toBe(400);
  });
});
