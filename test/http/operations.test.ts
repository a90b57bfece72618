// The document is the router: every operation has its handler, every handler its operation, and a
// documented operation without a handler answers the Genesys 404, never Express's HTML page.
import request from 'supertest';
import { createApp } from '../../src/http/app.js';
import { boundHandlers, documentOperations } from '../../src/http/dispatch.js';
import { loadOpenApi } from '../../src/http/openapi.js';
import { openMemoryStore } from '../../src/store/store.js';
import { demoSeed, harness, TestClock } from '../support/harness.js';

const document = loadOpenApi().document;

test('every operation of the document has a handler', () => {
  const handlers = boundHandlers();
  expect([...documentOperations(document)].filter((id) => !handlers.has(id))).toEqual([]);
});

test('every handler has an operation in the document', () => {
  const operations = documentOperations(document);
  expect([...boundHandlers().keys()].filter((id) => !operations.has(id))).toEqual([]);
});

test('the app refuses to start with a handler the document lacks', () => {
  const without = structuredClone(document);
  delete without.paths['/__admin/health'];
  expect(() =>
    createApp({ store: openMemoryStore().store, clock: new TestClock(), config: { tokenTtlSeconds: 60, seed: demoSeed() }, document: without }),
  ).toThrow(/getAdminHealth/);
});

test('a documented operation without a handler answers the JSON Genesys 404', async () => {
  const extended = structuredClone(document);
  extended.paths['/__admin/unhandled'] = {
    get: {
      operationId: 'getAdminUnhandled',
      security: [],
      responses: { '200': { description: 'never', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  const { app } = createApp({ store: openMemoryStore().store, clock: new TestClock(), config: { tokenTtlSeconds: 60, seed: demoSeed() }, document: extended });
  const res = await request(app).get('/__admin/unhandled');
  expect([res.status, res.type, res.body.code]).toEqual([404, 'application/json', 'not.found']);
  expect(res.text).not.toContain('Cannot GET');
});

test('a handler answers with the status, headers and body it returns', async () => {
  const h = harness();
  const token = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' });
  expect([token.status, token.headers['cache-control']]).toEqual([200, 'no-store']);
  expect((await h.http.delete('/__admin/faults')).status).toBe(204);
  expect((await h.http.get('/openapi.yaml')).type).toBe('application/yaml');
});
