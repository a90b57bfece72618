// Isolated orgs for parallel test workers: each its own client (every scope) and agent, reset or
// removed without touching the others.
import { ApiError } from './errors.js';
import type { Deps } from './deps.js';
import { buildSeedDocument, type Seed } from './seed.js';
import type { Change } from '../store/store.js';
import { COLLECTIONS, type CollectionName, type OAuthClientRecord, type OrgRecord, type UserRecord } from '../store/schema.js';

export interface IsolatedOrg {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  userId: string;
}

export async function createIsolatedOrg(deps: Deps, allScopes: readonly string[], name?: string): Promise<IsolatedOrg> {
  const id = deps.ids.uuid();
  const user: UserRecord = { id: deps.ids.uuid(), orgId: id, name: 'Test Agent' };
  const client: OAuthClientRecord = {
    id: deps.ids.uuid(),
    orgId: id,
    name: 'Test client (every scope)',
    secret: deps.ids.secret(),
    scopes: [...allScopes],
    userId: user.id,
  };
  const org: OrgRecord = { id, name: name ?? `Test org ${id}`, clientId: client.id, userId: user.id };
  await deps.store.commit([
    { op: 'put', collection: 'orgs', record: org },
    { op: 'put', collection: 'users', record: user },
    { op: 'put', collection: 'oauthClients', record: client },
  ]);
  return { id, name: org.name, clientId: client.id, clientSecret: client.secret, userId: user.id };
}

function orgOrThrow(deps: Deps, orgId: string): OrgRecord {
  const org = deps.store.get('orgs', orgId);
  if (!org) throw new ApiError('notFound');
  return org;
}

/** Every record of the org in one collection, except those `keep` says to keep. */
function purgeOrg(deps: Deps, collection: CollectionName, orgId: string, keep: (r: { id: string }) => boolean): Change[] {
  const ids = (deps.store.all(collection) as readonly { id: string; orgId?: string }[]).filter((r) => r.orgId === orgId && !keep(r)).map((r) => r.id);
  return ids.length > 0 ? [{ op: 'purge', collection, ids } as Change] : [];
}

/**
 * Clears one org: its own client, user and their tokens stay (a worker's login goes on working),
 * and an org of the seed gets its seeded records back.
 */
export async function resetOrg(deps: Deps, seed: Seed, orgId: string): Promise<void> {
  const org = orgOrThrow(deps, orgId);
  const kept = new Set([org.clientId, org.userId].filter((x): x is string => x !== undefined));
  const changes: Change[] = [];
  for (const collection of COLLECTIONS) {
    if (collection === 'orgs') continue;
    changes.push(
      ...purgeOrg(deps, collection, orgId, (r) => kept.has(r.id) || (collection === 'tokens' && kept.has((r as { clientId?: string }).clientId ?? ''))),
    );
  }
  if (seed.orgs.some((o) => o.id === orgId)) {
    const seeded = buildSeedDocument(deps, seed);
    for (const collection of COLLECTIONS) {
      if (collection === 'orgs') continue;
      for (const record of seeded[collection] as { id: string; orgId: string }[]) {
        if (record.orgId === orgId) changes.push({ op: 'put', collection, record } as Change);
      }
    }
  }
  await deps.store.commit(changes);
}

export async function deleteOrg(deps: Deps, orgId: string): Promise<void> {
  orgOrThrow(deps, orgId);
  const changes: Change[] = [];
  for (const collection of COLLECTIONS) {
    if (collection !== 'orgs') changes.push(...purgeOrg(deps, collection, orgId, () => false));
  }
  changes.push({ op: 'delete', collection: 'orgs', id: orgId });
  await deps.store.commit(changes);
}
