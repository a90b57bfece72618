// The user-context grants of the login service, as Genesys and its SDKs use them: the authorization
// code grant (with a client secret, or PKCE S256 without one), its refresh tokens, and the implicit
// grant. The login page lists the org's users: picking one is logging in (no password here).
import { createHash } from 'node:crypto';
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { OAuthError } from './errors.js';
import { secretsEqual, sha256 } from './secrets.js';
import type { OAuthClientRecord, TokenRecord, UserRecord } from '../store/schema.js';

/** A code lives this long, as Genesys' (the SDK trades it at once). */
const CODE_TTL_MS = 5 * 60 * 1000;
const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type GrantType = 'CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN';

/** What GET /oauth/authorize is asked. */
export interface AuthorizeRequest {
  responseType: string | undefined;
  clientId: string | undefined;
  redirectUri: string | undefined;
  state?: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: string | undefined;
}

/** Why the login page cannot be shown: said on the page itself, never by redirecting (the redirect URI is not trusted yet). */
export class AuthorizeRefused extends Error {}

interface CodeGrant {
  clientId: string;
  userId: string;
  redirectUri: string;
  codeChallenge?: string | undefined;
  expiresAt: number;
}

/** Codes waiting to be traded for a token: in memory, single use, as short-lived as Genesys'. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, CodeGrant>();

  issue(code: string, grant: CodeGrant): void {
    this.codes.set(sha256(code), grant);
  }

  /** The grant of a code, once: a second use finds nothing. */
  redeem(code: string, now: number): CodeGrant | undefined {
    const key = sha256(code);
    const grant = this.codes.get(key);
    this.codes.delete(key);
    for (const [k, g] of this.codes) if (g.expiresAt <= now) this.codes.delete(k);
    return grant && grant.expiresAt > now ? grant : undefined;
  }
}

export const grantTypesOf = (client: OAuthClientRecord): readonly string[] => client.authorizedGrantTypes ?? ['CLIENT-CREDENTIALS'];

/** The client and the users it may log in as, for a request the login page may show. */
export function checkAuthorize(deps: Deps, request: AuthorizeRequest): { client: OAuthClientRecord; grant: GrantType; users: UserRecord[] } {
  const grant = request.responseType === 'code' ? 'CODE' : request.responseType === 'token' ? 'TOKEN' : undefined;
  if (!grant) throw new AuthorizeRefused('response_type must be code or token');
  const client = request.clientId ? deps.store.get('oauthClients', request.clientId) : undefined;
  if (!client) throw new AuthorizeRefused(`There is no OAuth client ${request.clientId ?? '(no client_id)'}`);
  if (!grantTypesOf(client).includes(grant)) throw new AuthorizeRefused(`The client ${client.id} is not authorized for the ${grant} grant`);
  if (!request.redirectUri || !(client.registeredRedirectUris ?? []).includes(request.redirectUri)) {
    throw new AuthorizeRefused(`The redirect_uri ${request.redirectUri ?? '(none)'} is not registered for the client ${client.id}`);
  }
  if (request.codeChallenge !== undefined && (request.codeChallengeMethod ?? 'plain') !== 'S256')
    throw new AuthorizeRefused('code_challenge_method must be S256');
  const users = deps.store.lookup('usersByOrg', client.orgId).filter((u) => u.state !== 'deleted' && u.state !== 'inactive');
  return { client, grant, users };
}

/**
 * A new secret of the user's and its record (the secret itself is never stored): an access token,
 * or with `refresh` a refresh token, which lives longer and buys access tokens.
 */
async function issueUserToken(deps: Deps, client: OAuthClientRecord, userId: string, grantType: GrantType, ttlMs: number, refresh = false): Promise<string> {
  const secret = deps.ids.secret();
  const record: TokenRecord = {
    id: sha256(secret),
    orgId: client.orgId,
    clientId: client.id,
    userId,
    scopes: [...client.scopes],
    issuedAt: isoNow(deps.clock),
    expiresAt: new Date(deps.clock.now() + ttlMs).toISOString(),
    grantType,
    ...(refresh ? { refresh } : {}),
  };
  await deps.store.commit([{ op: 'put', collection: 'tokens', record }]);
  return secret;
}

/** The user picked on the login page logs in: where the browser goes next (with a code, or the token in the fragment). */
export async function authorize(
  deps: Deps,
  codes: AuthorizationCodes,
  ttlSeconds: number,
  request: AuthorizeRequest,
  userId: string | undefined,
): Promise<string> {
  const { client, grant, users } = checkAuthorize(deps, request);
  if (!userId || !users.some((u) => u.id === userId)) throw new AuthorizeRefused('Pick a user of the organization');
  if (grant === 'TOKEN') {
    const accessToken = await issueUserToken(deps, client, userId, 'TOKEN', ttlSeconds * 1000);
    const fragment = new URLSearchParams({ access_token: accessToken, token_type: 'bearer', expires_in: String(ttlSeconds) });
    if (request.state !== undefined) fragment.set('state', request.state);
    return `${request.redirectUri!}#${fragment}`;
  }
  const code = deps.ids.secret();
  codes.issue(code, {
    clientId: client.id,
    userId,
    redirectUri: request.redirectUri!,
    codeChallenge: request.codeChallenge,
    expiresAt: deps.clock.now() + CODE_TTL_MS,
  });
  const url = new URL(request.redirectUri!);
  url.searchParams.set('code', code);
  if (request.state !== undefined) url.searchParams.set('state', request.state);
  return url.toString();
}

export interface UserTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
}

async function withRefresh(deps: Deps, client: OAuthClientRecord, userId: string, ttlSeconds: number): Promise<UserTokenResponse> {
  const accessToken = await issueUserToken(deps, client, userId, 'CODE', ttlSeconds * 1000);
  const refreshToken = await issueUserToken(deps, client, userId, 'CODE', REFRESH_TTL_MS, true);
  return { access_token: accessToken, token_type: 'bearer', expires_in: ttlSeconds, refresh_token: refreshToken };
}

/** The client of a code or refresh request: by its secret, or (PKCE) by its id alone when a verifier comes. */
function codeClient(deps: Deps, credentials: { id: string; secret?: string | undefined }, pkce: boolean): OAuthClientRecord {
  if (!credentials.id) throw new OAuthError('credentialsMissing');
  const client = deps.store.get('oauthClients', credentials.id);
  const secretOk = credentials.secret !== undefined && secretsEqual(credentials.secret, client?.secret ?? '\u0000unknown-client');
  if (!client) throw new OAuthError('clientNotFound');
  if (!secretOk && !pkce) throw new OAuthError('authenticationFailed');
  if (!grantTypesOf(client).includes('CODE')) throw new OAuthError('unauthorizedClient', { grantType: 'authorization_code' });
  return client;
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export async function tokenFromCode(
  deps: Deps,
  codes: AuthorizationCodes,
  ttlSeconds: number,
  credentials: { id: string; secret?: string | undefined },
  form: { code?: string | undefined; redirectUri?: string | undefined; codeVerifier?: string | undefined },
): Promise<UserTokenResponse> {
  const client = codeClient(deps, credentials, form.codeVerifier !== undefined);
  if (!form.code) throw new OAuthError('invalidRequest', { reason: 'code is required' });
  const grant = codes.redeem(form.code, deps.clock.now());
  if (!grant || grant.clientId !== client.id) throw new OAuthError('invalidGrant', { reason: 'the code is unknown, used or expired' });
  if (grant.redirectUri !== form.redirectUri) throw new OAuthError('invalidGrant', { reason: 'redirect_uri is not the one the code was issued for' });
  if (grant.codeChallenge !== undefined && (form.codeVerifier === undefined || s256(form.codeVerifier) !== grant.codeChallenge)) {
    throw new OAuthError('invalidGrant', { reason: 'code_verifier does not match the code_challenge' });
  }
  if (grant.codeChallenge === undefined && credentials.secret === undefined) throw new OAuthError('authenticationFailed');
  return withRefresh(deps, client, grant.userId, ttlSeconds);
}

/** A refresh token buys a new pair; it is used up (rotated), as Genesys rotates them. */
export async function tokenFromRefresh(
  deps: Deps,
  ttlSeconds: number,
  credentials: { id: string; secret?: string | undefined },
  refreshToken: string | undefined,
): Promise<UserTokenResponse> {
  const client = codeClient(deps, credentials, false);
  if (!refreshToken) throw new OAuthError('invalidRequest', { reason: 'refresh_token is required' });
  const record = deps.store.get('tokens', sha256(refreshToken));
  if (!record?.refresh || record.clientId !== client.id || Date.parse(record.expiresAt) <= deps.clock.now() || !record.userId) {
    throw new OAuthError('invalidGrant', { reason: 'the refresh token is unknown, used or expired' });
  }
  await deps.store.commit([{ op: 'delete', collection: 'tokens', id: record.id }]);
  return withRefresh(deps, client, record.userId, ttlSeconds);
}
