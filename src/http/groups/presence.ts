// The Presence API group (openapi/groups/presence.yaml): presences and routing statuses.
import {
  bulkPresences,
  getPresence,
  listPresences,
  presentRoutingStatus,
  presentUserPresence,
  setRoutingStatus,
  setUserPresence,
} from '../../domain/presence.js';
import { userOf } from '../../domain/users.js';
import { pageRequestOf, type Handlers } from '../operations.js';

export const handlers = {
  getPresencedefinitions: (ctx) => listPresences(ctx.principal.orgId, pageRequestOf(ctx)),
  getPresencedefinition: (ctx) => getPresence(ctx.principal.orgId, ctx.params.presenceId),
  getUserPresencesPurecloud: (ctx) => presentUserPresence(userOf(ctx.store, ctx.params.userId)),
  patchUserPresencesPurecloud: (ctx) => setUserPresence(ctx.deps, ctx.params.userId, ctx.body.presenceDefinition.id, ctx.body.message),
  getUsersPresencesPurecloudBulk: (ctx) => bulkPresences(ctx.store, ctx.query.getAll('id')),
  getUserRoutingstatus: (ctx) => presentRoutingStatus(userOf(ctx.store, ctx.params.userId)),
  putUserRoutingstatus: (ctx) => setRoutingStatus(ctx.deps, ctx.params.userId, ctx.body.status),
} satisfies Handlers;
