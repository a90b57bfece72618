// One org's view of the store: another org's records read as missing and cannot be written.
import { orgView, OrgViewViolation } from '../../src/store/org-view.js';
import { openMemoryStore } from '../../src/store/store.js';
import { emptyDocument } from '../../src/store/schema.js';
import type { Change } from '../../src/store/store.js';

function store() {
  const doc = emptyDocument();
  doc.orgs.push({ id: 'a', name: 'A' }, { id: 'b', name: 'B' });
  doc.users.push({ id: 'ua', orgId: 'a', name: 'Ann' }, { id: 'ub', orgId: 'b', name: 'Bob' });
  return openMemoryStore(doc).store;
}

test('reads: only the org itself and its own records', () => {
  const view = store().org('a');
  expect([view.get('orgs', 'a')?.id, view.get('orgs', 'b'), view.get('users', 'ua')?.id, view.get('users', 'ub')]).toEqual(['a', undefined, 'ua', undefined]);
  expect(view.all('users').map((u) => u.id)).toEqual(['ua']);
  expect(view.lookup('usersByOrg', 'b')).toEqual([]);
});

test.each<[string, Change]>([
  ['a put of a record of another org', { op: 'put', collection: 'users', record: { id: 'new', orgId: 'b', name: 'x' } }],
  ["a put over another org's record", { op: 'put', collection: 'users', record: { id: 'ub', orgId: 'a', name: 'taken' } }],
  ["a delete of another org's record", { op: 'delete', collection: 'users', id: 'ub' }],
  ["a purge with another org's record", { op: 'purge', collection: 'users', ids: ['ua', 'ub'] }],
  ['a put of another org', { op: 'put', collection: 'orgs', record: { id: 'b', name: 'renamed' } }],
])('%s is refused, and nothing is written', (_name, change) => {
  const whole = store();
  const before = whole.snapshot();
  expect(() => whole.org('a').commit([{ op: 'put', collection: 'users', record: { id: 'ok', orgId: 'a', name: 'fine' } }, change])).toThrow(OrgViewViolation);
  expect(whole.snapshot()).toEqual(before);
});

test("writes of the org's own records go through", async () => {
  const whole = store();
  await whole.org('a').commit([
    { op: 'put', collection: 'users', record: { id: 'ua', orgId: 'a', name: 'Ann B.' } },
    { op: 'delete', collection: 'users', id: 'missing' },
  ]);
  expect(whole.get('users', 'ua')?.name).toBe('Ann B.');
  expect(orgView(whole, 'b').get('users', 'ub')?.name).toBe('Bob');
});
