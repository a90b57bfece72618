// Messaging that carries messages: an agent sends on its communication, a customer writes in
// through an Open Messaging integration (creating the conversation on the integration's queue, or
// continuing the live one), receipts move an outbound message's status, and agentless messages go
// out from an address the org has (an SMS number, a WhatsApp or Open Messaging integration).
// Messages are events of the conversation record: they show on the communication of the participant
// they belong to (src/domain/conversation-render.ts) and in its events.
import { ApiError, invalidValue } from './errors.js';
import type { Deps } from './deps.js';
import { contactByAddress } from './external-contacts.js';
import { isoNow } from './deps.js';
import { derivedId, isActive, viewOf, withEvents, type MessageView, type ParticipantView } from './conversations.js';
import { conversationOf, saveConversation } from './conversation-actions.js';
import { messageData } from './conversation-render.js';
import type { Principal } from './oauth.js';
import type { Model } from './models.js';
import { messagingKey } from '../store/store.js';
import type { ConversationEvent, ConversationRecord, MessageStatus, MessagingIntegrationRecord } from '../store/schema.js';

/** The messengers Genesys sends agentless and outbound messages on, and Open Messaging's. */
export const MESSENGER_TYPES = ['sms', 'open', 'whatsapp'] as const;

/** Open Messaging receipt statuses, as MessageData's status names them. */
const RECEIPT_STATUS: Record<string, MessageStatus> = {
  Sent: 'sent',
  Delivered: 'delivery-success',
  Read: 'read',
  Failed: 'delivery-failed',
};

function messageOf(conversation: ConversationRecord, messageId: string): MessageView {
  const found = viewOf(conversation).messages.find((m) => m.id === messageId);
  if (!found) throw new ApiError('notFound');
  return found;
}

/** GET /api/v2/conversations/messages/{conversationId}/messages/{messageId}. */
export function getMessage(deps: Deps, principal: Principal, conversationId: string, messageId: string): Model<'MessageData'> {
  const conversation = conversationOf(deps, principal, conversationId, 'message');
  return messageData(conversation, messageOf(conversation, messageId));
}

/** POST …/messages/{conversationId}/messages/bulk: the messages of those ids the conversation has, in the order asked. */
export function bulkMessages(deps: Deps, principal: Principal, conversationId: string, ids: readonly string[]): Model<'TextMessageListing'> {
  const conversation = conversationOf(deps, principal, conversationId, 'message');
  const messages = viewOf(conversation).messages;
  const entities = ids.flatMap((id) => messages.filter((m) => m.id === id).map((m) => messageData(conversation, m)));
  return { entities };
}

/** The agent (or user) whose communication `communicationId` is, connected: who may send or type on it. */
function connectedSender(conversation: ConversationRecord, communicationId: string, requested: string): ParticipantView {
  const sender = viewOf(conversation).participants.find((p) => derivedId(conversation.id, p.media.ordinal) === communicationId);
  if (!sender) throw new ApiError('notFound');
  if (sender.purpose !== 'agent' && sender.purpose !== 'user') {
    throw invalidValue('communicationId', communicationId, "the communication ids of the conversation's agents");
  }
  if (!isActive(sender) || sender.media.state !== 'connected') {
    throw new ApiError('participantStateInvalid', {
      conversationId: conversation.id,
      participantId: derivedId(conversation.id, sender.ordinal),
      state: sender.media.state,
      requested,
    });
  }
  return sender;
}

/**
 * POST …/messages/{conversationId}/communications/{communicationId}/typing: the agent shows the
 * customer it is typing. Genesys passes it on to the customer's platform; nothing is kept.
 */
export function agentTyping(deps: Deps, principal: Principal, conversationId: string, communicationId: string): void {
  connectedSender(conversationOf(deps, principal, conversationId, 'message'), communicationId, 'typing');
}

/** The channel of something the customer's platform sent in through an Open Messaging integration, as Genesys took it. */
function inboundChannel(
  integration: MessagingIntegrationRecord,
  channel: { from: Model<'MessagingRecipient'>; time: string; messageId?: string | undefined },
): Model<'OpenMessagingChannel'> {
  return {
    id: integration.id,
    platform: 'Open',
    type: 'Private',
    ...(channel.messageId ? { messageId: channel.messageId } : {}),
    to: { id: integration.id },
    from: channel.from,
    time: channel.time,
  };
}

/**
 * POST …/{integrationId}/inbound/open/event: the customer's platform reports events (typing) of a
 * customer; Genesys shows them to the agent and keeps nothing, so they are answered as taken.
 */
export function inboundOpenEvent(deps: Deps, integrationId: string, body: Model<'OpenInboundNormalizedEvent'>): Model<'OpenEventNormalizedMessage'> {
  const integration = integrationOf(deps, integrationId, 'open');
  return {
    id: deps.ids.uuid(),
    channel: inboundChannel(integration, body.channel),
    type: 'Event',
    events: body.events.map((e) => ({ eventType: e.eventType, ...(e.typing ? { typing: e.typing } : {}) })),
  };
}

/**
 * POST …/messages/{conversationId}/communications/{communicationId}/messages: the agent (or user)
 * whose communication it is sends text to the customer. Only a connected one can.
 */
export async function sendAgentMessage(
  deps: Deps,
  principal: Principal,
  conversationId: string,
  communicationId: string,
  text: string,
): Promise<Model<'MessageData'>> {
  const conversation = conversationOf(deps, principal, conversationId, 'message');
  const sender = connectedSender(conversation, communicationId, 'a sender');
  const at = isoNow(deps.clock);
  const event: ConversationEvent = {
    type: 'message',
    at,
    id: deps.ids.uuid(),
    participant: sender.index,
    direction: 'outbound',
    text,
    status: 'sent',
    ...(sender.userId ? { userId: sender.userId } : {}),
  };
  const next = withEvents(conversation, [event]);
  await saveConversation(deps, conversation, next, at);
  return messageData(next, viewOf(next).messages.at(-1)!);
}

/**
 * POST /__admin/conversations/{conversationId}/messages: the customer of a live messaging
 * conversation writes, whatever its messenger (a fixture's stand-in for Open Messaging inbound).
 */
export async function customerMessage(deps: Deps, conversationId: string, text: string): Promise<Model<'MessageData'>> {
  const conversation = deps.store.get('conversations', conversationId);
  if (!conversation || conversation.mediaType !== 'message') throw new ApiError('notFound');
  const next = await customerWrites(deps, conversation, conversation, text, isoNow(deps.clock));
  return messageData(next, viewOf(next).messages.at(-1)!);
}

function activeCustomer(conversation: ConversationRecord): ParticipantView | undefined {
  return viewOf(conversation).participants.find((p) => p.purpose === 'customer' && isActive(p));
}

/**
 * The customer's message on `conversation`, committed: as a change of `before`, or as the new
 * conversation it starts (`before` undefined). Only a customer still on it can write.
 */
async function customerWrites(
  deps: Deps,
  before: ConversationRecord | undefined,
  conversation: ConversationRecord,
  text: string,
  at: string,
): Promise<ConversationRecord> {
  const customer = activeCustomer(conversation);
  if (!customer) throw new ApiError('conversationEnded', { conversationId: conversation.id, state: 'disconnected' });
  const next = withEvents(conversation, [
    { type: 'message', at, id: deps.ids.uuid(), participant: customer.index, direction: 'inbound', text, status: 'received' },
  ]);
  await commitMessage(deps, before, next, at);
  return next;
}

/** A conversation with a new message: a change of `before`, or a new conversation when there is none. */
async function commitMessage(deps: Deps, before: ConversationRecord | undefined, next: ConversationRecord, at: string): Promise<void> {
  if (before) await saveConversation(deps, before, next, at);
  else await deps.store.commit([{ op: 'put', collection: 'conversations', record: next }]);
}

function integrationOf(deps: Deps, id: string, messengerType: MessagingIntegrationRecord['messengerType']): MessagingIntegrationRecord {
  const integration = deps.store.get('messagingIntegrations', id);
  if (!integration || integration.messengerType !== messengerType) throw new ApiError('notFound');
  return integration;
}

/** The live messaging conversation on `address` with `customer` still on it, if there is one. */
function liveConversation(deps: Deps, address: string, customer: string): ConversationRecord | undefined {
  return deps.store.lookup('conversationsByChannel', messagingKey(address, customer)).find((c) => c.endTime === undefined && activeCustomer(c));
}

/** A new messaging conversation: the customer on the channel, and the queue it waits on. */
function newChannelConversation(
  deps: Deps,
  orgId: string,
  at: string,
  integration: MessagingIntegrationRecord,
  customer: { address: string; name?: string | undefined },
): ConversationRecord {
  const id = deps.ids.uuid();
  return withEvents(
    {
      id,
      orgId,
      mediaType: 'message',
      customerExternalId: customer.address,
      queueId: integration.queueId,
      messaging: { messengerType: integration.messengerType, address: integration.address ?? integration.id, integrationId: integration.id },
      events: [],
    },
    [
      {
        type: 'joined',
        at,
        purpose: 'customer',
        state: 'connected',
        direction: 'inbound',
        address: customer.address,
        ...(customer.name ? { name: customer.name } : {}),
        ...contactOfCustomer(deps, customer.address),
      },
      { type: 'joined', at, purpose: 'acd', state: 'connected', direction: 'inbound', queueId: integration.queueId },
    ],
  );
}

/**
 * POST /api/v2/conversations/messages/{integrationId}/inbound/open/message: the customer's message
 * continues its live conversation on the integration, or starts one waiting on the integration's queue.
 */
export async function inboundOpenMessage(
  deps: Deps,
  principal: Principal,
  integrationId: string,
  body: Model<'OpenInboundNormalizedMessage'>,
): Promise<Model<'OpenMessageNormalizedMessage'>> {
  const integration = integrationOf(deps, integrationId, 'open');
  const from = body.channel.from;
  const text = body.text ?? '';
  if (text === '') throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'text' }], { problems: 'text is required' });
  const at = isoNow(deps.clock);
  const name = from.nickname ?? ([from.firstName, from.lastName].filter(Boolean).join(' ') || undefined);
  const existing = liveConversation(deps, integration.id, from.id);
  const conversation = existing ?? newChannelConversation(deps, principal.orgId, at, integration, { address: from.id, name });
  const next = await customerWrites(deps, existing, conversation, text, at);
  const id = viewOf(next).messages.at(-1)!.id;
  return {
    id,
    channel: inboundChannel(integration, body.channel),
    type: 'Text',
    text,
    ...(body.metadata ? { metadata: body.metadata } : {}),
    conversationId: next.id,
  };
}

/**
 * POST …/{integrationId}/inbound/open/receipt: the customer's platform reports an outbound
 * message delivered, read or failed; the message's status follows.
 */
export async function inboundOpenReceipt(
  deps: Deps,
  principal: Principal,
  integrationId: string,
  body: Model<'OpenInboundNormalizedReceipt'>,
): Promise<Model<'OpenReceiptNormalizedMessage'>> {
  const integration = integrationOf(deps, integrationId, 'open');
  const status = RECEIPT_STATUS[body.status];
  const candidates = deps.store.lookup('conversationsByChannel', messagingKey(integration.id, body.channel.to.id));
  const conversation = candidates.find((c) => viewOf(c).messages.some((m) => m.id === body.id && m.direction === 'outbound'));
  if (!conversation) throw new ApiError('notFound');
  const at = isoNow(deps.clock);
  if (status && messageOf(conversation, body.id).status !== status) {
    await saveConversation(deps, conversation, withEvents(conversation, [{ type: 'messageStatus', at, id: body.id, status }]), at);
  }
  return {
    id: body.id,
    channel: {
      id: integration.id,
      platform: 'Open',
      type: 'Private',
      to: body.channel.to,
      from: { id: integration.id, idType: 'Opaque' },
      time: body.channel.time,
    },
    type: 'Receipt',
    status: body.status,
    ...(body.reasons ? { reasons: body.reasons } : {}),
    isFinalReceipt: body.isFinalReceipt ?? body.status !== 'Sent',
    direction: 'Outbound',
  };
}

/** The org's address a message may go out from on `messengerType`: an SMS number, or an integration's id. */
function senderAddress(deps: Deps, messengerType: string, fromAddress: string): MessagingIntegrationRecord {
  const candidates = deps.store.all('messagingIntegrations').filter((i) => i.messengerType === messengerType);
  const found = candidates.find((i) => (i.address ?? i.id) === fromAddress);
  if (!found) {
    throw invalidValue(
      'fromAddress',
      fromAddress,
      candidates.length > 0
        ? candidates.map((i) => i.address ?? i.id)
        : `nothing: the org has no ${messengerType} address (POST /__admin/messaging/integrations adds one)`,
    );
  }
  return found;
}

/**
 * POST /api/v2/conversations/messages/agentless: a notification from one of the org's addresses,
 * with no agent. It goes on the live conversation with that customer when asked to
 * (useExistingActiveConversation), else on a new one that ends once it is sent.
 */
export async function sendAgentlessMessage(
  deps: Deps,
  principal: Principal,
  body: Model<'SendAgentlessOutboundMessageRequest'>,
): Promise<Model<'SendAgentlessOutboundMessageResponse'>> {
  const integration = senderAddress(deps, body.toAddressMessengerType, body.fromAddress);
  const toAddress = body.toAddress;
  if (!toAddress) throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'toAddress' }], { problems: 'toAddress is required' });
  const text = body.textBody;
  if (!text) throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'textBody' }], { problems: 'textBody is required' });
  const at = isoNow(deps.clock);
  const address = integration.address ?? integration.id;
  const existing = body.useExistingActiveConversation ? liveConversation(deps, address, toAddress) : undefined;
  const base = existing ?? newAgentlessConversation(deps, principal.orgId, at, integration, toAddress);
  const customer = activeCustomer(base)!;
  const id = deps.ids.uuid();
  const events: ConversationEvent[] = [{ type: 'message', at, id, participant: customer.index, direction: 'outbound', text, status: 'sent' }];
  if (!existing) events.push({ type: 'disconnected', at });
  const next = withEvents(base, events);
  await commitMessage(deps, existing, next, at);
  const message = messageData(next, viewOf(next).messages.at(-1)!);
  return {
    id,
    conversationId: next.id,
    fromAddress: address,
    toAddress,
    messengerType: integration.messengerType,
    ...(body.useExistingActiveConversation !== undefined ? { useExistingActiveConversation: body.useExistingActiveConversation } : {}),
    message,
    timestamp: at,
    selfUri: `/api/v2/conversations/messages/agentless/${id}`,
  };
}

/** An agentless message's conversation: only the customer, reached outbound. */
function newAgentlessConversation(deps: Deps, orgId: string, at: string, integration: MessagingIntegrationRecord, toAddress: string): ConversationRecord {
  return withEvents(
    {
      id: deps.ids.uuid(),
      orgId,
      mediaType: 'message',
      customerExternalId: toAddress,
      messaging: { messengerType: integration.messengerType, address: integration.address ?? integration.id, integrationId: integration.id },
      events: [],
    },
    [{ type: 'joined', at, purpose: 'customer', state: 'connected', direction: 'outbound', address: toAddress, ...contactOfCustomer(deps, toAddress) }],
  );
}

/** The external contact a customer's address belongs to, as a joined event names it. */
function contactOfCustomer(deps: Deps, address: string): { externalContactId?: string } {
  const contact = contactByAddress(deps.store, address);
  return contact ? { externalContactId: contact.id } : {};
}
