// The user-context grants over HTTP (src/domain/oauth-grants.ts): the login page by form posts, the
// code grant with a secret or PKCE, refresh tokens that rotate, the implicit grant, and refusals.
import { createHash } from 'node:crypto';
import { harness, tokenFor, type Harness } from '../support/harness.js';

const REDIRECT = 'http://localhost:3000/callback';
let h: Harness;
let org: { id: string; userId: string; clientId: string; clientSecret: string };
let client: { clientId: string; clientSecret: string };
beforeEach(async () => {
  h = harness();
  org = (await h.http.post('/__admin/orgs').send({ name: 'Users' })).body;
  client = (
    await h.http.post('/__admin/oauth/clients').send({
      orgId: org.id,
      name: 'Code app',
      scopes: ['users', 'conversations'],
      authorizedGrantTypes: ['CODE', 'TOKEN'],
      registeredRedirectUris: [REDIRECT],
    })
  ).body;
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** Logs in on the page as the org's user: the Location the form sends the browser to. */
async function login(query: Record<string, string>): Promise<URL> {
  const params = { response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, ...query };
  const page = await h.http.get(`/oauth/authorize?${new URLSearchParams(params)}`);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.text).toContain(`value="${org.userId}"`);
  const posted = await h.http
    .post('/oauth/authorize')
    .type('form')
    .send({ ...params, user_id: org.userId });
  expect(posted.status).toBe(302);
  return new URL(posted.headers.location!);
}

test('the code grant: the page, the code at the redirect URI with the state, a token pair for the user, and users/me is that user', async () => {
  const back = await login({ state: 'xyz' });
  expect([back.origin + back.pathname, back.searchParams.get('state')]).toEqual([REDIRECT, 'xyz']);
  const res = await h.http
    .post('/oauth/token')
    .set('Authorization', basic(client.clientId, client.clientSecret))
    .type('form')
    .send({ grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: REDIRECT });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86399, refresh_token: expect.any(String) });
  const me = await h.http.get('/api/v2/users/me').set('Authorization', `Bearer ${res.body.access_token}`);
  expect([me.status, me.body.id]).toEqual([200, org.userId]);
  // a refresh token is no bearer token
  expect((await h.http.get('/api/v2/users/me').set('Authorization', `Bearer ${res.body.refresh_token}`)).status).toBe(401);
  // a code is used once
  const again = await h.http
    .post('/oauth/token')
    .set('Authorization', basic(client.clientId, client.clientSecret))
    .type('form')
    .send({ grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: REDIRECT });
  expect([again.status, again.body.error]).toEqual([400, 'invalid_grant']);
});

test('refresh tokens rotate: the new pair works, the old refresh token is refused', async () => {
  const back = await login({});
  const first = (
    await h.http
      .post('/oauth/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form')
      .send({ grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: REDIRECT })
  ).body;
  const refresh = (token: string) =>
    h.http
      .post('/oauth/token')
      .set('Authorization', basic(client.clientId, client.clientSecret))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: token });
  const second = await refresh(first.refresh_token);
  expect(second.status).toBe(200);
  expect(second.body.refresh_token).not.toBe(first.refresh_token);
  expect((await h.http.get('/api/v2/users/me').set('Authorization', `Bearer ${second.body.access_token}`)).body.id).toBe(org.userId);
  const reused = await refresh(first.refresh_token);
  expect([reused.status, reused.body.error]).toEqual([400, 'invalid_grant']);
});

test('PKCE: the code with its S256 challenge is traded by client id and verifier, without the secret; a wrong verifier is refused', async () => {
  const verifier = 'a-verifier-of-forty-three-characters-at-least-1234';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const trade = async (codeVerifier: string) => {
    const back = await login({ code_challenge: challenge, code_challenge_method: 'S256' });
    return h.http
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        client_id: client.clientId,
        code: back.searchParams.get('code'),
        redirect_uri: REDIRECT,
        code_verifier: codeVerifier,
      });
  };
  const good = await trade(verifier);
  expect([good.status, typeof good.body.access_token]).toEqual([200, 'string']);
  const bad = await trade(`${verifier}x`);
  expect([bad.status, bad.body.error]).toEqual([400, 'invalid_grant']);
  // without a challenge, no secret is no login
  const back = await login({});
  const noSecret = await h.http
    .post('/oauth/token')
    .type('form')
    .send({ grant_type: 'authorization_code', client_id: client.clientId, code: back.searchParams.get('code'), redirect_uri: REDIRECT });
  expect([noSecret.status, noSecret.body.error]).toEqual([401, 'invalid_client']);
});

test('the implicit grant: the token comes back in the fragment, with the state', async () => {
  const back = await login({ response_type: 'token', state: 's1' });
  const fragment = new URLSearchParams(back.hash.slice(1));
  expect([fragment.get('token_type'), fragment.get('expires_in'), fragment.get('state')]).toEqual(['bearer', '86399', 's1']);
  expect((await h.http.get('/api/v2/users/me').set('Authorization', `Bearer ${fragment.get('access_token')}`)).body.id).toBe(org.userId);
});

test.each([
  ['a client that does not exist', { client_id: 'nobody' }, /There is no OAuth client nobody/],
  ['a redirect URI not registered', { redirect_uri: 'http://evil.example/cb' }, /is not registered for the client/],
  ['a response type that is none', { response_type: 'id_token' }, /./],
])('the login page refuses %s on the page, without redirecting', async (_, query, reason) => {
  const params = { response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, ...query };
  const res = await h.http.get(`/oauth/authorize?${new URLSearchParams(params)}`);
  expect(res.status).toBe(400);
  expect(res.headers.location).toBeUndefined();
  if (res.headers['content-type']?.startsWith('text/html')) expect(res.text).toMatch(reason);
});

test('a client only for client credentials cannot log users in, and a code-only client gets no client-credentials token', async () => {
  const params = { response_type: 'code', client_id: org.clientId, redirect_uri: REDIRECT };
  expect((await h.http.get(`/oauth/authorize?${new URLSearchParams(params)}`)).status).toBe(400);
  const codeOnly = (
    await h.http.post('/__admin/oauth/clients').send({ orgId: org.id, scopes: ['users'], authorizedGrantTypes: ['CODE'], registeredRedirectUris: [REDIRECT] })
  ).body;
  const res = await h.http.post('/oauth/token').auth(codeOnly.clientId, codeOnly.clientSecret).type('form').send({ grant_type: 'client_credentials' });
  expect([res.status, res.body.error]).toEqual([400, 'unauthorized_client']);
  // the org's own client still logs in with client credentials
  expect(typeof (await tokenFor(h.http, org.clientId, org.clientSecret))).toBe('string');
});

test('posting the form for a user who is not of the org is refused on the page', async () => {
  const params = { response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT };
  const res = await h.http
    .post('/oauth/authorize')
    .type('form')
    .send({ ...params, user_id: 'someone-else' });
  expect(res.status).toBe(400);
  expect(res.headers.location).toBeUndefined();
});

test('tokens/me says how a user token was granted', async () => {
  const back = await login({ response_type: 'token' });
  const token = new URLSearchParams(back.hash.slice(1)).get('access_token');
  const me = await h.http.get('/api/v2/tokens/me').set('Authorization', `Bearer ${token}`);
  expect(me.body.OAuthClient).toMatchObject({ id: client.clientId, authorizedGrantType: 'TOKEN' });
});

describe('the demo seed', () => {
  test('demo-code-client logs Ada Agent in with the code grant to its registered callback', async () => {
    const params = { response_type: 'code', client_id: 'demo-code-client', redirect_uri: 'http://localhost:3000/callback' };
    const page = await h.http.get(`/oauth/authorize?${new URLSearchParams(params)}`);
    expect(page.text).toContain('Ada Agent');
    const posted = await h.http
      .post('/oauth/authorize')
      .type('form')
      .send({ ...params, user_id: 'a9f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    const code = new URL(posted.headers.location!).searchParams.get('code');
    const token = await h.http
      .post('/oauth/token')
      .set('Authorization', basic('demo-code-client', 'demo-code-secret'))
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: params.redirect_uri });
    const me = await h.http.get('/api/v2/users/me').set('Authorization', `Bearer ${token.body.access_token}`);
    expect([me.status, me.body.name]).toEqual([200, 'Ada Agent']);
  });

  test('demo-app-client has client credentials and no user: users/me is 400 not.a.user', async () => {
    const token = await tokenFor(h.http, 'demo-app-client', 'demo-app-secret');
    const me = await h.http.get('/api/v2/users/me').set('Authorization', `Bearer ${token}`);
    expect([me.status, me.body.code]).toEqual([400, 'not.a.user']);
  });
});

test('a redirect_uri written unencoded, as typed into an address bar, is taken as it comes', async () => {
  const res = await h.http.get(`/oauth/authorize?response_type=code&client_id=${client.clientId}&redirect_uri=${REDIRECT}&state=a/b`);
  expect(res.status).toBe(200);
  expect(res.text).toContain(`value="${REDIRECT}"`);
});
