// One org's view of the store, which is what an authenticated request's handler is given: a
// record of another org reads as missing, and writing one is refused, so no handler can reach
// another tenant's data whatever it forgets to check.
import type { Change, StoreView } from './store.js';
import type { CollectionName } from './schema.js';

/** Written through a view, a record of another org: a bug in the handler, answered as a 500. */
export class OrgViewViolation extends Error {}

function orgOf(collection: CollectionName, record: { id: string; orgId?: string }): string | undefined {
  return collection === 'orgs' ? record.id : record.orgId;
}

export function orgView(store: StoreView, orgId: string): StoreView {
  const mine = (collection: CollectionName, record: { id: string; orgId?: string } | undefined) => record !== undefined && orgOf(collection, record) === orgId;
  const refuse = (change: Change, id: string): never => {
    throw new OrgViewViolation(`the view of org ${orgId} cannot ${change.op} ${change.collection} ${id}`);
  };
  return {
    get: (collection, id) => {
      const record = store.get(collection, id);
      return mine(collection, record) ? record : undefined;
    },
    all: (collection) => store.all(collection).filter((r) => mine(collection, r)),
    lookup: (index, key) => store.lookup(index, key).filter((r) => r.orgId === orgId),
    commit(changes) {
      for (const change of changes) {
        if (change.op === 'put') {
          if (!mine(change.collection, change.record)) refuse(change, change.record.id);
          // Nor may a put take over another org's record under the same id.
          const previous = store.get(change.collection, change.record.id);
          if (previous && !mine(change.collection, previous)) refuse(change, change.record.id);
        } else {
          for (const id of change.op === 'purge' ? change.ids : [change.id]) {
            const previous = store.get(change.collection, id);
            if (previous && !mine(change.collection, previous)) refuse(change, id);
          }
        }
      }
      return store.commit(changes);
    },
  };
}
