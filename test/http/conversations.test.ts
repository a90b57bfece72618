// GET /api/v2/conversations/{id}: Genesys shapes per stage, scopes, and org isolation.
import { DEMO, harness } from '../support/harness.js';

type P = { purpose: string; endTime?: string; userId?: string; calls?: { state: string }[]; chats?: { state: string }[] };

describe('GET /api/v2/conversations/{conversationId}', () => {
  test.each([
    [DEMO.voiceConnected, 'connected', { customer: 'connected', acd: 'disconnected', agent: 'connected' }, 'calls'],
    [DEMO.chatConnected, 'connected', { customer: 'connected', acd: 'disconnected', agent: 'connected' }, 'chats'],
    [DEMO.chatQueued, 'connected', { customer: 'connected', acd: 'connected' }, 'chats'],
    [DEMO.voiceDisconnected, 'disconnected', { customer: 'disconnected', acd: 'disconnected', agent: 'disconnected' }, 'calls'],
  ] as const)('%s is shaped as Genesys shapes it', async (id, state, communications, list) => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.get(`/api/v2/conversations/${id}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, state, selfUri: `/api/v2/conversations/${id}`, startTime: '2026-01-01T09:00:00.000Z' });
    const seen = Object.fromEntries((res.body.participants as P[]).map((p) => [p.purpose, p[list]![0]!.state]));
    expect(seen).toEqual(communications);
    expect(res.body.endTime !== undefined).toBe(state === 'disconnected');
    const agent = (res.body.participants as P[]).find((p) => p.purpose === 'agent');
    if (agent) expect(agent.userId).toBe(DEMO.agentId);
  });

  test('conversations:readonly is enough', async () => {
    const h = harness();
    const client = await h.http.post('/__admin/oauth/clients').send({ clientId: 'ro', clientSecret: 'ro', scopes: ['conversations:readonly'] });
    expect(client.status).toBe(201);
    const token = await h.token('ro', 'ro');
    const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
  });

  test('a token with neither conversations scope → 403', async () => {
    const h = harness();
    await h.http.post('/__admin/oauth/clients').send({ clientId: 'cb', clientSecret: 'cb', scopes: ['cobrowse:session:write'] });
    const token = await h.token('cb', 'cb');
    const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'Unable to perform the requested action. You must have at least one of the following scopes assigned: [conversations, conversations:readonly]',
    );
  });

  test("another org's conversation is 404, exactly as a missing one", async () => {
    const h = harness();
    await h.http.post('/__admin/oauth/clients').send({ clientId: 'b', clientSecret: 'b', scopes: ['conversations', 'cobrowse:session:write'], orgId: 'org-b' });
    const token = await h.token('b', 'b');
    const foreign = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`);
    const missing = await h.http.get('/api/v2/conversations/missing').set('Authorization', `Bearer ${token}`);
    expect([foreign.status, foreign.body.code, foreign.body.message]).toEqual([missing.status, missing.body.code, missing.body.message]);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('cust-voice-1');
    const cobrowse = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .send({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: 'cust-voice-1', type: 'external' }] });
    expect([cobrowse.status, cobrowse.body.code]).toEqual([404, 'not.found']);
  });
});

describe('participant and communication ids', () => {
  test('are the same on every read, and unique within and across conversations', async () => {
    const h = harness();
    const token = await h.token();
    const read = async (id: string) => (await h.http.get(`/api/v2/conversations/${id}`).set('Authorization', `Bearer ${token}`)).body;
    const ids = (c: { participants: Record<string, unknown>[] }) =>
      c.participants.flatMap((p) => [p.id, ...['calls', 'chats', 'emails'].flatMap((l) => ((p[l] as { id: string }[]) ?? []).map((x) => x.id))]);
    const first = ids(await read(DEMO.voiceConnected));
    expect(ids(await read(DEMO.voiceConnected))).toEqual(first);
    const other = ids(await read(DEMO.chatConnected));
    const all = [...first, ...other];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
