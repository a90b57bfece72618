// The body of a conversation event, in the shape of its topic's Genesys event class: the
// conversation (participants cut to what the event carries), one media's conversation, or the
// conversation's latest cobrowse session.
import type { StoreView } from '../../store/store.js';
import type { ConversationRecord } from '../../store/schema.js';
import { renderCobrowseConversation, renderConversation, renderMediaConversation, storeNames } from '../conversation-render.js';
import { viewOf } from '../conversations.js';
import { MEDIA, MEDIA_TYPES } from '../media.js';
import type { Topic } from './topics.js';

/** The participant fields a ConversationEventTopicParticipant has, and every communication list. */
const PARTICIPANT_KEYS = [
  'id',
  'connectedTime',
  'endTime',
  'userId',
  'externalContactId',
  'name',
  'queueId',
  'purpose',
  'address',
  'wrapupRequired',
  'wrapup',
  'consultParticipantId',
  'attributes',
  ...[...MEDIA_TYPES.map((m) => MEDIA[m].segment), 'cobrowsesessions', 'screenshares', 'socialExpressions', 'videos'].sort(),
];

function pick(record: object, keys: string[]): Record<string, unknown> {
  const fields = record as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]));
}

function withoutSelfUri<T extends { selfUri?: string }>({ selfUri: _selfUri, ...rest }: T): Omit<T, 'selfUri'> {
  return rest;
}

/** The record without the keys its event model lacks. */
function without(record: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

const COMMUNICATION_LISTS = new Set([...MEDIA_TYPES.map((m) => MEDIA[m].segment), 'cobrowsesessions']);

/**
 * A participant of a conversation event (ConversationEventTopicParticipant): its communications
 * have no startAlertingTime or segments, and a chat no direction, in Genesys' event models.
 */
function eventParticipant(p: object): Record<string, unknown> {
  const out = pick(p, PARTICIPANT_KEYS);
  for (const [key, value] of Object.entries(out)) {
    if (!COMMUNICATION_LISTS.has(key) || !Array.isArray(value)) continue;
    out[key] = value.map((c: object) => {
      // Nor segments, which only the Conversation API's communications have.
      const comm = without(c, key === 'chats' ? ['startAlertingTime', 'direction', 'segments'] : ['startAlertingTime', 'segments']);
      // ConversationEventTopicMessageDetails has no messageURI.
      if (Array.isArray(comm.messages)) comm.messages = comm.messages.map((m: object) => without(m, ['messageURI']));
      return comm;
    });
  }
  return out;
}

/**
 * A media participant of a media event (Conversation…EventTopic…MediaParticipant): no
 * startAlertingTime, and its user, queue and external contact are UriReferences (id and name, no selfUri).
 */
function eventMediaParticipant(p: object): Record<string, unknown> {
  const out = without(p, ['startAlertingTime']);
  for (const ref of ['user', 'queue', 'externalContact']) if (out[ref]) out[ref] = without(out[ref] as object, ['selfUri']);
  // A message event's details name the message by a UriReference (ConversationMessageEventTopicMessageDetails).
  if (Array.isArray(out.messages)) {
    out.messages = (out.messages as { messageId: string; messageURI: string }[]).map(({ messageId, messageURI: _uri, ...rest }) => ({
      message: { id: messageId },
      ...rest,
    }));
  }
  return out;
}

/** The event body of a change of `conversation` for `topic`; undefined when it has none (no cobrowse session). */
export function eventBody(store: StoreView, conversation: ConversationRecord, topic: Topic): unknown {
  const names = storeNames(store);
  if (topic.media === undefined) {
    const full = renderConversation(conversation, names);
    return {
      id: full.id,
      participants: full.participants.map(eventParticipant),
      ...(full.recordingState ? { recordingState: full.recordingState } : {}),
    };
  }
  if (topic.media !== 'cobrowse') {
    const media = withoutSelfUri(renderMediaConversation(conversation, names));
    return { ...media, participants: media.participants.map(eventMediaParticipant) };
  }
  // The most recent cobrowse session of the conversation, as a CobrowseConversation.
  const latest = viewOf(conversation)
    .participants.flatMap((p) => p.cobrowse)
    .reduce<{ ordinal: number; cobrowseSessionId?: string } | undefined>((a, c) => (!a || c.ordinal > a.ordinal ? c : a), undefined);
  const sessionId = latest?.cobrowseSessionId;
  const session = sessionId ? store.get('cobrowseSessions', sessionId) : undefined;
  if (!session) return undefined;
  const cobrowse = withoutSelfUri(renderCobrowseConversation(session, store));
  return { ...cobrowse, participants: cobrowse.participants.map(eventMediaParticipant) };
}
