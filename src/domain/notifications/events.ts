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
  'attributes',
  ...[...MEDIA_TYPES.map((m) => MEDIA[m].segment), 'cobrowsesessions'].sort(),
];

function pick(record: object, keys: string[]): Record<string, unknown> {
  const fields = record as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]));
}

function withoutSelfUri<T extends { selfUri?: string }>({ selfUri: _selfUri, ...rest }: T): Omit<T, 'selfUri'> {
  return rest;
}

/** The event body of a change of `conversation` for `topic`; undefined when it has none (no cobrowse session). */
export function eventBody(store: StoreView, conversation: ConversationRecord, topic: Topic): unknown {
  const names = storeNames(store);
  if (topic.media === undefined) {
    const full = renderConversation(conversation, names);
    return {
      id: full.id,
      participants: full.participants.map((p) => pick(p, PARTICIPANT_KEYS)),
      ...(full.recordingState ? { recordingState: full.recordingState } : {}),
    };
  }
  if (topic.media !== 'cobrowse') return withoutSelfUri(renderMediaConversation(conversation, names));
  // The most recent cobrowse session of the conversation, as a CobrowseConversation.
  const latest = viewOf(conversation)
    .participants.flatMap((p) => p.cobrowse)
    .reduce<{ ordinal: number; cobrowseSessionId?: string } | undefined>((a, c) => (!a || c.ordinal > a.ordinal ? c : a), undefined);
  const sessionId = latest?.cobrowseSessionId;
  const session = sessionId ? store.get('cobrowseSessions', sessionId) : undefined;
  return session ? withoutSelfUri(renderCobrowseConversation(session, store)) : undefined;
}
