// The one media table: everything that differs between Genesys' conversation media, which every
// other module (paths, participants, topics, fixtures, HAR import, cobrowse) derives from.
import type { MediaType } from '../store/schema.js';

export interface Media {
  /** The API's path segment and the participant's communication list: /api/v2/conversations/calls. */
  segment: 'calls' | 'chats' | 'messages' | 'emails' | 'callbacks';
  /** The operationIds' stem: getConversationsCall, patchConversationsCallParticipant... */
  operation: string;
  /** communicationType values of GET /api/v2/conversations that name it (any case). */
  communicationTypes: readonly string[];
  /** Other names a fixture or scenario may give it. */
  aliases: readonly string[];
  /** The communication's provider, as Genesys names it. */
  provider: string;
  /** A customer's address, from the fixture's external id. */
  customerAddress: (externalId: string) => string;
  /** Genesys allows a cobrowse session on voice and webchat conversations only. */
  cobrowse: boolean;
  /** The schema of its notification topic's events (`v2.users.{id}.conversations.calls`). */
  eventSchema: string;
}

export const MEDIA: Readonly<Record<MediaType, Media>> = {
  voice: {
    segment: 'calls',
    operation: 'Call',
    communicationTypes: ['call', 'voice'],
    aliases: [],
    provider: 'Edge',
    customerAddress: () => 'tel:+13175550100',
    cobrowse: true,
    eventSchema: 'ConversationCallEventTopicCallConversation',
  },
  chat: {
    segment: 'chats',
    operation: 'Chat',
    communicationTypes: ['chat', 'webchat'],
    aliases: ['webchat'],
    provider: 'PureCloud Webchat v2',
    customerAddress: (id) => id,
    cobrowse: true,
    eventSchema: 'ConversationChatEventTopicChatConversation',
  },
  message: {
    segment: 'messages',
    operation: 'Message',
    communicationTypes: ['message'],
    aliases: [],
    provider: 'PureCloud Messaging',
    customerAddress: () => '+13175550100',
    cobrowse: false,
    eventSchema: 'ConversationMessageEventTopicMessageConversation',
  },
  email: {
    segment: 'emails',
    operation: 'Email',
    communicationTypes: ['email'],
    aliases: [],
    provider: 'PureCloud Email',
    customerAddress: () => 'customer@example.com',
    cobrowse: false,
    eventSchema: 'ConversationEmailEventTopicEmailConversation',
  },
  callback: {
    segment: 'callbacks',
    operation: 'Callback',
    communicationTypes: ['callback'],
    aliases: [],
    provider: 'PureCloud',
    customerAddress: () => 'tel:+13175550100',
    cobrowse: false,
    eventSchema: 'ConversationCallbackEventTopicCallbackConversation',
  },
};

export const MEDIA_TYPES = Object.keys(MEDIA) as readonly MediaType[];

/** The media of each /api/v2/conversations/{segment} path; cobrowse sessions are apart. */
export const SEGMENT_MEDIA: Readonly<Record<string, MediaType>> = Object.fromEntries(MEDIA_TYPES.map((m) => [MEDIA[m].segment, m]));

/** A media type by its name or an alias (`webchat`). */
export function parseMediaType(value: string): MediaType | undefined {
  if ((MEDIA_TYPES as readonly string[]).includes(value)) return value as MediaType;
  return MEDIA_TYPES.find((m) => MEDIA[m].aliases.includes(value));
}

/** Every name a fixture may use for a media type. */
export const MEDIA_NAMES: readonly string[] = [...MEDIA_TYPES, ...MEDIA_TYPES.flatMap((m) => MEDIA[m].aliases)];
