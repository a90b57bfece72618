// Stubs (src/domain/admin/stubs.ts): what matches, which one answers, how often, and the templates.
import { Stubs, type StubInput, type StubTarget } from '../../src/domain/admin/stubs.js';
import { Catalogue } from '../../src/domain/catalogue.js';
import { ApiError } from '../../src/domain/errors.js';

const target = (over: Partial<StubTarget> = {}): StubTarget => ({
  method: 'GET',
  path: '/api/v2/users/u1',
  query: {},
  headers: { accept: 'application/json' },
  body: undefined,
  orgId: 'org-a',
  ...over,
});
const stub = (request: Partial<StubInput['request']>, over: Partial<StubInput> = {}): StubInput => ({
  request: { method: 'GET', path: '/api/v2/users/u1', ...request },
  response: { status: 200, body: { ok: true } },
  ...over,
});

describe('what a stub matches', () => {
  test.each<[string, Partial<StubInput['request']>, Partial<StubTarget>, boolean]>([
    ['the same method and path', {}, {}, true],
    ['a method in lower case', { method: 'get' }, {}, true],
    ['another method', { method: 'POST' }, {}, false],
    ['a template', { path: '/api/v2/users/{userId}' }, {}, true],
    ['a template, one segment longer', { path: '/api/v2/users/{userId}' }, { path: '/api/v2/users/u1/presence' }, false],
    ['a template, an empty segment', { path: '/api/v2/users/{userId}' }, { path: '/api/v2/users/' }, false],
    ['a glob of one segment', { path: '/api/v2/users/*' }, {}, true],
    ['a glob of one segment, two deep', { path: '/api/v2/users/*' }, { path: '/api/v2/users/u1/presence' }, false],
    ['a glob of any segments', { path: '/api/v2/**' }, { path: '/api/v2/users/u1/presence' }, true],
    ['another path', { path: '/api/v2/users/u2' }, {}, false],
    ['a query value', { query: { pageSize: '5' } }, { query: { pageSize: '5', pageNumber: '1' } }, true],
    ['a query value that differs', { query: { pageSize: '5' } }, { query: { pageSize: '6' } }, false],
    ['a query value missing', { query: { pageSize: '$any' } }, { query: {} }, false],
    ['a query matcher', { query: { name: '$regex:^Sup' } }, { query: { name: 'Support' } }, true],
    ['a header, named in any case', { headers: { Accept: 'application/json' } }, {}, true],
    ['a header that differs', { headers: { accept: 'text/plain' } }, {}, false],
    ['a body subset', { method: 'POST', body: { a: { b: 1 } } }, { method: 'POST', body: { a: { b: 1, c: 2 }, d: 3 } }, true],
    ['a body that differs', { method: 'POST', body: { a: { b: 1 } } }, { method: 'POST', body: { a: { b: 2 } } }, false],
    ['a body expected, none sent', { method: 'POST', body: { a: 1 } }, { method: 'POST' }, false],
    ['its org', { orgId: 'org-a' }, {}, true],
    ['another org', { orgId: 'org-b' }, {}, false],
    ['no org: every org', {}, { orgId: 'org-b' }, true],
  ])('%s', (_, request, over, matches) => {
    const stubs = new Stubs();
    stubs.add('s1', stub(request));
    expect(stubs.match(target(over))?.stub.id === 's1').toBe(matches);
  });
});

test('the highest priority answers, then the newest', () => {
  const stubs = new Stubs();
  stubs.add('old-high', stub({}, { priority: 5 }));
  stubs.add('new-low', stub({}, { priority: 1 }));
  stubs.add('newer-high', stub({}, { priority: 5 }));
  expect(stubs.list().map((s) => s.id)).toEqual(['newer-high', 'old-high', 'new-low']);
  expect(stubs.match(target())?.stub.id).toBe('newer-high');
});

test('times: a stub answers that many requests, counted in hits, then is gone and the next one answers', () => {
  const stubs = new Stubs();
  stubs.add('always', stub({}));
  stubs.add('twice', stub({}, { times: 2 }));
  expect(stubs.match(target())?.stub).toMatchObject({ id: 'twice', hits: 1, times: 1 });
  expect(stubs.match(target())?.stub).toMatchObject({ id: 'twice', hits: 2, times: 0 });
  expect(stubs.match(target())?.stub.id).toBe('always');
  expect(stubs.list().map((s) => s.id)).toEqual(['always']);
});

test('a reset keeps the stubs from files only', () => {
  const stubs = new Stubs();
  stubs.add('api', stub({}));
  stubs.add('file', stub({}), { fromFile: true });
  stubs.clear({ keepFromFiles: true });
  expect(stubs.list().map((s) => s.id)).toEqual(['file']);
  stubs.clear();
  expect(stubs.isEmpty()).toBe(true);
});

test.each([
  ['a path without its slash', { path: 'api/v2/users' }, 'request.path'],
  ['a template and a glob at once', { path: '/api/v2/{x}/*' }, 'request.path'],
  ['a parameter inside a segment', { path: '/api/v2/users/id-{userId}' }, 'request.path'],
  ['a method that is no method', { method: 'GET /' }, 'request.method'],
])('refused: %s', (_, request, field) => {
  const attempt = () => new Stubs().add('s', stub(request));
  expect(attempt).toThrow(ApiError);
  try {
    attempt();
  } catch (e) {
    expect((e as ApiError).details[0]?.fieldName).toBe(field);
  }
});

test('templates: path, query, body, uuid, now, org and user; a whole-string template keeps its JSON type', () => {
  const stubs = new Stubs();
  stubs.add(
    's',
    stub(
      { method: 'POST', path: '/api/v2/users/{userId}' },
      {
        response: {
          status: 200,
          headers: { 'x-user': 'user {{path.userId}}' },
          body: {
            id: '{{path.userId}}',
            label: 'page {{query.pageSize}} of {{body.name}}',
            count: '{{body.count}}',
            nested: '{{body.inner}}',
            fresh: '{{uuid}}',
            at: '{{now}}',
            org: '{{org.id}}',
            me: '{{user.id}}',
            missing: '{{body.nothing}}',
            list: ['{{query.pageSize}}', 7],
          },
        },
      },
    ),
  );
  const request = target({ method: 'POST', query: { pageSize: '5' }, body: { name: 'Ada', count: 3, inner: { a: [1] } } });
  const hit = stubs.match(request)!;
  const rendered = stubs.render(
    hit.stub,
    request,
    { params: hit.params, orgId: 'org-a', userId: 'user-1' },
    { clock: { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) }, ids: { uuid: () => 'uuid-1', secret: () => 's', joinCode: () => '1' } },
  );
  expect(rendered).toEqual({
    headers: { 'x-user': 'user u1' },
    body: {
      id: 'u1',
      label: 'page 5 of Ada',
      count: 3,
      nested: { a: [1] },
      fresh: 'uuid-1',
      at: '2026-01-02T03:04:05.000Z',
      org: 'org-a',
      me: 'user-1',
      missing: null,
      list: ['5', 7],
    },
  });
});

describe('with the catalogue', () => {
  const catalogue = new Catalogue({
    sdk: 'test',
    operations: [{ method: 'GET', path: '/api/v2/users/{userId}', names: ['UsersApi.getUser'], pathParams: ['userId'], queryParams: [], response: 'User' }],
    models: { User: { id: 'string', name: 'string', selfUri: 'string' } },
  });
  test('a stub of a catalogued operation names it and lists what its answer has that the model has not', () => {
    const added = new Stubs().add(
      's',
      stub({ path: '/api/v2/users/{userId}' }, { response: { status: 200, body: { id: '{{path.userId}}', name: 7, seflUri: '/x' } } }),
      { catalogue: () => catalogue },
    );
    expect(added.operation).toBe('UsersApi.getUser');
    expect(added.warnings).toEqual(['name: Genesys sends a string here, not a number', 'seflUri: Genesys\' User has no property "seflUri"']);
  });
  test('an error answer, a glob or an unknown path is not checked', () => {
    const stubs = new Stubs();
    expect(stubs.add('e', stub({}, { response: { status: 404, body: { bogus: 1 } } }), { catalogue: () => catalogue }).warnings).toEqual([]);
    const glob = stubs.add('g', stub({ path: '/api/v2/users/*' }, { response: { status: 200, body: { bogus: 1 } } }), { catalogue: () => catalogue });
    expect([glob.operation, glob.warnings]).toEqual([undefined, []]);
    expect(stubs.add('u', stub({ path: '/api/v2/unknown' }), { catalogue: () => catalogue }).operation).toBeUndefined();
  });
  test("a stub whose path is no template gets the catalogued operation's path parameters", () => {
    const stubs = new Stubs();
    stubs.add('s', stub({ path: '/api/v2/users/*' }));
    expect(stubs.match(target(), { userId: 'u1' })?.params).toEqual({ userId: 'u1' });
  });
});
