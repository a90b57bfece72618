// The login service (openapi/groups/oauth.yaml): tokens, and the login page of the user grants.
import { issueToken } from '../../domain/oauth.js';
import { authorize, AuthorizeRefused, checkAuthorize, type AuthorizeRequest } from '../../domain/oauth-grants.js';
import { loginPage, refusedPage } from '../login-page.js';
import { Reply, type Handlers } from '../operations.js';

const HTML = 'text/html; charset=utf-8';

function authorizeRequest(get: (name: string) => string | undefined): AuthorizeRequest {
  return {
    responseType: get('response_type'),
    clientId: get('client_id'),
    redirectUri: get('redirect_uri'),
    state: get('state'),
    codeChallenge: get('code_challenge'),
    codeChallengeMethod: get('code_challenge_method'),
  };
}

/** A refusal of the login page is a page too, never a redirect to a URI not checked. */
async function onPage(answer: () => Promise<Reply<never>> | Reply<never>): Promise<Reply<never>> {
  try {
    return await answer();
  } catch (e) {
    if (e instanceof AuthorizeRefused) return new Reply(400, refusedPage(e.message) as never, { 'Cache-Control': 'no-store' }, HTML);
    throw e;
  }
}

export const handlers = {
  postOauthToken: async (ctx) => {
    const form = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
    const token = await issueToken(ctx.deps, ctx.app.tokenTtlSeconds, { authorization: ctx.headers.authorization, form }, ctx.app.codes);
    return new Reply(200, token, { 'Cache-Control': 'no-store' });
  },
  getOauthAuthorize: (ctx) =>
    onPage(() => {
      const request = authorizeRequest((name) => ctx.query.get(name) ?? undefined);
      const { client, users } = checkAuthorize(ctx.deps, request);
      return new Reply(200, loginPage(request, client.name, users) as never, { 'Cache-Control': 'no-store' }, HTML);
    }),
  postOauthAuthorize: (ctx) =>
    onPage(async () => {
      const form = ctx.body as Record<string, string | undefined>;
      const location = await authorize(
        ctx.deps,
        ctx.app.codes,
        ctx.app.tokenTtlSeconds,
        authorizeRequest((name) => form[name]),
        form.user_id,
      );
      return new Reply(302, undefined as never, { Location: location, 'Cache-Control': 'no-store' });
    }),
} satisfies Handlers;
