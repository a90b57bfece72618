// The Genesys error model everywhere: unknown routes, oversized and odd bodies, correlation ids.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSeedDocument } from '../../src/domain/seed.js';
import { openFileStore } from '../../src/store/store.js';
import { randomIds } from '../../src/system.js';
import { fillingDisk } from '../support/filling-disk.js';
import { DEMO, demoSeed, harness, TestClock } from '../support/harness.js';

describe('Genesys error bodies', () => {
  test.each([
    ['get', '/api/v2/nothing/here'],
    ['get', '/'],
    // (DELETE of the conversation itself is a Genesys operation: 501, test/http/stubs.test.ts)
    ['delete', `/api/v2/conversations/${DEMO.voiceConnected}/nothing`],
    ['get', `/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`],
    ['post', '/__admin/nothing'],
  ] as const)('%s %s: an unknown route is 404 not.found', async (method, path) => {
    const h = harness();
    const res = await h.http[method](path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      message: 'The requested resource was not found.',
      code: 'not.found',
      status: 404,
      messageParams: {},
      contextId: res.headers['inin-correlation-id'],
      details: [],
      errors: [],
    });
  });

  test('a body over 512,000 bytes is 413, before anything else', async () => {
    const h = harness();
    const token = await h.token();
    const big = JSON.stringify({ initiator: { id: 'x'.repeat(512_001), type: 'agent' } });
    const res = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'request.entity.too.large' });
  });

  test('a body just under the limit is read', async () => {
    const h = harness();
    const token = await h.token();
    const body = JSON.stringify({ cobrowseSessionId: 'null', pad: 'x'.repeat(500_000) });
    const res = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('cobrowseSessionId required');
  });

  test('malformed JSON on an admin route is 400 bad.request, never a 500 or HTML', async () => {
    const h = harness();
    const res = await h.http.post('/__admin/users').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.code).toBe('bad.request');
  });

  test('schema violations name each field', async () => {
    const h = harness();
    const res = await h.http.post('/__admin/conversations').send({ mediaType: 'fax', state: 'connected', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ fieldName: 'mediaType' }), expect.objectContaining({ fieldName: 'extra' })]),
    );
  });

  test('every response carries a fresh inin-correlation-id', async () => {
    const h = harness();
    const a = await h.http.get('/__admin/health');
    const b = await h.http.get('/__admin/health');
    expect(a.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['inin-correlation-id']).not.toBe(b.headers['inin-correlation-id']);
  });

  test('the OpenAPI document is served', async () => {
    const h = harness();
    const res = await h.http.get('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.text).toContain('PureCloud OAuth');
  });
});

describe('bodies and queries no client library would send', () => {
  const nested = (depth: number) => `{"cobrowseSessionId":"s","initiator":${'['.repeat(depth)}${']'.repeat(depth)}}`;

  test.each([
    ['nesting 1,001 levels deep', nested(1001), /nests arrays and objects more than 1000 deep/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), /not valid UTF-8/],
  ])('a JSON body %s is 400 bad.request', async (_label, body, message) => {
    const h = harness();
    const token = await h.token();
    const res = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .serialize((b: unknown) => b as string) // as it is: superagent would turn a Buffer into JSON
      .send(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
    expect(res.body.message).toMatch(message);
    // and the journal can still be read back
    expect((await h.http.get('/__admin/requests')).status).toBe(200);
  });

  test('each body is parsed as its own Content-Type says, whatever the requests before it sent', async () => {
    const h = harness();
    const form = (contentType: string) =>
      h.http
        .post('/oauth/token')
        .set('Authorization', `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`)
        .set('Content-Type', contentType)
        .send('grant_type=client_credentials');
    const token = (await form('application/x-www-form-urlencoded')).body.access_token as string;
    const cobrowse = (contentType: string, body: string) =>
      h.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`).set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);
    const answers = async () => [
      (await cobrowse('application/json', '{"cobrowseSessionId":"null"}')).body.message,
      (await cobrowse('application/json; charset=utf-8', '{"cobrowseSessionId":"null"}')).body.message,
      (await cobrowse('text/plain', '{"cobrowseSessionId":"null"}')).body.code,
      (await cobrowse('application/x-www-form-urlencoded', 'cobrowseSessionId=null')).body.code,
      (await form('application/x-www-form-urlencoded; charset=utf-8')).status,
      (await form('application/json')).status,
    ];
    const expected = ['cobrowseSessionId required', 'cobrowseSessionId required', 'unsupported.media.type', 'unsupported.media.type', 200, 400];
    expect(await answers()).toEqual(expected);
    // more Content-Types than are remembered, then the same again
    for (let i = 0; i < 70; i++) expect((await cobrowse(`application/json; x=${i}`, '{"cobrowseSessionId":"null"}')).status).toBe(400);
    expect(await answers()).toEqual(expected);
  });

  test('nesting 1,000 levels deep is parsed, then judged by the schema', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(nested(999));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^The request body is invalid: initiator/);
  });

  test.each(['Infinity', '1e2', '0x10', '101', '99999999999999999999'])('pageSize=%s is 400 bad.request naming pageSize', async (value) => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.get(`/api/v2/conversations/calls?pageSize=${value}`).set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.code, res.body.details[0]?.fieldName]).toEqual([400, 'bad.request', 'pageSize']);
  });

  // The SDK sends Content-Type: application/json and no body on a call without one: where the
  // document requires a body, that is a 400 naming it, never a handler reading nothing.
  test.each([
    ['post', `/api/v2/conversations/${DEMO.voiceConnected}/participants/x/replace/agent`],
    ['post', `/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/x/consult/agent`],
    ['patch', `/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/x`],
    ['post', '/api/v2/conversations/messages/agentless'],
  ] as const)('%s %s with an empty JSON body is 400 bad.request, naming the body or what it lacks', async (method, path) => {
    const h = harness();
    const token = await h.token();
    const before = h.store.snapshot();
    const res = await h.http[method](path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('');
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
    expect(res.body.message).toMatch(/^The request body is invalid: /);
    expect(h.store.snapshot()).toEqual(before);
  });

  test('a query the document refuses is not called a body problem', async () => {
    const h = harness();
    const token = await h.token();
    const res = await h.http.get('/api/v2/conversations/calls?pageSize=abc').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^The request is invalid: pageSize/);
  });
});

describe('a data file that cannot take a write', () => {
  async function onFillingDisk() {
    const { disk, openLog } = fillingDisk();
    const file = join(mkdtempSync(join(tmpdir(), 'gcm-507-')), 'db.json');
    const { store } = await openFileStore(file, { openLog });
    const clock = new TestClock();
    await store.replace(buildSeedDocument({ clock, ids: randomIds }, demoSeed()));
    return { disk, store, h: harness({ store, clock }) };
  }

  test('507 insufficient.storage in the Genesys body; the refused change is nowhere to be seen; writes come back with the space', async () => {
    const { disk, store, h } = await onFillingDisk();
    const auth = { Authorization: `Bearer ${await h.token()}` };
    const calls = async () => ((await h.http.get('/api/v2/conversations/calls').set(auth)).body as { entities: { id: string }[] }).entities.map((c) => c.id);
    const before = await calls();

    disk.full = true;
    const refused = await h.http.post('/api/v2/conversations/calls').set(auth).send({ phoneNumber: '+13175550142' });
    expect(refused.status).toBe(507);
    expect(refused.body).toEqual({
      message: `The emulator's data file could not be written (${(store as unknown as { log: { path: string } }).log.path}: the disk is full), so the change was not made; reads still work.`,
      code: 'insufficient.storage',
      status: 507,
      messageParams: {},
      contextId: refused.headers['inin-correlation-id'],
      details: [],
      errors: [],
    });
    expect(await calls()).toEqual(before);
    // a login stores its token: refused in the OAuth shape, with the same status
    const login = await h.http.post('/oauth/token').auth('demo-client', 'demo-secret').type('form').send({ grant_type: 'client_credentials' });
    expect(login.status).toBe(507);
    expect(login.body.error).toBe('server_error');

    disk.full = false;
    const created = await h.http.post('/api/v2/conversations/calls').set(auth).send({ phoneNumber: '+13175550142' });
    expect(created.status).toBe(200);
    expect(await calls()).toEqual([...before, created.body.id]);
    await store.close();
  });
});
