// POST /oauth/token over HTTP: the way the SDK sends it, and the OAuth error shape.
import { harness } from '../support/harness.js';

describe('POST /oauth/token', () => {
  test('Basic credentials with a raw form body, as the SDK sends it', async () => {
    const h = harness();
    const res = await h.http
      .post('/oauth/token')
      .set('Authorization', `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('grant_type=client_credentials');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86399 });
    expect(res.headers['inin-correlation-id']).toBeDefined();
  });

  test('client_id and client_secret as form fields', async () => {
    const h = harness();
    const res = await h.http
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' });
    expect(res.status).toBe(200);
  });

  test('the token works on the API and the ttl is the configured one', async () => {
    const h = harness({ tokenTtlSeconds: 120 });
    const res = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' });
    expect(res.body.expires_in).toBe(120);
    const get = await h.http.get('/api/v2/conversations/c0000000-0000-4000-8000-000000000001').set('Authorization', `Bearer ${res.body.access_token}`);
    expect(get.status).toBe(200);
  });

  test.each([
    ['unknown client', 'ghost', 'demo-secret', { grant_type: 'client_credentials' }, 400, 'invalid_client', 'client not found'],
    ['wrong secret', 'demo-client', 'wrong', { grant_type: 'client_credentials' }, 401, 'invalid_client', 'authentication failed'],
    ['other grant type', 'demo-client', 'demo-secret', { grant_type: 'password' }, 400, 'unsupported_grant_type', 'grant type not supported'],
    // (the code grant is test/http/oauth-user-grants.test.ts; the demo client is not authorized for it)
    [
      'the code grant for a client without it',
      'demo-client',
      'demo-secret',
      { grant_type: 'authorization_code', code: 'x', redirect_uri: 'http://localhost/cb' },
      400,
      'unauthorized_client',
      'client is not authorized for the authorization_code grant',
    ],
    [
      'scope the client lacks',
      'no-cobrowse-client',
      'no-cobrowse-secret',
      { grant_type: 'client_credentials', scope: 'conversations cobrowse:session:write' },
      400,
      'invalid_scope',
      'invalid scope: cobrowse:session:write',
    ],
  ])('%s → %i %s', async (_name, id, secret, form, status, error, description) => {
    const h = harness();
    const res = await h.http.post('/oauth/token').auth(id, secret).type('form').send(form);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, description, error_description: description });
  });

  test('a JSON body is refused in the OAuth shape', async () => {
    const h = harness();
    const res = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: 'invalid_request' });
  });
});
