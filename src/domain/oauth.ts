// The login service's /oauth/token as Genesys answers it (client credentials here, the user-context
// grants in oauth-grants.ts), and bearer-token checks for API calls.
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { ApiError, OAuthError } from './errors.js';
import { secretsEqual, sha256 } from './secrets.js';
import { boundedMemo } from './memo.js';
import type { OAuthClientRecord, TokenRecord } from '../store/schema.js';
import { AuthorizationCodes, grantTypesOf, tokenFromCode, tokenFromRefresh, type UserTokenResponse } from './oauth-grants.js';

export interface TokenRequest {
  /** The raw Authorization header, if any. */
  authorization?: string | undefined;
  form: Record<string, unknown>;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/** Who is calling: resolved from a valid bearer token. */
export interface Principal {
  /** The id of the token's record (its sha256): what revoking it deletes. */
  tokenId: string;
  orgId: string;
  clientId: string;
  /** The user the client acts as, if it has one. */
  userId?: string | undefined;
  scopes: readonly string[];
}

function field(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export async function issueToken(
  deps: Deps,
  tokenTtlSeconds: number,
  request: TokenRequest,
  codes = new AuthorizationCodes(),
): Promise<TokenResponse | UserTokenResponse> {
  const grantType = field(request.form, 'grant_type');
  if (!grantType) throw new OAuthError('invalidRequest', { reason: 'grant_type is required' });
  if (grantType === 'authorization_code' || grantType === 'refresh_token') {
    const credentials = basicCredentials(request.authorization) ?? { id: field(request.form, 'client_id') ?? '', secret: field(request.form, 'client_secret') };
    return grantType === 'authorization_code'
      ? tokenFromCode(deps, codes, tokenTtlSeconds, credentials, {
          code: field(request.form, 'code'),
          redirectUri: field(request.form, 'redirect_uri'),
          codeVerifier: field(request.form, 'code_verifier'),
        })
      : tokenFromRefresh(deps, tokenTtlSeconds, credentials, field(request.form, 'refresh_token'));
  }
  if (grantType !== 'client_credentials') throw new OAuthError('unsupportedGrantType');

  const credentials = basicCredentials(request.authorization) ?? {
    id: field(request.form, 'client_id') ?? '',
    secret: field(request.form, 'client_secret') ?? '',
  };
  if (!credentials.id) throw new OAuthError('credentialsMissing');
  const client = deps.store.get('oauthClients', credentials.id);
  // Compare against something even for an unknown client, so both failures cost the same.
  const secretOk = secretsEqual(credentials.secret, client?.secret ?? '\u0000unknown-client');
  if (!client) throw new OAuthError('clientNotFound');
  if (!secretOk) throw new OAuthError('authenticationFailed');
  if (!grantTypesOf(client).includes('CLIENT-CREDENTIALS')) throw new OAuthError('unauthorizedClient', { grantType: 'client_credentials' });

  const scopes = grantedScopes(client, field(request.form, 'scope'));
  const accessToken = deps.ids.secret();
  const now = deps.clock.now();
  const record: TokenRecord = {
    id: sha256(accessToken),
    orgId: client.orgId,
    clientId: client.id,
    ...(client.userId ? { userId: client.userId } : {}),
    scopes,
    issuedAt: isoNow(deps.clock),
    expiresAt: new Date(now + tokenTtlSeconds * 1000).toISOString(),
  };
  await deps.store.commit([{ op: 'put', collection: 'tokens', record }]);
  return { access_token: accessToken, token_type: 'bearer', expires_in: tokenTtlSeconds };
}

function grantedScopes(client: OAuthClientRecord, requested: string | undefined): string[] {
  const wanted = (requested ?? '').split(' ').filter(Boolean);
  if (wanted.length === 0) return [...client.scopes];
  const missing = wanted.filter((s) => !client.scopes.includes(s));
  if (missing.length > 0) throw new OAuthError('invalidScope', { scopes: missing.join(' ') });
  return [...new Set(wanted)];
}

/** The token of an `Authorization: Bearer TOKEN` header; undefined for any other header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/**
 * The id of a bearer token's record (its sha256), remembered for the tokens seen lately: every API
 * call hashed its token, and a hash is native garbage. Only in memory, like the calls' headers.
 */
const tokenIdOf = boundedMemo(1000, sha256);

/** Resolves an API call's Authorization header to its principal, or throws the Genesys 401. */
export function authenticate(deps: Deps, authorization: string | undefined): Principal {
  const bearer = bearerToken(authorization);
  if (bearer === undefined) throw new ApiError('authenticationRequired');
  const token = deps.store.get('tokens', tokenIdOf(bearer));
  // A refresh token buys access tokens at /oauth/token; it is none itself.
  if (!token || token.refresh) throw new ApiError('badCredentials');
  if (Date.parse(token.expiresAt) <= deps.clock.now()) throw new ApiError('credentialsExpired');
  return { tokenId: token.id, orgId: token.orgId, clientId: token.clientId, userId: token.userId, scopes: token.scopes };
}

/** An operation declares the scopes that allow it; the token needs at least one of them. */
export function requireAnyScope(principal: Principal, required: readonly string[]): void {
  if (required.length === 0) return;
  if (required.some((s) => principal.scopes.includes(s))) return;
  throw new ApiError('missingAnyScopes', { scopes: required.join(', ') });
}

/** The principal of a bearer token if it is valid now, without answering anything (faults, journal). */
export function peekPrincipal(deps: Deps, authorization: string | undefined): Principal | undefined {
  try {
    return authenticate(deps, authorization);
  } catch {
    return undefined;
  }
}

/** The client id a token request names, from Basic or the form, for the journal. */
export function tokenRequestClient(deps: Deps, request: TokenRequest): { clientId?: string; orgId?: string } {
  const id = basicCredentials(request.authorization)?.id ?? field(request.form, 'client_id');
  if (!id) return {};
  const client = deps.store.get('oauthClients', id);
  return { clientId: id, ...(client ? { orgId: client.orgId } : {}) };
}
