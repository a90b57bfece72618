// The External Contacts group over HTTP (openapi/groups/externalcontacts.yaml,
// src/domain/external-contacts.ts), every answer checked against the document: contacts created,
// searched, replaced, patched change by change, deleted; a conversation's customer found as a
// contact (externalContact on its participants); transfers and consults to a contact's number.
import { DEMO, demoSeed, harness, type Harness, bearerOf } from '../support/harness.js';

let h: Harness;
let auth: { Authorization: string };
let authB: { Authorization: string };
beforeEach(async () => {
  h = harness();
  // An org's own client has every scope of the document.
  const org = (await h.http.post('/__admin/orgs').send({ name: 'A' })).body;
  auth = await bearerOf(h.http, org);
  const orgB = (await h.http.post('/__admin/orgs').send({ name: 'B' })).body;
  authB = await bearerOf(h.http, orgB);
});

const create = async (body: object, headers = auth) => h.http.post('/api/v2/externalcontacts/contacts').set(headers).send(body);
const read = (id: string, headers = auth) => h.http.get(`/api/v2/externalcontacts/contacts/${id}`).set(headers);
const patch = (id: string, changes: object[]) => h.http.patch(`/api/v2/externalcontacts/contacts/${id}`).set(auth).send({ changes });
const list = (query: string, headers = auth) => h.http.get(`/api/v2/externalcontacts/contacts${query}`).set(headers);
const names = (res: { body: { entities: { firstName?: string }[] } }) => res.body.entities.map((c) => c.firstName);

describe('contacts', () => {
  test('POST keeps Genesys fields, fills in E.164 from a number written in full, and GET reads it; another org gets 404', async () => {
    const res = await create({
      firstName: 'Erin',
      lastName: 'Example',
      title: 'Buyer',
      workPhone: { display: '+1 (317) 555-0123' },
      cellPhone: { display: '555 0199' },
      workEmail: 'erin@example.com',
      address: { city: 'Indianapolis', countryCode: 'US' },
      surveyOptOut: true,
      // Genesys fields this emulator does not keep are accepted.
      twitterId: { screenName: 'erin' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      division: { id: expect.any(String), name: 'Home', selfUri: expect.stringMatching(/^\/api\/v2\/authorization\/divisions\//) },
      firstName: 'Erin',
      lastName: 'Example',
      title: 'Buyer',
      workPhone: { display: '+1 (317) 555-0123', e164: '+13175550123' },
      cellPhone: { display: '555 0199' },
      workEmail: 'erin@example.com',
      address: { city: 'Indianapolis', countryCode: 'US' },
      surveyOptOut: true,
      createDate: '2026-01-01T09:00:00.000Z',
      modifyDate: '2026-01-01T09:00:00.000Z',
      type: 'Curated',
      selfUri: `/api/v2/externalcontacts/contacts/${res.body.id}`,
    });
    expect((await read(res.body.id)).body).toEqual(res.body);
    const other = await read(res.body.id, authB);
    expect([other.status, other.body.code]).toEqual([404, 'not.found']);
    expect(other.text).not.toContain('Erin');
  });

  test.each([
    ['a name that is not a string', { firstName: 7 }],
    ['a phone number with an unknown key', { workPhone: { number: '+13175550123' } }],
    ['an address that is not an object', { address: 'Main St' }],
  ])('%s is 400, and nothing is kept', async (_, body) => {
    const res = await create(body);
    expect([res.status, res.body.code]).toEqual([400, 'bad.request']);
    expect((await list('')).body.total).toBe(0);
  });

  test('PUT replaces every kept field (one left out is cleared); the creation date stays', async () => {
    const { id } = (await create({ firstName: 'Erin', lastName: 'Example', workEmail: 'erin@example.com' })).body;
    h.clock.advance(60);
    const res = await h.http.put(`/api/v2/externalcontacts/contacts/${id}`).set(auth).send({ id, firstName: 'Erin', lastName: 'Other' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      firstName: 'Erin',
      lastName: 'Other',
      createDate: '2026-01-01T09:00:00.000Z',
      modifyDate: '2026-01-01T09:01:00.000Z',
    });
    expect(res.body.workEmail).toBeUndefined();
    expect((await h.http.put(`/api/v2/externalcontacts/contacts/${id}`).set(authB).send({ firstName: 'B' })).status).toBe(404);
  });

  test('DELETE answers 200 {}; the contact is gone', async () => {
    const { id } = (await create({ firstName: 'Erin' })).body;
    expect((await h.http.delete(`/api/v2/externalcontacts/contacts/${id}`).set(authB)).status).toBe(404);
    const res = await h.http.delete(`/api/v2/externalcontacts/contacts/${id}`).set(auth);
    expect([res.status, res.body]).toEqual([200, {}]);
    expect((await read(id)).status).toBe(404);
    expect((await h.http.delete(`/api/v2/externalcontacts/contacts/${id}`).set(auth)).status).toBe(404);
  });

  test('the scopes: external-contacts:readonly reads and cannot write', async () => {
    const client = (await h.http.post('/__admin/oauth/clients').send({ scopes: ['external-contacts:readonly'] })).body;
    const readonly = await bearerOf(h.http, client);
    expect((await list('', readonly)).status).toBe(200);
    const res = await create({ firstName: 'Erin' }, readonly);
    expect([res.status, res.body.code]).toEqual([403, 'missing.any.scopes']);
  });
});

describe('search and paging', () => {
  beforeEach(async () => {
    await create({ firstName: 'Erin', lastName: 'Example', workEmail: 'erin@example.com', workPhone: { display: '+13175550123' } });
    await create({ firstName: 'Ada', lastName: 'Zed', title: 'Head of buying', personalEmail: 'ada@example.org' });
    await create({ firstName: 'Bo', lastName: 'Example', cellPhone: { e164: '+442071234567' } });
  });

  test.each([
    ['', ['Erin', 'Ada', 'Bo']],
    ['?q=example', ['Erin', 'Ada', 'Bo']],
    ['?q=EXAMPLE%20bo', ['Bo']],
    ['?q=buying', ['Ada']],
    ['?q=3175550123', ['Erin']],
    ['?q=%2B44', ['Bo']],
    ['?q=+44', ['Bo']],
    ['?q=ada@example.org', ['Ada']],
    ['?q=nobody', []],
    ['?sortOrder=firstName:asc', ['Ada', 'Bo', 'Erin']],
    ['?sortOrder=lastName:desc', ['Ada', 'Erin', 'Bo']],
    ['?sortOrder=title:asc', ['Ada', 'Erin', 'Bo']],
    ['?divisionIds=another-division', []],
  ])('GET %s lists %j', async (query, expected) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  test('pages of 20 by default, links keep the query; pageNumber * pageSize over 1,000 is 400', async () => {
    const res = await list('?q=example&pageSize=2&pageNumber=2');
    expect(res.body).toMatchObject({ pageSize: 2, pageNumber: 2, total: 3, pageCount: 2 });
    expect(res.body.firstUri).toBe('/api/v2/externalcontacts/contacts?q=example&pageSize=2&pageNumber=1');
    expect((await list('')).body.pageSize).toBe(20);
    const tooFar = await list('?pageSize=500&pageNumber=3');
    expect([tooFar.status, tooFar.body.code]).toEqual([400, 'invalid.value']);
    expect((await list('?pageSize=1000')).status).toBe(200);
  });

  test.each(['email:asc', 'firstName:up', 'firstName:asc:desc'])('sortOrder=%s is 400', async (sortOrder) => {
    const res = await list(`?sortOrder=${sortOrder}`);
    expect([res.status, res.body.code]).toEqual([400, 'invalid.value']);
  });

  test("another org's list has none of them", async () => {
    expect((await list('?q=example', authB)).body).toMatchObject({ total: 0, entities: [] });
  });
});

describe('PATCH, change by change', () => {
  let id: string;
  beforeEach(async () => {
    id = (await create({ firstName: 'Erin', workPhone: { display: '+13175550123' }, address: { city: 'Indianapolis' } })).body.id;
  });

  test.each([
    ['Update sets', [{ field: '$.firstName', value: 'Erica', action: 'Update' }], { firstName: 'Erica' }],
    ['UpdateIfEmpty leaves a field that has a value', [{ field: '$.firstName', value: 'Erica', action: 'UpdateIfEmpty' }], { firstName: 'Erin' }],
    ['UpdateIfEmpty fills an empty field', [{ field: '$.lastName', value: 'Example', action: 'UpdateIfEmpty' }], { lastName: 'Example' }],
    ['UpdateIfExists changes a field that has a value', [{ field: '$.firstName', value: 'Erica', action: 'UpdateIfExists' }], { firstName: 'Erica' }],
    ['UpdateIfExists leaves an empty field empty', [{ field: '$.lastName', value: 'Example', action: 'UpdateIfExists' }], { lastName: undefined }],
    ['Remove clears', [{ field: '$.firstName', action: 'Remove' }], { firstName: undefined }],
    ['a nested field', [{ field: '$.address.postalCode', value: '46204', action: 'Update' }], { address: { city: 'Indianapolis', postalCode: '46204' } }],
    ['a whole object', [{ field: '$.address', value: { city: 'Carmel' }, action: 'Update' }], { address: { city: 'Carmel' } }],
    [
      "a number's display, normalized anew",
      [{ field: '$.workPhone.display', value: '+1 317 555 0199', action: 'Update' }],
      { workPhone: { display: '+1 317 555 0199', e164: '+13175550199' } },
    ],
    ['the last nested field removed removes the object', [{ field: '$.address.city', action: 'Remove' }], { address: undefined }],
    [
      'changes in order',
      [
        { field: '$.lastName', value: 'One', action: 'Update' },
        { field: '$.lastName', value: 'Two', action: 'UpdateIfExists' },
      ],
      { lastName: 'Two' },
    ],
  ])('%s', async (_, changes, expected) => {
    h.clock.advance(5);
    const res = await patch(id, changes);
    expect(res.status).toBe(200);
    for (const [key, value] of Object.entries(expected)) expect(res.body[key]).toEqual(value);
    expect(res.body.modifyDate).toBe('2026-01-01T09:00:05.000Z');
    expect((await read(id)).body).toEqual(res.body);
  });

  test.each([
    ['a field this emulator does not keep', [{ field: '$.twitterId', value: {}, action: 'Update' }], 400, 'invalid.value'],
    ['a path that is no JSONPath from the root', [{ field: 'firstName', value: 'x', action: 'Update' }], 400, 'invalid.value'],
    ['a key a phone number has not', [{ field: '$.workPhone.number', value: 'x', action: 'Update' }], 400, 'invalid.value'],
    ['a value of the wrong kind', [{ field: '$.surveyOptOut', value: 'yes', action: 'Update' }], 400, 'invalid.value'],
    ['no value to update with', [{ field: '$.firstName', action: 'Update' }], 400, 'invalid.value'],
    ['a collection action on a field that is none', [{ field: '$.firstName', value: 'x', action: 'AppendToCollection' }], 400, 'invalid.value'],
    ['an action Genesys has not', [{ field: '$.firstName', value: 'x', action: 'Set' }], 400, 'bad.request'],
    [
      'a field and one nested in it',
      [
        { field: '$.address', value: { city: 'Carmel' }, action: 'Update' },
        { field: '$.address.city', value: 'Zionsville', action: 'Update' },
      ],
      409,
      'general.conflict',
    ],
  ])('%s is refused, and nothing is written', async (_, changes, status, code) => {
    const before = (await read(id)).body;
    const res = await patch(id, [{ field: '$.firstName', value: 'Changed first', action: 'Update' }, ...changes]);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect((await read(id)).body).toEqual(before);
  });

  test('no changes is 400; another org gets 404', async () => {
    expect((await patch(id, [])).status).toBe(400);
    const other = await h.http
      .patch(`/api/v2/externalcontacts/contacts/${id}`)
      .set(authB)
      .send({ changes: [{ field: '$.firstName', value: 'B', action: 'Update' }] });
    expect([other.status, other.body.code]).toEqual([404, 'not.found']);
  });
});

describe("a conversation's customer is an external contact", () => {
  test('a call to a number a contact has: the customer carries externalContact (media) and externalContactId (conversation)', async () => {
    const contact = (await create({ firstName: 'Erin', cellPhone: { display: '+1 317 555 0123' } })).body;
    const call = await h.http.post('/api/v2/conversations/calls').set(auth).send({ phoneNumber: '+13175550123' });
    expect(call.status).toBe(200);
    const media = (await h.http.get(`/api/v2/conversations/calls/${call.body.id}`).set(auth)).body;
    const customer = media.participants.find((p: { purpose: string }) => p.purpose === 'customer');
    expect(customer.externalContact).toEqual({ id: contact.id, selfUri: `/api/v2/externalcontacts/contacts/${contact.id}` });
    const generic = (await h.http.get(`/api/v2/conversations/${call.body.id}`).set(auth)).body;
    const participants = generic.participants as { purpose: string; externalContactId?: string }[];
    expect(participants.map((p) => [p.purpose, p.externalContactId])).toEqual([
      ['agent', undefined],
      ['customer', contact.id],
    ]);
  });

  test('a number no contact has: no externalContact; an externalContactId that is no contact of the org is 400', async () => {
    await create({ firstName: 'Erin', cellPhone: { e164: '+13175550123' } });
    const call = await h.http.post('/api/v2/conversations/calls').set(auth).send({ phoneNumber: '+13175550100' });
    const media = (await h.http.get(`/api/v2/conversations/calls/${call.body.id}`).set(auth)).body;
    expect(media.participants.some((p: { externalContact?: unknown }) => p.externalContact)).toBe(false);
    const otherOrgs = (await create({ firstName: 'B' }, authB)).body.id as string;
    const before = (await h.http.get('/api/v2/conversations/calls').set(auth)).body.total;
    const bad = await h.http.post('/api/v2/conversations/calls').set(auth).send({ phoneNumber: '+13175550100', externalContactId: otherOrgs });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid.value']);
    expect((await h.http.get('/api/v2/conversations/calls').set(auth)).body.total).toBe(before);
  });

  test('an outbound message names its contact by externalContactId', async () => {
    const contact = (await create({ firstName: 'Erin' })).body;
    const queueId = (await h.http.post('/api/v2/routing/queues').set(auth).send({ name: 'Messages' })).body.id;
    const created = await h.http
      .post('/api/v2/conversations/messages')
      .set(auth)
      .send({ queueId, toAddress: '+13175550123', toAddressMessengerType: 'sms', externalContactId: contact.id });
    expect(created.status).toBe(200);
    const media = (await h.http.get(`/api/v2/conversations/messages/${created.body.id}`).set(auth)).body;
    expect(media.participants.find((p: { purpose: string }) => p.purpose === 'customer').externalContact).toEqual({
      id: contact.id,
      selfUri: `/api/v2/externalcontacts/contacts/${contact.id}`,
    });
  });
});

describe('transfers and consults to an external contact', () => {
  // The demo org with a contact of its own (seeded, as a seed file can have them).
  const CONTACT = 'ec000000-0000-4000-8000-000000000001';
  let demo: Harness;
  let demoAuth: { Authorization: string };
  beforeEach(async () => {
    demo = harness({
      seed: { ...demoSeed(), externalContacts: [{ id: CONTACT, firstName: 'Erin', lastName: 'Expert', workPhone: { display: '+1 317 555 0199' } }] },
    });
    demoAuth = { Authorization: `Bearer ${await demo.token()}` };
  });
  const participants = async () =>
    (await demo.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(demoAuth)).body.participants as {
      id: string;
      purpose: string;
      state: string;
      name: string;
      address?: string;
      externalContact?: { id: string };
    }[];

  test('…/replace/contact/external: the contact joins at its number of phoneType, and the agent leaves', async () => {
    const agent = (await participants()).find((p) => p.purpose === 'agent')!;
    const res = await demo.http
      .post(`/api/v2/conversations/${DEMO.voiceConnected}/participants/${agent.id}/replace/contact/external`)
      .set(demoAuth)
      .send({ contactId: CONTACT, phoneType: 'WorkPhone' });
    expect(res.status).toBe(202);
    const after = await participants();
    expect(after.find((p) => p.id === agent.id)!.state).toBe('disconnected');
    expect(after.find((p) => p.purpose === 'external')).toMatchObject({
      state: 'alerting',
      name: 'Erin Expert',
      address: 'tel:+13175550199',
      externalContact: { id: CONTACT },
    });
  });

  test.each([
    ['a contact without a number of that type', { contactId: CONTACT, phoneType: 'CellPhone' }, 'invalid.value'],
    ['no contact of the org', { contactId: 'ec-unknown', phoneType: 'WorkPhone' }, 'invalid.value'],
    ['a phoneType Genesys has not', { contactId: CONTACT, phoneType: 'Pager' }, 'bad.request'],
  ])('%s is 400, and nothing changes', async (_, body, code) => {
    const agent = (await participants()).find((p) => p.purpose === 'agent')!;
    const before = demo.store.snapshot();
    const res = await demo.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/participants/${agent.id}/replace/contact/external`).set(demoAuth).send(body);
    expect([res.status, res.body.code]).toEqual([400, code]);
    expect(demo.store.snapshot()).toEqual(before);
  });

  test('…/consult/contact/external: the contact is consulted, the customer held', async () => {
    const customer = (await participants()).find((p) => p.purpose === 'customer')!;
    const res = await demo.http
      .post(`/api/v2/conversations/calls/${DEMO.voiceConnected}/participants/${customer.id}/consult/contact/external`)
      .set(demoAuth)
      .send({ speakTo: 'DESTINATION', contactId: CONTACT, phoneType: 'WorkPhone' });
    expect(res.status).toBe(200);
    const after = await participants();
    expect(after.find((p) => p.id === res.body.destinationParticipantId)).toMatchObject({ purpose: 'external', externalContact: { id: CONTACT } });
    expect(after.find((p) => p.id === customer.id)).toMatchObject({ held: true });
  });
});
