// Conversation details over HTTP (openapi/groups/analytics.yaml), every answer checked against the
// document: the query's interval, filters, order and paging; one conversation's details and
// several by id; scopes, another org's conversations, bad queries.
import { DEMO, harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let orgId: string;
let agentId: string;
let queueId: string;
const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const t = (s: number) => new Date(T0 + s * 1000).toISOString();
const DAY = `${t(0)}/${t(86_400)}`;

beforeEach(async () => {
  h = harness();
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  orgId = org.id;
  agentId = org.userId;
  auth = await bearerOf(h.http, org);
  queueId = (await h.http.post('/api/v2/routing/queues').set(auth).send({ name: 'Support' })).body.id;
});

/** A conversation made through the admin API at the clock's time `s`, moved to a stage. */
async function conversation(s: number, mediaType: string, state: string): Promise<string> {
  h.clock.ms = T0 + s * 1000;
  return (await h.http.post('/__admin/conversations').send({ orgId, mediaType, state, queueId, agentUserId: agentId })).body.id;
}
const query = (body: object, headers = auth) => h.http.post('/api/v2/analytics/conversations/details/query').set(headers).send(body);
const ids = (res: { body: { conversations?: { conversationId: string }[] } }) => (res.body.conversations ?? []).map((c) => c.conversationId);

describe('the details query', () => {
  let call: string;
  let chat: string;
  let queued: string;
  beforeEach(async () => {
    call = await conversation(10, 'voice', 'connected');
    chat = await conversation(20, 'chat', 'disconnected');
    queued = await conversation(30, 'voice', 'queued');
  });

  test('the conversations that started in the interval, by start; paging; totalHits counts them all', async () => {
    const all = await query({ interval: DAY });
    expect(all.status).toBe(200);
    expect([ids(all), all.body.totalHits]).toEqual([[call, chat, queued], 3]);
    expect(ids(await query({ interval: `${t(15)}/${t(30)}` }))).toEqual([chat]);
    expect(ids(await query({ interval: DAY, order: 'desc' }))).toEqual([queued, chat, call]);
    // By end: those still going come last.
    expect(ids(await query({ interval: DAY, orderBy: 'conversationEnd' }))).toEqual([chat, call, queued]);
    const second = await query({ interval: DAY, paging: { pageSize: 2, pageNumber: 2 } });
    expect([ids(second), second.body.totalHits]).toEqual([[queued], 3]);
    const none = await query({ interval: `${t(100_000)}/${t(200_000)}` });
    expect(none.body).toEqual({ totalHits: 0 });
  });

  test.each([
    ['mediaType', { type: 'and', predicates: [{ dimension: 'mediaType', value: 'chat' }] }, ['chat']],
    ['a segment type', { type: 'and', predicates: [{ dimension: 'segmentType', value: 'alert' }] }, ['call', 'chat']],
    ['userId', { type: 'and', predicates: [{ dimension: 'userId', operator: 'exists' }] }, ['call', 'chat']],
    [
      'purpose and queue together',
      {
        type: 'and',
        predicates: [
          { dimension: 'purpose', value: 'acd' },
          { dimension: 'queueId', value: 'QUEUE' },
        ],
      },
      ['call', 'chat', 'queued'],
    ],
    [
      'either of two',
      {
        type: 'or',
        predicates: [
          { dimension: 'mediaType', value: 'chat' },
          { dimension: 'disconnectType', value: 'transfer' },
        ],
      },
      ['call', 'chat'],
    ],
    ['a clause', { type: 'and', clauses: [{ type: 'or', predicates: [{ dimension: 'mediaType', value: 'voice' }] }] }, ['call', 'queued']],
  ])('a segment filter on %s', async (_, filter, expected) => {
    const byName: Record<string, string> = { call, chat, queued };
    const res = await query({ interval: DAY, segmentFilters: [JSON.parse(JSON.stringify(filter).replace('QUEUE', queueId))] });
    expect(ids(res)).toEqual(expected.map((n) => byName[n]));
    expect(res.body.totalHits).toBe(expected.length);
  });

  test('conversation filters: conversationEnd exists or not, conversationId', async () => {
    const ended = { type: 'and', predicates: [{ dimension: 'conversationEnd', operator: 'exists' }] };
    expect(ids(await query({ interval: DAY, conversationFilters: [ended] }))).toEqual([chat]);
    const live = { type: 'and', predicates: [{ dimension: 'conversationEnd', operator: 'notExists' }] };
    expect(ids(await query({ interval: DAY, conversationFilters: [live] }))).toEqual([call, queued]);
    const one = { type: 'and', predicates: [{ dimension: 'conversationId', value: queued }] };
    expect(ids(await query({ interval: DAY, conversationFilters: [one] }))).toEqual([queued]);
  });

  test.each([
    ['no interval', {}, 'bad.request'],
    ['an interval that is no start/end', { interval: '2026-01-01' }, 'invalid.value'],
    ['an interval that ends before it starts', { interval: `${t(10)}/${t(0)}` }, 'invalid.value'],
    ['instants without a zone', { interval: '2026-01-01T00:00:00/2026-01-02T00:00:00' }, 'invalid.value'],
    ['a dimension Genesys has not', { interval: DAY, segmentFilters: [{ type: 'and', predicates: [{ dimension: 'colour', value: 'red' }] }] }, 'bad.request'],
    ['matches without a value', { interval: DAY, segmentFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType' }] }] }, 'bad.request'],
    ['a page of 101', { interval: DAY, paging: { pageSize: 101, pageNumber: 1 } }, 'bad.request'],
  ])('%s is 400', async (_, body, code) => {
    const res = await query(body);
    expect([res.status, res.body.code]).toEqual([400, code]);
  });

  test("another org's query sees none of them; the demo org's sees its own", async () => {
    const other = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, other);
    expect((await query({ interval: DAY }, authB)).body).toEqual({ totalHits: 0 });
    const client = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['analytics:readonly'] })).body;
    const demo = await bearerOf(h.http, client);
    const res = await query({ interval: `${t(-86_400)}/${t(86_400)}` }, demo);
    expect(res.status).toBe(200);
    expect(ids(res)).toContain(DEMO.voiceConnected);
    expect(ids(res)).not.toContain(call);
  });

  test('a token without an analytics scope is 403', async () => {
    const res = await query({ interval: DAY }, { Authorization: `Bearer ${await h.token()}` });
    expect([res.status, res.body.code]).toEqual([403, 'missing.any.scopes']);
  });
});

describe('details jobs', () => {
  test('QUEUED until its due time on the clock, then FULFILLED; results a page at a time by cursor; deleted', async () => {
    h = harness({ analyticsJobSeconds: 10 });
    const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
    orgId = org.id;
    agentId = org.userId;
    auth = await bearerOf(h.http, org);
    queueId = (await h.http.post('/api/v2/routing/queues').set(auth).send({ name: 'Support' })).body.id;
    const made = [await conversation(10, 'voice', 'connected'), await conversation(20, 'chat', 'disconnected'), await conversation(30, 'voice', 'queued')];
    const submitted = await h.http.post('/api/v2/analytics/conversations/details/jobs').set(auth).send({ interval: DAY });
    expect(submitted.status).toBe(202);
    const job = `/api/v2/analytics/conversations/details/jobs/${submitted.body.jobId}`;
    expect((await h.http.get(job).set(auth)).body).toEqual({ state: 'QUEUED', submissionDate: t(30) });
    const early = await h.http.get(`${job}/results`).set(auth);
    expect([early.status, early.body.code, early.body.message]).toEqual([
      400,
      'bad.request',
      `Job ${submitted.body.jobId} is QUEUED: its results can be read once it is FULFILLED.`,
    ]);
    h.clock.advance(10);
    expect((await h.http.get(job).set(auth)).body).toEqual({ state: 'FULFILLED', submissionDate: t(30), completionDate: t(40) });
    const first = await h.http.get(`${job}/results?pageSize=2`).set(auth);
    expect(first.body.conversations.map((c: { conversationId: string }) => c.conversationId)).toEqual(made.slice(0, 2));
    expect(first.body.dataAvailabilityDate).toBe(t(40));
    const second = await h.http.get(`${job}/results?pageSize=2&cursor=${first.body.cursor}`).set(auth);
    expect(second.body.conversations.map((c: { conversationId: string }) => c.conversationId)).toEqual(made.slice(2));
    expect(second.body.cursor).toBeUndefined();
    const badCursor = await h.http.get(`${job}/results?cursor=nonsense`).set(auth);
    expect([badCursor.status, badCursor.body.code]).toEqual([400, 'invalid.value']);
    const other = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
    const authB = await bearerOf(h.http, other);
    expect((await h.http.get(job).set(authB)).status).toBe(404);
    expect((await h.http.delete(job).set(auth)).status).toBe(204);
    expect((await h.http.get(job).set(auth)).status).toBe(404);
  });

  test('limit caps what a job finds; with no delay it is FULFILLED at once; a bad query is 400 and makes no job', async () => {
    await conversation(10, 'voice', 'connected');
    const call2 = await conversation(20, 'voice', 'connected');
    const submitted = await h.http.post('/api/v2/analytics/conversations/details/jobs').set(auth).send({ interval: DAY, limit: 1, order: 'desc' });
    const job = `/api/v2/analytics/conversations/details/jobs/${submitted.body.jobId}`;
    expect((await h.http.get(job).set(auth)).body.state).toBe('FULFILLED');
    const results = (await h.http.get(`${job}/results`).set(auth)).body;
    expect(results.conversations.map((c: { conversationId: string }) => c.conversationId)).toEqual([call2]);
    const before = h.store.snapshot();
    const bad = await h.http.post('/api/v2/analytics/conversations/details/jobs').set(auth).send({ interval: 'yesterday' });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid.value']);
    expect(h.store.snapshot()).toEqual(before);
  });
});

describe('details by id', () => {
  test("one conversation's details, and several by id (unknown and another org's left out)", async () => {
    const call = await conversation(10, 'voice', 'connected');
    const chat = await conversation(20, 'chat', 'connected');
    const one = await h.http.get(`/api/v2/analytics/conversations/${call}/details`).set(auth);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ conversationId: call, conversationStart: t(10), originatingDirection: 'inbound' });
    expect(one.body.participants.map((p: { purpose: string }) => p.purpose)).toEqual(['customer', 'acd', 'agent']);
    const several = await h.http.get(`/api/v2/analytics/conversations/details?id=${chat},unknown&id=${DEMO.voiceConnected}&id=${call}`).set(auth);
    expect(several.body.conversations.map((c: { conversationId: string }) => c.conversationId)).toEqual([chat, call]);
    const missing = await h.http.get(`/api/v2/analytics/conversations/${DEMO.voiceConnected}/details`).set(auth);
    expect([missing.status, missing.body.code]).toEqual([404, 'not.found']);
  });
});
