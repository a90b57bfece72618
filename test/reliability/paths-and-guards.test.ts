// Every path decision is made once, case-sensitively (src/http/paths.ts): the admin token cannot
// be passed by writing /__admin in another case, and /API/V2 is no way around the journal, the
// faults or the rate limits: it is a path that does not exist.
import request from 'supertest';
import { DEMO, harness } from '../support/harness.js';

const NOT_FOUND = { code: 'not.found', status: 404 };

describe('--admin-token', () => {
  test.each([
    ['get', '/__ADMIN/state', 404],
    ['get', '/__Admin/state', 404],
    ['post', '/__Admin/oauth/clients', 404],
    ['post', '/__ADMIN/reset', 404],
    // under /__admin itself the token comes first, whatever follows
    ['post', '/__admin/Reset', 401],
    ['get', '/__admin/State', 401],
  ] as const)('%s %s: %d without the token, 404 not.found with it; nothing changes', async (method, path, withoutToken) => {
    const h = harness({ adminToken: 'tok' });
    const before = h.store.snapshot();
    const body = { empty: true, scopes: ['conversations'] };
    const without = await request(h.app)[method](path).send(body);
    expect(without.status).toBe(withoutToken);
    const withToken = await request(h.app)[method](path).set('Authorization', 'Bearer tok').send(body);
    expect([withToken.status, withToken.body.code]).toEqual([404, 'not.found']);
    expect(h.store.snapshot()).toEqual(before);
  });

  test('the exact paths still need it, and health does not', async () => {
    const h = harness({ adminToken: 'tok' });
    expect((await h.http.get('/__admin/state')).status).toBe(401);
    expect((await request(h.app).get('/__admin/state/')).status).toBe(401);
    expect((await h.http.get('/__admin/state').set('Authorization', 'Bearer tok')).status).toBe(200);
    expect((await h.http.get('/__admin/health')).status).toBe(200);
  });
});

describe('the Genesys API in another case', () => {
  test('/API/V2/… is 404, journaled nowhere, and no fault on /api/v2/** answers it', async () => {
    const h = harness();
    const auth = { Authorization: `Bearer ${await h.token()}` };
    await h.http.post('/__admin/faults').send({ path: '/api/v2/**', status: 503 });
    await h.http.delete('/__admin/requests');
    for (const path of [
      `/API/V2/conversations/${DEMO.voiceConnected}`,
      `/Api/v2/conversations/${DEMO.voiceConnected}`,
      `/api/V2/conversations/${DEMO.voiceConnected}`,
      '/OAUTH/TOKEN',
    ]) {
      const res = await request(h.app).get(path).set(auth);
      expect([res.status, res.body]).toEqual([404, expect.objectContaining(NOT_FOUND)]);
    }
    expect((await h.http.get('/__admin/requests')).body.total).toBe(0);
    expect((await request(h.app).get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(503);
  });
});
