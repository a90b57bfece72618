// The Routing group over HTTP (openapi/groups/routing.yaml, src/domain/routing.ts), every answer
// checked against the document: queues (create, list by name, read, replace, delete) and their
// members (add, list, join or leave, remove); scopes, another org's ids, bad bodies.
import { harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let authB: { Authorization: string };
beforeEach(async () => {
  h = harness();
  // An isolated org's client has every scope of the document; the demo client has none of routing.
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  auth = await bearerOf(h.http, org);
  const orgB = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
  authB = await bearerOf(h.http, orgB);
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

const createSkill = (name: string, headers = auth) => h.http.post('/api/v2/routing/skills').set(headers).send({ name });
const createCode = (name: string, headers = auth) => h.http.post('/api/v2/routing/wrapupcodes').set(headers).send({ name });

describe('skills', () => {
  test('POST creates an active skill; GET reads it; the list is by name, active ones only', async () => {
    const res = await createSkill('Spanish');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Spanish',
      dateModified: expect.any(String),
      state: 'active',
      version: '1',
      selfUri: `/api/v2/routing/skills/${res.body.id}`,
    });
    expect((await h.http.get(`/api/v2/routing/skills/${res.body.id}`).set(auth)).body).toEqual(res.body);
    const english = (await createSkill('English')).body.id;
    await createSkill('Billing');
    await h.http.delete(`/api/v2/routing/skills/${english}`).set(auth);
    const list = await h.http.get('/api/v2/routing/skills').set(auth);
    expect(list.body.entities.map((s: { name: string }) => s.name)).toEqual(['Billing', 'Spanish']);
    expect((await h.http.get('/api/v2/routing/skills?name=sp*').set(auth)).body.entities.map((s: { name: string }) => s.name)).toEqual(['Spanish']);
    expect((await h.http.get(`/api/v2/routing/skills?id=${res.body.id}`).set(auth)).body.total).toBe(1);
  });

  test('a name an active skill has (any case) is 409; once deleted the name is free; a deleted skill reads as deleted', async () => {
    const { id } = (await createSkill('Spanish')).body;
    const again = await createSkill('SPANISH');
    expect([again.status, again.body.code]).toEqual([409, 'general.conflict']);
    expect((await h.http.delete(`/api/v2/routing/skills/${id}`).set(auth)).status).toBe(204);
    expect((await h.http.get(`/api/v2/routing/skills/${id}`).set(auth)).body).toMatchObject({ state: 'deleted', version: '2' });
    expect((await h.http.delete(`/api/v2/routing/skills/${id}`).set(auth)).status).toBe(404);
    expect((await createSkill('Spanish')).status).toBe(200);
  });

  test('another org skill is 404; a bad body is 400', async () => {
    const { id } = (await createSkill('Spanish', authB)).body;
    expect((await h.http.get(`/api/v2/routing/skills/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.delete(`/api/v2/routing/skills/${id}`).set(auth)).status).toBe(404);
    for (const body of [{}, { name: '' }, { name: 3 }]) {
      const res = await h.http.post('/api/v2/routing/skills').set(auth).send(body);
      expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
    }
  });
});

describe('wrap-up codes', () => {
  test('POST, GET, PUT renames, DELETE; the list by name, id and sortOrder; names unique in the org', async () => {
    const res = await createCode('Resolved');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Resolved',
      division: { id: expect.any(String), name: 'Home', selfUri: expect.stringMatching(/^\/api\/v2\/authorization\/divisions\//) },
      dateCreated: expect.any(String),
      dateModified: expect.any(String),
      selfUri: `/api/v2/routing/wrapupcodes/${res.body.id}`,
    });
    const { id } = res.body;
    await createCode('Callback');
    await createCode('Resolved', authB);
    const names = async (query: string) =>
      (await h.http.get(`/api/v2/routing/wrapupcodes${query}`).set(auth)).body.entities.map((c: { name: string }) => c.name);
    expect(await names('')).toEqual(['Callback', 'Resolved']);
    expect(await names('?sortOrder=descending')).toEqual(['Resolved', 'Callback']);
    expect(await names('?name=res*')).toEqual(['Resolved']);
    expect(await names(`?id=${id}`)).toEqual(['Resolved']);
    expect([(await createCode('callback')).status]).toEqual([409]);
    const put = await h.http.put(`/api/v2/routing/wrapupcodes/${id}`).set(auth).send({ name: 'Solved' });
    expect([put.status, put.body.name]).toEqual([200, 'Solved']);
    expect((await h.http.put(`/api/v2/routing/wrapupcodes/${id}`).set(auth).send({ name: 'Callback' })).status).toBe(409);
    expect((await h.http.delete(`/api/v2/routing/wrapupcodes/${id}`).set(auth)).status).toBe(204);
    expect((await h.http.get(`/api/v2/routing/wrapupcodes/${id}`).set(auth)).status).toBe(404);
  });

  test('another org code is 404 to read, rename and delete; a bad body is 400', async () => {
    const { id } = (await createCode('Resolved', authB)).body;
    expect((await h.http.get(`/api/v2/routing/wrapupcodes/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.put(`/api/v2/routing/wrapupcodes/${id}`).set(auth).send({ name: 'x' })).status).toBe(404);
    expect((await h.http.delete(`/api/v2/routing/wrapupcodes/${id}`).set(auth)).status).toBe(404);
    const bad = await h.http.post('/api/v2/routing/wrapupcodes').set(auth).send({ name: '' });
    expect([bad.status, bad.body.code]).toEqual([400, 'bad.request']);
  });

  test("a queue's codes: added once each, listed by name, taken off; a deleted code leaves every queue", async () => {
    const queue = (await createQueue({ name: 'Support' })).body.id;
    const resolved = (await createCode('Resolved')).body.id;
    const callback = (await createCode('Callback')).body.id;
    const theirs = (await createCode('Theirs', authB)).body.id;
    const added = await h.http
      .post(`/api/v2/routing/queues/${queue}/wrapupcodes`)
      .set(auth)
      .send([{ id: resolved }, { id: callback }, { id: resolved }]);
    expect(added.status).toBe(200);
    expect(added.body.map((c: { name: string }) => c.name)).toEqual(['Resolved', 'Callback', 'Resolved']);
    const list = async () => (await h.http.get(`/api/v2/routing/queues/${queue}/wrapupcodes`).set(auth)).body.entities.map((c: { name: string }) => c.name);
    expect(await list()).toEqual(['Callback', 'Resolved']);
    const refused = await h.http
      .post(`/api/v2/routing/queues/${queue}/wrapupcodes`)
      .set(auth)
      .send([{ id: theirs }]);
    expect([refused.status, refused.body.code]).toEqual([400, 'invalid.value']);
    expect((await h.http.delete(`/api/v2/routing/queues/${queue}/wrapupcodes/${callback}`).set(auth)).status).toBe(204);
    expect((await h.http.delete(`/api/v2/routing/queues/${queue}/wrapupcodes/${callback}`).set(auth)).status).toBe(404);
    expect(await list()).toEqual(['Resolved']);
    await h.http.delete(`/api/v2/routing/wrapupcodes/${resolved}`).set(auth);
    expect(await list()).toEqual([]);
  });
});

describe("a user's skills and queues", () => {
  test('POST gives a skill at a proficiency, again changes it; GET lists by name; DELETE takes it; deleting the skill takes it from users', async () => {
    const ada = await createUser('Ada');
    const spanish = (await createSkill('Spanish')).body.id;
    const billing = (await createSkill('Billing')).body.id;
    const given = await h.http.post(`/api/v2/users/${ada}/routingskills`).set(auth).send({ id: spanish, proficiency: 3 });
    expect(given.status).toBe(200);
    expect(given.body).toEqual({
      id: spanish,
      name: 'Spanish',
      proficiency: 3,
      state: 'active',
      skillUri: `/api/v2/routing/skills/${spanish}`,
      selfUri: `/api/v2/users/${ada}/routingskills/${spanish}`,
    });
    await h.http.post(`/api/v2/users/${ada}/routingskills`).set(auth).send({ id: billing, proficiency: 1 });
    await h.http.post(`/api/v2/users/${ada}/routingskills`).set(auth).send({ id: spanish, proficiency: 4.5 });
    const skills = async () =>
      (await h.http.get(`/api/v2/users/${ada}/routingskills`).set(auth)).body.entities.map((s: { name: string; proficiency: number }) => [
        s.name,
        s.proficiency,
      ]);
    expect(await skills()).toEqual([
      ['Billing', 1],
      ['Spanish', 4.5],
    ]);
    expect((await h.http.delete(`/api/v2/users/${ada}/routingskills/${billing}`).set(auth)).status).toBe(204);
    expect((await h.http.delete(`/api/v2/users/${ada}/routingskills/${billing}`).set(auth)).status).toBe(404);
    expect(await skills()).toEqual([['Spanish', 4.5]]);
    await h.http.delete(`/api/v2/routing/skills/${spanish}`).set(auth);
    expect(await skills()).toEqual([]);
  });

  test('a skill of another org, a deleted or unknown one, and a proficiency out of 0..5 are refused', async () => {
    const ada = await createUser('Ada');
    const theirs = (await createSkill('Theirs', authB)).body.id;
    const gone = (await createSkill('Gone')).body.id;
    await h.http.delete(`/api/v2/routing/skills/${gone}`).set(auth);
    for (const id of [theirs, gone, 'nothing']) {
      const res = await h.http.post(`/api/v2/users/${ada}/routingskills`).set(auth).send({ id, proficiency: 1 });
      expect([res.status, res.body.code]).toEqual([400, 'invalid.value']);
    }
    const skill = (await createSkill('Spanish')).body.id;
    for (const proficiency of [-1, 6, '3']) {
      const res = await h.http.post(`/api/v2/users/${ada}/routingskills`).set(auth).send({ id: skill, proficiency });
      expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
    }
    expect((await h.http.get(`/api/v2/users/${ada}/routingskills`).set(auth)).body.entities).toEqual([]);
  });

  test("GET queues: the user's queues, joined ones unless joined=false; another org's user is 404", async () => {
    const ada = await createUser('Ada');
    const support = (await createQueue({ name: 'Support' })).body.id;
    const sales = (await createQueue({ name: 'Sales' })).body.id;
    await createQueue({ name: 'Billing' });
    for (const q of [support, sales])
      await h.http
        .post(`/api/v2/routing/queues/${q}/members`)
        .set(auth)
        .send([{ id: ada }]);
    await h.http.patch(`/api/v2/routing/queues/${sales}/members/${ada}`).set(auth).send({ joined: false });
    const joined = await h.http.get(`/api/v2/users/${ada}/queues`).set(auth);
    expect(joined.status).toBe(200);
    expect(joined.body.entities).toEqual([expect.objectContaining({ id: support, name: 'Support', joined: true, memberCount: 1, joinedMemberCount: 1 })]);
    const left = await h.http.get(`/api/v2/users/${ada}/queues?joined=false`).set(auth);
    expect(left.body.entities.map((q: { name: string; joined: boolean }) => [q.name, q.joined])).toEqual([['Sales', false]]);
    const theirs = await createUser('Cy', authB);
    expect((await h.http.get(`/api/v2/users/${theirs}/queues`).set(auth)).status).toBe(404);
    expect((await h.http.get(`/api/v2/users/${theirs}/routingskills`).set(auth)).status).toBe(404);
  });
});
