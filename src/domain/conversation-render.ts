// The Genesys shapes of a conversation: the generic `Conversation`, and the per-media
// `CallConversation`, `ChatConversation`, ... with their flattened media participants.
import type { StoreView } from '../store/store.js';
import type { CobrowseSessionRecord, ConversationRecord, MediaType } from '../store/schema.js';
import { MEDIA, type Media } from './media.js';
import type { Model } from './models.js';
import { derivedId, viewOf, type CommunicationView, type MessageView, type ParticipantView } from './conversations.js';

export interface Names {
  user(id: string): string | undefined;
  queue(id: string): string | undefined;
}

export function storeNames(store: StoreView): Names {
  return { user: (id) => store.get('users', id)?.name, queue: (id) => store.get('queues', id)?.name };
}

export function participantName(p: ParticipantView, names: Names): string {
  if (p.name) return p.name;
  if (p.purpose === 'customer') return 'Customer';
  if (p.purpose === 'external') return p.address ?? 'External';
  if (p.purpose === 'acd') return (p.queueId && names.queue(p.queueId)) || 'Demo Queue';
  return (p.userId && names.user(p.userId)) || 'Agent';
}

function communication(c: ConversationRecord, comm: CommunicationView, p: ParticipantView): Model<'Call'> {
  const { ordinal, cobrowseSessionId: _s, cobrowseRole: _r, marks: _m, ...rest } = comm;
  return {
    id: derivedId(c.id, ordinal),
    ...rest,
    afterCallWork: afterCallWork(comm, p),
    afterCallWorkRequired: p.purpose === 'agent',
    ...messagesOf(c, p),
  };
}

/** The empty after-call work most communications show: one frozen object, not a new one each. */
const NO_AFTER_CALL_WORK: Model<'AfterCallWork'> = Object.freeze({});

/**
 * Genesys' AfterCallWork of a communication: an agent's starts when its communication ends and is
 * pending until it wraps up (complete); anyone else's is empty, as Genesys shows a customer's.
 */
function afterCallWork(comm: CommunicationView, p: ParticipantView): Model<'AfterCallWork'> {
  if (p.purpose !== 'agent' || comm.disconnectedTime === undefined) return NO_AFTER_CALL_WORK;
  return p.wrapupTime !== undefined
    ? { startTime: comm.disconnectedTime, endTime: p.wrapupTime, state: 'complete' }
    : { startTime: comm.disconnectedTime, state: 'pending' };
}

/** A message participant's messages (`Message.messages`, `MessageMediaParticipant.messages`). */
function messagesOf(c: ConversationRecord, p: ParticipantView): { messages?: Model<'MessageDetails'>[] } {
  if (c.mediaType !== 'message') return {};
  return {
    messages: viewOf(c)
      .messages.filter((m) => m.participant === p.index)
      .map((m) => messageDetails(c, m)),
  };
}

function cobrowseCommunication(c: ConversationRecord, comm: CommunicationView): Model<'Cobrowsesession'> {
  const { ordinal, cobrowseSessionId, cobrowseRole, direction: _d, marks: _m, segments: _g, ...rest } = comm;
  return { id: derivedId(c.id, ordinal), ...rest, cobrowseSessionId: cobrowseSessionId!, cobrowseRole: cobrowseRole! };
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/** The participant's attributes: a customer's external id, then those set on it. */
export function attributesOf(c: ConversationRecord, p: ParticipantView): Record<string, string> {
  return { ...(p.purpose === 'customer' ? { externalId: c.customerExternalId } : {}), ...p.attributes };
}

/** On the object of a consult transfer in progress: the destination's participant id. */
function consultParticipantId(c: ConversationRecord, p: ParticipantView): string | undefined {
  const consult = viewOf(c).consult;
  if (consult?.object !== p.index) return undefined;
  return derivedId(c.id, viewOf(c).participants[consult.destination]!.ordinal);
}

/** The participant's list of its media's communications: `calls`, `chats`, ... */
function communications(list: Media['segment'], items: Model<'Call'>[]): Partial<Model<'Participant'>> {
  return { [list]: items };
}

/** The customer's address on the conversation's channel: its phone number or platform id. */
function customerAddress(conversation: ConversationRecord): string {
  return viewOf(conversation).participants.find((p) => p.purpose === 'customer')?.address ?? conversation.customerExternalId;
}

/** `MessageDetails`: a message as its communication lists it. */
export function messageDetails(conversation: ConversationRecord, m: MessageView): Model<'MessageDetails'> {
  return {
    messageId: m.id,
    messageURI: `/api/v2/conversations/messages/${conversation.id}/messages/${m.id}`,
    messageStatus: m.status,
    messageSegmentCount: 1,
    messageTime: m.at,
  };
}

/** `MessageData`: GET …/messages/{conversationId}/messages/{messageId}, and what a send answers. */
export function messageData(conversation: ConversationRecord, m: MessageView): Model<'MessageData'> {
  const ours = conversation.messaging?.address;
  const theirs = customerAddress(conversation);
  const [from, to] = m.direction === 'inbound' ? [theirs, ours] : [ours, theirs];
  return {
    id: m.id,
    timestamp: m.at,
    ...(from !== undefined ? { fromAddress: from } : {}),
    ...(to !== undefined ? { toAddress: to } : {}),
    direction: m.direction,
    messengerType: (conversation.messaging?.messengerType ?? 'open') as Model<'MessageData'>['messengerType'],
    status: m.status,
    normalizedMessage: {
      id: m.id,
      channel: { messageId: m.id, time: m.at, ...(from !== undefined ? { from: { id: from } } : {}), ...(to !== undefined ? { to: { id: to } } : {}) },
      type: 'Text',
      text: m.text,
      direction: m.direction === 'inbound' ? 'Inbound' : 'Outbound',
    },
    ...(m.userId ? { createdBy: { id: m.userId, selfUri: `/api/v2/users/${m.userId}` } } : {}),
    conversationId: conversation.id,
    selfUri: `/api/v2/conversations/messages/${conversation.id}/messages/${m.id}`,
  };
}

/** One frozen empty list for every participant's lists of media it does not use: no allocation each. */
const NONE: never[] = Object.freeze([]) as never[];

/** What Genesys' ConversationChat shows beside the shared communication fields: held, always. */
function chatFields(p: ParticipantView): { held: boolean } {
  return { held: p.media.held ?? false };
}

/** The Genesys `Conversation`. */
export function renderConversation(c: ConversationRecord, names: Names): Model<'Conversation'> {
  const view = viewOf(c);
  const list = MEDIA[c.mediaType].segment;
  return {
    id: c.id,
    startTime: view.startTime,
    ...optional('endTime', view.endTime),
    // A queued conversation is live (the customer is connected to the queue): Genesys has no "queued" state.
    state: view.stage === 'queued' ? 'connected' : view.stage,
    participants: view.participants.map((p) => ({
      id: derivedId(c.id, p.ordinal),
      purpose: p.purpose,
      participantType: p.purpose === 'customer' || p.purpose === 'external' ? 'External' : 'Internal',
      name: participantName(p, names),
      ...optional('userId', p.userId),
      ...optional('queueId', p.queueId),
      ...optional('queueName', p.queueId ? names.queue(p.queueId) : undefined),
      ...optional('address', p.address),
      ...optional('externalContactId', p.externalContactId),
      startTime: p.startTime,
      ...optional('connectedTime', p.connectedTime),
      ...optional('endTime', p.endTime),
      wrapupRequired: p.purpose === 'agent',
      ...optional('wrapup', p.wrapup),
      ...optional('consultParticipantId', consultParticipantId(c, p)),
      attributes: attributesOf(c, p),
      // Every media list of Genesys' Participant, as it sends them: empty but its own media's.
      calls: NONE,
      callbacks: NONE,
      chats: NONE,
      emails: NONE,
      messages: NONE,
      screenshares: NONE,
      socialExpressions: NONE,
      videos: NONE,
      ...communications(list, [{ ...communication(c, p.media, p), ...(c.mediaType === 'chat' ? chatFields(p) : {}) }]),
      cobrowsesessions: p.cobrowse.map((x) => cobrowseCommunication(c, x)),
    })),
    recordingState: 'NONE' as const,
    selfUri: `/api/v2/conversations/${c.id}`,
  };
}

/** A flattened media participant: the participant with its one communication of that media. */
function mediaParticipant(
  c: ConversationRecord,
  p: ParticipantView,
  comm: CommunicationView,
  names: Names,
  media: MediaType | 'cobrowse',
): Model<'MediaParticipant'> {
  return {
    id: derivedId(c.id, p.ordinal),
    name: participantName(p, names),
    ...optional('address', p.address),
    startTime: p.startTime,
    ...optional('connectedTime', comm.connectedTime),
    ...optional('endTime', comm.disconnectedTime),
    ...optional('startAlertingTime', comm.startAlertingTime),
    purpose: p.purpose,
    state: comm.state,
    ...optional('direction', comm.direction),
    ...optional('disconnectType', comm.disconnectType),
    held: comm.held ?? false,
    wrapupRequired: p.purpose === 'agent',
    ...optional('wrapup', p.wrapup),
    ...(p.userId ? { user: { id: p.userId, ...optional('name', names.user(p.userId)), selfUri: `/api/v2/users/${p.userId}` } } : {}),
    ...(p.queueId ? { queue: { id: p.queueId, ...optional('name', names.queue(p.queueId)), selfUri: `/api/v2/routing/queues/${p.queueId}` } } : {}),
    // Genesys' media participants reference an external contact (the generic Participant by its
    // id); the customer's external id, which is no contact's, is its attributes' externalId.
    ...(p.externalContactId ? { externalContact: { id: p.externalContactId, selfUri: `/api/v2/externalcontacts/contacts/${p.externalContactId}` } } : {}),
    attributes: attributesOf(c, p),
    provider: comm.provider,
    ...(media === 'voice' ? { muted: comm.muted ?? false, confined: false, recording: false, recordingState: 'none' as const } : {}),
    ...(media === 'cobrowse' ? { cobrowseSessionId: comm.cobrowseSessionId, cobrowseRole: comm.cobrowseRole } : {}),
    ...(media === 'voice' ? optional('consultParticipantId', consultParticipantId(c, p)) : {}),
    ...(media === 'message' ? messagesOf(c, p) : {}),
  };
}

/** `CallConversation`, `ChatConversation`, `MessageConversation`, `EmailConversation` or `CallbackConversation`. */
export function renderMediaConversation(c: ConversationRecord, names: Names): Model<'MediaConversation'> {
  const view = viewOf(c);
  return {
    id: c.id,
    participants: view.participants.map((p) => mediaParticipant(c, p, p.media, names, c.mediaType)),
    otherMediaUris: [],
    ...(c.mediaType === 'voice' ? { recordingState: 'none' as const } : {}),
    selfUri: `/api/v2/conversations/${MEDIA[c.mediaType].segment}/${c.id}`,
  };
}

/** A cobrowse session as its own `CobrowseConversation`: the viewer and the sharer. */
export function renderCobrowseConversation(session: CobrowseSessionRecord, store: StoreView): Model<'CobrowseConversation'> {
  const names = storeNames(store);
  const participants: Model<'MediaParticipant'>[] = [];
  const otherMediaUris: string[] = [];
  for (const conversationId of session.conversationIds) {
    const c = store.get('conversations', conversationId);
    if (!c) continue;
    otherMediaUris.push(`/api/v2/conversations/${MEDIA[c.mediaType].segment}/${c.id}`);
    for (const p of viewOf(c).participants) {
      for (const comm of p.cobrowse) {
        if (comm.cobrowseSessionId === session.id) participants.push({ ...mediaParticipant(c, p, comm, names, 'cobrowse'), id: derivedId(c.id, comm.ordinal) });
      }
    }
  }
  return { id: session.id, participants, otherMediaUris, selfUri: `/api/v2/conversations/cobrowsesessions/${session.id}` };
}

/**
 * A cobrowse session as the generic `Conversation` (what Genesys answers its PATCH with): each
 * viewer and sharer a `Participant` carrying its cobrowse communication.
 */
export function renderCobrowseAsConversation(session: CobrowseSessionRecord, store: StoreView): Model<'Conversation'> {
  const names = storeNames(store);
  const participants: Model<'Participant'>[] = [];
  for (const conversationId of session.conversationIds) {
    const c = store.get('conversations', conversationId);
    if (!c) continue;
    for (const p of viewOf(c).participants) {
      for (const comm of p.cobrowse) {
        if (comm.cobrowseSessionId !== session.id) continue;
        // Written out as in renderConversation, not shared through a helper spread into both: that
        // spread cost a GET of a conversation a quarter of its answers a second (measured).
        participants.push({
          id: derivedId(c.id, comm.ordinal),
          purpose: p.purpose,
          participantType: p.purpose === 'customer' || p.purpose === 'external' ? 'External' : 'Internal',
          name: participantName(p, names),
          ...optional('userId', p.userId),
          ...optional('address', p.address),
          startTime: comm.connectedTime ?? session.dateCreated,
          ...optional('connectedTime', comm.connectedTime),
          ...optional('endTime', comm.disconnectedTime),
          attributes: attributesOf(c, p),
          cobrowsesessions: [cobrowseCommunication(c, comm)],
        });
      }
    }
  }
  return {
    id: session.id,
    startTime: session.dateCreated,
    ...optional('endTime', session.dateEnded),
    state: session.state,
    participants,
    selfUri: `/api/v2/conversations/${session.id}`,
  };
}

export function presentConversation(store: StoreView, c: ConversationRecord): Model<'Conversation'> {
  return renderConversation(c, storeNames(store));
}
