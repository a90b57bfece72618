// The Routing API's rules: queues (names unique in the org, members that are the org's users,
// joined or not, the wrap-up codes agents may choose), skills (kept as deleted once deleted, as
// Genesys keeps them), wrap-up codes, and each user's skills and queues.
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { userOf } from './users.js';
import { homeDivision } from './divisions.js';
import { ApiError, invalidValue } from './errors.js';
import type { Model } from './models.js';
import { page, type Listing, type PageRequest } from './paging.js';
import type { StoreView } from '../store/store.js';
import type { Collections, QueueMemberRecord, QueueRecord, SkillRecord, UserRecord, UserSkillRecord, WrapupCodeRecord } from '../store/schema.js';

export type Queue = Model<'Queue'>;
export type QueueInput = Model<'CreateQueueRequest'>;
export type QueueMember = Model<'QueueMember'>;
export type RoutingSkill = Model<'RoutingSkill'>;
export type WrapupCode = Model<'WrapupCode'>;
export type UserRoutingSkill = Model<'UserRoutingSkill'>;
export type UserQueue = Model<'UserQueue'>;

export function presentQueue(q: QueueRecord): Queue {
  const members = q.members ?? [];
  return {
    id: q.id,
    name: q.name,
    division: homeDivision(q.orgId),
    ...(q.description !== undefined ? { description: q.description } : {}),
    ...(q.dateCreated !== undefined ? { dateCreated: q.dateCreated } : {}),
    memberCount: members.length,
    userMemberCount: members.length,
    joinedMemberCount: members.filter((m) => m.joined).length,
    selfUri: `/api/v2/routing/queues/${q.id}`,
  };
}

type NamedCollection = 'queues' | 'skills' | 'wrapupCodes';

/** A record of the caller's org; another org's, or none, is 404. */
function recordOf<C extends NamedCollection>(store: StoreView, collection: C, id: string): Collections[C] {
  const record = store.get(collection, id);
  if (!record) throw new ApiError('notFound');
  return record;
}

/** Whether another record of the org that `counts` has the name, in any case. */
function nameTaken(
  store: StoreView,
  collection: NamedCollection,
  name: string,
  except?: string,
  counts: (r: { state?: string }) => boolean = () => true,
): boolean {
  const wanted = name.toLowerCase();
  return (store.all(collection) as readonly { id: string; name: string; state?: string }[]).some(
    (r) => r.id !== except && counts(r) && r.name.toLowerCase() === wanted,
  );
}

export function queueOf(store: StoreView, queueId: string): QueueRecord {
  return recordOf(store, 'queues', queueId);
}

/** `name` as Genesys takes it: exact (any case), or with `*` at either end for "anything there". */
function nameMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const p = pattern.toLowerCase();
  const start = p.startsWith('*');
  const end = p.endsWith('*') && p.length > 1;
  const core = p.slice(start ? 1 : 0, end ? -1 : undefined);
  return (name) => {
    const n = name.toLowerCase();
    if (start && end) return n.includes(core);
    if (start) return n.endsWith(core);
    if (end) return n.startsWith(core);
    return n === core;
  };
}

const byName = <T extends { name: string; id: string }>(a: T, b: T) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** A list's filter as Genesys takes it: `name` (nameMatcher), `id` (any of), by name, maybe reversed. */
interface NameFilter {
  name?: string | undefined;
  ids: readonly string[];
  descending?: boolean;
}

function filteredByName<T extends { id: string; name: string }>(records: readonly T[], filter: NameFilter, keep: (r: T) => boolean = () => true): T[] {
  const named = nameMatcher(filter.name);
  const wanted = filter.ids.length > 0 ? new Set(filter.ids) : undefined;
  const found = records.filter((r) => keep(r) && named(r.name) && (!wanted || wanted.has(r.id))).sort(byName);
  if (filter.descending) found.reverse();
  return found;
}

export function listQueues(store: StoreView, filter: NameFilter, request: PageRequest, query: Record<string, string>): Listing<Queue> {
  return page(filteredByName(store.all('queues'), filter), request, '/api/v2/routing/queues', query, presentQueue);
}

export async function createQueue(deps: Deps, orgId: string, input: QueueInput): Promise<Queue> {
  if (nameTaken(deps.store, 'queues', input.name)) throw new ApiError('queueNameTaken', { name: input.name });
  const queue: QueueRecord = {
    id: deps.ids.uuid(),
    orgId,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    dateCreated: new Date(deps.clock.now()).toISOString(),
  };
  await deps.store.commit([{ op: 'put', collection: 'queues', record: queue }]);
  return presentQueue(queue);
}

export async function replaceQueue(deps: Deps, queueId: string, input: QueueInput): Promise<Queue> {
  const queue = queueOf(deps.store, queueId);
  if (nameTaken(deps.store, 'queues', input.name, queue.id)) throw new ApiError('queueNameTaken', { name: input.name });
  const { description: _old, ...rest } = queue;
  void _old;
  const changed: QueueRecord = { ...rest, name: input.name, ...(input.description !== undefined ? { description: input.description } : {}) };
  await deps.store.commit([{ op: 'put', collection: 'queues', record: changed }]);
  return presentQueue(changed);
}

export async function deleteQueue(deps: Deps, queueId: string): Promise<void> {
  queueOf(deps.store, queueId);
  await deps.store.commit([{ op: 'delete', collection: 'queues', id: queueId }]);
}

export function listMembers(
  store: StoreView,
  queueId: string,
  filter: { joined?: boolean | undefined; name?: string | undefined },
  request: PageRequest,
  query: Record<string, string>,
): Listing<QueueMember> {
  const queue = queueOf(store, queueId);
  const prefix = filter.name?.toLowerCase();
  const members = (queue.members ?? [])
    .map((m) => ({ member: m, name: store.get('users', m.userId)?.name ?? '' }))
    .filter(
      ({ member, name }) => (filter.joined === undefined || member.joined === filter.joined) && (prefix === undefined || name.toLowerCase().startsWith(prefix)),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.member.userId.localeCompare(b.member.userId));
  return page(members, request, `/api/v2/routing/queues/${queueId}/members`, query, ({ member, name }) => ({
    id: member.userId,
    name,
    user: { id: member.userId, name, selfUri: `/api/v2/users/${member.userId}` },
    ringNumber: 1,
    joined: member.joined,
    memberBy: 'user' as const,
    selfUri: `/api/v2/users/${member.userId}`,
  }));
}

/** Adds users (joined: Genesys makes a new member active on the queue) or removes them. */
export async function changeMembers(deps: Deps, queueId: string, userIds: readonly string[], remove: boolean): Promise<void> {
  const queue = queueOf(deps.store, queueId);
  const members = [...(queue.members ?? [])];
  const present = new Set(members.map((m) => m.userId));
  if (remove) {
    const gone = new Set(userIds);
    const kept = members.filter((m) => !gone.has(m.userId));
    await deps.store.commit([{ op: 'put', collection: 'queues', record: { ...queue, members: kept } }]);
    return;
  }
  for (const userId of userIds) {
    const user = deps.store.get('users', userId);
    if (!user || user.state === 'deleted') throw invalidValue('id', userId, "the ids of the org's users");
    if (!present.has(userId)) members.push({ userId, joined: true });
    present.add(userId);
  }
  await deps.store.commit([{ op: 'put', collection: 'queues', record: { ...queue, members } }]);
}

export async function setJoined(deps: Deps, queueId: string, userId: string, joined: boolean): Promise<void> {
  const queue = queueOf(deps.store, queueId);
  const members: QueueMemberRecord[] = queue.members ?? [];
  if (!members.some((m) => m.userId === userId)) throw new ApiError('notFound');
  await deps.store.commit([
    { op: 'put', collection: 'queues', record: { ...queue, members: members.map((m) => (m.userId === userId ? { ...m, joined } : m)) } },
  ]);
}

// Skills.

export function presentSkill(skill: SkillRecord): RoutingSkill {
  return {
    id: skill.id,
    name: skill.name,
    dateModified: skill.dateModified,
    state: skill.state,
    version: String(skill.version),
    selfUri: `/api/v2/routing/skills/${skill.id}`,
  };
}

export function skillOf(store: StoreView, skillId: string): SkillRecord {
  return recordOf(store, 'skills', skillId);
}

export function listSkills(store: StoreView, filter: NameFilter, request: PageRequest, query: Record<string, string>): Listing<RoutingSkill> {
  const skills = filteredByName(store.all('skills'), filter, (s) => s.state === 'active');
  return page(skills, request, '/api/v2/routing/skills', query, presentSkill);
}

export async function createSkill(deps: Deps, orgId: string, name: string): Promise<RoutingSkill> {
  if (nameTaken(deps.store, 'skills', name, undefined, (s) => s.state === 'active')) throw new ApiError('skillNameTaken', { name });
  const skill: SkillRecord = { id: deps.ids.uuid(), orgId, name, state: 'active', dateModified: isoNow(deps.clock), version: 1 };
  await deps.store.commit([{ op: 'put', collection: 'skills', record: skill }]);
  return presentSkill(skill);
}

/** Kept as deleted (it still reads), and taken from every user who had it, in one commit. */
export async function deleteSkill(deps: Deps, skillId: string): Promise<void> {
  const skill = skillOf(deps.store, skillId);
  if (skill.state === 'deleted') throw new ApiError('notFound');
  const users = deps.store.all('users').filter((u) => u.routingSkills?.some((s) => s.id === skillId));
  await deps.store.commit([
    { op: 'put', collection: 'skills', record: { ...skill, state: 'deleted', dateModified: isoNow(deps.clock), version: skill.version + 1 } },
    ...users.map((u) => ({
      op: 'put' as const,
      collection: 'users' as const,
      record: { ...u, routingSkills: u.routingSkills!.filter((s) => s.id !== skillId) },
    })),
  ]);
}

// Wrap-up codes.

export function presentWrapupCode(code: WrapupCodeRecord): WrapupCode {
  return {
    id: code.id,
    name: code.name,
    division: homeDivision(code.orgId),
    dateCreated: code.dateCreated,
    dateModified: code.dateModified,
    selfUri: `/api/v2/routing/wrapupcodes/${code.id}`,
  };
}

export function wrapupCodeOf(store: StoreView, codeId: string): WrapupCodeRecord {
  return recordOf(store, 'wrapupCodes', codeId);
}

export function listWrapupCodes(
  store: StoreView,
  filter: NameFilter & { only?: readonly string[] | undefined },
  request: PageRequest,
  basePath: string,
  query: Record<string, string>,
): Listing<WrapupCode> {
  const only = filter.only ? new Set(filter.only) : undefined;
  const codes = filteredByName(store.all('wrapupCodes'), filter, (c) => !only || only.has(c.id));
  return page(codes, request, basePath, query, presentWrapupCode);
}

export async function createWrapupCode(deps: Deps, orgId: string, name: string): Promise<WrapupCode> {
  if (nameTaken(deps.store, 'wrapupCodes', name)) throw new ApiError('wrapupCodeNameTaken', { name });
  const at = isoNow(deps.clock);
  const code: WrapupCodeRecord = { id: deps.ids.uuid(), orgId, name, dateCreated: at, dateModified: at };
  await deps.store.commit([{ op: 'put', collection: 'wrapupCodes', record: code }]);
  return presentWrapupCode(code);
}

export async function renameWrapupCode(deps: Deps, codeId: string, name: string): Promise<WrapupCode> {
  const code = wrapupCodeOf(deps.store, codeId);
  if (nameTaken(deps.store, 'wrapupCodes', name, codeId)) throw new ApiError('wrapupCodeNameTaken', { name });
  const changed: WrapupCodeRecord = { ...code, name, dateModified: isoNow(deps.clock) };
  await deps.store.commit([{ op: 'put', collection: 'wrapupCodes', record: changed }]);
  return presentWrapupCode(changed);
}

/** Deleted, and taken off every queue, in one commit; wrap-ups already given keep its id. */
export async function deleteWrapupCode(deps: Deps, codeId: string): Promise<void> {
  wrapupCodeOf(deps.store, codeId);
  const queues = deps.store.all('queues').filter((q) => q.wrapupCodes?.includes(codeId));
  await deps.store.commit([
    { op: 'delete', collection: 'wrapupCodes', id: codeId },
    ...queues.map((q) => ({ op: 'put' as const, collection: 'queues' as const, record: { ...q, wrapupCodes: q.wrapupCodes!.filter((c) => c !== codeId) } })),
  ]);
}

/** Adds codes of the org to the queue (each once); answers the codes given, as Genesys does. */
export async function addQueueWrapupCodes(deps: Deps, queueId: string, codeIds: readonly string[]): Promise<WrapupCode[]> {
  const queue = queueOf(deps.store, queueId);
  const codes = codeIds.map((id) => {
    const code = deps.store.get('wrapupCodes', id);
    if (!code) throw invalidValue('id', id, "the ids of the org's wrap-up codes");
    return code;
  });
  const kept = [...(queue.wrapupCodes ?? [])];
  for (const code of codes) if (!kept.includes(code.id)) kept.push(code.id);
  await deps.store.commit([{ op: 'put', collection: 'queues', record: { ...queue, wrapupCodes: kept } }]);
  return codes.map(presentWrapupCode);
}

export async function removeQueueWrapupCode(deps: Deps, queueId: string, codeId: string): Promise<void> {
  const queue = queueOf(deps.store, queueId);
  if (!queue.wrapupCodes?.includes(codeId)) throw new ApiError('notFound');
  await deps.store.commit([{ op: 'put', collection: 'queues', record: { ...queue, wrapupCodes: queue.wrapupCodes.filter((c) => c !== codeId) } }]);
}

// A user's skills and queues.

function presentUserSkill(store: StoreView, userId: string, s: UserSkillRecord): UserRoutingSkill {
  const skill = store.get('skills', s.id);
  return {
    id: s.id,
    name: skill?.name ?? '',
    proficiency: s.proficiency,
    state: skill?.state ?? 'deleted',
    skillUri: `/api/v2/routing/skills/${s.id}`,
    selfUri: `/api/v2/users/${userId}/routingskills/${s.id}`,
  };
}

/** The user's routing skills as Genesys shows them (expand=skills of a User, and the list below), by name. */
export function userSkillsOf(store: StoreView, user: UserRecord): UserRoutingSkill[] {
  return (user.routingSkills ?? []).map((s) => presentUserSkill(store, user.id, s)).sort(byName);
}

export function listUserSkills(
  store: StoreView,
  userId: string,
  descending: boolean,
  request: PageRequest,
  query: Record<string, string>,
): Listing<UserRoutingSkill> {
  const user = userOf(store, userId);
  const skills = userSkillsOf(store, user);
  if (descending) skills.reverse();
  return page(skills, request, `/api/v2/users/${user.id}/routingskills`, query, (s) => s);
}

/** Gives the user an active skill of the org, or changes its proficiency when the user has it. */
export async function setUserSkill(deps: Deps, userId: string, skillId: string, proficiency: number): Promise<UserRoutingSkill> {
  const user = userOf(deps.store, userId);
  const skill = deps.store.get('skills', skillId);
  if (!skill || skill.state !== 'active') throw invalidValue('id', skillId, "the ids of the org's active skills");
  const others = (user.routingSkills ?? []).filter((s) => s.id !== skillId);
  const mine: UserSkillRecord = { id: skillId, proficiency };
  const changed: UserRecord = { ...user, routingSkills: [...others, mine] };
  await deps.store.commit([{ op: 'put', collection: 'users', record: changed }]);
  return presentUserSkill(deps.store, user.id, mine);
}

export async function removeUserSkill(deps: Deps, userId: string, skillId: string): Promise<void> {
  const user = userOf(deps.store, userId);
  if (!user.routingSkills?.some((s) => s.id === skillId)) throw new ApiError('notFound');
  await deps.store.commit([{ op: 'put', collection: 'users', record: { ...user, routingSkills: user.routingSkills.filter((s) => s.id !== skillId) } }]);
}

export function listUserQueues(store: StoreView, userId: string, joined: boolean, request: PageRequest, query: Record<string, string>): Listing<UserQueue> {
  const user = userOf(store, userId);
  const queues = store
    .all('queues')
    .flatMap((q) => {
      const member = q.members?.find((m) => m.userId === user.id);
      return member && member.joined === joined ? [{ queue: q, joined: member.joined }] : [];
    })
    .sort((a, b) => byName(a.queue, b.queue));
  return page(queues, request, `/api/v2/users/${user.id}/queues`, query, ({ queue, joined: isJoined }) => ({ ...presentQueue(queue), joined: isJoined }));
}

/**
 * The body of a `v2.routing.queues.{id}.users` event (Genesys' QueueUserEventTopicQueueMember):
 * the member as it is now, with its user's presence and routing status.
 */
export function queueMemberEvent(queueId: string, user: UserRecord, member: QueueMemberRecord): Record<string, unknown> {
  // Genesys' QueueUserEventTopicQueueMember: the member, its queue and whether it has joined. A
  // change of the member's presence or routing status is published too, in this same shape.
  return { id: user.id, user: { id: user.id }, queueId, joined: member.joined };
}

/** The members a queue change added or joined or took off the queue (not those it removed). */
export function changedMembers(before: QueueRecord | undefined, after: QueueRecord): QueueMemberRecord[] {
  const was = new Map((before?.members ?? []).map((m) => [m.userId, m.joined]));
  return (after.members ?? []).filter((m) => was.get(m.userId) !== m.joined);
}
