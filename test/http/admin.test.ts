// The admin API under /__admin.
import { DEMO, harness } from '../support/harness.js';

describe('/__admin', () => {
  test('health', async () => {
    const res = await harness().http.get('/__admin/health');
    expect([res.status, res.body]).toEqual([200, { status: 'ok' }]);
  });

  test('clients: given ids, generated ids, default org, new org created', async () => {
    const h = harness();
    const given = await h.http.post('/__admin/oauth/clients').send({ clientId: 'mine', clientSecret: 's3cret', scopes: ['conversations'] });
    expect(given.status).toBe(201);
    expect(given.body).toEqual({ clientId: 'mine', clientSecret: 's3cret', name: 'mine', scopes: ['conversations'], orgId: DEMO.orgId });
    await h.token('mine', 's3cret');

    const generated = await h.http.post('/__admin/oauth/clients').send({ scopes: ['cobrowse:session:write'], orgId: 'org-new' });
    expect(generated.status).toBe(201);
    expect(generated.body.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.clientSecret.length).toBeGreaterThanOrEqual(22);
    expect(h.store.get('orgs', 'org-new')).toBeDefined();

    const duplicate = await h.http.post('/__admin/oauth/clients').send({ clientId: 'mine', scopes: [] });
    expect([duplicate.status, duplicate.body.code]).toEqual([400, 'bad.request']);
  });

  test('users', async () => {
    const h = harness();
    const res = await h.http.post('/__admin/users').send({ name: 'Grace' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), name: 'Grace', orgId: DEMO.orgId });
  });

  test('conversations: created in a stage, with a user and customer of our choosing, and readable through the API', async () => {
    const h = harness();
    const user = await h.http.post('/__admin/users').send({ name: 'Grace' });
    const res = await h.http
      .post('/__admin/conversations')
      .send({ mediaType: 'webchat', state: 'active', agentUserId: user.body.id, customerExternalId: 'cust-77' });
    expect(res.status).toBe(201);
    const agent = res.body.participants.find((p: { purpose: string }) => p.purpose === 'agent');
    expect(agent).toMatchObject({ userId: user.body.id, name: 'Grace', chats: [{ state: 'connected' }] });
    const customer = res.body.participants.find((p: { purpose: string }) => p.purpose === 'customer');
    expect(customer).toMatchObject({ attributes: { externalId: 'cust-77' }, chats: [{ state: 'connected' }] });

    const token = await h.token();
    const get = await h.http.get(`/api/v2/conversations/${res.body.id}`).set('Authorization', `Bearer ${token}`);
    expect(get.body).toEqual(res.body);
  });

  test('conversations: an agent from another org is refused', async () => {
    const h = harness();
    const foreign = await h.http.post('/__admin/users').send({ name: 'Other', orgId: 'org-x' });
    const res = await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'connected', agentUserId: foreign.body.id });
    expect([res.status, res.body.code, res.body.details[0].fieldName]).toEqual([400, 'invalid.value', 'agentUserId']);
  });

  test.each([
    ['queued', 'alerting', 200],
    ['queued', 'connected', 200],
    ['queued', 'disconnected', 200],
    ['alerting', 'connected', 200],
    ['alerting', 'disconnected', 200],
    ['connected', 'disconnected', 200],
    ['connected', 'closed', 200],
    ['alerting', 'queued', 400],
    ['connected', 'alerting', 400],
    ['connected', 'connected', 400],
    ['disconnected', 'connected', 400],
    ['disconnected', 'disconnected', 400],
  ])('PATCH a fixture from %s to %s → %i', async (from, to, status) => {
    const h = harness();
    const created = await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: from });
    const before = h.store.get('conversations', created.body.id);
    h.clock.advance(30);
    const res = await h.http.patch(`/__admin/conversations/${created.body.id}`).send({ state: to });
    expect(res.status).toBe(status);
    if (status === 400) {
      expect(res.body.code).toBe('bad.request');
      expect(h.store.get('conversations', created.body.id)).toEqual(before);
      return;
    }
    if (to === 'disconnected' || to === 'closed') {
      expect(res.body.endTime).toBe('2026-01-01T09:00:30.000Z');
      expect(res.body.participants.every((p: { endTime?: string }) => p.endTime)).toBe(true);
    } else {
      const agent = res.body.participants.find((p: { purpose: string }) => p.purpose === 'agent');
      expect(agent.calls[0].state).toBe(to);
    }
  });

  test('PATCH an unknown conversation → 404', async () => {
    const res = await harness().http.patch('/__admin/conversations/nope').send({ state: 'connected' });
    expect([res.status, res.body.code]).toEqual([404, 'not.found']);
  });

  test('disconnecting a conversation ends its cobrowse session', async () => {
    const h = harness();
    const token = await h.token();
    const created = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .send({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-voice-1', type: 'external' }] });
    await h.http.patch(`/__admin/conversations/${DEMO.voiceConnected}`).send({ state: 'disconnected' });
    expect(h.store.get('cobrowseSessions', created.body.id)?.state).toBe('disconnected');
    const linked = await h.http
      .post(`/api/v2/conversations/${DEMO.chatConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .send({ cobrowseSessionId: created.body.id });
    expect([linked.status, linked.body.code]).toEqual([409, 'cobrowse.session.ended']);
  });

  test('state masks secrets; reset goes back to the seed; reset {empty} leaves nothing', async () => {
    const h = harness();
    await h.http.post('/__admin/users').send({ name: 'Temp' });
    const token = await h.token();
    const state = await h.http.get('/__admin/state');
    expect(state.status).toBe(200);
    expect(JSON.stringify(state.body)).not.toContain('demo-secret');
    expect(JSON.stringify(state.body)).not.toContain(token);
    expect(state.body.users).toHaveLength(2);

    const reset = await h.http.post('/__admin/reset');
    expect([reset.status, reset.body]).toEqual([200, { status: 'reset' }]);
    expect(h.store.all('users')).toHaveLength(1);
    expect(h.store.all('conversations')).toHaveLength(5);
    // tokens do not survive a reset
    const after = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`);
    expect([after.status, after.body.code]).toEqual([401, 'bad.credentials']);

    await h.http.post('/__admin/reset').send({ empty: true });
    expect(h.store.isEmpty()).toBe(true);
    // the default org comes back when a fixture needs it
    const client = await h.http.post('/__admin/oauth/clients').send({ scopes: ['conversations'] });
    expect(client.body.orgId).toBe(DEMO.orgId);
    expect(h.store.get('orgs', DEMO.orgId)).toBeDefined();
  });
});

describe('GET /__admin/orgs/{orgId}/fixtures', () => {
  test("one org's fixtures in the shapes the fixture routes take, without secrets or other orgs", async () => {
    const h = harness();
    const b = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const res = await h.http.get(`/__admin/orgs/${DEMO.orgId}/fixtures`);
    expect(res.status).toBe(200);
    expect(res.body.org.id).toBe(DEMO.orgId);
    expect(res.body.conversations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: DEMO.voiceConnected, mediaType: 'voice', state: 'connected' }),
        expect.objectContaining({ id: DEMO.chatQueued, mediaType: 'chat', state: 'queued' }),
      ]),
    );
    expect(res.body.users).toEqual(
      expect.arrayContaining([
        { id: DEMO.agentId, name: 'Ada Agent', orgId: DEMO.orgId, routingSkills: [{ id: 'd0000000-0000-4000-8000-000000000001', proficiency: 4 }] },
      ]),
    );
    expect(res.text).not.toContain('demo-secret');
    expect(res.text).not.toContain(b.id);
    // What it gives, the fixture routes take back.
    const copy = await h.http.post('/__admin/conversations').send({ ...res.body.conversations[0], id: 'copied' });
    expect(copy.status).toBe(201);
  });

  test('an unknown org is 404', async () => {
    const res = await harness().http.get('/__admin/orgs/nope/fixtures');
    expect([res.status, res.body.code]).toEqual([404, 'not.found']);
  });
});
