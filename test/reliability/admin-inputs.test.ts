// The control plane under hostile or careless input: fault headers that would break the answer,
// a clock sent past what dates can say, more faults than make sense, credentials in every place a
// client can put them, requests that never get an answer, and a flood of large unauthenticated
// requests against the journal's bounds.
import request from 'supertest';
import { startMockServer } from '../../src/index.js';
import { BODY_KEPT_BYTES } from '../../src/domain/admin/journal.js';
import { DEMO, harness } from '../support/harness.js';

const COBROWSE = `/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`;

describe('fault headers', () => {
  test.each([
    [{ 'X-A': 'a\nb' }, 'headers.X-A'],
    [{ 'X-A': 'a\r\nSet-Cookie: x=1' }, 'headers.X-A'],
    [{ 'Bad Name': 'x' }, 'headers.Bad Name'],
    [{ 'Content-Length': '0' }, 'headers.Content-Length'],
    [{ 'Transfer-Encoding': 'chunked' }, 'headers.Transfer-Encoding'],
  ])('%j is refused when the fault is made (400), and the next request is answered', async (headers, fieldName) => {
    const server = await startMockServer();
    try {
      const res = await fetch(`${server.url}/__admin/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: '/api/v2/conversations', status: 503, headers, delayMs: 50 }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { details: { fieldName: string }[] }).details).toEqual([{ errorCode: 'invalid.value', fieldName }]);
      expect((await fetch(`${server.url}/api/v2/conversations`)).status).toBe(401);
      expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('bounds on control inputs', () => {
  test('a clock advanced past year 9999 is 400; the clock and every request stay as they were', async () => {
    const h = harness();
    const before = (await h.http.get('/__admin/clock')).body.now;
    for (const body of [
      { advanceSeconds: 1e15 },
      { advanceSeconds: 1e308 },
      { now: '+100000-01-01T00:00:00Z' },
      { now: '1969-12-31T23:59:59Z', backwards: true },
    ]) {
      const res = await h.http.post('/__admin/clock').send(body);
      expect([res.status, res.body.code]).toEqual([400, 'invalid.value']);
    }
    expect((await h.http.get('/__admin/clock')).body.now).toBe(before);
    expect((await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' })).status).toBe(200);
    // the latest time there is, is allowed
    expect((await h.http.post('/__admin/clock').send({ now: '9999-12-31T23:59:59.999Z' })).status).toBe(200);
    expect((await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' })).status).toBe(200);
  });

  test('at most 1,000 faults: the 1,001st is 400; with 1,000 armed on other paths, a request is answered as before, and the first matching fault still answers', async () => {
    const h = harness();
    for (let i = 0; i < 999; i++) expect((await h.http.post('/__admin/faults').send({ path: `/api/v2/nothing/${i}`, status: 500 })).status).toBe(201);
    expect((await h.http.post('/__admin/faults').send({ path: '/api/v2/conversations/**', status: 503, times: 1 })).status).toBe(201);
    const refused = await h.http.post('/__admin/faults').send({ path: COBROWSE, status: 500 });
    expect([refused.status, refused.body.message]).toEqual([
      400,
      'The request body is invalid: there are already 1000 faults, the most there can be: remove some first',
    ]);
    const auth = { Authorization: `Bearer ${await h.token()}` };
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(503);
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    expect((await h.http.get('/__admin/faults')).body.faults).toHaveLength(999);
    expect((await h.http.post('/__admin/faults').send({ path: COBROWSE, status: 500 })).status).toBe(201);
  });
});

describe('credentials in the journal', () => {
  const TOKEN = 'SECRET-TOKEN-VALUE-42';
  test.each([
    ['Authorization with a tab', { Authorization: `Bearer\t${TOKEN}` }, { authorization: 'Bearer ********' }],
    ['Authorization without a space', { Authorization: `Bearer${TOKEN}` }, { authorization: '********' }],
    ['a bare Authorization', { Authorization: TOKEN }, { authorization: '********' }],
    ['Proxy-Authorization', { 'Proxy-Authorization': `Basic ${TOKEN}` }, { 'proxy-authorization': 'Basic ********' }],
    ['Cookie', { Cookie: `session=${TOKEN}` }, { cookie: '********' }],
    ['X-Api-Key', { 'X-Api-Key': TOKEN }, { 'x-api-key': '********' }],
    ['X-Auth-Token', { 'X-Auth-Token': TOKEN }, { 'x-auth-token': '********' }],
  ])('%s is masked', async (_, headers, shown) => {
    const h = harness();
    await request(h.app).get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(headers);
    const journal = await h.http.get('/__admin/requests');
    expect(journal.body.requests[0].headers).toMatchObject(shown);
    expect(JSON.stringify(journal.body)).not.toContain(TOKEN);
  });

  test('credential-looking query parameters are masked; the others are kept as sent', async () => {
    const h = harness();
    await request(h.app).get(`/api/v2/conversations?access_token=${TOKEN}&client_secret=${TOKEN}&apiKey=${TOKEN}&code=${TOKEN}&pageSize=5`);
    const journal = await h.http.get('/__admin/requests');
    expect(journal.body.requests[0].query).toEqual({
      access_token: '********',
      client_secret: '********',
      apiKey: '********',
      code: '********',
      pageSize: '5',
    });
    expect(JSON.stringify(journal.body)).not.toContain(TOKEN);
  });

  test('secrets in bodies are masked wherever the journal is read: the list, one request, a body search', async () => {
    const h = harness();
    const login = await request(h.app)
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: TOKEN });
    expect(login.status).toBe(401);
    const [listed] = (await h.http.get('/__admin/requests')).body.requests;
    expect(listed.body).toEqual({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: '********' });
    const one = (await h.http.get(`/__admin/requests/${login.headers['inin-correlation-id']}`)).body;
    expect(one.body.client_secret).toBe('********');
    expect((await h.http.post('/__admin/requests/count').send({ bodyContains: TOKEN })).body.count).toBe(0);
    expect((await h.http.post('/__admin/requests/count').send({ bodyContains: 'demo-client' })).body.count).toBe(1);
  });

  test('a secret at the start of a body cut short is masked before the cut', async () => {
    const h = harness();
    const big = JSON.stringify({ password: TOKEN, pad: 'x'.repeat(BODY_KEPT_BYTES) });
    expect((await request(h.app).post(COBROWSE).set('Content-Type', 'application/json').send(big)).status).toBe(401);
    const [entry] = (await h.http.get('/__admin/requests')).body.requests;
    expect(entry.body.startsWith('{"password":"********","pad":"xxx')).toBe(true);
    expect(entry.body).not.toContain(TOKEN);
  });
});

describe('what the journal records', () => {
  test('a request cut by a drop fault is journaled, with the fault and no status', async () => {
    const h = harness();
    const fault = await h.http.post('/__admin/faults').send({ path: '/api/v2/conversations', drop: true, times: 1 });
    await expect(request(h.app).get('/api/v2/conversations')).rejects.toThrow(/socket hang up|ECONNRESET/);
    const [entry] = (await h.http.get('/__admin/requests')).body.requests;
    expect(entry).toMatchObject({ method: 'GET', path: '/api/v2/conversations', fault: fault.body.id });
    expect(entry.status).toBeUndefined();
  });

  test('the query as the client sent it, not as validation filled it in', async () => {
    const h = harness();
    await h.http.get('/api/v2/conversations').set('Authorization', `Bearer ${await h.token()}`);
    const entries = (await h.http.get('/__admin/requests?path=/api/v2/conversations')).body.requests;
    expect(entries.map((e: { query: unknown }) => e.query)).toEqual([{}]);
  });

  test("a fault scoped to an org fires on /oauth/token for that org's client, and not for another org's", async () => {
    const h = harness();
    const other = (await h.http.post('/__admin/orgs').send({ name: 'other' })).body;
    await h.http.post('/__admin/faults').send({ path: '/oauth/token', orgId: DEMO.orgId, status: 503 });
    const login = (id: string, secret: string) => h.http.post('/oauth/token').auth(id, secret).type('form').send({ grant_type: 'client_credentials' });
    expect((await login('demo-client', 'demo-secret')).status).toBe(503);
    expect((await login(other.clientId, other.clientSecret)).status).toBe(200);
    // and with the credentials in the form instead of Basic
    const form = await h.http
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' });
    expect(form.status).toBe(503);
  });
});

describe('the journal under a flood of large unauthenticated requests', () => {
  test('bodies over 16 KB are kept cut short with a marker; the journal stays within its bytes; GET pages', async () => {
    const h = harness({ journalBytes: 400_000 });
    const big = JSON.stringify({ cobrowseSessionId: 'x'.repeat(500_000) });
    for (let i = 0; i < 60; i++) {
      expect((await request(h.app).post(COBROWSE).set('Content-Type', 'application/json').send(big)).status).toBe(401);
    }
    const journal = (await h.http.get('/__admin/requests?pageSize=1000')).body;
    // each entry costs its 16 KB of body and a little more: about 20 of them fit in 400,000 bytes
    expect(journal.total).toBeGreaterThan(10);
    expect(journal.total).toBeLessThan(400_000 / BODY_KEPT_BYTES);
    const body = journal.requests[0].body as string;
    expect(body.startsWith('{"cobrowseSessionId":"xxx')).toBe(true);
    expect(body.endsWith(`… [truncated: ${Buffer.byteLength(big)} bytes in all]`)).toBe(true);

    const pages = harness();
    for (let i = 0; i < 130; i++) await request(pages.app).get('/api/v2/conversations');
    const first = (await pages.http.get('/__admin/requests')).body;
    expect([first.requests.length, first.total, first.pageSize, first.pageNumber, first.pageCount]).toEqual([100, 130, 100, 1, 2]);
    const second = (await pages.http.get('/__admin/requests?pageNumber=2')).body;
    expect(second.requests.length).toBe(30);
    expect((await pages.http.get('/__admin/requests?pageSize=1e3')).status).toBe(400);
  }, 60_000);
});
