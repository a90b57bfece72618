// The catalogue of Genesys operations (openapi/genesys-catalogue.json, scripts/catalogue.mjs): up
// to date with the installed SDK, looked up by method and path, and checking bodies against models.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalogue, operationName, type CatalogueData } from '../src/domain/catalogue.js';
import { GENESYS_CATALOGUE } from '../src/package-files.js';

const SCRIPT = fileURLToPath(new URL('../scripts/catalogue.mjs', import.meta.url));
const real = new Catalogue(JSON.parse(readFileSync(GENESYS_CATALOGUE, 'utf8')) as CatalogueData);

test('the committed catalogue is what npm run catalogue writes from the installed SDK', () => {
  const out = execFileSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
  expect(out).toMatch(/is up to date: 3315 operations, \d+ models \(purecloud-platform-client-v2@262\.0\.0\)/);
});

test('every name the catalogue gives is a method of that API of the installed SDK, and every such method is there', () => {
  // Read from the SDK's sources, not loaded: loading it starts a watcher on its config file.
  const apiDir = join(dirname(createRequire(import.meta.url).resolve('purecloud-platform-client-v2/package.json')), 'src/purecloud-platform-client-v2/api');
  const methods = readdirSync(apiDir)
    .filter((f) => f.endsWith('Api.js'))
    .flatMap((f) =>
      [...readFileSync(join(apiDir, f), 'utf8').matchAll(/\n\t(\w+)\([^)]*\) \{/g)]
        .map((m) => m[1]!)
        .filter((m) => m !== 'constructor')
        .map((m) => `${f.slice(0, -3)}.${m}`),
    );
  const named = real.data.operations.flatMap((o) => o.names);
  expect(named.filter((name) => !methods.includes(name))).toEqual([]);
  expect(methods.filter((m) => !named.includes(m))).toEqual([]);
});

test.each([
  ['DELETE', '/api/v2/presence/definitions/x', 'PresenceApi.deletePresenceDefinition0', { definitionId: 'x' }],
  ['GET', '/api/v2/routing/queues', 'RoutingApi.getRoutingQueues', {}],
  ['GET', '/api/v2/users/me', 'UsersApi.getUsersMe', {}],
  ['GET', '/api/v2/users/8f1c', 'UsersApi.getUser', { userId: '8f1c' }],
  ['PATCH', '/api/v2/users/8f1c', 'UsersApi.patchUser', { userId: '8f1c' }],
  ['POST', '/api/v2/analytics/conversations/details/query', 'AnalyticsApi.postAnalyticsConversationsDetailsQuery', {}],
  ['POST', '/api/v2/conversations/c1/cobrowse', 'ConversationsApi.postConversationCobrowse', { conversationId: 'c1' }],
])('%s %s is %s', (method, path, name, params) => {
  const found = real.match(method, path);
  expect(found && operationName(found.operation)).toBe(name);
  expect(found?.params).toEqual(params);
});

test.each([
  ['GET', '/api/v2/routing/queuez'],
  ['PUT', '/api/v2/routing/queues'],
  ['GET', '/api/v2/users//'],
  ['GET', '/api/v2'],
  ['GET', '/API/v2/routing/queues'],
])('%s %s is no Genesys operation', (method, path) => {
  expect(real.match(method, path)).toBeUndefined();
});

test('an operation of several SDK APIs keeps every name, the first by API name first', () => {
  const found = real.match('POST', '/api/v2/analytics/conversations/details/query')!;
  expect(found.operation.names).toEqual(['AnalyticsApi.postAnalyticsConversationsDetailsQuery', 'ConversationsApi.postAnalyticsConversationsDetailsQuery']);
  expect(found.operation.body).toBe('ConversationQuery');
  expect(found.operation.response).toBe('AnalyticsConversationQueryResponse');
});

describe('warnings: a body against a Genesys model', () => {
  const small = new Catalogue({
    sdk: 'test',
    operations: [],
    models: {
      Listing: { entities: 'Queue[]', total: 'number', selfUri: 'string' },
      Queue: { id: 'string', name: 'string', memberCount: 'number', joined: 'boolean', bullseye: 'Bullseye', attributes: '{string}', raw: 'object' },
      Bullseye: { rings: 'string[]' },
    },
  });
  test.each([
    ['a body that fits', 'Listing', { entities: [{ id: 'q', name: 'Q', memberCount: 2, joined: true }], total: 1, selfUri: '/x' }, []],
    ['a misspelled property', 'Listing', { seflUri: '/x' }, ['seflUri: Genesys\' Listing has no property "seflUri"']],
    ['one deep in an array', 'Listing', { entities: [{}, { nmae: 'Q' }] }, ['entities[1].nmae: Genesys\' Queue has no property "nmae"']],
    ['a number as a string', 'Listing', { total: '1' }, ['total: Genesys sends a number here, not a string']],
    ['an object for an array', 'Listing', { entities: {} }, ['entities: Genesys sends an array here (Queue[]), not an object']],
    ['an array for a model', 'Listing', [], ['the body: Genesys sends an object here (Listing), not an array']],
    ['a map of strings', 'Queue', { attributes: { a: 'x', b: 2 } }, ['attributes.b: Genesys sends a string here, not a number']],
    ['nested models and arrays', 'Queue', { bullseye: { rings: ['a', 3] } }, ['bullseye.rings[1]: Genesys sends a string here, not a number']],
    ['null and object-typed values are not checked', 'Queue', { name: null, raw: { anything: [1] } }, []],
  ])('%s', (_, type, body, warnings) => {
    expect(small.warnings(type, body)).toEqual(warnings);
  });
});
