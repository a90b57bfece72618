// The Notifications API group (openapi/groups/notifications.yaml): channels and their topic
// subscriptions. The channels live in the hub; their sockets in src/http/notification-sockets.ts.
import { availableTopics } from '../../domain/notifications/topics.js';
import { emptyOk, noContent, type Handlers, type OperationContext } from '../operations.js';

/** ws://HOST:PORT of this server, as the client reached it. */
const socketBase = (ctx: OperationContext) => `ws://${ctx.headers.host ?? '127.0.0.1'}`;

export const handlers = {
  postNotificationsChannels: (ctx) => ctx.app.hub.create(ctx.principal, socketBase(ctx)),
  getNotificationsChannels: (ctx) => ({ entities: ctx.app.hub.list(ctx.principal, socketBase(ctx)) }),
  headNotificationsChannel: (ctx) => {
    ctx.app.hub.exists(ctx.principal, ctx.params.channelId);
    return emptyOk();
  },
  getNotificationsChannelSubscriptions: (ctx) => ({ entities: ctx.app.hub.subscriptions(ctx.principal, ctx.params.channelId) }),
  postNotificationsChannelSubscriptions: (ctx) => ({ entities: ctx.app.hub.subscribe(ctx.principal, ctx.params.channelId, ctx.body ?? [], 'add') }),
  putNotificationsChannelSubscriptions: (ctx) => ({ entities: ctx.app.hub.subscribe(ctx.principal, ctx.params.channelId, ctx.body ?? [], 'replace') }),
  deleteNotificationsChannelSubscriptions: (ctx) => {
    ctx.app.hub.unsubscribeAll(ctx.principal, ctx.params.channelId);
    return noContent();
  },
  getNotificationsAvailabletopics: () => ({ entities: availableTopics() }),
} satisfies Handlers;
