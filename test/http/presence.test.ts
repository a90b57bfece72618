// The Presence group over HTTP (openapi/groups/presence.yaml, src/domain/presence.ts): the system
// presences, a user's presence and routing status kept in step, the bulk read; scopes and other orgs.
import { harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let org: { id: string; userId: string; clientId: string; clientSecret: string };
let other: { userId: string };
beforeEach(async () => {
  h = harness();
  org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  auth = await bearerOf(h.http, org);
  other = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
});

async function presenceIds(): Promise<Record<string, string>> {
  const res = await h.http.get('/api/v2/presencedefinitions').set(auth);
  return Object.fromEntries(res.body.entities.map((p: { systemPresence: string; id: string }) => [p.systemPresence, p.id]));
}

test('the ten system presences, each with an id of this org, each readable by id', async () => {
  const res = await h.http.get('/api/v2/presencedefinitions').set(auth);
  expect(res.body.total).toBe(10);
  expect(res.body.entities.map((p: { systemPresence: string }) => p.systemPresence)).toEqual([
    'Available',
    'Away',
    'Busy',
    'Break',
    'Meal',
    'Meeting',
    'Training',
    'Offline',
    'Idle',
    'On Queue',
  ]);
  const ids = await presenceIds();
  expect((await h.http.get(`/api/v2/presencedefinitions/${ids.Away}`).set(auth)).body).toMatchObject({
    id: ids.Away,
    systemPresence: 'Away',
    languageLabels: { en_US: 'Away' },
  });
  expect((await h.http.get('/api/v2/presencedefinitions/nothing').set(auth)).status).toBe(404);
  // another org's ids are its own
  const b = (await h.http.post('/__admin/orgs').send({})).body;
  const authB = await bearerOf(h.http, b);
  expect((await h.http.get(`/api/v2/presencedefinitions/${ids.Away}`).set(authB)).status).toBe(404);
});

test('a user never set is Offline and OFF_QUEUE; going On Queue makes it IDLE, leaving it OFF_QUEUE again', async () => {
  const ids = await presenceIds();
  const path = `/api/v2/users/${org.userId}`;
  expect((await h.http.get(`${path}/presences/purecloud`).set(auth)).body.presenceDefinition).toMatchObject({ systemPresence: 'Offline' });
  expect((await h.http.get(`${path}/routingstatus`).set(auth)).body).toMatchObject({ userId: org.userId, status: 'OFF_QUEUE' });

  h.clock.advance(1000);
  const onQueue = await h.http
    .patch(`${path}/presences/purecloud`)
    .set(auth)
    .send({ presenceDefinition: { id: ids['On Queue'] }, message: 'ready' });
  expect(onQueue.body).toMatchObject({ source: 'PURECLOUD', presenceDefinition: { id: ids['On Queue'], systemPresence: 'On Queue' }, message: 'ready' });
  const idle = (await h.http.get(`${path}/routingstatus`).set(auth)).body;
  expect(idle).toMatchObject({ status: 'IDLE', startTime: onQueue.body.modifiedDate });

  await h.http
    .patch(`${path}/presences/purecloud`)
    .set(auth)
    .send({ presenceDefinition: { id: ids.Break } });
  expect((await h.http.get(`${path}/routingstatus`).set(auth)).body.status).toBe('OFF_QUEUE');
  expect((await h.http.get(`${path}/presences/purecloud`).set(auth)).body).toMatchObject({ presenceDefinition: { systemPresence: 'Break' }, message: 'ready' });
});

test('PUT routingstatus IDLE puts the user On Queue; OFF_QUEUE takes it to Available', async () => {
  const path = `/api/v2/users/${org.userId}`;
  expect((await h.http.put(`${path}/routingstatus`).set(auth).send({ status: 'IDLE' })).body.status).toBe('IDLE');
  expect((await h.http.get(`${path}/presences/purecloud`).set(auth)).body.presenceDefinition.systemPresence).toBe('On Queue');
  expect((await h.http.put(`${path}/routingstatus`).set(auth).send({ status: 'OFF_QUEUE' })).body.status).toBe('OFF_QUEUE');
  expect((await h.http.get(`${path}/presences/purecloud`).set(auth)).body.presenceDefinition.systemPresence).toBe('Available');
  expect((await h.http.put(`${path}/routingstatus`).set(auth).send({ status: 'INTERACTING' })).status).toBe(400);
});

test('the bulk read: the org users among the ids, others left out', async () => {
  const ids = await presenceIds();
  await h.http
    .patch(`/api/v2/users/${org.userId}/presences/purecloud`)
    .set(auth)
    .send({ presenceDefinition: { id: ids.Busy } });
  const res = await h.http.get(`/api/v2/users/presences/purecloud/bulk?id=${org.userId}&id=${other.userId}&id=nobody`).set(auth);
  expect(res.body).toEqual([
    {
      userId: org.userId,
      source: 'PURECLOUD',
      presenceDefinition: { id: ids.Busy, systemPresence: 'Busy', selfUri: expect.any(String) },
      modifiedDate: expect.any(String),
    },
  ]);
});

test('refusals: an unknown presence id 400, another org user 404, presence:readonly cannot set', async () => {
  const path = `/api/v2/users/${org.userId}/presences/purecloud`;
  const bad = await h.http
    .patch(path)
    .set(auth)
    .send({ presenceDefinition: { id: 'nope' } });
  expect([bad.status, bad.body.code]).toEqual([400, 'invalid.value']);
  expect((await h.http.patch(path).set(auth).send({})).status).toBe(400);
  for (const p of [`/api/v2/users/${other.userId}/presences/purecloud`, `/api/v2/users/${other.userId}/routingstatus`]) {
    expect((await h.http.get(p).set(auth)).status).toBe(404);
  }
  const readOnly = { Authorization: `Bearer ${await h.token(org.clientId, org.clientSecret, 'presence:readonly')}` };
  expect((await h.http.get(path).set(readOnly)).status).toBe(200);
  const ids = await presenceIds();
  expect(
    (
      await h.http
        .patch(path)
        .set(readOnly)
        .send({ presenceDefinition: { id: ids.Away } })
    ).status,
  ).toBe(403);
});
