// Rules 1 and 2 (authentication, then scope), and the token endpoint's outcomes, over the domain.
import { ApiError, OAuthError } from '../../src/domain/errors.js';
import { authenticate, issueToken, requireAnyScope } from '../../src/domain/oauth.js';
import { world } from '../support/world.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('issueToken', () => {
  const rows: [string, { authorization?: string; form: Record<string, string> }, { status: number; error: string; description: string } | 'ok'][] = [
    ['basic credentials', { authorization: basic('full', 'full-secret'), form: { grant_type: 'client_credentials' } }, 'ok'],
    ['form credentials', { form: { grant_type: 'client_credentials', client_id: 'full', client_secret: 'full-secret' } }, 'ok'],
    [
      'unknown client',
      { authorization: basic('ghost', 'x'), form: { grant_type: 'client_credentials' } },
      { status: 400, error: 'invalid_client', description: 'client not found' },
    ],
    [
      'wrong secret',
      { authorization: basic('full', 'wrong'), form: { grant_type: 'client_credentials' } },
      { status: 401, error: 'invalid_client', description: 'authentication failed' },
    ],
    [
      'password grant',
      { authorization: basic('full', 'full-secret'), form: { grant_type: 'password' } },
      { status: 400, error: 'unsupported_grant_type', description: 'grant type not supported' },
    ],
    [
      'no grant type',
      { authorization: basic('full', 'full-secret'), form: {} },
      { status: 400, error: 'invalid_request', description: 'grant_type is required' },
    ],
    ['no credentials', { form: { grant_type: 'client_credentials' } }, { status: 401, error: 'invalid_client', description: 'client authentication required' }],
    [
      'scope the client lacks',
      { authorization: basic('read', 'read-secret'), form: { grant_type: 'client_credentials', scope: 'cobrowse:session:write' } },
      { status: 400, error: 'invalid_scope', description: 'invalid scope: cobrowse:session:write' },
    ],
  ];
  test.each(rows)('%s', async (_name, request, expected) => {
    const deps = world();
    const result = issueToken(deps, 600, request);
    if (expected === 'ok') {
      const token = await result;
      expect(token).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 600 });
      // at least 128 bits of randomness, base64url
      expect(Buffer.from(token.access_token, 'base64url').length).toBeGreaterThanOrEqual(16);
      return;
    }
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    const e = error as OAuthError;
    expect({ status: e.status, error: e.error, description: e.message }).toEqual(expected);
  });

  test('scope narrows the token to a subset', async () => {
    const deps = world();
    const { access_token } = await issueToken(deps, 600, {
      authorization: basic('full', 'full-secret'),
      form: { grant_type: 'client_credentials', scope: 'conversations' },
    });
    expect(authenticate(deps, `Bearer ${access_token}`).scopes).toEqual(['conversations']);
  });

  test('the token itself is never stored', async () => {
    const deps = world();
    const { access_token } = await issueToken(deps, 600, { authorization: basic('full', 'full-secret'), form: { grant_type: 'client_credentials' } });
    expect(JSON.stringify(deps.store.snapshot())).not.toContain(access_token);
  });
});

describe('authenticate and scopes', () => {
  const rows: [string, (token: string) => string | undefined, number, string][] = [
    ['no header', () => undefined, 401, 'authentication.required'],
    ['not a bearer', () => 'Basic abc', 401, 'authentication.required'],
    ['empty bearer', () => 'Bearer ', 401, 'authentication.required'],
    ['unknown token', () => 'Bearer not-a-token', 401, 'bad.credentials'],
  ];
  test.each(rows)('%s', async (_name, header, status, code) => {
    const deps = world();
    const { access_token } = await issueToken(deps, 600, { authorization: basic('full', 'full-secret'), form: { grant_type: 'client_credentials' } });
    const error = (() => {
      try {
        authenticate(deps, header(access_token));
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('accepted');
    })();
    expect({ status: error.status, code: error.code }).toEqual({ status, code });
  });

  test('a token expires at its ttl on the injected clock', async () => {
    const deps = world();
    const { access_token } = await issueToken(deps, 600, { authorization: basic('full', 'full-secret'), form: { grant_type: 'client_credentials' } });
    deps.clock.advance(599);
    expect(authenticate(deps, `Bearer ${access_token}`).orgId).toBe('org-a');
    deps.clock.advance(1);
    expect(() => authenticate(deps, `Bearer ${access_token}`)).toThrow(expect.objectContaining({ code: 'credentials.expired', status: 401 }));
  });

  test.each([
    [['cobrowse:session:write'], ['cobrowse:session:write'], true],
    [['conversations'], ['cobrowse:session:write'], false],
    [['conversations:readonly'], ['conversations', 'conversations:readonly'], true],
    [[], ['conversations'], false],
  ])('token scopes %j against %j', (scopes, required, allowed) => {
    const principal = { tokenId: 't', orgId: 'o', clientId: 'c', scopes };
    if (allowed) {
      expect(() => requireAnyScope(principal, required)).not.toThrow();
    } else {
      expect(() => requireAnyScope(principal, required)).toThrow(
        expect.objectContaining({
          status: 403,
          code: 'missing.any.scopes',
          message: `Unable to perform the requested action. You must have at least one of the following scopes assigned: [${required.join(', ')}]`,
        }),
      );
    }
  });
});
