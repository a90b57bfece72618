// The Messaging part of the Conversations API (openapi/groups/messaging.yaml): messages sent by
// agents, typing, Open Messaging inbound messages, events and receipts, agentless notifications;
// emails of email conversations, sent by agents and agentless.
import { getEmail, listEmails, sendAgentlessEmail, sendEmail } from '../../domain/emails.js';
import {
  agentTyping,
  bulkMessages,
  getMessage,
  inboundOpenEvent,
  inboundOpenMessage,
  inboundOpenReceipt,
  sendAgentlessMessage,
  sendAgentMessage,
} from '../../domain/messaging.js';
import { accepted, type Handlers } from '../operations.js';

export const handlers = {
  postConversationsMessageCommunicationMessages: (ctx) =>
    sendAgentMessage(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.communicationId, ctx.body.textBody),
  getConversationsMessageMessage: (ctx) => getMessage(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.messageId),
  postConversationsMessageMessagesBulk: (ctx) => bulkMessages(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body ?? []),
  postConversationsMessageInboundOpenMessage: (ctx) => inboundOpenMessage(ctx.deps, ctx.principal, ctx.params.integrationId, ctx.body),
  postConversationsMessageInboundOpenReceipt: (ctx) => inboundOpenReceipt(ctx.deps, ctx.principal, ctx.params.integrationId, ctx.body),
  postConversationsMessagesAgentless: (ctx) => sendAgentlessMessage(ctx.deps, ctx.principal, ctx.body),
  postConversationsMessageCommunicationTyping: (ctx) => {
    agentTyping(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.communicationId);
    return accepted();
  },
  postConversationsMessageInboundOpenEvent: (ctx) => inboundOpenEvent(ctx.deps, ctx.params.integrationId, ctx.body),
  getConversationsEmailMessages: (ctx) => listEmails(ctx.deps, ctx.principal, ctx.params.conversationId),
  postConversationsEmailMessages: (ctx) => sendEmail(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body),
  getConversationsEmailMessage: (ctx) => getEmail(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.messageId),
  postConversationsEmailsAgentless: (ctx) => sendAgentlessEmail(ctx.deps, ctx.principal, ctx.body),
} satisfies Handlers;
