// Unimplemented Genesys operations and stubs over HTTP (src/http/stubs.ts, docs/stubs.md): the 501,
// what stays 404, authentication first, stubs answering and overriding, isolation and the journal.
import request from 'supertest';
import { DEMO, harness, type Harness, bearerOf } from '../support/harness.js';

// ArchitectApi.getFlows: an operation no issue plans to implement.
const FLOWS = '/api/v2/flows';
let h: Harness;
let auth: { Authorization: string };
beforeEach(async () => {
  h = harness();
  auth = { Authorization: `Bearer ${await h.token()}` };
});

const raw = () => request(h.app);

describe('an operation Genesys has and the emulator does not', () => {
  test('answers 501 not.implemented naming it, with method, path and operation as messageParams', async () => {
    const res = await h.http.get(FLOWS).set(auth);
    expect(res.status).toBe(501);
    expect(res.body).toMatchObject({
      status: 501,
      code: 'not.implemented',
      message:
        'GET /api/v2/flows (ArchitectApi.getFlows) is a Genesys Cloud operation that genesys-cloud-mock does not implement. Stub it: POST /__admin/stubs',
      messageParams: { method: 'GET', path: FLOWS, operation: 'ArchitectApi.getFlows' },
    });
    expect(res.headers['inin-correlation-id']).toBe(res.body.contextId);
  });

  test('a path template with ids, and another method of a path the emulator implements', async () => {
    const flow = await h.http.put('/api/v2/flows/f-1').set(auth).send({ name: 'Support' });
    expect([flow.status, flow.body.messageParams.operation]).toEqual([501, 'ArchitectApi.putFlow']);
    // The emulator implements GET of this path, Genesys has DELETE too.
    const deleted = await h.http.delete(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth);
    expect([deleted.status, deleted.body.messageParams?.operation]).toEqual([501, 'ConversationsApi.deleteConversation']);
    const participants = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}/participants/p1/wrapup`).set(auth);
    expect([participants.status, participants.body.messageParams?.operation]).toEqual([501, 'ConversationsApi.getConversationParticipantWrapup']);
  });

  test.each([
    ['no token', {}, 401, 'authentication.required'],
    ['a token that is no token', { Authorization: 'Bearer nope' }, 401, 'bad.credentials'],
  ])('authentication comes first: %s is %s', async (_, headers, status, code) => {
    const res = await h.http.get(FLOWS).set(headers);
    expect([res.status, res.body.code]).toEqual([status, code]);
  });

  test('a path that is no Genesys operation stays 404, token or not', async () => {
    for (const headers of [auth, {}]) {
      const res = await h.http.get('/api/v2/flowz').set(headers);
      expect([res.status, res.body.code]).toEqual([404, 'not.found']);
    }
  });

  test('the journal names the operation', async () => {
    await h.http.get(FLOWS).set(auth);
    const [entry] = (await h.http.get(`/__admin/requests?path=${FLOWS}`)).body.requests;
    expect(entry).toMatchObject({ status: 501, operation: 'ArchitectApi.getFlows' });
    expect(entry.stub).toBeUndefined();
  });
});

describe('stubs', () => {
  const flowListing = {
    request: { method: 'GET', path: FLOWS },
    response: { status: 200, body: { entities: [{ id: '{{uuid}}', name: 'Support' }], pageSize: 25, pageNumber: 1, total: 1 } },
  };

  test('answer an unimplemented operation; the 201 has the id, the operation and no warnings', async () => {
    const added = await h.http.post('/__admin/stubs').send(flowListing);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: expect.any(String), operation: 'ArchitectApi.getFlows', warnings: [], hits: 0, priority: 0 });
    const res = await raw().get(FLOWS).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ entities: [{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Support' }], total: 1 });
    const [entry] = (await h.http.get(`/__admin/requests?path=${FLOWS}`)).body.requests;
    expect(entry).toMatchObject({ status: 200, operation: 'ArchitectApi.getFlows', stub: added.body.id });
    expect((await h.http.get('/__admin/stubs')).body.stubs[0]).toMatchObject({ id: added.body.id, hits: 1 });
  });

  test('a misspelled property and a wrong type are warned of when the stub is written', async () => {
    const res = await h.http.post('/__admin/stubs').send({
      request: { method: 'GET', path: '/api/v2/users/{userId}' },
      response: { status: 200, body: { id: '{{path.userId}}', name: 'Ada', seflUri: '/api/v2/users/x', version: '1' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.operation).toBe('UsersApi.getUser');
    expect(res.body.warnings).toEqual(['seflUri: Genesys\' User has no property "seflUri"', 'version: Genesys sends a number here, not a string']);
  });

  test('authentication still comes first', async () => {
    await h.http.post('/__admin/stubs').send(flowListing);
    expect((await h.http.get(FLOWS)).status).toBe(401);
  });

  test('override an implemented operation, and after DELETE the real handler answers again', async () => {
    const path = `/api/v2/conversations/${DEMO.voiceConnected}`;
    const added = await h.http.post('/__admin/stubs').send({
      request: { method: 'GET', path: '/api/v2/conversations/{conversationId}' },
      response: { status: 503, body: { message: 'odd', code: 'service.unavailable', status: 503 }, headers: { 'Retry-After': '3' } },
    });
    const stubbed = await raw().get(path).set(auth);
    expect([stubbed.status, stubbed.body.message, stubbed.headers['retry-after']]).toEqual([503, 'odd', '3']);
    expect((await h.http.delete(`/__admin/stubs/${added.body.id}`)).status).toBe(204);
    const real = await h.http.get(path).set(auth);
    expect([real.status, real.body.id]).toEqual([200, DEMO.voiceConnected]);
    expect((await h.http.delete(`/__admin/stubs/${added.body.id}`)).status).toBe(404);
  });

  test('a stub for one org never answers another', async () => {
    const org = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, org);
    await h.http.post('/__admin/stubs').send({ ...flowListing, request: { ...flowListing.request, orgId: DEMO.orgId } });
    expect((await raw().get(FLOWS).set(auth)).status).toBe(200);
    expect((await h.http.get(FLOWS).set(authB)).status).toBe(501);
  });

  test('a glob stub answers a path that is no Genesys operation, after authentication', async () => {
    await h.http.post('/__admin/stubs').send({ request: { method: 'GET', path: '/api/v2/custom/**' }, response: { status: 200, body: { org: '{{org.id}}' } } });
    expect((await h.http.get('/api/v2/custom/a/b')).status).toBe(401);
    const res = await raw().get('/api/v2/custom/a/b').set(auth);
    expect([res.status, res.body]).toEqual([200, { org: DEMO.orgId }]);
  });

  test('matching on query, headers and body; times; a body-less answer', async () => {
    await h.http.post('/__admin/stubs').send({
      request: {
        method: 'POST',
        path: '/api/v2/analytics/users/details/query',
        query: { x: '$regex:^\\d+$' },
        headers: { 'X-Test': 'yes' },
        body: { order: 'desc' },
      },
      response: { status: 204 },
      times: 1,
    });
    const post = (query: string, headers: Record<string, string>, body: object) =>
      raw()
        .post(`/api/v2/analytics/users/details/query${query}`)
        .set({ ...auth, ...headers })
        .send(body);
    expect((await post('?x=12', { 'X-Test': 'yes' }, { order: 'asc' })).status).toBe(501);
    expect((await post('?x=ab', { 'X-Test': 'yes' }, { order: 'desc' })).status).toBe(501);
    expect((await post('?x=12', {}, { order: 'desc' })).status).toBe(501);
    const hit = await post('?x=12', { 'X-Test': 'yes' }, { order: 'desc', interval: 'i' });
    expect([hit.status, hit.text]).toEqual([204, '']);
    expect((await post('?x=12', { 'X-Test': 'yes' }, { order: 'desc' })).status).toBe(501);
    expect((await h.http.get('/__admin/stubs')).body.stubs).toEqual([]);
  });

  test('a reset removes them; DELETE /__admin/stubs removes all', async () => {
    await h.http.post('/__admin/stubs').send(flowListing);
    await h.http.post('/__admin/reset').send({});
    expect((await h.http.get('/__admin/stubs')).body.stubs).toEqual([]);
    auth = { Authorization: `Bearer ${await h.token()}` }; // the reset took the tokens too
    await h.http.post('/__admin/stubs').send(flowListing);
    expect((await h.http.delete('/__admin/stubs')).status).toBe(204);
    expect((await h.http.get(FLOWS).set(auth)).status).toBe(501);
  });

  test.each([
    ['no response', { request: { method: 'GET', path: FLOWS } }],
    ['a path without its slash', { request: { method: 'GET', path: 'api/v2/x' }, response: { status: 200 } }],
    ['a status out of range', { request: { method: 'GET', path: FLOWS }, response: { status: 99 } }],
    ['a header the server sets', { request: { method: 'GET', path: FLOWS }, response: { status: 200, headers: { 'Content-Length': '1' } } }],
    ['an unknown field', { request: { method: 'GET', path: FLOWS }, response: { status: 200 }, when: 'now' }],
  ])('refused with 400: %s', async (_, body) => {
    const res = await h.http.post('/__admin/stubs').send(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });
});
