// Test fixtures created through /__admin and the seed: orgs, clients, users, conversations.
import { ApiError, invalidValue } from './errors.js';
import type { Deps, IdGenerator } from './deps.js';
import { isoNow } from './deps.js';
import { advanceConversation, buildConversation, parseStage, stageOf, STAGES, type Stage } from './conversations.js';
import { MEDIA_NAMES, parseMediaType } from './media.js';
import { endSessionsOf } from './cobrowse.js';
import type { Model } from './models.js';
import type { Change, StoreView } from '../store/store.js';
import { orgView } from '../store/org-view.js';
import type { ConversationRecord, OAuthClientRecord, OrgRecord, QueueRecord, UserRecord } from '../store/schema.js';

export type ClientInput = Model<'AdminOAuthClientRequest'>;
export type UserInput = Model<'AdminUserRequest'>;
export type QueueInput = Model<'AdminQueueRequest'>;
export type ConversationInput = Model<'AdminConversationRequest'>;

/** The org record to add when `orgId` names an org that does not exist yet. */
function orgChanges(store: StoreView, orgId: string, name?: string): Change[] {
  if (store.get('orgs', orgId)) return [];
  const record: OrgRecord = { id: orgId, name: name ?? `Org ${orgId}` };
  return [{ op: 'put', collection: 'orgs', record }];
}

function conflict(entity: string, id: string): ApiError {
  return new ApiError('invalidBody', {}, [{ errorCode: 'duplicate', fieldName: entity }], {
    problems: `${entity} ${id} already exists`,
  });
}

export function buildClient(ids: IdGenerator, orgId: string, input: ClientInput): OAuthClientRecord {
  const id = input.clientId ?? ids.uuid();
  return {
    id,
    orgId,
    name: input.name ?? id,
    secret: input.clientSecret ?? ids.secret(),
    scopes: [...new Set(input.scopes)],
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.authorizedGrantTypes ? { authorizedGrantTypes: [...new Set(input.authorizedGrantTypes)] } : {}),
    ...(input.registeredRedirectUris ? { registeredRedirectUris: [...new Set(input.registeredRedirectUris)] } : {}),
  };
}

export async function createClient(deps: Deps, defaultOrgId: string, input: ClientInput): Promise<OAuthClientRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  if (input.clientId !== undefined && deps.store.get('oauthClients', input.clientId)) throw conflict('clientId', input.clientId);
  // Ids are unique across orgs (the check above); a user it acts as must be of its own org.
  const org = orgView(deps.store, orgId);
  if (input.userId !== undefined && !org.get('users', input.userId)) {
    throw invalidValue(
      'userId',
      input.userId,
      org.lookup('usersByOrg', orgId).map((u) => u.id),
    );
  }
  const record = buildClient(deps.ids, orgId, input);
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'oauthClients', record }]);
  return record;
}

async function createNamed<C extends 'queues' | 'users'>(
  deps: Deps,
  collection: C,
  defaultOrgId: string,
  input: UserInput | QueueInput,
): Promise<QueueRecord & UserRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  if (input.id !== undefined && deps.store.get(collection, input.id)) throw conflict('id', input.id);
  const record = { id: input.id ?? deps.ids.uuid(), orgId, name: input.name };
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection, record } as Change]);
  return record;
}

export function createQueue(deps: Deps, defaultOrgId: string, input: QueueInput): Promise<QueueRecord> {
  return createNamed(deps, 'queues', defaultOrgId, input);
}

export function createUser(deps: Deps, defaultOrgId: string, input: UserInput): Promise<UserRecord> {
  return createNamed(deps, 'users', defaultOrgId, input);
}

/** The agent a conversation gets: the one named, else the org's first user. */
function resolveAgent(org: StoreView, orgId: string, agentUserId: string | undefined): UserRecord | undefined {
  if (agentUserId === undefined) return org.lookup('usersByOrg', orgId)[0];
  const user = org.get('users', agentUserId);
  if (!user)
    throw invalidValue(
      'agentUserId',
      agentUserId,
      org.lookup('usersByOrg', orgId).map((u) => u.id),
    );
  return user;
}

function parseStageOrThrow(state: string): Stage {
  const stage = parseStage(state);
  if (!stage) throw invalidValue('state', state, [...STAGES, 'active', 'closed']);
  return stage;
}

export function buildConversationFixture(store: StoreView, ids: IdGenerator, at: string, orgId: string, input: ConversationInput): ConversationRecord {
  const mediaType = parseMediaType(input.mediaType);
  if (!mediaType) throw invalidValue('mediaType', input.mediaType, MEDIA_NAMES);
  const stage = parseStageOrThrow(input.state);
  // The fixture's agent and queue must be of its own org: read through that org's view.
  const org = orgView(store, orgId);
  const agent = resolveAgent(org, orgId, input.agentUserId);
  const id = input.id ?? ids.uuid();
  if (input.queueId !== undefined && !org.get('queues', input.queueId)) {
    throw invalidValue(
      'queueId',
      input.queueId,
      org.all('queues').map((q) => q.id),
    );
  }
  return buildConversation(
    at,
    { id, orgId, mediaType, customerExternalId: input.customerExternalId ?? `customer-${id}`, agent, queueId: input.queueId },
    stage,
  );
}

export async function createConversation(deps: Deps, defaultOrgId: string, input: ConversationInput): Promise<ConversationRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  if (input.id !== undefined && deps.store.get('conversations', input.id)) throw conflict('id', input.id);
  const record = buildConversationFixture(deps.store, deps.ids, isoNow(deps.clock), orgId, input);
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'conversations', record }]);
  return record;
}

/** Moves a fixture forward (queued → alerting → connected → disconnected, any → disconnected). */
export async function setConversationStage(deps: Deps, conversationId: string, state: string): Promise<ConversationRecord> {
  const conversation = deps.store.get('conversations', conversationId);
  if (!conversation) throw new ApiError('notFound');
  const stage = parseStageOrThrow(state);
  const agent = resolveAgent(deps.store, conversation.orgId, conversation.agentUserId);
  const at = isoNow(deps.clock);
  const next = advanceConversation(at, conversation, stage, agent);
  const changes: Change[] = [{ op: 'put', collection: 'conversations', record: next }];
  if (stage === 'disconnected') changes.push(...endSessionsOf(deps.store, conversationId, at));
  await deps.store.commit(changes);
  return next;
}

/** One org's fixtures in the shapes the fixture routes take (no client secrets): GET /__admin/orgs/{orgId}/fixtures. */
export function exportFixtures(store: StoreView, orgId: string): Model<'AdminOrgFixtures'> {
  const org = orgView(store, orgId);
  const record = org.get('orgs', orgId);
  if (!record) throw new ApiError('notFound');
  return {
    org: { id: record.id, name: record.name },
    users: org.all('users').map((u) => ({ id: u.id, name: u.name, orgId })),
    queues: org.all('queues').map((q) => ({ id: q.id, name: q.name, orgId })),
    oauthClients: org
      .all('oauthClients')
      .map((c) => ({ clientId: c.id, name: c.name, scopes: [...c.scopes], orgId, ...(c.userId ? { userId: c.userId } : {}) })),
    conversations: org.all('conversations').map((c) => ({
      id: c.id,
      mediaType: c.mediaType,
      state: stageOf(c),
      orgId,
      customerExternalId: c.customerExternalId,
      ...(c.agentUserId ? { agentUserId: c.agentUserId } : {}),
      ...(c.queueId ? { queueId: c.queueId } : {}),
    })),
  };
}
