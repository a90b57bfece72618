// The admin API: fixtures of the default org (clients, users, queues, skills, wrap-up codes, messaging
// integrations, conversations, a customer's messages).
import { presentConversation } from '../../../domain/conversation-render.js';
import {
  createClient,
  createConversation,
  createMessagingIntegration,
  createQueue,
  createSkill,
  createUser,
  createWrapupCode,
  fixtureQueue,
  fixtureUser,
  setConversationStage,
} from '../../../domain/fixtures.js';
import { customerMessage } from '../../../domain/messaging.js';
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
    return created(fixtureUser(user));
  },
  postAdminQueue: async (ctx) => {
    const queue = await createQueue(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body);
    return created(fixtureQueue(queue));
  },
  postAdminSkill: async (ctx) => {
    const skill = await createSkill(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body);
    return created({ id: skill.id, name: skill.name, orgId: skill.orgId });
  },
  postAdminWrapupCode: async (ctx) => {
    const code = await createWrapupCode(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body);
    return created({ id: code.id, name: code.name, orgId: code.orgId });
  },
  postAdminMessagingIntegration: async (ctx) => created({ ...(await createMessagingIntegration(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body)) }),
  postAdminConversationMessage: async (ctx) => created(await customerMessage(ctx.deps, ctx.params.conversationId, ctx.body.text)),
  postAdminConversation: async (ctx) => created(presentConversation(ctx.store, await createConversation(ctx.deps, defaultOrgId(ctx.app.seed), ctx.body))),
  patchAdminConversation: async (ctx) => presentConversation(ctx.store, await setConversationStage(ctx.deps, ctx.params.conversationId, ctx.body.state)),
} satisfies Handlers;
