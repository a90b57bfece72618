// The admin API: fixtures of the default org (clients, users, queues, conversations).
import { presentConversation } from '../../../domain/conversation-render.js';
import { createClient, createConversation, createQueue, createUser, setConversationStage } from '../../../domain/fixtures.js';
import { defaultOrgId } from '../../../domain/seed.js';
import { created, type Handlers } from '../../operations.js';

export const handlers = {
  postAdminOauthClient: async (ctx) => {
    const client = await createClient(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body);
    return created({
      clientId: client.id,
      clientSecret: client.secret,
      name: client.name,
      scopes: client.scopes,
      orgId: client.orgId,
      ...(client.userId ? { userId: client.userId } : {}),
      ...(client.authorizedGrantTypes ? { authorizedGrantTypes: client.authorizedGrantTypes as ('CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN')[] } : {}),
      ...(client.registeredRedirectUris ? { registeredRedirectUris: client.registeredRedirectUris } : {}),
    });
  },
  postAdminUser: async (ctx) => {
    const user = await createUser(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body);
    return created({ id: user.id, name: user.name, orgId: user.orgId });
  },
  postAdminQueue: async (ctx) => {
    const queue = await createQueue(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body);
    return created({ id: queue.id, name: queue.name, orgId: queue.orgId });
  },
  postAdminConversation: async (ctx) => created(presentConversation(ctx.store, await createConversation(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body))),
  patchAdminConversation: async (ctx) => presentConversation(ctx.store, await setConversationStage(ctx.deps, ctx.params.conversationId, ctx.body.state)),
} satisfies Handlers;
