// The store's secondary indexes always find exactly the records whose keys name them, whatever
// was put, replaced (with the same keys or others), deleted or purged before.
import fc from 'fast-check';
import { openMemoryStore, type Change } from '../../src/store/store.js';
import { emptyDocument } from '../../src/store/schema.js';

const ORGS = ['a', 'b'];
const CONVERSATIONS = ['c0', 'c1', 'c2', 'c3'];
const id = fc.constantFrom('r0', 'r1', 'r2', 'r3');

const session = fc.record({
  id,
  orgId: fc.constantFrom(...ORGS),
  // in any order, as linking a session to another conversation appends it
  conversationIds: fc.uniqueArray(fc.constantFrom(...CONVERSATIONS), { maxLength: 3 }),
});
const change: fc.Arbitrary<Change> = fc.oneof(
  session.map(
    (s) =>
      ({
        op: 'put',
        collection: 'cobrowseSessions',
        record: { ...s, state: 'connected', initiator: { id: 'i', type: 'agent' }, participants: [], joinCode: '1', dateCreated: 'x' },
      }) as Change,
  ),
  fc.record({ id, orgId: fc.constantFrom(...ORGS) }).map((u) => ({ op: 'put', collection: 'users', record: { ...u, name: u.id } }) as Change),
  fc.tuple(fc.constantFrom('cobrowseSessions', 'users'), id).map(([collection, i]) => ({ op: 'delete', collection, id: i }) as Change),
  fc.tuple(fc.constantFrom('cobrowseSessions', 'users'), fc.uniqueArray(id)).map(([collection, ids]) => ({ op: 'purge', collection, ids }) as Change),
);

test('after any sequence of changes, each index finds what a scan of its collection finds', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), async (commits) => {
      const { store } = openMemoryStore(emptyDocument());
      for (const changes of commits) {
        await store.commit(changes);
        const sorted = (records: { id: string }[]) => records.map((r) => r.id).sort();
        for (const c of CONVERSATIONS) {
          expect(sorted(store.lookup('sessionsByConversation', c))).toEqual(sorted(store.all('cobrowseSessions').filter((s) => s.conversationIds.includes(c))));
        }
        for (const org of ORGS) {
          expect(sorted(store.lookup('sessionsByOrg', org))).toEqual(sorted(store.all('cobrowseSessions').filter((s) => s.orgId === org)));
          expect(sorted(store.lookup('usersByOrg', org))).toEqual(sorted(store.all('users').filter((u) => u.orgId === org)));
        }
      }
    }),
    { numRuns: 300 },
  );
});
