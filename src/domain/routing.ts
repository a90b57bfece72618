// The Routing API's rules for queues: names unique in the org, members that are the org's users,
// joined or not.
import type { Deps } from './deps.js';
import { homeDivision } from './divisions.js';
import { ApiError, invalidValue } from './errors.js';
import type { Model } from './models.js';
import { page, type Listing, type PageRequest } from './paging.js';
import type { StoreView } from '../store/store.js';
import type { QueueMemberRecord, QueueRecord } from '../store/schema.js';

export type Queue = Model<'Queue'>;
export type QueueInput = Model<'CreateQueueRequest'>;
export type QueueMember = Model<'QueueMember'>;

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

export function queueOf(store: StoreView, queueId: string): QueueRecord {
  const queue = store.get('queues', queueId);
  if (!queue) throw new ApiError('notFound');
  return queue;
}

function nameTaken(store: StoreView, name: string, except?: string): boolean {
  const wanted = name.toLowerCase();
  return store.all('queues').some((q) => q.id !== except && q.name.toLowerCase() === wanted);
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

export function listQueues(
  store: StoreView,
  filter: { name?: string | undefined; ids: readonly string[]; descending: boolean },
  request: PageRequest,
  query: Record<string, string>,
): Listing<Queue> {
  const named = nameMatcher(filter.name);
  const wanted = filter.ids.length > 0 ? new Set(filter.ids) : undefined;
  const queues = store
    .all('queues')
    .filter((q) => named(q.name) && (!wanted || wanted.has(q.id)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  if (filter.descending) queues.reverse();
  return page(queues, request, '/api/v2/routing/queues', query, presentQueue);
}

export async function createQueue(deps: Deps, orgId: string, input: QueueInput): Promise<Queue> {
  if (nameTaken(deps.store, input.name)) throw new ApiError('queueNameTaken', { name: input.name });
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
  if (nameTaken(deps.store, input.name, queue.id)) throw new ApiError('queueNameTaken', { name: input.name });
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
