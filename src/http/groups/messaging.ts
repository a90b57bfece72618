// The Messaging part of the Conversations API (openapi/groups/messaging.yaml): messages sent by
// agents, Open Messaging inbound messages and receipts, agentless notifications.
import { bulkMessages, getMessage, inboundOpenMessage, inboundOpenReceipt, sendAgentlessMessage, sendAgentMessage } from '../../domain/messaging.js';
import type { Handlers } from '../operations.js';

export const handlers = {
  postConversationsMessageCommunicationMessages: (ctx) =>
    sendAgentMessage(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.communicationId, ctx.body.textBody),
  getConversationsMessageMessage: (ctx) => getMessage(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.messageId),
  postConversationsMessageMessagesBulk: (ctx) => bulkMessages(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body ?? []),
  postConversationsMessageInboundOpenMessage: (ctx) => inboundOpenMessage(ctx.deps, ctx.principal, ctx.params.integrationId, ctx.body),
  postConversationsMessageInboundOpenReceipt: (ctx) => inboundOpenReceipt(ctx.deps, ctx.principal, ctx.params.integrationId, ctx.body),
  postConversationsMessagesAgentless: (ctx) => sendAgentlessMessage(ctx.deps, ctx.principal, ctx.body),
} satisfies Handlers;
