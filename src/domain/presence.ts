// Presence: Genesys' ten system presences, each user's presence among them, and the routing status
// that goes with On Queue (IDLE on queue, OFF_QUEUE off it), as Genesys ties them.
import type { Deps } from './deps.js';
import { derivedId } from './conversations.js';
import { ApiError, invalidValue } from './errors.js';
import type { Model } from './models.js';
import { page, type Listing, type PageRequest } from './paging.js';
import { userOf } from './users.js';
import type { StoreView } from '../store/store.js';
import type { UserRecord } from '../store/schema.js';

export type SystemPresence = Model<'SystemPresence'>;
export const SYSTEM_PRESENCES: readonly SystemPresence[] = ['Available', 'Away', 'Busy', 'Break', 'Meal', 'Meeting', 'Training', 'Offline', 'Idle', 'On Queue'];
const ON_QUEUE: SystemPresence = 'On Queue';

/** A user never set: not logged in. */
const presenceOf = (u: UserRecord) => (u.presence ?? 'Offline') as SystemPresence;

/** Not logged in: Genesys' transfer APIs refuse such a user as a target. */
export const isOffline = (u: UserRecord) => presenceOf(u) === 'Offline';

/** The id of the user's presence definition (its system presence's, in its org). */
export const presenceDefinitionIdOf = (u: UserRecord) => presenceId(u.orgId, presenceOf(u));

/** The user's routing status; never set, OFF_QUEUE. */
export const routingStatusOf = (u: UserRecord) => u.routingStatus ?? 'OFF_QUEUE';

/** Each org has its own ids for the system presences, the same on every read. */
function presenceId(orgId: string, presence: SystemPresence): string {
  return derivedId(`presence:${orgId}:${presence}`, 0);
}

function definition(orgId: string, presence: SystemPresence): Model<'PresenceDefinition'> {
  const id = presenceId(orgId, presence);
  return { id, systemPresence: presence, selfUri: `/api/v2/presencedefinitions/${id}` };
}

function organizationPresence(orgId: string, presence: SystemPresence): Model<'OrganizationPresence'> {
  const id = presenceId(orgId, presence);
  return {
    id,
    name: presence,
    languageLabels: { en_US: presence },
    systemPresence: presence,
    deactivated: false,
    primary: true,
    selfUri: `/api/v2/presencedefinitions/${id}`,
  };
}

export function listPresences(orgId: string, request: PageRequest): Listing<Model<'OrganizationPresence'>> {
  return page(SYSTEM_PRESENCES, request, '/api/v2/presencedefinitions', {}, (p) => organizationPresence(orgId, p));
}

export function getPresence(orgId: string, id: string): Model<'OrganizationPresence'> {
  const presence = SYSTEM_PRESENCES.find((p) => presenceId(orgId, p) === id);
  if (!presence) throw new ApiError('notFound');
  return organizationPresence(orgId, presence);
}

export function presentUserPresence(u: UserRecord): Model<'UserPresence'> {
  return {
    source: 'PURECLOUD',
    primary: true,
    presenceDefinition: definition(u.orgId, presenceOf(u)),
    ...(u.presenceMessage !== undefined ? { message: u.presenceMessage } : {}),
    ...(u.presenceModified !== undefined ? { modifiedDate: u.presenceModified } : {}),
    selfUri: `/api/v2/users/${u.id}/presences/purecloud`,
  };
}

export function presentRoutingStatus(u: UserRecord): Model<'RoutingStatus'> {
  return {
    userId: u.id,
    status: (u.routingStatus ?? 'OFF_QUEUE') as Model<'RoutingStatus'>['status'],
    // A user never on queue has been off it since it was made: the epoch stands for "always".
    startTime: u.routingStatusStart ?? new Date(0).toISOString(),
  };
}

/** The user with presence and routing status set together, as Genesys keeps them in step. */
function withPresence(u: UserRecord, presence: SystemPresence, at: string, message: string | undefined): UserRecord {
  const routingStatus = presence === ON_QUEUE ? (u.routingStatus && u.routingStatus !== 'OFF_QUEUE' ? u.routingStatus : 'IDLE') : 'OFF_QUEUE';
  const changed: UserRecord = { ...u, presence, presenceModified: at };
  if (message !== undefined) changed.presenceMessage = message;
  if (routingStatus !== (u.routingStatus ?? 'OFF_QUEUE')) {
    changed.routingStatus = routingStatus;
    changed.routingStatusStart = at;
  }
  return changed;
}

export async function setUserPresence(deps: Deps, userId: string, presenceDefinitionId: string, message: string | undefined): Promise<Model<'UserPresence'>> {
  const user = userOf(deps.store, userId);
  const presence = SYSTEM_PRESENCES.find((p) => presenceId(user.orgId, p) === presenceDefinitionId);
  if (!presence) throw invalidValue('presenceDefinition.id', presenceDefinitionId, 'the ids of GET /api/v2/presencedefinitions');
  const changed = withPresence(user, presence, new Date(deps.clock.now()).toISOString(), message);
  await deps.store.commit([{ op: 'put', collection: 'users', record: changed }]);
  return presentUserPresence(changed);
}

/** IDLE puts the user On Queue; OFF_QUEUE takes it off (to Available). */
export async function setRoutingStatus(deps: Deps, userId: string, status: 'IDLE' | 'OFF_QUEUE'): Promise<Model<'RoutingStatus'>> {
  const user = userOf(deps.store, userId);
  const at = new Date(deps.clock.now()).toISOString();
  const onQueue = presenceOf(user) === ON_QUEUE;
  const changed =
    status === 'IDLE' ? (onQueue ? user : withPresence(user, ON_QUEUE, at, undefined)) : onQueue ? withPresence(user, 'Available', at, undefined) : user;
  if (changed !== user) await deps.store.commit([{ op: 'put', collection: 'users', record: changed }]);
  return presentRoutingStatus(changed);
}

/** The presences of the org's users among `ids`; others (unknown, another org's) are left out. */
export function bulkPresences(store: StoreView, ids: readonly string[]): Model<'UcUserPresence'>[] {
  return [...new Set(ids)].flatMap((id) => {
    const user = store.get('users', id);
    if (!user || user.state === 'deleted') return [];
    const { presenceDefinition, message, modifiedDate } = presentUserPresence(user);
    return [
      {
        userId: id,
        source: 'PURECLOUD' as const,
        presenceDefinition,
        ...(message !== undefined ? { message } : {}),
        ...(modifiedDate !== undefined ? { modifiedDate } : {}),
      },
    ];
  });
}

/** The body of a `v2.users.{id}.presence` event (Genesys' PresenceEventUserPresence). */
export function presenceEvent(u: UserRecord): Record<string, unknown> {
  const { presenceDefinition } = presentUserPresence(u);
  return {
    source: 'PURECLOUD',
    presenceDefinition: { id: presenceDefinition.id, systemPresence: presenceDefinition.systemPresence },
    ...(u.presenceMessage !== undefined ? { message: u.presenceMessage } : {}),
    ...(u.presenceModified !== undefined ? { modifiedDate: u.presenceModified } : {}),
  };
}

/** The body of a `v2.users.{id}.routingStatus` event (Genesys' UserRoutingStatusUserRoutingStatus). */
export function routingStatusEvent(u: UserRecord): Record<string, unknown> {
  const { status, startTime } = presentRoutingStatus(u);
  return { routingStatus: { status, startTime } };
}
