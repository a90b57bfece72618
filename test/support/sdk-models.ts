// The official SDK's models, read from its index.d.ts (field names and TypeScript types), and a
// checker of a JSON value against one of them: a key the model lacks, or a value of another type,
// is a problem. Used on every response the suite's HTTP helper sees (test/support/spec.ts) and on
// every notification event the socket tests receive, so the emulator's shapes stay the SDK's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DETAIL_EVENT_MODELS } from '../../src/domain/notifications/topics.js';

const require = createRequire(import.meta.url);
const dts = readFileSync(require.resolve('purecloud-platform-client-v2/index.d.ts'), 'utf8');

/**
 * Models of Genesys' events that this SDK (the JavaScript one) lacks and Genesys' other official
 * SDKs have, transcribed field by field with the types index.d.ts would give them; each with where
 * it was read.
 */
const OTHER_SDK_MODELS: Record<string, Record<string, string>> = {
  // v2.analytics.queues.{id}.observations: MyPureCloud/platform-client-sdk-java
  // build/docs/StatsNotificationNotification*.md; the .NET SDK's NotificationTopics maps the topic to it.
  StatsNotificationNotification: { group: '{ [key: string]: string; }', data: 'Array<Models.StatsNotificationNotificationData>' },
  StatsNotificationNotificationData: { interval: 'string', metrics: 'Array<Models.StatsNotificationNotificationMetrics>' },
  StatsNotificationNotificationMetrics: { metric: 'string', qualifier: 'string', stats: '{ [key: string]: number; }' },
};

/** Model name → field name → TypeScript type, as the SDK declares them. */
export const SDK_MODELS: ReadonlyMap<string, ReadonlyMap<string, string>> = (() => {
  const models = new Map<string, Map<string, string>>();
  const namespace = dts.slice(dts.indexOf('declare namespace Models'));
  for (const m of namespace.matchAll(/export interface (\w+) \{([\s\S]*?)\n\t\}/g)) {
    const fields = new Map<string, string>();
    for (const f of m[2]!.matchAll(/^\t\t"([^"]+)"\??: (.+);$/gm)) fields.set(f[1]!, f[2]!);
    models.set(m[1]!, fields);
  }
  for (const [name, fields] of Object.entries(OTHER_SDK_MODELS)) if (!models.has(name)) models.set(name, new Map(Object.entries(fields)));
  return models;
})();

/** SDK method name → the model its promise resolves to (methods resolving to void or object are absent). */
export const SDK_METHOD_MODELS: ReadonlyMap<string, string> = new Map(
  [...dts.matchAll(/^\s+(\w+)\([^)]*\): Promise<Models\.(\w+)>;$/gm)].map((m) => [m[1]!, m[2]!]),
);

/**
 * Fields this emulator sends that the SDK's model lacks, on purpose, each with why. `Model.field`;
 * everything else unknown to the SDK fails the suite.
 */
export const ALLOWED_EXTRA_FIELDS: ReadonlyMap<string, string> = new Map([
  // The cobrowse ticket (cobrowse-400) and the README rely on these fields of the session the
  // create answers; Genesys' CobrowseWebMessagingSession has id, joinCode and selfUri of them.
  ['CobrowseWebMessagingSession.cobrowseSessionId', 'the ticket reads the session id back from it'],
  ['CobrowseWebMessagingSession.conversationId', 'the conversation the session was started on (ticket)'],
  ['CobrowseWebMessagingSession.state', 'connected or disconnected (ticket)'],
  ['CobrowseWebMessagingSession.initiator', 'the ticket body echoed (ticket)'],
  ['CobrowseWebMessagingSession.participants', 'the ticket body echoed (ticket)'],
  ['CobrowseWebMessagingSession.dateCreated', 'when the session started (ticket, README)'],
  // Every page of this emulator says how many there are (documented in openapi/shared.yaml's
  // EntityListing); Genesys' queue member listing is the one that does not.
  ['QueueMemberEntityListing.total', 'the count of members, as on every list here'],
  ['QueueMemberEntityListing.pageCount', 'the count of pages, as on every list here'],
  ['QueueMemberEntityListing.lastUri', 'the last page, as on every list here'],
]);

/**
 * Fields whose SDK type is narrower than what Genesys sends, read without their type, each with why.
 */
export const UNTYPED_FIELDS: ReadonlyMap<string, string> = new Map([
  // index.d.ts types it { [key: string]: object }; Genesys sends a JSON Schema, whose id, type
  // and title are strings.
  ['AvailableTopic.schema', 'a JSON Schema: string values among its objects'],
]);

function typeProblem(type: string, value: unknown, path: string, problems: string[], depth: number): void {
  if (value === null || value === undefined) return;
  const t = type.trim();
  if (t === 'string' || t === 'number' || t === 'boolean') {
    if (typeof value !== t) problems.push(`${path}: ${JSON.stringify(value)} is not a ${t}`);
    return;
  }
  if (t === 'object') {
    if (typeof value !== 'object') problems.push(`${path}: is not an object`);
    return;
  }
  const array = /^Array<(.+)>$/.exec(t);
  if (array) {
    if (!Array.isArray(value)) problems.push(`${path}: is not an array`);
    else value.forEach((v, i) => typeProblem(array[1]!, v, `${path}[${i}]`, problems, depth));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) problems.push(`${path}: is not an object`);
    else for (const [k, v] of Object.entries(value)) typeProblem(map[1]!, v, `${path}.${k}`, problems, depth);
    return;
  }
  const model = /^Models\.(\w+)$/.exec(t);
  if (model) {
    modelProblems(model[1]!, value, path, problems, depth + 1);
    return;
  }
  problems.push(`${path}: the SDK type ${t} is not one this checker reads`);
}

function modelProblems(name: string, value: unknown, path: string, problems: string[], depth: number): void {
  const fields = SDK_MODELS.get(name);
  if (!fields) {
    problems.push(`${path}: the SDK has no model ${name}`);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: is not a ${name}`);
    return;
  }
  if (depth > 30) return;
  for (const [key, v] of Object.entries(value)) {
    const type = fields.get(key);
    if (type === undefined) {
      if (!ALLOWED_EXTRA_FIELDS.has(`${name}.${key}`)) problems.push(`${path}.${key}: ${name} has no field ${key}`);
      continue;
    }
    if (!UNTYPED_FIELDS.has(`${name}.${key}`)) typeProblem(type, v, `${path}.${key}`, problems, depth);
  }
}

/** Every way `value` differs from the SDK's model `name`: unknown keys, wrong types. */
export function sdkModelProblems(name: string, value: unknown): string[] {
  const problems: string[] = [];
  modelProblems(name, value, name, problems, 0);
  return problems;
}

/** The SDK model of a notification topic's events, by the topic's name. */
export function topicModel(topicName: string): string | undefined {
  const media: Record<string, string> = {
    calls: 'Call',
    chats: 'Chat',
    messages: 'Message',
    emails: 'Email',
    callbacks: 'Callback',
    cobrowsesessions: 'Cobrowse',
    cobrowseSessions: 'Cobrowse',
  };
  const conversations = /^v2\.(users|routing\.queues)\.[^.]+\.conversations(?:\.(\w+))?$/.exec(topicName);
  if (conversations) {
    const prefix = conversations[1] === 'users' ? 'Conversation' : 'QueueConversation';
    const m = conversations[2] === undefined ? undefined : media[conversations[2]];
    return m === undefined ? `${prefix}EventTopicConversation` : `${prefix}${m}EventTopic${m}Conversation`;
  }
  if (/^v2\.users\.[^.]+\.presence$/.test(topicName)) return 'PresenceEventUserPresence';
  // The SDK has no model of the whole routingStatus event, only of its routingStatus (eventProblems).
  if (/^v2\.users\.[^.]+\.routingStatus$/.test(topicName)) return undefined;
  if (/^v2\.routing\.queues\.[^.]+\.users$/.test(topicName)) return 'QueueUserEventTopicQueueMember';
  if (/^v2\.analytics\.queues\.[^.]+\.observations$/.test(topicName)) return 'StatsNotificationNotification';
  const detail = /^v2\.detail\.events\.conversation\.[^.]+\.(.+)$/.exec(topicName);
  // The topic names its model in GET /api/v2/notifications/availabletopics, pinned name by name in
  // test/http/notifications.test.ts.
  if (detail) return (DETAIL_EVENT_MODELS as Record<string, string>)[detail[1]!];
  return undefined;
}

/** Every way a notification event's body differs from the SDK's model of its topic. */
export function eventProblems(topicName: string, eventBody: unknown): string[] {
  // The channel's own messages (heartbeats, socket_closing) have no SDK model; they are Genesys'
  // documented shapes, tested where they are sent.
  if (topicName === 'channel.metadata' || topicName.startsWith('v2.system.')) return [];
  if (/^v2\.users\.[^.]+\.routingStatus$/.test(topicName)) {
    const { routingStatus, ...rest } = (eventBody ?? {}) as Record<string, unknown>;
    return [
      ...Object.keys(rest).map((k) => `${topicName}: routingStatus events have no field ${k}`),
      ...sdkModelProblems('UserRoutingStatusRoutingStatus', routingStatus),
    ];
  }
  const model = topicModel(topicName);
  if (!model) return [`${topicName}: no SDK model is known for this topic`];
  return sdkModelProblems(model, eventBody).map((p) => `${topicName}: ${p}`);
}
