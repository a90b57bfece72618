// The Analytics API group (openapi/groups/analytics.yaml): conversation details.
import { getConversationDetails, getConversationsDetails, queryConversationDetails } from '../../domain/analytics.js';
import type { Handlers } from '../operations.js';

export const handlers = {
  postAnalyticsConversationsDetailsQuery: (ctx) => queryConversationDetails(ctx.deps, ctx.principal, ctx.body),
  getAnalyticsConversationDetails: (ctx) => getConversationDetails(ctx.deps, ctx.params.conversationId),
  getAnalyticsConversationsDetails: (ctx) =>
    getConversationsDetails(
      ctx.deps,
      ctx.query.getAll('id').flatMap((v) => v.split(',').filter(Boolean)),
    ),
} satisfies Handlers;
