// Conversation changes become notification events: the store the routes use tells the hub which
// conversations a commit touched, with the correlation id of the request that made it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Change, Store } from '../store/store.js';
import { orgView } from '../store/org-view.js';
import { requestState } from './request-state.js';

const current = new AsyncLocalStorage<{ correlationId: string }>();

/** Placed just before the routers: what they commit is known to come from this request. */
export const withRequestContext: RequestHandler = (req, _res, next) => {
  current.run({ correlationId: requestState(req).correlationId }, next);
};

function touchedConversations(changes: Change[]): string[] {
  const ids = new Set<string>();
  for (const change of changes) {
    if (change.op !== 'put') continue;
    if (change.collection === 'conversations') ids.add(change.record.id);
    if (change.collection === 'cobrowseSessions') for (const id of change.record.conversationIds) ids.add(id);
  }
  return [...ids];
}

/**
 * The store, telling `changed` of every conversation a commit touches as soon as it is applied
 * (before it is durable), so events keep the order of the changes.
 */
export function observedStore(store: Store, changed: (conversationId: string, correlationId: string | undefined) => void): Store {
  const observed: Store = {
    get: (collection, id) => store.get(collection, id),
    all: (collection) => store.all(collection),
    lookup: (index, key) => store.lookup(index, key),
    commit(changes) {
      const durable = store.commit(changes);
      const correlationId = current.getStore()?.correlationId;
      for (const id of touchedConversations(changes)) changed(id, correlationId);
      return durable;
    },
    replace: (document) => store.replace(document),
    snapshot: () => store.snapshot(),
    isEmpty: () => store.isEmpty(),
    idle: () => store.idle(),
    close: (options) => store.close(options),
    org: (orgId) => orgView(observed, orgId),
  };
  return observed;
}
