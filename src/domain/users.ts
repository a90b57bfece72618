// The Users API's rules: users as Genesys keeps them (a version that goes up with each change, an
// email unique in the org, a deleted user kept in state deleted), and the Genesys User they show.
import type { Deps } from './deps.js';
import { homeDivision } from './divisions.js';
import { ApiError, invalidValue } from './errors.js';
import type { Model } from './models.js';
import { page, type Listing, type PageRequest } from './paging.js';
import type { StoreView } from '../store/store.js';
import type { UserRecord } from '../store/schema.js';

export type User = Model<'User'>;
export type CreateUserInput = Model<'CreateUser'>;
export type UpdateUserInput = Model<'UpdateUser'>;

/** A user state as the query gives it: `any` is every one. */
export type StateFilter = 'active' | 'inactive' | 'deleted' | 'any';

/** A fixture user has no state or version of its own: an active user at version 1. */
const stateOf = (u: UserRecord) => u.state ?? 'active';
const versionOf = (u: UserRecord) => u.version ?? 1;

/** Whether a user shows under a `state` filter; without one, every user but a deleted one, as Genesys. */
function shownUnder(u: UserRecord, state: StateFilter | undefined): boolean {
  if (state === 'any') return true;
  return state === undefined ? stateOf(u) !== 'deleted' : stateOf(u) === state;
}

/** The fields of a User that `expand` adds and other rules own (user-expansions.ts). */
export type Expander = (u: UserRecord) => Partial<User>;

/** The Genesys User a record shows: profileSkills only when expanded, and what `expander` adds. */
export function presentUser(u: UserRecord, expand: readonly string[] = [], expander?: Expander): User {
  return {
    id: u.id,
    name: u.name,
    division: homeDivision(u.orgId),
    chat: { jabberId: `${u.id}@${u.orgId}.orgspan.com` },
    ...(u.department !== undefined ? { department: u.department } : {}),
    ...(u.email !== undefined
      ? { email: u.email, username: u.email, primaryContactInfo: [{ address: u.email, mediaType: 'EMAIL' as const, type: 'PRIMARY' as const }] }
      : {}),
    addresses: [],
    state: stateOf(u) as User['state'],
    ...(u.title !== undefined ? { title: u.title } : {}),
    version: versionOf(u),
    ...(expand.includes('profileSkills') ? { profileSkills: [...(u.profileSkills ?? [])] } : {}),
    ...expander?.(u),
    acdAutoAnswer: false,
    selfUri: `/api/v2/users/${u.id}`,
  };
}

/** A user of the caller's org that the state filter shows; another org's reads as missing. */
export function userOf(store: StoreView, userId: string, state?: StateFilter): UserRecord {
  const user = store.get('users', userId);
  if (!user || !shownUnder(user, state)) throw new ApiError('notFound');
  return user;
}

function emailTaken(store: StoreView, orgId: string, email: string, except?: string): boolean {
  const wanted = email.toLowerCase();
  return store.lookup('usersByOrg', orgId).some((u) => u.id !== except && stateOf(u) !== 'deleted' && u.email?.toLowerCase() === wanted);
}

/**
 * The caller's own user: a token issued for a user (today: a client acting as one). Genesys
 * refuses client credentials here with not.a.user; a user since deleted is 404.
 */
export function meOf(store: StoreView, userId: string | undefined): UserRecord {
  if (userId === undefined) throw new ApiError('notAUser');
  return userOf(store, userId);
}

export async function createUser(deps: Deps, orgId: string, input: CreateUserInput): Promise<User> {
  if (emailTaken(deps.store, orgId, input.email)) throw new ApiError('userEmailTaken', { email: input.email });
  const user: UserRecord = {
    id: deps.ids.uuid(),
    orgId,
    name: input.name,
    email: input.email,
    ...(input.department !== undefined ? { department: input.department } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    state: input.state ?? 'active',
    version: 1,
  };
  await deps.store.commit([{ op: 'put', collection: 'users', record: user }]);
  return presentUser(user);
}

export function listUsers(
  store: StoreView,
  orgId: string,
  filter: { ids: readonly string[]; state?: StateFilter | undefined; descending: boolean; expand: readonly string[]; expander?: Expander | undefined },
  request: PageRequest,
  query: Record<string, string>,
): Listing<User> {
  const wanted = filter.ids.length > 0 ? new Set(filter.ids) : undefined;
  const users = store
    .lookup('usersByOrg', orgId)
    .filter((u) => shownUnder(u, filter.state) && (!wanted || wanted.has(u.id)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  if (filter.descending) users.reverse();
  return page(users, request, '/api/v2/users', query, (u) => presentUser(u, filter.expand, filter.expander));
}

/** The version given must be the current one, as Genesys checks it. */
function checkVersion(user: UserRecord, version: number): void {
  if (version !== versionOf(user)) throw new ApiError('userVersionMismatch', { version: String(version), currentVersion: String(versionOf(user)) });
}

export async function updateUser(deps: Deps, userId: string, input: UpdateUserInput): Promise<User> {
  const user = userOf(deps.store, userId);
  checkVersion(user, input.version);
  if (input.email !== undefined && emailTaken(deps.store, user.orgId, input.email, user.id)) throw new ApiError('userEmailTaken', { email: input.email });
  const changed: UserRecord = { ...user, version: versionOf(user) + 1 };
  for (const field of ['name', 'department', 'email', 'title', 'state'] as const) if (input[field] !== undefined) changed[field] = input[field];
  if (input.profileSkills !== undefined) changed.profileSkills = [...new Set(input.profileSkills)];
  await deps.store.commit([{ op: 'put', collection: 'users', record: changed }]);
  return presentUser(changed);
}

export async function deleteUser(deps: Deps, userId: string): Promise<void> {
  const user = userOf(deps.store, userId);
  await deps.store.commit([{ op: 'put', collection: 'users', record: { ...user, state: 'deleted', version: versionOf(user) + 1 } }]);
}

export function profileSkillsOf(store: StoreView, userId: string): string[] {
  return [...(userOf(store, userId).profileSkills ?? [])];
}

/** Replaces the profile skills (each once, in the order first given); a change of the user, so its version goes up. */
export async function setProfileSkills(deps: Deps, userId: string, skills: readonly string[]): Promise<string[]> {
  const user = userOf(deps.store, userId);
  const profileSkills = [...new Set(skills)];
  await deps.store.commit([{ op: 'put', collection: 'users', record: { ...user, profileSkills, version: versionOf(user) + 1 } }]);
  return [...profileSkills];
}

export type UserSearchRequest = Model<'UserSearchRequest'>;
type Criterion = Model<'UserSearchCriteria'>;

/** Whether one criterion finds the user: any of its values in any of its fields. */
function criterionMatches(u: UserRecord, c: Criterion): boolean {
  const values = [...(c.values ?? []), ...(c.value !== undefined ? [c.value] : [])];
  return c.fields.some((field) => {
    const raw = u[field];
    if (raw === undefined) return false;
    const text = field === 'id' ? raw : raw.toLowerCase();
    return values.some((v) => {
      const wanted = field === 'id' ? v : v.toLowerCase();
      return c.type === 'EXACT' ? text === wanted : c.type === 'CONTAINS' ? text.includes(wanted) : text.startsWith(wanted);
    });
  });
}

/** POST /api/v2/users/search: every AND criterion, one OR criterion if any, no NOT criterion. */
export function searchUsers(store: StoreView, orgId: string, request: UserSearchRequest, expander?: Expander): Model<'UsersSearchResponse'> {
  for (const [i, c] of request.query.entries()) {
    if (c.value === undefined && c.values === undefined) throw invalidValue(`query[${i}].value`, '(none)', 'a value or values to search for');
  }
  const and = request.query.filter((c) => (c.operator ?? 'AND') === 'AND');
  const or = request.query.filter((c) => c.operator === 'OR');
  const not = request.query.filter((c) => c.operator === 'NOT');
  const sortBy = request.sortBy ?? 'name';
  const found = store
    .lookup('usersByOrg', orgId)
    .filter((u) => stateOf(u) !== 'deleted')
    .filter(
      (u) =>
        and.every((c) => criterionMatches(u, c)) && (or.length === 0 || or.some((c) => criterionMatches(u, c))) && !not.some((c) => criterionMatches(u, c)),
    )
    .sort((a, b) => (a[sortBy] ?? '').localeCompare(b[sortBy] ?? '') || a.id.localeCompare(b.id));
  if (request.sortOrder === 'DESC') found.reverse();
  const pageSize = request.pageSize ?? 25;
  const pageNumber = request.pageNumber ?? 1;
  return {
    total: found.length,
    pageCount: Math.ceil(found.length / pageSize),
    pageSize,
    pageNumber,
    types: ['users'],
    results: found.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((u) => presentUser(u, request.expand ?? [], expander)),
  };
}
