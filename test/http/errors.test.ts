// The Genesys error model everywhere: unknown routes, oversized and odd bodies, correlation ids.
import { DEMO, harness } from '../support/harness.js';

describe('Genesys error bodies', () => {
  test.each([
    ['get', '/api/v2/nothing/here'],
    ['get', '/'],
    ['delete', `/api/v2/conversations/${DEMO.voiceConnected}`],
    ['get', `/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`],
    ['post', '/__admin/nothing'],
  ] as const)('%s %s: an unknown route is 404 not.found', async (method, path) => {
    const h = harness();
    const res = await h.http[method](path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      message: 'The requested resource was not found.',
      code: 'not.found',
      status: 404,
      messageParams: {},
      contextId: res.headers['inin-correlation-id'],
      details: [],
      errors: [],
    });
  });

  test('a body over 512,000 bytes is 413, before anything else', async () => {
    const h = harness();
    const token = await h.token();
    const big = JSON.stringify({ initiator: { id: 'x'.repeat(512_001), type: 'agent' } });
    const res = await h.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'request.entity.too.large' });
  });

  test('a body just under the limit is read', async () => {
    const h = harness();
    const token = await h.token();
    const body = JSON.stringify({ cobrowseSessionId: 'null', pad: 'x'.repeat(500_000) });
    const res = await h.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('cobrowseSessionId required');
  });

  test('malformed JSON on an admin route is 400 bad.request, never a 500 or HTML', async () => {
    const h = harness();
    const res = await h.http.post('/__admin/users').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.code).toBe('bad.request');
  });

  test('schema violations name each field', async () => {
    const h = harness();
    const res = await h.http.post('/__admin/conversations').send({ mediaType: 'fax', state: 'connected', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fieldName: 'mediaType' }),
        expect.objectContaining({ fieldName: 'extra' }),
      ]),
    );
  });

  test('every response carries a fresh inin-correlation-id', async () => {
    const h = harness();
    const a = await h.http.get('/__admin/health');
    const b = await h.http.get('/__admin/health');
    expect(a.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['inin-correlation-id']).not.toBe(b.headers['inin-correlation-id']);
  });

  test('the OpenAPI document is served', async () => {
    const h = harness();
    const res = await h.http.get('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.text).toContain('PureCloud OAuth');
  });
});
