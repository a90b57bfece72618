// Emails of email conversations: the connected agent sends one (POST …/emails/{id}/messages), they
// are listed and read back, and agentless emails go out with no agent (POST …/emails/agentless) on
// a new conversation that ends once sent, or on the email conversation named. Emails are events of
// the conversation record, like messages.
import { ApiError } from './errors.js';
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { contactByAddress } from './external-contacts.js';
import { isActive, viewOf, withEvents } from './conversations.js';
import { conversationOf, requireUser, saveConversation } from './conversation-actions.js';
import type { Principal } from './oauth.js';
import type { Model } from './models.js';
import type { ConversationEvent, ConversationRecord, EmailAddressRecord } from '../store/schema.js';

type EmailEvent = Extract<ConversationEvent, { type: 'email' }>;

function emailsOf(conversation: ConversationRecord): EmailEvent[] {
  return conversation.events.filter((e): e is EmailEvent => e.type === 'email');
}

function selfUri(conversation: ConversationRecord, e: EmailEvent): string {
  return `/api/v2/conversations/emails/${conversation.id}/messages/${e.id}`;
}

/** The fields EmailMessage, EmailMessagePreview and EmailMessageReply share. */
function addressed(e: EmailEvent) {
  return {
    to: e.to,
    ...(e.cc ? { cc: e.cc } : {}),
    ...(e.bcc ? { bcc: e.bcc } : {}),
    from: e.from,
    ...(e.replyTo ? { replyTo: e.replyTo } : {}),
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
  };
}

function emailMessage(conversation: ConversationRecord, e: EmailEvent): Model<'EmailMessage'> {
  return {
    id: e.id,
    ...addressed(e),
    textBody: e.textBody,
    ...(e.htmlBody !== undefined ? { htmlBody: e.htmlBody } : {}),
    time: e.at,
    selfUri: selfUri(conversation, e),
  };
}

/** GET /api/v2/conversations/emails/{conversationId}/messages: every email, in the order sent, as previews. */
export function listEmails(deps: Deps, principal: Principal, conversationId: string): Model<'EmailMessagePreviewListing'> {
  const conversation = conversationOf(deps, principal, conversationId, 'email');
  const entities = emailsOf(conversation).map((e) => ({
    id: e.id,
    ...addressed(e),
    // Genesys' preview of the text body: its first 100 characters.
    textBodyPreview: e.textBody.slice(0, 100),
    time: e.at,
    selfUri: selfUri(conversation, e),
  }));
  const uri = `/api/v2/conversations/emails/${conversation.id}/messages`;
  return { entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1, firstUri: uri, selfUri: uri, lastUri: uri };
}

/** GET …/emails/{conversationId}/messages/{messageId}. */
export function getEmail(deps: Deps, principal: Principal, conversationId: string, messageId: string): Model<'EmailMessage'> {
  const conversation = conversationOf(deps, principal, conversationId, 'email');
  const found = emailsOf(conversation).find((e) => e.id === messageId);
  if (!found) throw new ApiError('notFound');
  return emailMessage(conversation, found);
}

/** POST …/emails/{conversationId}/messages: the caller's user, a connected agent of the email, sends one. */
export async function sendEmail(
  deps: Deps,
  principal: Principal,
  conversationId: string,
  body: Model<'EmailMessageRequest'>,
): Promise<Model<'EmailMessageReply'>> {
  const conversation = conversationOf(deps, principal, conversationId, 'email');
  const user = requireUser(deps, principal);
  const sender = viewOf(conversation).participants.find(
    (p) => p.userId === user.id && (p.purpose === 'agent' || p.purpose === 'user') && isActive(p) && p.media.state === 'connected',
  );
  if (!sender) throw new ApiError('notConnectedOnConversation');
  const at = isoNow(deps.clock);
  const event: EmailEvent = {
    type: 'email',
    at,
    id: deps.ids.uuid(),
    participant: sender.index,
    direction: 'outbound',
    from: body.from,
    to: body.to,
    ...(body.cc ? { cc: body.cc } : {}),
    ...(body.bcc ? { bcc: body.bcc } : {}),
    ...(body.replyTo ? { replyTo: body.replyTo } : {}),
    ...(body.subject !== undefined ? { subject: body.subject } : {}),
    textBody: body.textBody,
    ...(body.htmlBody !== undefined ? { htmlBody: body.htmlBody } : {}),
  };
  await saveConversation(deps, conversation, withEvents(conversation, [event]), at);
  const { id: _id, selfUri: _uri, ...reply } = emailMessage(conversation, event);
  return { ...reply, historyIncluded: false };
}

/**
 * POST /api/v2/conversations/emails/agentless: an email with no agent, to one recipient (as
 * Genesys takes), on the org's email conversation named by conversationId, else on a new one with
 * only the customer that ends once it is sent.
 */
export async function sendAgentlessEmail(
  deps: Deps,
  principal: Principal,
  body: Model<'AgentlessEmailSendRequestDto'>,
): Promise<Model<'AgentlessEmailSendResponseDto'>> {
  if (body.toAddresses.length !== 1) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'invalid.value', fieldName: 'toAddresses' }], {
      problems: 'toAddresses must have exactly one recipient',
    });
  }
  const to = body.toAddresses[0]!;
  if (!body.textBody && !body.htmlBody) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'textBody' }], { problems: 'textBody or htmlBody is required' });
  }
  const at = isoNow(deps.clock);
  const existing = body.conversationId !== undefined ? conversationOf(deps, principal, body.conversationId, 'email') : undefined;
  if (existing && viewOf(existing).endTime !== undefined) {
    throw new ApiError('conversationEnded', { conversationId: existing.id, state: 'disconnected' });
  }
  const base = existing ?? newAgentlessEmailConversation(deps, principal.orgId, at, to);
  const customer = viewOf(base).participants.find((p) => p.purpose === 'customer') ?? viewOf(base).participants[0]!;
  const id = deps.ids.uuid();
  const events: ConversationEvent[] = [
    {
      type: 'email',
      at,
      id,
      participant: customer.index,
      direction: 'outbound',
      from: body.fromAddress,
      to: [to],
      ...(body.replyToAddress ? { replyTo: body.replyToAddress } : {}),
      ...(body.subject !== undefined ? { subject: body.subject } : {}),
      textBody: body.textBody ?? '',
      ...(body.htmlBody !== undefined ? { htmlBody: body.htmlBody } : {}),
    },
  ];
  if (!existing) events.push({ type: 'disconnected', at });
  const next = withEvents(base, events);
  if (existing) await saveConversation(deps, existing, next, at);
  else await deps.store.commit([{ op: 'put', collection: 'conversations', record: next }]);
  return {
    id,
    conversationId: next.id,
    senderType: body.senderType,
    fromAddress: body.fromAddress,
    toAddresses: [to],
    ...(body.replyToAddress ? { replyToAddress: body.replyToAddress } : {}),
    ...(body.subject !== undefined ? { subject: body.subject } : {}),
    dateCreated: at,
  };
}

/** An agentless email's conversation: only the customer, reached outbound (an external contact when one has the address). */
function newAgentlessEmailConversation(deps: Deps, orgId: string, at: string, to: EmailAddressRecord): ConversationRecord {
  const address = to.email ?? '';
  const contact = contactByAddress(deps.store, address);
  return withEvents({ id: deps.ids.uuid(), orgId, mediaType: 'email', customerExternalId: address, events: [] }, [
    {
      type: 'joined',
      at,
      purpose: 'customer',
      state: 'connected',
      direction: 'outbound',
      address,
      ...(to.name ? { name: to.name } : {}),
      ...(contact ? { externalContactId: contact.id } : {}),
    },
  ]);
}
