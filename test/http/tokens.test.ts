// The Tokens API group: GET /api/v2/tokens/me describes the caller's token, DELETE revokes it.
import platformClient from 'purecloud-platform-client-v2';
import { DEMO, harness, tokenFor } from '../support/harness.js';
import { listen, sdkLogin } from '../support/servers.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('GET /api/v2/tokens/me', () => {
  test("answers the token's org, scopes and OAuth client", async () => {
    const h = harness();
    const res = await h.http.get('/api/v2/tokens/me').set(bearer(await h.token()));
    expect(res.status).toBe(200);
    const org = { id: DEMO.orgId, name: expect.any(String) };
    expect(res.body).toEqual({
      organization: org,
      homeOrganization: org,
      authorizedScope: ['conversations', 'conversations:readonly', 'cobrowse:session:write', 'notifications'],
      OAuthClient: {
        id: 'demo-client',
        name: 'Demo client (every scope, acting as Ada Agent)',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        scope: ['conversations', 'conversations:readonly', 'cobrowse:session:write', 'notifications'],
        organization: org,
      },
    });
  });

  test('authorizedScope is what the token was granted, not all its client has', async () => {
    const h = harness();
    const res = await h.http.get('/api/v2/tokens/me').set(bearer(await h.token('demo-client', 'demo-secret', 'conversations:readonly')));
    expect([res.status, res.body.authorizedScope, res.body.OAuthClient.scope.length]).toEqual([200, ['conversations:readonly'], 4]);
  });

  test("an isolated org's token describes that org", async () => {
    const h = harness();
    const b = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const res = await h.http.get('/api/v2/tokens/me').set(bearer(await tokenFor(h.http, b.clientId, b.clientSecret)));
    expect([res.body.organization, res.body.OAuthClient.id]).toEqual([{ id: b.id, name: 'B' }, b.clientId]);
  });

  test.each([
    ['no token', {}, 'authentication.required'],
    ['an unknown token', bearer('not-a-token'), 'bad.credentials'],
  ])('%s: 401', async (_name, headers, code) => {
    const res = await harness().http.get('/api/v2/tokens/me').set(headers);
    expect([res.status, res.body.code]).toEqual([401, code]);
  });

  test('an expired token: 401 credentials.expired', async () => {
    const h = harness();
    const token = await h.token();
    h.clock.advance(24 * 3600);
    const res = await h.http.get('/api/v2/tokens/me').set(bearer(token));
    expect([res.status, res.body.code]).toEqual([401, 'credentials.expired']);
  });
});

describe('DELETE /api/v2/tokens/me', () => {
  test('revokes the token: the next call with it is 401, another token still works', async () => {
    const h = harness();
    const revoked = await h.token();
    const other = await h.token();
    const res = await h.http.delete('/api/v2/tokens/me').set(bearer(revoked));
    expect([res.status, res.text]).toEqual([204, '']);
    for (const path of ['/api/v2/tokens/me', `/api/v2/conversations/${DEMO.voiceConnected}`]) {
      const after = await h.http.get(path).set(bearer(revoked));
      expect([after.status, after.body.code]).toEqual([401, 'bad.credentials']);
    }
    expect((await h.http.get('/api/v2/tokens/me').set(bearer(other))).status).toBe(200);
    expect((await h.http.delete('/api/v2/tokens/me').set(bearer(revoked))).status).toBe(401);
  });

  test('removes the token from the store, and nothing else', async () => {
    const h = harness();
    const token = await h.token();
    const before = h.store.snapshot();
    await h.http.delete('/api/v2/tokens/me').set(bearer(token));
    const after = h.store.snapshot();
    expect(after.tokens).toHaveLength(before.tokens.length - 1);
    expect({ ...after, tokens: [] }).toEqual({ ...before, tokens: [] });
  });
});

test('the official SDK reads its token and revokes it', async () => {
  const h = harness();
  const server = await listen(h.app);
  try {
    await sdkLogin(platformClient, server.port);
    const api = new platformClient.TokensApi();
    const info = await api.getTokensMe();
    expect([info.organization?.id, info.OAuthClient?.id, info.OAuthClient?.authorizedGrantType]).toEqual([DEMO.orgId, 'demo-client', 'CLIENT-CREDENTIALS']);
    await api.deleteTokensMe();
    await expect(api.getTokensMe()).rejects.toMatchObject({ status: 401, code: 'bad.credentials' });
  } finally {
    await server.close();
  }
});
