// The Users group over HTTP (openapi/groups/users.yaml, src/domain/users.ts), every answer checked
// against the document: create, list, read, change with versions, delete, profile skills; scopes,
// another org's ids, bad bodies.
import { harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let orgB: { id: string; clientId: string; clientSecret: string; userId: string };
beforeEach(async () => {
  h = harness();
  // An isolated org's client has every scope of the document; the demo client has none of users.
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  auth = await bearerOf(h.http, org);
  orgB = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
});

const create = (body: object, headers = auth) => h.http.post('/api/v2/users').set(headers).send(body);

describe('POST /api/v2/users', () => {
  test('creates an active user at version 1, in the Genesys User shape', async () => {
    const res = await create({ name: 'Ada', email: 'ada@example.com', department: 'Support', title: 'Agent', password: 'x' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Ada',
      division: { id: expect.any(String), name: 'Home', selfUri: expect.stringMatching(/^\/api\/v2\/authorization\/divisions\//) },
      chat: { jabberId: expect.any(String) },
      department: 'Support',
      email: 'ada@example.com',
      username: 'ada@example.com',
      primaryContactInfo: [{ address: 'ada@example.com', mediaType: 'EMAIL', type: 'PRIMARY' }],
      addresses: [],
      state: 'active',
      title: 'Agent',
      version: 1,
      acdAutoAnswer: false,
      selfUri: `/api/v2/users/${res.body.id}`,
    });
  });

  test('an email another user of the org has (in any case) is 409; another org may have it', async () => {
    await create({ name: 'Ada', email: 'ada@example.com' });
    const again = await create({ name: 'Ada Two', email: 'ADA@example.com' });
    expect([again.status, again.body.code, again.body.message]).toEqual([
      409,
      'general.conflict',
      'A user with the email ADA@example.com already exists in the organization.',
    ]);
    const authB = await bearerOf(h.http, orgB);
    expect((await create({ name: 'Ada', email: 'ada@example.com' }, authB)).status).toBe(200);
  });

  test.each([
    ['no email', { name: 'Ada' }],
    ['no name', { email: 'a@example.com' }],
    ['an email that is none', { name: 'Ada', email: 'ada' }],
    ['a state Genesys does not take', { name: 'Ada', email: 'a@example.com', state: 'deleted' }],
  ])('%s is 400', async (_, body) => {
    const res = await create(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
  });

  test('scopes: users writes; users:readonly only reads; the demo client (no users scope) neither', async () => {
    const org = (await h.http.post('/__admin/orgs').send({})).body;
    const readOnly = { Authorization: `Bearer ${await h.token(org.clientId, org.clientSecret, 'users:readonly')}` };
    expect((await create({ name: 'Ada', email: 'a@example.com' }, readOnly)).status).toBe(403);
    expect((await h.http.get('/api/v2/users').set(readOnly)).status).toBe(200);
    const demo = { Authorization: `Bearer ${await h.token()}` };
    expect((await h.http.get('/api/v2/users').set(demo)).status).toBe(403);
  });
});

describe('GET /api/v2/users and /api/v2/users/{userId}', () => {
  test("expand=routingStatus, presence and skills add the user's routing status, presence and routing skills, on one user, a page and a search", async () => {
    const { id } = (await create({ name: 'Ada', email: 'ada@example.com' })).body;
    const skill = (await h.http.post('/api/v2/routing/skills').set(auth).send({ name: 'Spanish' })).body.id;
    await h.http.post(`/api/v2/users/${id}/routingskills`).set(auth).send({ id: skill, proficiency: 2 });
    await h.http.put(`/api/v2/users/${id}/routingstatus`).set(auth).send({ status: 'IDLE' });
    const plain = (await h.http.get(`/api/v2/users/${id}`).set(auth)).body;
    for (const field of ['routingStatus', 'presence', 'skills']) expect(plain[field]).toBeUndefined();
    const expanded = (await h.http.get(`/api/v2/users/${id}?expand=routingStatus&expand=presence&expand=skills&expand=groups`).set(auth)).body;
    expect(expanded.routingStatus).toMatchObject({ status: 'IDLE', startTime: expect.any(String) });
    expect(expanded.presence).toMatchObject({ presenceDefinition: { systemPresence: 'On Queue' } });
    expect(expanded.skills).toEqual([expect.objectContaining({ id: skill, name: 'Spanish', proficiency: 2 })]);
    expect(expanded.groups).toBeUndefined();
    const page = (await h.http.get(`/api/v2/users?id=${id}&expand=skills`).set(auth)).body;
    expect(page.entities[0].skills).toEqual([expect.objectContaining({ id: skill })]);
    const found = (
      await h.http
        .post('/api/v2/users/search')
        .set(auth)
        .send({ query: [{ type: 'EXACT', fields: ['email'], value: 'ada@example.com' }], expand: ['routingStatus'] })
    ).body;
    expect(found.results[0].routingStatus).toMatchObject({ status: 'IDLE' });
  });

  test('the org own users by name, paged; ids; deleted ones only with state=deleted', async () => {
    const names = ['Cy', 'Ada', 'Bo'];
    const ids: Record<string, string> = {};
    for (const name of names) ids[name] = (await create({ name, email: `${name}@example.com` })).body.id;
    await h.http.delete(`/api/v2/users/${ids.Bo}`).set(auth);
    // Ada, Cy and the isolated org's own user; Bo is deleted.
    const list = await h.http.get('/api/v2/users?pageSize=2').set(auth);
    expect(list.body).toMatchObject({ pageSize: 2, pageNumber: 1, total: 3, pageCount: 2 });
    const all = await h.http.get('/api/v2/users?pageSize=100').set(auth);
    const shown = all.body.entities.map((u: { name: string }) => u.name);
    expect(shown).toEqual([...shown].sort((a: string, b: string) => a.localeCompare(b)));
    expect(shown).toEqual(expect.arrayContaining(['Ada', 'Cy']));
    expect(shown).not.toContain('Bo');
    const deleted = await h.http.get('/api/v2/users?state=deleted').set(auth);
    expect(deleted.body.entities.map((u: { name: string; state: string }) => [u.name, u.state])).toEqual([['Bo', 'deleted']]);
    const some = await h.http.get(`/api/v2/users?id=${ids.Ada}&id=${ids.Cy}&sortOrder=descending`).set(auth);
    expect(some.body.entities.map((u: { name: string }) => u.name)).toEqual(['Cy', 'Ada']);
  });

  test('one user; profileSkills only expanded; a deleted one only with state=deleted; unknown and another org 404', async () => {
    const id = (await create({ name: 'Ada', email: 'ada@example.com' })).body.id;
    await h.http.put(`/api/v2/users/${id}/profileskills`).set(auth).send(['Spanish']);
    expect((await h.http.get(`/api/v2/users/${id}`).set(auth)).body.profileSkills).toBeUndefined();
    expect((await h.http.get(`/api/v2/users/${id}?expand=profileSkills&expand=routingStatus`).set(auth)).body.profileSkills).toEqual(['Spanish']);
    expect((await h.http.delete(`/api/v2/users/${id}`).set(auth)).body).toEqual({});
    expect((await h.http.get(`/api/v2/users/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.get(`/api/v2/users/${id}?state=deleted`).set(auth)).body).toMatchObject({ id, state: 'deleted' });
    expect((await h.http.get('/api/v2/users/nobody').set(auth)).status).toBe(404);
    for (const path of [`/api/v2/users/${orgB.userId}`, `/api/v2/users/${orgB.userId}/profileskills`]) {
      const res = await h.http.get(path).set(auth);
      expect([res.status, res.body.code]).toEqual([404, 'not.found']);
    }
  });

  test('the users conversations refer to are these users: a fixture user reads as active, version 1, no email', async () => {
    const org = (await h.http.post('/__admin/orgs').send({})).body;
    const own = await bearerOf(h.http, org);
    const conversation = (
      await h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'connected', orgId: org.id, customerExternalId: 'cust' })
    ).body;
    const agent = conversation.participants.find((p: { purpose: string }) => p.purpose === 'agent');
    const res = await h.http.get(`/api/v2/users/${agent.userId}`).set(own);
    expect(res.body).toMatchObject({ id: org.userId, state: 'active', version: 1 });
    expect(res.body.email).toBeUndefined();
  });
});

describe('PATCH /api/v2/users/{userId}', () => {
  test('changes what it is given; the version must be the current one and goes up by one', async () => {
    const id = (await create({ name: 'Ada', email: 'ada@example.com' })).body.id;
    const patched = await h.http
      .patch(`/api/v2/users/${id}`)
      .set(auth)
      .send({ version: 1, title: 'Lead', profileSkills: ['A', 'A', 'B'] });
    expect(patched.body).toMatchObject({ name: 'Ada', title: 'Lead', version: 2 });
    expect((await h.http.get(`/api/v2/users/${id}/profileskills`).set(auth)).body).toEqual(['A', 'B']);
    const stale = await h.http.patch(`/api/v2/users/${id}`).set(auth).send({ version: 1, title: 'Other' });
    expect([stale.status, stale.body.code, stale.body.message]).toEqual([
      409,
      'general.conflict',
      'The version supplied (1) does not match the current version of the user (2).',
    ]);
    expect((await h.http.get(`/api/v2/users/${id}`).set(auth)).body).toMatchObject({ title: 'Lead', version: 2 });
  });

  test('an email another user has is 409; no version is 400; another org 404', async () => {
    await create({ name: 'Bo', email: 'bo@example.com' });
    const id = (await create({ name: 'Ada', email: 'ada@example.com' })).body.id;
    expect((await h.http.patch(`/api/v2/users/${id}`).set(auth).send({ version: 1, email: 'bo@example.com' })).status).toBe(409);
    expect((await h.http.patch(`/api/v2/users/${id}`).set(auth).send({ version: 1, email: 'ada@example.com' })).status).toBe(200);
    expect((await h.http.patch(`/api/v2/users/${id}`).set(auth).send({ title: 'x' })).status).toBe(400);
    expect((await h.http.patch(`/api/v2/users/${orgB.userId}`).set(auth).send({ version: 1, title: 'x' })).status).toBe(404);
  });
});

describe('profile skills and DELETE', () => {
  test('PUT replaces them (each once) and moves the version; a body that is no list of names is 400', async () => {
    const id = (await create({ name: 'Ada', email: 'ada@example.com' })).body.id;
    expect((await h.http.put(`/api/v2/users/${id}/profileskills`).set(auth).send(['B', 'A', 'B'])).body).toEqual(['B', 'A']);
    expect((await h.http.put(`/api/v2/users/${id}/profileskills`).set(auth).send(['C'])).body).toEqual(['C']);
    expect((await h.http.get(`/api/v2/users/${id}`).set(auth)).body.version).toBe(3);
    expect(
      (
        await h.http
          .put(`/api/v2/users/${id}/profileskills`)
          .set(auth)
          .send({ skills: ['A'] })
      ).status,
    ).toBe(400);
    expect((await h.http.put(`/api/v2/users/${id}/profileskills`).set(auth).send([''])).status).toBe(400);
  });

  test('a deleted user cannot be deleted, changed or given skills again (404); its email is free again', async () => {
    const id = (await create({ name: 'Ada', email: 'ada@example.com' })).body.id;
    await h.http.delete(`/api/v2/users/${id}`).set(auth);
    expect((await h.http.delete(`/api/v2/users/${id}`).set(auth)).status).toBe(404);
    expect((await h.http.patch(`/api/v2/users/${id}`).set(auth).send({ version: 2, title: 'x' })).status).toBe(404);
    expect((await h.http.put(`/api/v2/users/${id}/profileskills`).set(auth).send(['A'])).status).toBe(404);
    expect((await create({ name: 'Ada again', email: 'ada@example.com' })).status).toBe(200);
  });
});

describe('GET /api/v2/users/me', () => {
  test("the user the caller's client acts as, expanded on demand; once that user is deleted, 404", async () => {
    const org = (await h.http.post('/__admin/orgs').send({})).body;
    const own = await bearerOf(h.http, org);
    await h.http.put(`/api/v2/users/${org.userId}/profileskills`).set(own).send(['Chat']);
    expect((await h.http.get('/api/v2/users/me?expand=profileSkills').set(own)).body).toMatchObject({ id: org.userId, profileSkills: ['Chat'] });
    await h.http.delete(`/api/v2/users/${org.userId}`).set(own);
    expect((await h.http.get('/api/v2/users/me').set(own)).status).toBe(404);
  });

  test('a client acting as no user is 400 not.a.user', async () => {
    const client = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['users'] })).body;
    const appOnly = await bearerOf(h.http, client);
    const res = await h.http.get('/api/v2/users/me').set(appOnly);
    expect([res.status, res.body.code]).toEqual([400, 'not.a.user']);
  });
});

describe('POST /api/v2/users/search', () => {
  const search = (body: object) => h.http.post('/api/v2/users/search').set(auth).send(body);
  beforeEach(async () => {
    const people: [string, string][] = [
      ['Ada Lovelace', 'Support'],
      ['Adam Smith', 'Sales'],
      ['Grace Hopper', 'Support'],
    ];
    for (const [name, department] of people) {
      await create({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, department });
    }
  });
  const names = (res: { body: { results: { name: string }[] } }) => res.body.results.map((u) => u.name);

  test.each([
    ['STARTS_WITH on name, any case', [{ type: 'STARTS_WITH', fields: ['name'], value: 'ada' }], ['Ada Lovelace', 'Adam Smith']],
    ['CONTAINS on name or email', [{ type: 'CONTAINS', fields: ['name', 'email'], value: 'hop' }], ['Grace Hopper']],
    ['EXACT on department, two values', [{ type: 'EXACT', fields: ['department'], values: ['sales', 'nothing'] }], ['Adam Smith']],
    [
      'AND of two criteria',
      [
        { type: 'EXACT', fields: ['department'], value: 'Support' },
        { type: 'STARTS_WITH', fields: ['name'], value: 'G' },
      ],
      ['Grace Hopper'],
    ],
    [
      'OR and NOT',
      [
        { type: 'STARTS_WITH', fields: ['name'], value: 'Ada', operator: 'OR' },
        { type: 'STARTS_WITH', fields: ['name'], value: 'Grace', operator: 'OR' },
        { type: 'EXACT', fields: ['department'], value: 'Sales', operator: 'NOT' },
      ],
      ['Ada Lovelace', 'Grace Hopper'],
    ],
  ])('%s', async (_, query, expected) => {
    const res = await search({ query });
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
    expect(res.body).toMatchObject({ total: expected.length, types: ['users'], pageNumber: 1, pageSize: 25 });
  });

  test('by id, paged, sorted down; deleted users are not found; another org has none of these', async () => {
    const all = await search({ query: [{ type: 'CONTAINS', fields: ['email'], value: '@example.com' }], pageSize: 2, sortOrder: 'DESC' });
    expect([names(all), all.body.total, all.body.pageCount]).toEqual([['Grace Hopper', 'Adam Smith'], 3, 2]);
    const grace = all.body.results[0];
    expect(names(await search({ query: [{ type: 'EXACT', fields: ['id'], value: grace.id }] }))).toEqual(['Grace Hopper']);
    await h.http.delete(`/api/v2/users/${grace.id}`).set(auth);
    expect(names(await search({ query: [{ type: 'EXACT', fields: ['id'], value: grace.id }] }))).toEqual([]);
    const authB = await bearerOf(h.http, orgB);
    const fromB = await h.http
      .post('/api/v2/users/search')
      .set(authB)
      .send({ query: [{ type: 'CONTAINS', fields: ['email'], value: '@example.com' }] });
    expect(fromB.body.results).toEqual([]);
  });

  test.each([
    ['no value', { query: [{ type: 'EXACT', fields: ['name'] }] }],
    ['a type not searched here', { query: [{ type: 'RANGE', fields: ['name'], value: 'a' }] }],
    ['a field not searched here', { query: [{ type: 'EXACT', fields: ['title'], value: 'a' }] }],
    ['no criterion', { query: [] }],
  ])('%s is 400', async (_, body) => {
    expect((await search(body)).status).toBe(400);
  });
});
