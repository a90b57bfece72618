// The notification topics the emulator publishes: conversations of a user or a queue, all of them
// or of one media, a user's presence and routing status, a queue's members and observations, and a
// conversation's analytics detail events. Which topics a caller may have is decided here.
import type { StoreView } from '../../store/store.js';
import type { MediaType } from '../../store/schema.js';
import { MEDIA, MEDIA_TYPES, SEGMENT_MEDIA } from '../media.js';
import type { Model } from '../models.js';

/** Per-media topic suffixes and the media they carry; Genesys spells cobrowse `cobrowseSessions`. */
const MEDIA_SUFFIXES: Record<string, MediaType | 'cobrowse'> = { ...SEGMENT_MEDIA, cobrowsesessions: 'cobrowse', cobrowseSessions: 'cobrowse' };

/** The analytics detail events of a conversation this server publishes, by topic suffix. */
export const DETAIL_EVENT_KINDS = ['acd.start', 'acd.end', 'customer.start', 'customer.end', 'user.start', 'user.end', 'acw', 'outbound'] as const;
export type DetailEventKind = (typeof DETAIL_EVENT_KINDS)[number];

export interface Topic {
  id: string;
  kind: 'user' | 'queue' | 'conversation';
  entityId: string;
  /**
   * What changes it carries: conversations, (of a user) its presence or routing status, (of a
   * queue) its members or its observations, (of a conversation) one kind of its detail events.
   */
  subject: 'conversations' | 'presence' | 'routingStatus' | 'members' | 'observations' | 'detail';
  /** Absent: every media of the conversation. */
  media?: MediaType | 'cobrowse';
  /** Of a detail topic: which of the conversation's detail events. */
  detail?: DetailEventKind;
}

const TOPIC = /^v2\.(users|routing\.queues)\.([^.\s]+)\.conversations(?:\.([A-Za-z]+))?$/;
const USER_TOPIC = /^v2\.users\.([^.\s]+)\.(presence|routingStatus)$/;
const QUEUE_USERS_TOPIC = /^v2\.routing\.queues\.([^.\s]+)\.users$/;
const OBSERVATIONS_TOPIC = /^v2\.analytics\.queues\.([^.\s]+)\.observations$/;
const DETAIL_TOPIC = /^v2\.detail\.events\.conversation\.([^.\s]+)\.(\S+)$/;

/** The topic a string names, or why it names none. */
function parseTopic(id: string): Topic | { rejectionReason: string } {
  const user = USER_TOPIC.exec(id);
  if (user) return { id, kind: 'user', entityId: user[1]!, subject: user[2] as 'presence' | 'routingStatus' };
  const queueUsers = QUEUE_USERS_TOPIC.exec(id);
  if (queueUsers) return { id, kind: 'queue', entityId: queueUsers[1]!, subject: 'members' };
  const observations = OBSERVATIONS_TOPIC.exec(id);
  if (observations) return { id, kind: 'queue', entityId: observations[1]!, subject: 'observations' };
  const detail = DETAIL_TOPIC.exec(id);
  if (detail) {
    const kind = DETAIL_EVENT_KINDS.find((k) => k === detail[2]);
    if (!kind) return { rejectionReason: `${detail[2]} is not a detail event this server publishes: use one of ${DETAIL_EVENT_KINDS.join(', ')}` };
    return { id, kind: 'conversation', entityId: detail[1]!, subject: 'detail', detail: kind };
  }
  const m = TOPIC.exec(id);
  if (!m) return { rejectionReason: `${id} is not a topic this server publishes (GET /api/v2/notifications/availabletopics lists them)` };
  const suffix = m[3];
  if (suffix !== undefined && !(suffix in MEDIA_SUFFIXES)) {
    return { rejectionReason: `${suffix} is not a conversation media of ${m[1]} topics: use one of ${Object.keys(MEDIA_SUFFIXES).join(', ')}` };
  }
  return { id, kind: m[1] === 'users' ? 'user' : 'queue', entityId: m[2]!, subject: 'conversations', ...(suffix ? { media: MEDIA_SUFFIXES[suffix]! } : {}) };
}

/** A topic the caller's org may follow: its user, queue or conversation must be of that org. */
export function checkTopic(store: StoreView, id: string): Topic | { rejectionReason: string } {
  const topic = parseTopic(id);
  if ('rejectionReason' in topic) return topic;
  const entity =
    topic.kind === 'user'
      ? store.get('users', topic.entityId)
      : topic.kind === 'queue'
        ? store.get('queues', topic.entityId)
        : store.get('conversations', topic.entityId);
  // The store is the org's view: another org's user or queue is refused as one that does not
  // exist, and nothing is said of it.
  if (!entity) return { rejectionReason: `no ${topic.kind} ${topic.entityId} in your organization` };
  return topic;
}

/** Each topic suffix with the schema of its events: the media's, and cobrowse sessions'. */
const MEDIA_SCHEMAS: [string, string][] = [
  ...MEDIA_TYPES.map((m): [string, string] => [MEDIA[m].segment, MEDIA[m].eventSchema]),
  // Listed as Genesys spells it; the lower-case spelling is taken too (parseTopic).
  ['cobrowseSessions', 'ConversationCobrowseEventTopicCobrowseConversation'],
];

/** The SDK's model of each detail event. */
export const DETAIL_EVENT_MODELS: Record<DetailEventKind, string> = {
  'acd.start': 'AcdStartDetailEventTopicAcdStartEvent',
  'acd.end': 'AcdEndDetailEventTopicAcdEndEvent',
  'customer.start': 'CustomerStartDetailEventTopicCustomerStartEvent',
  'customer.end': 'CustomerEndDetailEventTopicCustomerEndEvent',
  'user.start': 'UserStartDetailEventTopicUserStartEvent',
  'user.end': 'UserEndDetailEventTopicUserEndEvent',
  acw: 'AcwDetailEventTopicAfterCallWorkEvent',
  outbound: 'OutboundDetailEventTopicOutboundInitEvent',
};

/** GET /api/v2/notifications/availabletopics. */
export function availableTopics(): Model<'AvailableTopic'>[] {
  const topic = (id: string, description: string, schema: string, template: string) => ({
    id,
    description,
    requiresPermissions: [],
    topicParameters: ['id'],
    transports: ['Websocket'],
    publicApiTemplateUriPaths: [template],
    schema: { id: schema, title: schema, type: 'object' },
  });
  const out: Model<'AvailableTopic'>[] = [];
  for (const [kind, who] of [
    ['users', 'a user takes part in'],
    ['routing.queues', 'on a queue'],
  ] as const) {
    const base = `v2.${kind}.{id}.conversations`;
    // A queue's topics carry Genesys' QueueConversation… event models, a user's the Conversation… ones.
    const prefix = kind === 'users' ? '' : 'Queue';
    out.push(topic(base, `Every change of the conversations ${who}`, `${prefix}ConversationEventTopicConversation`, '/api/v2/conversations/{id}'));
    for (const [suffix, schema] of MEDIA_SCHEMAS) {
      out.push(topic(`${base}.${suffix}`, `Every change of the ${suffix} ${who}`, `${prefix}${schema}`, `/api/v2/conversations/${suffix.toLowerCase()}/{id}`));
    }
  }
  out.push(topic('v2.users.{id}.presence', "Every change of a user's presence", 'PresenceEventUserPresence', '/api/v2/users/{id}/presences/purecloud'));
  out.push(
    topic('v2.users.{id}.routingStatus', "Every change of a user's routing status", 'UserRoutingStatusUserRoutingStatus', '/api/v2/users/{id}/routingstatus'),
  );
  out.push(
    topic(
      'v2.routing.queues.{id}.users',
      'A member added to the queue, joining or leaving it, or changing presence or routing status',
      'QueueUserEventTopicQueueMember',
      '/api/v2/routing/queues/{id}/members',
    ),
  );
  out.push(
    topic(
      'v2.analytics.queues.{id}.observations',
      "The queue's observations (waiting, interacting, its members by routing status and presence) each time one of them moves",
      'StatsNotificationNotification',
      '/api/v2/analytics/queues/observations/query',
    ),
  );
  for (const kind of DETAIL_EVENT_KINDS) {
    out.push(
      topic(
        `v2.detail.events.conversation.{id}.${kind}`,
        `Analytics detail event of a conversation: ${DETAIL_EVENT_MODELS[kind].replace(/^.*Topic/, '')}`,
        DETAIL_EVENT_MODELS[kind],
        '/api/v2/analytics/conversations/{id}/details',
      ),
    );
  }
  return out;
}
