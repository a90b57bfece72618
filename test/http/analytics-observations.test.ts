// Queue observations over HTTP: what a queue holds now (conversations waiting and handled, by
// media type when asked) and its joined members on and off queue, by presence and routing status.
import { harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let orgId: string;
let queueId: string;
let otherQueue: string;
let onQueue: string;
let available: string;

beforeEach(async () => {
  h = harness();
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  orgId = org.id;
  auth = await bearerOf(h.http, org);
  queueId = (await h.http.post('/api/v2/routing/queues').set(auth).send({ name: 'Support' })).body.id;
  otherQueue = (await h.http.post('/api/v2/routing/queues').set(auth).send({ name: 'Sales' })).body.id;
  const user = async (name: string) =>
    (
      await h.http
        .post('/api/v2/users')
        .set(auth)
        .send({ name, email: `${name}@example.com` })
    ).body.id as string;
  [onQueue, available] = [await user('ona'), await user('avi')];
  const notJoined = await user('nora');
  await h.http
    .post(`/api/v2/routing/queues/${queueId}/members`)
    .set(auth)
    .send([{ id: onQueue }, { id: available }, { id: notJoined }]);
  await h.http.patch(`/api/v2/routing/queues/${queueId}/members/${notJoined}`).set(auth).send({ joined: false });
  await h.http.put(`/api/v2/users/${onQueue}/routingstatus`).set(auth).send({ status: 'IDLE' });
  const presences = (await h.http.get('/api/v2/presencedefinitions').set(auth)).body.entities as { id: string; systemPresence: string }[];
  const availableId = presences.find((p) => p.systemPresence === 'Available')!.id;
  await h.http
    .patch(`/api/v2/users/${available}/presences/purecloud`)
    .set(auth)
    .send({ presenceDefinition: { id: availableId } });
  const fixture = (body: object) => h.http.post('/__admin/conversations').send({ orgId, queueId, ...body });
  await fixture({ mediaType: 'voice', state: 'queued' });
  await fixture({ mediaType: 'chat', state: 'queued' });
  await fixture({ mediaType: 'voice', state: 'connected', agentUserId: onQueue });
  await fixture({ mediaType: 'voice', state: 'disconnected', agentUserId: onQueue });
  await fixture({ mediaType: 'voice', state: 'queued', queueId: otherQueue });
});

const observe = (body: object, headers = auth) => h.http.post('/api/v2/analytics/queues/observations/query').set(headers).send(body);
const ALL = ['oWaiting', 'oInteracting', 'oOnQueueUsers', 'oOffQueueUsers', 'oUserPresences', 'oUserRoutingStatuses'];

test('a queue now: conversations waiting and handled; its joined members by routing status and presence', async () => {
  const res = await observe({ filter: { type: 'or', predicates: [{ dimension: 'queueId', value: queueId }] }, metrics: ALL });
  expect(res.status).toBe(200);
  const presences = (await h.http.get('/api/v2/presencedefinitions').set(auth)).body.entities as { id: string; systemPresence: string }[];
  const id = (name: string) => presences.find((p) => p.systemPresence === name)!.id;
  expect(res.body.results).toEqual([
    {
      group: { queueId },
      data: [
        { metric: 'oWaiting', stats: { count: 2 } },
        { metric: 'oInteracting', stats: { count: 1 } },
        { metric: 'oOnQueueUsers', qualifier: 'IDLE', stats: { count: 1 } },
        { metric: 'oOffQueueUsers', stats: { count: 1 } },
        ...[
          { metric: 'oUserPresences', qualifier: id('Available'), stats: { count: 1 } },
          { metric: 'oUserPresences', qualifier: id('On Queue'), stats: { count: 1 } },
        ].sort((a, b) => (a.qualifier < b.qualifier ? -1 : 1)),
        { metric: 'oUserRoutingStatuses', qualifier: 'IDLE', stats: { count: 1 } },
        { metric: 'oUserRoutingStatuses', qualifier: 'OFF_QUEUE', stats: { count: 1 } },
      ],
    },
  ]);
});

test('by media type: conversations per media, members once on the queue; two queues', async () => {
  const res = await observe({
    filter: {
      type: 'and',
      clauses: [
        {
          type: 'or',
          predicates: [
            { dimension: 'queueId', value: queueId },
            { dimension: 'queueId', value: otherQueue },
          ],
        },
        {
          type: 'or',
          predicates: [
            { dimension: 'mediaType', value: 'voice' },
            { dimension: 'mediaType', value: 'chat' },
          ],
        },
      ],
    },
    metrics: ['oWaiting', 'oOffQueueUsers'],
  });
  expect(
    res.body.results.map((r: { group: object; data: { metric: string; stats: { count: number } }[] }) => [
      r.group,
      r.data.map((d) => [d.metric, d.stats.count]),
    ]),
  ).toEqual([
    [{ queueId }, [['oOffQueueUsers', 1]]],
    [{ queueId, mediaType: 'voice' }, [['oWaiting', 1]]],
    [{ queueId, mediaType: 'chat' }, [['oWaiting', 1]]],
    [{ queueId: otherQueue }, [['oOffQueueUsers', 0]]],
    [{ queueId: otherQueue, mediaType: 'voice' }, [['oWaiting', 1]]],
    [{ queueId: otherQueue, mediaType: 'chat' }, [['oWaiting', 0]]],
  ]);
});

test("no queue in the filter is 400; another org's queue is not observed", async () => {
  const none = await observe({ filter: { type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }] }, metrics: ['oWaiting'] });
  expect([none.status, none.body.code]).toEqual([400, 'bad.request']);
  const other = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
  const authB = await bearerOf(h.http, other);
  expect((await observe({ filter: { type: 'or', predicates: [{ dimension: 'queueId', value: queueId }] }, metrics: ALL }, authB)).body).toEqual({
    results: [],
  });
});
