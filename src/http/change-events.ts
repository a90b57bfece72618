// Changes become notification events: the store the routes use tells the hub which conversations
// and users a commit touched, with the correlation id of the request that made it.
import type { Change, IndexName, IndexedCollection, Store, StoreView } from '../store/store.js';
import type { CollectionName, Collections, ConversationRecord, DataDocument, QueueRecord, UserRecord } from '../store/schema.js';
import { orgView } from '../store/org-view.js';

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
 * (before it is durable), so events keep the order of the changes. The dispatcher hands each
 * operation the view of its request (forRequest), which names the request's correlation id; the
 * request is passed by hand rather than found from an AsyncLocalStorage, whose hooks on every
 * promise and callback cost the server about 4 % of its answers (npm run bench).
 */
/** Who hears of the changes: the notification hub. */
export interface ChangeObserver {
  /** `before`: the conversation as it was (undefined when new; the same record when only its cobrowse session changed). */
  conversationChanged(conversationId: string, correlationId: string | undefined, before: ConversationRecord | undefined): void;
  userChanged(before: UserRecord | undefined, after: UserRecord, correlationId: string | undefined): void;
  queueChanged(before: QueueRecord | undefined, after: QueueRecord, correlationId: string | undefined): void;
}

export class ObservedStore implements Store {
  constructor(
    private readonly store: Store,
    private readonly observer: ChangeObserver,
    private readonly correlationId?: string,
  ) {}

  /** The same store, its commits attributed to the request with this correlation id. */
  forRequest(correlationId: string): ObservedStore {
    return new ObservedStore(this.store, this.observer, correlationId);
  }

  get<C extends CollectionName>(collection: C, id: string): Collections[C] | undefined {
    return this.store.get(collection, id);
  }
  all<C extends CollectionName>(collection: C): readonly Collections[C][] {
    return this.store.all(collection);
  }
  lookup<I extends IndexName>(index: I, key: string): Collections[IndexedCollection<I>][] {
    return this.store.lookup(index, key);
  }
  commit(changes: Change[]): Promise<void> {
    // The conversations and users as they were, for the hub to tell what of them changed.
    const conversations = touchedConversations(changes).map((id) => [id, this.store.get('conversations', id)] as const);
    const users: [UserRecord | undefined, UserRecord][] = [];
    const queues: [QueueRecord | undefined, QueueRecord][] = [];
    for (const change of changes) {
      if (change.op !== 'put') continue;
      if (change.collection === 'users') users.push([this.store.get('users', change.record.id), change.record]);
      else if (change.collection === 'queues') queues.push([this.store.get('queues', change.record.id), change.record]);
    }
    const durable = this.store.commit(changes);
    for (const [id, before] of conversations) this.observer.conversationChanged(id, this.correlationId, before);
    for (const [before, after] of users) this.observer.userChanged(before, after, this.correlationId);
    for (const [before, after] of queues) this.observer.queueChanged(before, after, this.correlationId);
    return durable;
  }
  org(orgId: string): StoreView {
    return orgView(this, orgId);
  }
  replace(document: DataDocument): Promise<void> {
    return this.store.replace(document);
  }
  snapshot(): DataDocument {
    return this.store.snapshot();
  }
  isEmpty(): boolean {
    return this.store.isEmpty();
  }
  idle(): Promise<void> {
    return this.store.idle();
  }
  close(options?: { compact?: boolean }): Promise<void> {
    return this.store.close(options);
  }
}
