// What the Conversations API does to conversations: create, list, end, answer, leave, transfer,
// wrap up, and end a cobrowse session. Each checks everything before it changes anything. The
// store is the caller's org's view (src/store/org-view.ts): another org's records read as missing.
import { ApiError, invalidValue } from './errors.js';
import type { Deps } from './deps.js';
import { contactName, contactPhone, customerContact, PHONE_TYPES } from './external-contacts.js';
import { isoNow } from './deps.js';
import { derivedId, isActive, viewOf, withEvent, withEvents, type ParticipantView } from './conversations.js';
import {
  attributesOf,
  renderCobrowseAsConversation,
  renderCobrowseConversation,
  renderConversation,
  renderMediaConversation,
  storeNames,
} from './conversation-render.js';
import { endSession, endSessionsOf } from './cobrowse.js';
import { MEDIA, MEDIA_TYPES } from './media.js';
import { conversationChange, participantChange } from './state-machine.js';
import { isOffline } from './presence.js';
import { page, type Listing, type PageRequest } from './paging.js';
import type { Principal } from './oauth.js';
import type { Model } from './models.js';
import type { Change } from '../store/store.js';
import type { CobrowseSessionRecord, ConversationEvent, ConversationRecord, MediaType, QueueRecord, UserRecord } from '../store/schema.js';

/** communicationType on GET /api/v2/conversations, as Genesys spells them (any case). */
const COMMUNICATION_TYPES: Record<string, MediaType | 'cobrowse'> = {
  ...Object.fromEntries(MEDIA_TYPES.flatMap((m) => MEDIA[m].communicationTypes.map((t) => [t, m]))),
  cobrowse: 'cobrowse',
};

export function requireUser(deps: Deps, principal: Principal): UserRecord {
  const user = principal.userId ? deps.store.get('users', principal.userId) : undefined;
  if (!user) throw new ApiError('notAUser');
  return user;
}

function orgUser(deps: Deps, principal: Principal, field: string, id: string): UserRecord {
  const user = deps.store.get('users', id);
  if (!user)
    throw invalidValue(
      field,
      id,
      deps.store.lookup('usersByOrg', principal.orgId).map((u) => u.id),
    );
  return user;
}

function orgQueue(deps: Deps, principal: Principal, id: string): QueueRecord {
  const queue = deps.store.get('queues', id);
  if (!queue) throw new ApiError('queueNotFound', {}, [{ errorCode: 'not.found', fieldName: 'queueId' }]);
  return queue;
}

/** The conversation of the caller's org under the media path it was asked for; anything else is 404. */
export function conversationOf(deps: Deps, principal: Principal, id: string, media?: MediaType): ConversationRecord {
  const conversation = deps.store.get('conversations', id);
  if (!conversation) throw new ApiError('notFound');
  if (media && conversation.mediaType !== media) throw new ApiError('notFound');
  return conversation;
}

function sessionOf(deps: Deps, principal: Principal, id: string): CobrowseSessionRecord {
  const session = deps.store.get('cobrowseSessions', id);
  if (!session) throw new ApiError('notFound');
  return session;
}

/** Puts the conversation, and if this change ended it, ends its cobrowse sessions too. */
export async function saveConversation(deps: Deps, before: ConversationRecord, after: ConversationRecord, at: string): Promise<void> {
  const changes: Change[] = [{ op: 'put', collection: 'conversations', record: after }];
  if (before.endTime === undefined && after.endTime !== undefined) changes.push(...endSessionsOf(deps.store, after.id, at));
  await deps.store.commit(changes);
}

// ---- listing ---------------------------------------------------------------------------------

export function listConversations(
  deps: Deps,
  principal: Principal,
  communicationType: string | undefined,
  paging: PageRequest,
): Listing<Model<'Conversation'>> {
  const names = storeNames(deps.store);
  const wanted = communicationType === undefined ? undefined : COMMUNICATION_TYPES[communicationType.toLowerCase()];
  if (communicationType !== undefined && !wanted) throw invalidValue('communicationType', communicationType, Object.keys(COMMUNICATION_TYPES));
  const live = deps.store.lookup('conversationsByOrg', principal.orgId).filter((c) => c.endTime === undefined);
  const chosen =
    wanted === undefined
      ? live
      : wanted === 'cobrowse'
        ? live.filter((c) => viewOf(c).participants.some((p) => p.cobrowse.some((x) => x.state === 'connected')))
        : live.filter((c) => c.mediaType === wanted);
  return page(chosen, paging, '/api/v2/conversations', communicationType ? { communicationType } : {}, (c) => renderConversation(c, names));
}

export function listMediaConversations(deps: Deps, principal: Principal, media: MediaType, paging: PageRequest): Listing<Model<'MediaConversation'>> {
  const names = storeNames(deps.store);
  const live = deps.store.lookup('conversationsByOrg', principal.orgId).filter((c) => c.endTime === undefined && c.mediaType === media);
  return page(live, paging, `/api/v2/conversations/${MEDIA[media].segment}`, {}, (c) => renderMediaConversation(c, names));
}

export function listCobrowseSessions(deps: Deps, principal: Principal, paging: PageRequest): Listing<Model<'CobrowseConversation'>> {
  const live = deps.store.lookup('sessionsByOrg', principal.orgId).filter((s) => s.state === 'connected');
  return page(live, paging, '/api/v2/conversations/cobrowsesessions', {}, (s) => renderCobrowseConversation(s, deps.store));
}

export function getCobrowseSession(deps: Deps, principal: Principal, id: string): Model<'CobrowseConversation'> {
  return renderCobrowseConversation(sessionOf(deps, principal, id), deps.store);
}

// ---- creating --------------------------------------------------------------------------------

/** POST /api/v2/conversations/calls: the acting user places a call to one destination. */
export async function createCall(deps: Deps, principal: Principal, body: Model<'CreateCallRequest'>): Promise<Model<'CreateCallResponse'>> {
  const agent = requireUser(deps, principal);
  const destinations = (['phoneNumber', 'callUserId', 'callQueueId'] as const).filter((k) => body[k] !== undefined && body[k] !== '');
  if (destinations.length > 1) throw new ApiError('tooManyDestinations');
  if (destinations.length === 0) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'phoneNumber' }], {
      problems: 'one of phoneNumber, callUserId or callQueueId is required',
    });
  }
  const at = isoNow(deps.clock);
  const id = deps.ids.uuid();
  const caller: ConversationEvent = { type: 'joined', at, purpose: 'agent', state: 'contacting', direction: 'outbound', userId: agent.id };
  let callee: ConversationEvent;
  let externalId: string;
  if (body.phoneNumber) {
    const address = body.phoneNumber.startsWith('tel:') ? body.phoneNumber : `tel:${body.phoneNumber}`;
    const contact = customerContact(deps.store, body.externalContactId, address);
    callee = {
      type: 'joined',
      at,
      purpose: 'customer',
      state: 'alerting',
      direction: 'outbound',
      address,
      ...(contact ? { externalContactId: contact.id } : {}),
    };
    externalId = body.phoneNumber;
  } else if (body.callUserId) {
    const user = orgUser(deps, principal, 'callUserId', body.callUserId);
    callee = { type: 'joined', at, purpose: 'user', state: 'alerting', direction: 'inbound', userId: user.id };
    externalId = user.id;
  } else {
    const queue = orgQueue(deps, principal, body.callQueueId!);
    callee = { type: 'joined', at, purpose: 'acd', state: 'connected', direction: 'outbound', queueId: queue.id };
    externalId = queue.id;
  }
  const record = withEvents({ id, orgId: principal.orgId, mediaType: 'voice', customerExternalId: externalId, agentUserId: agent.id, events: [] }, [
    caller,
    callee,
  ]);
  await deps.store.commit([{ op: 'put', collection: 'conversations', record }]);
  return { id, name: body.callerIdName ?? agent.name, selfUri: `/api/v2/conversations/calls/${id}` };
}

/** POST /api/v2/conversations/chats (the legacy webchat API): a customer's chat waiting on a queue. */
export async function createChat(deps: Deps, principal: Principal, body: Model<'CreateWebChatRequest'>): Promise<Model<'ChatConversation'>> {
  requireUser(deps, principal);
  const queue = orgQueue(deps, principal, body.queueId);
  const at = isoNow(deps.clock);
  const id = deps.ids.uuid();
  const record: ConversationRecord = withEvents(
    { id, orgId: principal.orgId, mediaType: 'chat', customerExternalId: body.attributes?.externalId ?? `webchat-${id}`, queueId: queue.id, events: [] },
    [
      {
        type: 'joined',
        at,
        purpose: 'customer',
        state: 'connected',
        direction: 'inbound',
        address: body.customerName ?? 'Customer',
        ...(body.customerName ? { name: body.customerName } : {}),
      },
      { type: 'joined', at, purpose: 'acd', state: 'connected', direction: 'inbound', queueId: queue.id },
    ],
  );
  await deps.store.commit([{ op: 'put', collection: 'conversations', record }]);
  return renderMediaConversation(record, storeNames(deps.store));
}

/**
 * Where an outbound message goes out from: the org's address of that messenger on the queue, else
 * its first of that messenger, else the queue itself (an org without messaging fixtures).
 */
function outboundChannel(deps: Deps, queueId: string, messengerType: string): NonNullable<ConversationRecord['messaging']> {
  const integrations = deps.store.all('messagingIntegrations').filter((i) => i.messengerType === messengerType);
  const chosen = integrations.find((i) => i.queueId === queueId) ?? integrations[0];
  return chosen ? { messengerType, address: chosen.address ?? chosen.id, integrationId: chosen.id } : { messengerType, address: queueId };
}

/** POST /api/v2/conversations/messages: the acting user messages a customer from a queue. */
export async function createMessage(
  deps: Deps,
  principal: Principal,
  body: Model<'CreateOutboundMessagingConversationRequest'>,
): Promise<Model<'CreateOutboundMessagingConversationResponse'>> {
  const agent = requireUser(deps, principal);
  const queue = orgQueue(deps, principal, body.queueId);
  const contact = customerContact(deps.store, body.externalContactId, body.toAddress);
  const at = isoNow(deps.clock);
  const id = deps.ids.uuid();
  const record = withEvents(
    {
      id,
      orgId: principal.orgId,
      mediaType: 'message',
      customerExternalId: body.externalContactId ?? body.toAddress,
      queueId: queue.id,
      agentUserId: agent.id,
      messaging: outboundChannel(deps, queue.id, body.toAddressMessengerType),
      events: [],
    },
    [
      { type: 'joined', at, purpose: 'agent', state: 'connected', direction: 'outbound', userId: agent.id, queueId: queue.id },
      {
        type: 'joined',
        at,
        purpose: 'customer',
        state: 'alerting',
        direction: 'outbound',
        address: body.toAddress,
        ...(contact ? { externalContactId: contact.id } : {}),
      },
    ],
  );
  await deps.store.commit([{ op: 'put', collection: 'conversations', record }]);
  // Genesys answers only where to read it (CreateOutboundMessagingConversationResponse).
  return { id, selfUri: `/api/v2/conversations/messages/${id}` };
}

// ---- changing --------------------------------------------------------------------------------

/** PATCH /api/v2/conversations/{media}/{id} {"state":"disconnected"}: the whole conversation ends. */
export async function patchConversation(
  deps: Deps,
  principal: Principal,
  media: MediaType,
  id: string,
  body: Model<'ConversationStateRequest'>,
): Promise<Model<'Conversation'>> {
  const conversation = conversationOf(deps, principal, id, media);
  conversationChange(id, viewOf(conversation).stage, body.state);
  const at = isoNow(deps.clock);
  const next = withEvent(conversation, { type: 'disconnected', at });
  await saveConversation(deps, conversation, next, at);
  return renderConversation(next, storeNames(deps.store));
}

export function participantOf(conversation: ConversationRecord, participantId: string): ParticipantView {
  const participant = viewOf(conversation).participants.find((p) => derivedId(conversation.id, p.ordinal) === participantId);
  if (!participant) throw new ApiError('notFound');
  return participant;
}

/** PATCH .../participants/{participantId}: answer (connected), leave (disconnected), and/or wrap up. */
export async function patchParticipant(
  deps: Deps,
  principal: Principal,
  media: MediaType,
  id: string,
  participantId: string,
  body: Model<'MediaParticipantRequest'>,
): Promise<void> {
  const conversation = conversationOf(deps, principal, id, media);
  const participant = participantOf(conversation, participantId);
  // Answering is a user's act: Genesys refuses it to client credentials without a user, as it
  // refuses placing a call (createCall).
  if (body.state === 'connected') requireUser(deps, principal);
  if (body.state === undefined && body.wrapup === undefined && body.held === undefined && body.muted === undefined) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'state' }], { problems: 'state, wrapup, held or muted is required' });
  }
  // Hold and mute: a connected call's participant, by a user (as answering is).
  for (const field of ['held', 'muted'] as const) {
    if (body[field] === undefined) continue;
    if (media !== 'voice') throw invalidValue(field, String(body[field]), `nothing: ${field} is a call's`);
    requireUser(deps, principal);
    if (participant.media.state !== 'connected' || body.state === 'disconnected') {
      throw new ApiError('participantStateInvalid', {
        conversationId: id,
        participantId,
        state: participant.media.state,
        requested: field === 'held' ? (body.held ? 'held' : 'resumed') : body.muted ? 'muted' : 'unmuted',
      });
    }
  }
  if (body.wrapup !== undefined && !body.wrapup.code) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'wrapup.code' }], { problems: 'wrapup.code is required' });
  }
  // The code is a wrap-up code's id (GET /api/v2/routing/wrapupcodes), of the caller's org.
  if (body.wrapup?.code && !deps.store.get('wrapupCodes', body.wrapup.code)) {
    throw invalidValue('wrapup.code', body.wrapup.code, "the ids of the org's wrap-up codes");
  }
  const at = isoNow(deps.clock);
  const events: ConversationEvent[] = [];
  if (body.state !== undefined) {
    const change = participantChange({ conversationId: id, participantId }, participant.media.state, body.state);
    // The consulting agent hanging up completes its consult transfer, as in Genesys' client.
    const completes = change === 'leave' && viewOf(conversation).consult?.consulting === participant.index;
    events.push(
      change === 'answer'
        ? { type: 'answered', at, participant: participant.index }
        : completes
          ? { type: 'consult', at, action: 'complete' }
          : { type: 'left', at, participant: participant.index, disconnectType: 'client' },
    );
  }
  if (body.held !== undefined && body.held !== (participant.media.held ?? false))
    events.push({ type: 'held', at, participant: participant.index, held: body.held });
  if (body.muted !== undefined && body.muted !== (participant.media.muted ?? false))
    events.push({ type: 'muted', at, participant: participant.index, muted: body.muted });
  if (body.wrapup?.code) {
    events.push({
      type: 'wrapup',
      at,
      participant: participant.index,
      code: body.wrapup.code,
      ...(body.wrapup.notes !== undefined ? { notes: body.wrapup.notes } : {}),
    });
  }
  // Asking for what already is (on hold again) changes nothing, and publishes nothing.
  if (events.length === 0) return;
  await saveConversation(deps, conversation, withEvents(conversation, events), at);
}

/** Where POST …/transfer and …/replace/{agent,queue,external,contact/external} send the conversation. */
export type TransferTarget =
  | { userId?: string; userName?: string }
  | { queueId?: string; queueName?: string }
  | { address?: string }
  | { contactId: string; phoneType: keyof typeof PHONE_TYPES };

/**
 * A user or queue of the org named by id, else by name (any case); refused as the old replace
 * refuses, and (`online`) a user who is Offline, as Genesys' transfer APIs refuse one.
 */
export function transferJoin(deps: Deps, principal: Principal, target: TransferTarget, at: string, options: { online?: boolean } = {}): ConversationEvent {
  if ('contactId' in target) {
    // An external contact of the org, called at its number of that type.
    const contact = deps.store.get('externalContacts', target.contactId);
    if (!contact) throw invalidValue('contactId', target.contactId.slice(0, 100), "the ids of the org's external contacts");
    const number = contactPhone(contact, target.phoneType);
    const address = number.startsWith('tel:') ? number : `tel:${number}`;
    return {
      type: 'joined',
      at,
      purpose: 'external',
      state: 'alerting',
      direction: 'outbound',
      address,
      name: contactName(contact) ?? number,
      externalContactId: contact.id,
    };
  }
  if ('address' in target) {
    if (!target.address) throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'address' }], { problems: 'address is required' });
    const address = /^(tel|sip|mailto):/.test(target.address) ? target.address : `tel:${target.address}`;
    return { type: 'joined', at, purpose: 'external', state: 'alerting', direction: 'outbound', address, name: target.address };
  }
  const byName = <T extends { name: string }>(list: readonly T[], name: string) => list.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if ('queueId' in target || 'queueName' in target) {
    const { queueId, queueName } = target as { queueId?: string; queueName?: string };
    if (!queueId && !queueName)
      throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'queueId' }], { problems: 'queueId or queueName is required' });
    const queue = queueId ? orgQueue(deps, principal, queueId) : byName(deps.store.all('queues'), queueName!);
    if (!queue) throw new ApiError('queueNotFound', {}, [{ errorCode: 'not.found', fieldName: 'queueName' }]);
    return { type: 'joined', at, purpose: 'acd', state: 'connected', direction: 'inbound', queueId: queue.id };
  }
  const { userId, userName } = target as { userId?: string; userName?: string };
  if (!userId && !userName)
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'userId' }], { problems: 'userId or userName is required' });
  const user = userId
    ? orgUser(deps, principal, 'userId', userId)
    : byName(
        deps.store.all('users').filter((u) => u.state !== 'deleted'),
        userName!,
      );
  if (!user) throw invalidValue('userName', userName!, "the names of the org's users");
  if (options.online && isOffline(user)) throw new ApiError('userOffline', { userId: user.id });
  return { type: 'joined', at, purpose: 'agent', state: 'alerting', direction: 'inbound', userId: user.id };
}

/**
 * POST …/participants/{participantId}/transfer (to an address), …/replace/agent, …/replace/queue,
 * …/replace/external: Genesys' successors of …/replace. The target joins, then the participant
 * leaves (disconnectType transfer); only a connected participant can hand the conversation on.
 */
export async function transferParticipant(deps: Deps, principal: Principal, id: string, participantId: string, target: TransferTarget): Promise<void> {
  const conversation = conversationOf(deps, principal, id);
  const participant = participantOf(conversation, participantId);
  if (participant.media.state !== 'connected') {
    throw new ApiError('participantStateInvalid', { conversationId: id, participantId, state: participant.media.state, requested: 'transferred' });
  }
  const at = isoNow(deps.clock);
  const joined = transferJoin(deps, principal, target, at, { online: true });
  await saveConversation(
    deps,
    conversation,
    withEvents(conversation, [joined, { type: 'left', at, participant: participant.index, disconnectType: 'transfer' }]),
    at,
  );
}

/**
 * PATCH …/participants/{participantId}/attributes: merged into the participant's attributes (an
 * ended participant's too, as Genesys lets a wrap-up app tag it); answers all it has now.
 */
export async function setParticipantAttributes(
  deps: Deps,
  principal: Principal,
  media: MediaType | undefined,
  id: string,
  participantId: string,
  attributes: Record<string, string>,
): Promise<{ attributes: Record<string, string> }> {
  const conversation = conversationOf(deps, principal, id, media);
  const participant = participantOf(conversation, participantId);
  const at = isoNow(deps.clock);
  const next = withEvents(conversation, [{ type: 'attributes', at, participant: participant.index, attributes: { ...attributes } }]);
  await saveConversation(deps, conversation, next, at);
  const after = viewOf(next).participants[participant.index]!;
  return { attributes: attributesOf(next, after) };
}

/** POST .../participants/{participantId}/replace: the participant hands the conversation to a user or a queue. */
export async function replaceParticipant(
  deps: Deps,
  principal: Principal,
  media: MediaType,
  id: string,
  participantId: string,
  body: Model<'TransferRequest'>,
): Promise<void> {
  const conversation = conversationOf(deps, principal, id, media);
  const participant = participantOf(conversation, participantId);
  if (body.userId && body.queueId) throw new ApiError('tooManyDestinations');
  if (!body.userId && !body.queueId) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'userId' }], { problems: 'userId or queueId is required' });
  }
  if (!isActive(participant)) {
    throw new ApiError('participantStateInvalid', { conversationId: id, participantId, state: participant.media.state, requested: 'replaced' });
  }
  const at = isoNow(deps.clock);
  const joined = transferJoin(deps, principal, body.userId ? { userId: body.userId } : { queueId: body.queueId }, at);
  // The new participant joins before the old one leaves, so the conversation never drops to one side.
  const next = withEvents(conversation, [joined, { type: 'left', at, participant: participant.index, disconnectType: 'transfer' }]);
  await saveConversation(deps, conversation, next, at);
}

/** PATCH /api/v2/conversations/cobrowsesessions/{id} {"state":"disconnected"}: the session ends. */
export async function patchCobrowseSession(
  deps: Deps,
  principal: Principal,
  id: string,
  body: Model<'ConversationStateRequest'>,
): Promise<Model<'Conversation'>> {
  const session = sessionOf(deps, principal, id);
  conversationChange(id, session.state === 'connected' ? 'connected' : 'disconnected', body.state);
  const at = isoNow(deps.clock);
  await deps.store.commit(endSession(deps.store, session, at));
  // Genesys answers the generic Conversation here (the SDK's patchConversationsCobrowsesession).
  return renderCobrowseAsConversation(deps.store.get('cobrowseSessions', id)!, deps.store);
}
