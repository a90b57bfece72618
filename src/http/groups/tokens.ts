// The Tokens API group (openapi/groups/tokens.yaml): the caller's own token.
import { ApiError } from '../../domain/errors.js';
import { noContent, type Handlers, type OperationContext } from '../operations.js';

/** The caller's org and client, read through its org's view of the store. */
function callerOf(ctx: OperationContext) {
  const org = ctx.store.get('orgs', ctx.principal.orgId);
  const client = ctx.store.get('oauthClients', ctx.principal.clientId);
  // A token outlives neither its client nor its org (removing either removes its tokens).
  if (!org || !client) throw new ApiError('badCredentials');
  return { organization: { id: org.id, name: org.name }, client };
}

export const handlers = {
  getTokensMe: (ctx) => {
    const { organization, client } = callerOf(ctx);
    return {
      organization,
      // Genesys' home organization differs only for a token of a trusted org; there are none here.
      homeOrganization: organization,
      authorizedScope: [...ctx.principal.scopes],
      OAuthClient: {
        id: client.id,
        name: client.name,
        // How this token was granted: a user login (CODE, TOKEN) or client credentials.
        authorizedGrantType: (ctx.store.get('tokens', ctx.principal.tokenId)?.grantType ?? 'CLIENT-CREDENTIALS') as 'CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN',
        scope: [...client.scopes],
        organization,
      },
    };
  },
  deleteTokensMe: async (ctx) => {
    await ctx.store.commit([{ op: 'delete', collection: 'tokens', id: ctx.principal.tokenId }]);
    return noContent();
  },
} satisfies Handlers;
