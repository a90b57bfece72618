// Test fixtures created through /__admin and the seed: orgs, clients, users, queues, skills,
// wrap-up codes, messaging integrations, conversations.
import { ApiError, invalidValue } from './errors.js';
import type { Deps, IdGenerator } from './deps.js';
import { contactFixture } from './external-contacts.js';
import { isoNow } from './deps.js';
import { advanceConversation, buildConversation, parseStage, stageOf, STAGES, type Stage } from './conversations.js';
import { MEDIA_NAMES, parseMediaType } from './media.js';
import { endSessionsOf } from './cobrowse.js';
import type { Model } from './models.js';
import type { Change, StoreView } from '../store/store.js';
import { orgView } from '../store/org-view.js';
import type {
  ConversationRecord,
  MessagingIntegrationRecord,
  OAuthClientRecord,
  OrgRecord,
  QueueRecord,
  SkillRecord,
  UserRecord,
  WrapupCodeRecord,
} from '../store/schema.js';

export type ClientInput = Model<'AdminOAuthClientRequest'>;
export type UserInput = Model<'AdminUserRequest'>;
export type NamedInput = Model<'AdminNamedRequest'>;
export type QueueInput = Model<'AdminQueueRequest'>;
export type ConversationInput = Model<'AdminConversationRequest'>;
export type MessagingIntegrationInput = Model<'AdminMessagingIntegrationRequest'>;

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

function newId(deps: Deps, collection: 'queues' | 'users' | 'skills' | 'wrapupCodes' | 'messagingIntegrations', id: string | undefined): string {
  if (id !== undefined && deps.store.get(collection, id)) throw conflict('id', id);
  return id ?? deps.ids.uuid();
}

/** Ids given for records of the org, checked: each must be one of its `collection`, as `accept` takes it. */
function checkIds<C extends 'users' | 'skills' | 'wrapupCodes' | 'queues'>(
  org: StoreView,
  collection: C,
  field: string,
  ids: readonly string[],
  accept: (record: NonNullable<ReturnType<StoreView['get']>>) => boolean = () => true,
): void {
  for (const id of ids) {
    const record = org.get(collection, id);
    if (!record || !accept(record)) throw invalidValue(field, id, `the ids of the org's ${collection}`);
  }
}

/** The records the fixture inputs describe (the seed builds with these too): members, codes and skills once each. */
export function buildQueue(id: string, orgId: string, input: QueueInput): QueueRecord {
  const members = new Map((input.members ?? []).map((m) => [m.userId, { userId: m.userId, joined: m.joined ?? true }]));
  return {
    id,
    orgId,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(members.size > 0 ? { members: [...members.values()] } : {}),
    ...(input.wrapupCodes?.length ? { wrapupCodes: [...new Set(input.wrapupCodes)] } : {}),
  };
}

export function buildUser(id: string, orgId: string, input: UserInput): UserRecord {
  const skills = new Map((input.routingSkills ?? []).map((k) => [k.id, { id: k.id, proficiency: k.proficiency }]));
  return {
    id,
    orgId,
    name: input.name,
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.department !== undefined ? { department: input.department } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
    ...(input.profileSkills !== undefined ? { profileSkills: [...input.profileSkills] } : {}),
    ...(skills.size > 0 ? { routingSkills: [...skills.values()] } : {}),
  };
}

export function buildSkill(id: string, orgId: string, name: string, at: string): SkillRecord {
  return { id, orgId, name, state: 'active', dateModified: at, version: 1 };
}

export function buildWrapupCode(id: string, orgId: string, name: string, at: string): WrapupCodeRecord {
  return { id, orgId, name, dateCreated: at, dateModified: at };
}

export async function createQueue(deps: Deps, defaultOrgId: string, input: QueueInput): Promise<QueueRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  const org = orgView(deps.store, orgId);
  checkIds(
    org,
    'users',
    'members.userId',
    (input.members ?? []).map((m) => m.userId),
    (u) => (u as UserRecord).state !== 'deleted',
  );
  checkIds(org, 'wrapupCodes', 'wrapupCodes', input.wrapupCodes ?? []);
  const record = buildQueue(newId(deps, 'queues', input.id), orgId, input);
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'queues', record }]);
  return record;
}

export async function createUser(deps: Deps, defaultOrgId: string, input: UserInput): Promise<UserRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  const org = orgView(deps.store, orgId);
  checkIds(
    org,
    'skills',
    'routingSkills.id',
    (input.routingSkills ?? []).map((s) => s.id),
    (skill) => (skill as SkillRecord).state === 'active',
  );
  if (input.email !== undefined) {
    const email = input.email.toLowerCase();
    if (org.lookup('usersByOrg', orgId).some((u) => u.state !== 'deleted' && u.email?.toLowerCase() === email)) throw conflict('email', input.email);
  }
  const record = buildUser(newId(deps, 'users', input.id), orgId, input);
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'users', record }]);
  return record;
}

export async function createSkill(deps: Deps, defaultOrgId: string, input: NamedInput): Promise<SkillRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  const record = buildSkill(newId(deps, 'skills', input.id), orgId, input.name, isoNow(deps.clock));
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'skills', record }]);
  return record;
}

export async function createWrapupCode(deps: Deps, defaultOrgId: string, input: NamedInput): Promise<WrapupCodeRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  const record = buildWrapupCode(newId(deps, 'wrapupCodes', input.id), orgId, input.name, isoNow(deps.clock));
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'wrapupCodes', record }]);
  return record;
}

/**
 * A messaging integration: an SMS number has its `address` (and needs one); an Open Messaging or
 * WhatsApp integration is addressed by its id and has none. Its queue must be of its org (`org`).
 */
export function buildMessagingIntegration(org: StoreView, id: string, orgId: string, input: MessagingIntegrationInput): MessagingIntegrationRecord {
  if (input.messengerType === 'sms' && input.address === undefined) {
    throw new ApiError('invalidBody', {}, [{ errorCode: 'required', fieldName: 'address' }], { problems: 'an SMS integration needs its number as address' });
  }
  if (input.messengerType !== 'sms' && input.address !== undefined) {
    throw invalidValue('address', input.address, `nothing: a ${input.messengerType} integration is addressed by its id`);
  }
  checkIds(org, 'queues', 'queueId', [input.queueId]);
  if (input.address !== undefined && org.all('messagingIntegrations').some((i) => i.address === input.address)) throw conflict('address', input.address);
  return {
    id,
    orgId,
    name: input.name,
    messengerType: input.messengerType,
    queueId: input.queueId,
    ...(input.address !== undefined ? { address: input.address } : {}),
  };
}

export async function createMessagingIntegration(deps: Deps, defaultOrgId: string, input: MessagingIntegrationInput): Promise<MessagingIntegrationRecord> {
  const orgId = input.orgId ?? defaultOrgId;
  const record = buildMessagingIntegration(orgView(deps.store, orgId), newId(deps, 'messagingIntegrations', input.id), orgId, input);
  await deps.store.commit([...orgChanges(deps.store, orgId), { op: 'put', collection: 'messagingIntegrations', record }]);
  return record;
}

/** A user as the fixture routes show it (and take it). */
export function fixtureUser(u: UserRecord): Model<'AdminUser'> {
  return {
    id: u.id,
    name: u.name,
    orgId: u.orgId,
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.department !== undefined ? { department: u.department } : {}),
    ...(u.title !== undefined ? { title: u.title } : {}),
    ...(u.state === 'active' || u.state === 'inactive' ? { state: u.state } : {}),
    ...(u.profileSkills !== undefined ? { profileSkills: [...u.profileSkills] } : {}),
    ...(u.routingSkills?.length ? { routingSkills: u.routingSkills.map((s) => ({ ...s })) } : {}),
  };
}

/** A queue as the fixture routes show it (and take it). */
export function fixtureQueue(q: QueueRecord): Model<'AdminQueue'> {
  return {
    id: q.id,
    name: q.name,
    orgId: q.orgId,
    ...(q.description !== undefined ? { description: q.description } : {}),
    ...(q.members?.length ? { members: q.members.map((m) => ({ ...m })) } : {}),
    ...(q.wrapupCodes?.length ? { wrapupCodes: [...q.wrapupCodes] } : {}),
  };
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
    // Deleted users are left out: a fixture cannot make one (DELETE /api/v2/users/{id} does).
    users: org
      .all('users')
      .filter((u) => u.state !== 'deleted')
      .map(fixtureUser),
    queues: org.all('queues').map(fixtureQueue),
    skills: org
      .all('skills')
      .filter((s) => s.state === 'active')
      .map((s) => ({ id: s.id, name: s.name, orgId })),
    wrapupCodes: org.all('wrapupCodes').map((c) => ({ id: c.id, name: c.name, orgId })),
    oauthClients: org.all('oauthClients').map((c) => ({
      clientId: c.id,
      name: c.name,
      scopes: [...c.scopes],
      orgId,
      ...(c.userId ? { userId: c.userId } : {}),
      ...(c.authorizedGrantTypes ? { authorizedGrantTypes: [...c.authorizedGrantTypes] as ('CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN')[] } : {}),
      ...(c.registeredRedirectUris ? { registeredRedirectUris: [...c.registeredRedirectUris] } : {}),
    })),
    messagingIntegrations: org.all('messagingIntegrations').map((i) => ({ ...i })),
    externalContacts: org.all('externalContacts').map(contactFixture),
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
