// The Routing group over HTTP (openapi/groups/routing.yaml, src/domain/routing.ts), every answer
// checked against the document: queues (create, list by name, read, replace, delete) and their
// members (add, list, join or leave, remove); scopes, another org's ids, bad bodies.
import { harness, tokenFor, type Harness } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let authB: { Authorization: string };
beforeEach(async () => {
  h = harness();
  // An isolated org's client has every scope of the document; the demo client has none of routing.
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  auth = { Authorization: `Bearer ${await tokenFor(h.http, org.clientId, org.clientSecret)}` };
  const orgB = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
  authB = { Authorization: `Bearer ${await tokenFor(h.http, orgB.clientId, orgB.clientSecret)}` };
});

const createQueue = (body: object, headers = auth) => h.http.post('/api/v2/routing/queues').set(headers).send(body);
const createUser = async (name: string, headers = auth): Promise<string> =>
  (
    await h.http
      .post('/api/v2/users')
      .set(headers)
      .send({ name, email: `${name.toLowerCase()}@example.com` })
  ).body.id;

describe('queues', () => {
  test('POST creates a queue in the Genesys Queue shape, without members', async () => {
    const res = await createQueue({ name: 'Support', description: 'First line', mediaSettings: { call: {} } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Support',
      division: { id: expect.any(String), name: 'Home', selfUri: expect.stringMatching(/^\/api\/v2\/authorization\/divisions\//) },
      description: 'First line',
      dateCreated: expect.any(String),
      memberCount: 0,
      userMemberCount: 0,
      joinedMemberCount: 0,
      selfUri: `/api/v2/routing/queues/${res.body.id}`,
    });
    expect((await h.http.get(`/api/v2/routing/queues/${res.body.id}`).set(auth)).body).toEqual(res.body);
  });

  test('a name another queue of the org has (any case) is 409; another org may have it', async () => {
    await createQueue({ name: 'Support' });
    const again = await createQueue({ name: 'SUPPORT' });
    expect([again.status, again.body.code, again.body.message]).toEqual([
      409,
      'general.conflict',
      'A queue with the name SUPPORT already exists in the organization.',
    ]);
    expect((await createQueue({ name: 'Support' }, authB)).status).toBe(200);
  });

  test.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a name that is not a string', { name: 7 }],
  ])('%s is 400', async (_, body) => {
    const res = await createQueue(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });

  test('GET lists the org own queues by name, paged; name with * at either end; id; sortOrder', async () => {
    const ids: Record<string, string> = {};
    for (const name of ['Sales', 'Support', 'Billing', 'Tech support']) ids[name] = (await createQueue({ name })).body.id;
    await createQueue({ name: 'Support' }, authB);
    const names = async (query: string) => {
      const res = await h.http.get(`/api/v2/routing/queues${query}`).set(auth);
      if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.entities.map((q: { name: string }) => q.name);
    };
    expect(await names('')).toEqual(['Billing', 'Sales', 'Support', 'Tech support']);
    expect(await names('?sortOrder=desc')).toEqual(['Tech support', 'Support', 'Sales', 'Billing']);
    expect(await names('?name=support')).toEqual(['Support']);
    expect(await names('?name=s*')).toEqual(['Sales', 'Support']);
    expect(await names('?name=*support')).toEqual(['Support', 'Tech support']);
    expect(await names('?name=*l*')).toEqual(['Billing', 'Sales']);
    expect(await names(`?id=${ids.Sales}&id=${ids.Billing}`)).toEqual(['Billing', 'Sales']);
    const page = await h.http.get('/api/v2/routing/queues?pageSize=3&pageNumber=2&name=*').set(auth);
    expect(page.body).toMatchObject({ pageSize: 3, pageNumber: 2, total: 4, pageCount: 2, entities: [{ name: 'Tech support' }] });
    expect(page.body.previousUri).toBe('/api/v2/routing/queues?name=*&pageSize=3&pageNumber=1');
  });

  test('PUT replaces name and description; a name another queue has is 409; DELETE removes it', async () => {
    const { id } = (await createQueue({ name: 'Support', description: 'old' })).body;
    await createQueue({ name: 'Sales' });
    const put = await h.http.put(`/api/v2/routing/queues/${id}`).set(auth).send({ name: 'Helpdesk' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, name: 'Helpdesk' });
    expect(put.body.description).toBeUndefined();
    expect((await h.http.put(`/api/v2/routing/queues/${id}`).set(auth).send({ name: 'sales' })).status).toBe(409);
    // Its own name, in another case, is no conflict.
    expect((await h.http.put(`/api/v2/routing/queues/${id}`).set(auth).send({ name: 'HELPDESK' })).status).toBe(200);
    expect((await h.http.delete(`/api/v2/routing/queues/${id}`).set(auth)).status).toBe(204);
    expect((await h.http.get(`/api/v2/routing/queues/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.delete(`/api/v2/routing/queues/${id}`).set(auth)).status).toBe(404);
  });

  test('another org queue is 404 to read, replace, delete, and for its members', async () => {
    const { id } = (await createQueue({ name: 'Support' }, authB)).body;
    expect((await h.http.get(`/api/v2/routing/queues/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.put(`/api/v2/routing/queues/${id}`).set(auth).send({ name: 'Mine' })).status).toBe(404);
    expect((await h.http.delete(`/api/v2/routing/queues/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.get(`/api/v2/routing/queues/${id}/members`).set(auth)).status).toBe(404);
    expect((await h.http.get(`/api/v2/routing/queues/${id}`).set(authB)).status).toBe(200);
  });

  test('scopes: routing writes; routing:readonly only reads; the demo client (no routing scope) neither', async () => {
    const org = (await h.http.post('/__admin/orgs').send({})).body;
    const readOnly = { Authorization: `Bearer ${await h.token(org.clientId, org.clientSecret, 'routing:readonly')}` };
    expect((await createQueue({ name: 'Support' }, readOnly)).status).toBe(403);
    expect((await h.http.get('/api/v2/routing/queues').set(readOnly)).status).toBe(200);
    const demo = { Authorization: `Bearer ${await h.token()}` };
    expect((await h.http.get('/api/v2/routing/queues').set(demo)).status).toBe(403);
    expect((await h.http.get('/api/v2/routing/queues')).status).toBe(401);
  });
});

describe('queue members', () => {
  test('POST adds users joined, once each; GET lists them by name; joined filters; counts follow', async () => {
    const { id } = (await createQueue({ name: 'Support' })).body;
    const ada = await createUser('Ada');
    const bo = await createUser('Bo');
    const added = await h.http
      .post(`/api/v2/routing/queues/${id}/members`)
      .set(auth)
      .send([{ id: bo }, { id: ada }, { id: ada }]);
    expect(added.status).toBe(204);
    const members = await h.http.get(`/api/v2/routing/queues/${id}/members`).set(auth);
    expect(members.status).toBe(200);
    expect(members.body.entities).toEqual([
      {
        id: ada,
        name: 'Ada',
        user: { id: ada, name: 'Ada', selfUri: `/api/v2/users/${ada}` },
        ringNumber: 1,
        joined: true,
        memberBy: 'user',
        selfUri: `/api/v2/users/${ada}`,
      },
      {
        id: bo,
        name: 'Bo',
        user: { id: bo, name: 'Bo', selfUri: `/api/v2/users/${bo}` },
        ringNumber: 1,
        joined: true,
        memberBy: 'user',
        selfUri: `/api/v2/users/${bo}`,
      },
    ]);
    expect((await h.http.patch(`/api/v2/routing/queues/${id}/members/${bo}`).set(auth).send({ joined: false })).status).toBe(202);
    const joined = await h.http.get(`/api/v2/routing/queues/${id}/members?joined=true`).set(auth);
    expect(joined.body.entities.map((m: { name: string }) => m.name)).toEqual(['Ada']);
    const left = await h.http.get(`/api/v2/routing/queues/${id}/members?joined=false&name=b`).set(auth);
    expect(left.body.entities.map((m: { name: string; joined: boolean }) => [m.name, m.joined])).toEqual([['Bo', false]]);
    expect((await h.http.get(`/api/v2/routing/queues/${id}`).set(auth)).body).toMatchObject({ memberCount: 2, userMemberCount: 2, joinedMemberCount: 1 });
  });

  test('POST with delete=true removes them; users not members are ignored', async () => {
    const { id } = (await createQueue({ name: 'Support' })).body;
    const ada = await createUser('Ada');
    const bo = await createUser('Bo');
    await h.http
      .post(`/api/v2/routing/queues/${id}/members`)
      .set(auth)
      .send([{ id: ada }, { id: bo }]);
    expect(
      (
        await h.http
          .post(`/api/v2/routing/queues/${id}/members?delete=true`)
          .set(auth)
          .send([{ id: ada }, { id: 'nobody' }])
      ).status,
    ).toBe(204);
    const members = await h.http.get(`/api/v2/routing/queues/${id}/members`).set(auth);
    expect(members.body.entities.map((m: { id: string }) => m.id)).toEqual([bo]);
  });

  test('a user of another org, an unknown or a deleted user is refused, and nothing is added', async () => {
    const { id } = (await createQueue({ name: 'Support' })).body;
    const ada = await createUser('Ada');
    const theirs = await createUser('Cy', authB);
    const gone = await createUser('Dee');
    await h.http.delete(`/api/v2/users/${gone}`).set(auth);
    for (const bad of [theirs, 'nobody', gone]) {
      const res = await h.http
        .post(`/api/v2/routing/queues/${id}/members`)
        .set(auth)
        .send([{ id: ada }, { id: bad }]);
      expect([res.status, res.body.code]).toEqual([400, 'invalid.value']);
    }
    expect((await h.http.get(`/api/v2/routing/queues/${id}/members`).set(auth)).body.entities).toEqual([]);
  });

  test.each([
    ['an empty list', []],
    ['a member without id', [{}]],
    ['not a list', { id: 'x' }],
  ])('POST with %s is 400', async (_, body) => {
    const { id } = (await createQueue({ name: 'Support' })).body;
    const res = await h.http.post(`/api/v2/routing/queues/${id}/members`).set(auth).send(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });

  test('PATCH of a user who is no member is 404; without joined it is 400', async () => {
    const { id } = (await createQueue({ name: 'Support' })).body;
    const ada = await createUser('Ada');
    expect((await h.http.patch(`/api/v2/routing/queues/${id}/members/${ada}`).set(auth).send({ joined: true })).status).toBe(404);
    await h.http
      .post(`/api/v2/routing/queues/${id}/members`)
      .set(auth)
      .send([{ id: ada }]);
    const bad = await h.http.patch(`/api/v2/routing/queues/${id}/members/${ada}`).set(auth).send({ name: 'x' });
    expect([bad.status, bad.body.code]).toEqual([400, 'bad.request']);
  });
});
