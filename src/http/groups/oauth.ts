// The login service (openapi/groups/oauth.yaml): client credentials tokens.
import { issueToken } from '../../domain/oauth.js';
import { Reply, type Handlers } from '../operations.js';

export const handlers = {
  postOauthToken: async (ctx) => {
    const form = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
    const token = await issueToken(ctx.deps, ctx.app.tokenTtlSeconds, { authorization: ctx.headers.authorization, form });
    return new Reply(200, token, { 'Cache-Control': 'no-store' });
  },
} satisfies Handlers;
