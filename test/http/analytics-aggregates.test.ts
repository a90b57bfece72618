// Conversation aggregates over HTTP: conversations driven through the API on the virtual clock
// (queued, alerting, talking with a hold, wrap-up; one abandoned), then every aggregate checked
// against the sums of the same conversations' details, by group and by granularity bucket.
import { harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let orgId: string;
let agentId: string;
let queueId: string;
let codeId: string;
const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const t = (s: number) => new Date(T0 + s * 1000).toISOString();
const DAY = `${t(0)}/${t(86_400)}`;
const WIDE = `${t(-3_600)}/${t(86_400)}`;
const METRICS = ['nOffered', 'tAcd', 'tWait', 'tAbandon', 'tAlert', 'tAnswered', 'nConnected', 'tTalk', 'tHeld', 'tAcw', 'tHandle'];

/** A call queued 30 s, alerting 5 s, 120 s connected with a 20 s hold, then 45 s of wrap-up; starting at `s`. */
async function handledCall(s: number): Promise<string> {
  h.clock.ms = T0 + s * 1000;
  const id = (await h.http.post('/__admin/conversations').send({ orgId, mediaType: 'voice', state: 'queued', queueId, agentUserId: agentId })).body
    .id as string;
  h.clock.advance(30);
  await h.http.patch(`/__admin/conversations/${id}`).send({ state: 'alerting' });
  h.clock.advance(5);
  await h.http.patch(`/__admin/conversations/${id}`).send({ state: 'connected' });
  const agent = (await h.http.get(`/api/v2/conversations/calls/${id}`).set(auth)).body.participants.find((p: { purpose: string }) => p.purpose === 'agent').id;
  const patch = (body: object) => h.http.patch(`/api/v2/conversations/calls/${id}/participants/${agent}`).set(auth).send(body);
  h.clock.advance(25);
  await patch({ held: true });
  h.clock.advance(20);
  await patch({ held: false });
  h.clock.advance(75);
  await patch({ state: 'disconnected' });
  h.clock.advance(45);
  await patch({ wrapup: { code: codeId } });
  return id;
}

/** A call abandoned after waiting `wait` seconds in the queue, starting at `s`. */
async function abandonedCall(s: number, wait: number): Promise<string> {
  h.clock.ms = T0 + s * 1000;
  const id = (await h.http.post('/__admin/conversations').send({ orgId, mediaType: 'voice', state: 'queued', queueId })).body.id as string;
  h.clock.advance(wait);
  await h.http.patch(`/__admin/conversations/${id}`).send({ state: 'disconnected' });
  return id;
}

beforeEach(async () => {
  h = harness();
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  [orgId, agentId] = [org.id, org.userId];
  auth = await bearerOf(h.http, org);
  queueId = (await h.http.post('/api/v2/routing/queues').set(auth).send({ name: 'Support' })).body.id;
  codeId = (await h.http.post('/api/v2/routing/wrapupcodes').set(auth).send({ name: 'Resolved' })).body.id;
});

const aggregates = (body: object, headers = auth) => h.http.post('/api/v2/analytics/conversations/aggregates/query').set(headers).send(body);
type Stats = { count: number; sum?: number; min?: number; max?: number };
type Result = { group: Record<string, string>; data: { interval: string; metrics: { metric: string; stats: Stats }[] }[] };

/** Every metric of the details of the org's conversations in the interval: [count, sum] by name. */
async function detailSums(): Promise<Record<string, [number, number]>> {
  const res = await h.http
    .post('/api/v2/analytics/conversations/details/query')
    .set(auth)
    .send({ interval: DAY, paging: { pageSize: 100, pageNumber: 1 } });
  const sums: Record<string, [number, number]> = {};
  for (const c of res.body.conversations)
    for (const p of c.participants)
      for (const s of p.sessions)
        for (const m of s.metrics) {
          const [count, sum] = sums[m.name] ?? [0, 0];
          sums[m.name] = [count + 1, sum + m.value];
        }
  return sums;
}

test('the exact figures of a handled call and an abandoned one, and that they are the sums of the details', async () => {
  await handledCall(0);
  await abandonedCall(600, 40);
  const res = await aggregates({ interval: DAY, metrics: METRICS });
  expect(res.status).toBe(200);
  const [result] = res.body.results as Result[];
  expect(result!.group).toEqual({});
  const stats = Object.fromEntries(result!.data[0]!.metrics.map((m) => [m.metric, m.stats]));
  expect(stats).toEqual({
    nOffered: { count: 2 },
    tAcd: { count: 2, sum: 75_000, min: 35_000, max: 40_000 },
    tWait: { count: 2, sum: 75_000, min: 35_000, max: 40_000 },
    tAbandon: { count: 1, sum: 40_000, min: 40_000, max: 40_000 },
    tAlert: { count: 1, sum: 5_000, min: 5_000, max: 5_000 },
    tAnswered: { count: 1, sum: 35_000, min: 35_000, max: 35_000 },
    nConnected: { count: 1 },
    tTalk: { count: 1, sum: 100_000, min: 100_000, max: 100_000 },
    tHeld: { count: 1, sum: 20_000, min: 20_000, max: 20_000 },
    tAcw: { count: 1, sum: 45_000, min: 45_000, max: 45_000 },
    tHandle: { count: 1, sum: 165_000, min: 165_000, max: 165_000 },
  });
  const sums = await detailSums();
  for (const [name, s] of Object.entries(stats)) {
    expect([s.count, s.sum ?? s.count]).toEqual(sums[name]);
  }
});

test('grouped by queue and user; a filter; metrics counted in the bucket they were emitted in', async () => {
  // Starts 09:58:00: answered at 09:58:35, hung up at 10:00:35, wrapped up at 10:01:20.
  await handledCall(-120);
  await abandonedCall(600, 40);
  const byQueueAndUser = (await aggregates({ interval: WIDE, metrics: ['nOffered', 'tTalk'], groupBy: ['queueId', 'userId'] })).body.results as Result[];
  expect(byQueueAndUser.map((r) => [r.group, r.data[0]!.metrics.map((m) => [m.metric, m.stats.count])])).toEqual(
    [
      [{ queueId }, [['nOffered', 2]]],
      [{ queueId, userId: agentId }, [['tTalk', 1]]],
    ].sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1)),
  );
  const filtered = (
    await aggregates({ interval: WIDE, metrics: ['nOffered', 'tTalk'], filter: { type: 'and', predicates: [{ dimension: 'purpose', value: 'agent' }] } })
  ).body.results as Result[];
  expect(filtered.flatMap((r) => r.data[0]!.metrics.map((m) => m.metric))).toEqual(['tTalk']);
  const hourly = (await aggregates({ interval: `${t(-3600)}/${t(3600)}`, granularity: 'PT1H', metrics: ['nOffered', 'tTalk', 'tAcw'] })).body
    .results as Result[];
  expect(hourly[0]!.data.map((d) => [d.interval, d.metrics.map((m) => m.metric)])).toEqual([
    [`${t(-3600)}/${t(0)}`, ['nOffered']],
    [`${t(0)}/${t(3600)}`, ['nOffered', 'tTalk', 'tAcw']],
  ]);
});

test('another org counts none of them; bad granularity, too many buckets, a filter without a value are 400', async () => {
  await handledCall(0);
  const other = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
  const authB = await bearerOf(h.http, other);
  expect((await aggregates({ interval: DAY, metrics: METRICS }, authB)).body).toEqual({ results: [] });
  for (const [body, code] of [
    [{ interval: DAY, metrics: ['tTalk'], granularity: 'hourly' }, 'invalid.value'],
    [{ interval: `${t(0)}/${t(86_400 * 400)}`, metrics: ['tTalk'], granularity: 'PT1M' }, 'bad.request'],
    [{ interval: DAY, metrics: ['tTalk'], filter: { type: 'and', predicates: [{ dimension: 'queueId' }] } }, 'bad.request'],
    [{ interval: DAY, metrics: ['tColour'] }, 'bad.request'],
    [{ interval: DAY, metrics: [] }, 'bad.request'],
  ] as const) {
    const res = await aggregates(body);
    expect([res.status, res.body.code]).toEqual([400, code]);
  }
});
