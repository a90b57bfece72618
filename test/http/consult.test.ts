// Consult transfers of calls over HTTP: POST …/consult/{agent,queue,external} and the deprecated
// …/consult, PATCH …/consult (speakTo), DELETE …/consult (cancel), and completing by the
// consulting agent hanging up; who is held at each step; every refusal writes nothing.
import { DEMO, harness, setPresence } from '../support/harness.js';

type MP = { id: string; purpose: string; state: string; held: boolean; disconnectType?: string; consultParticipantId?: string; user?: { id: string } };

const CALL: string = DEMO.voiceConnected;

async function setup() {
  const h = harness();
  const auth = { Authorization: `Bearer ${await h.token()}` };
  const bob = (await h.http.post('/__admin/users').send({ name: 'Bob Expert' })).body as { id: string };
  await setPresence(h, bob.id, 'Available');
  const read = async (id = CALL) => (await h.http.get(`/api/v2/conversations/calls/${id}`).set(auth)).body as { participants: MP[] };
  const byPurpose = async (purpose: string, id = CALL) => (await read(id)).participants.filter((p) => p.purpose === purpose);
  const customer = (await byPurpose('customer'))[0]!;
  const agent = (await byPurpose('agent'))[0]!;
  const consult = (suffix: string, body: object, id = CALL, pid = customer.id) =>
    h.http.post(`/api/v2/conversations/calls/${id}/participants/${pid}/consult${suffix}`).set(auth).send(body);
  const speakTo = (speakTo: string) => h.http.patch(`/api/v2/conversations/calls/${CALL}/participants/${customer.id}/consult`).set(auth).send({ speakTo });
  const patch = (pid: string, body: object) => h.http.patch(`/api/v2/conversations/calls/${CALL}/participants/${pid}`).set(auth).send(body);
  const one = async (pid: string) => (await read()).participants.find((p) => p.id === pid)!;
  return { h, auth, bob, read, byPurpose, customer, agent, consult, speakTo, patch, one };
}

test('consult an agent: the destination joins alerting, the customer is held; speakTo OBJECT, BOTH; the agent hangs up and the transfer completes', async () => {
  const { bob, consult, speakTo, patch, one, customer, agent, read } = await setup();
  const started = await consult('/agent', { speakTo: 'DESTINATION', userId: bob.id });
  expect(started.status).toBe(200);
  const destination = started.body.destinationParticipantId as string;
  expect(await one(destination)).toMatchObject({ purpose: 'agent', state: 'alerting', user: { id: bob.id } });
  expect(await one(customer.id)).toMatchObject({ state: 'connected', held: true, consultParticipantId: destination });

  expect((await patch(destination, { state: 'connected' })).status).toBe(202);
  const toObject = await speakTo('OBJECT');
  expect([toObject.status, toObject.body]).toEqual([200, { destinationParticipantId: destination }]);
  expect([(await one(customer.id)).held, (await one(destination)).held]).toEqual([false, true]);
  expect((await speakTo('BOTH')).status).toBe(200);
  expect([(await one(customer.id)).held, (await one(destination)).held]).toEqual([false, false]);

  expect((await patch(agent.id, { state: 'disconnected' })).status).toBe(202);
  expect(await one(agent.id)).toMatchObject({ state: 'disconnected', disconnectType: 'transfer.consult' });
  expect(await one(customer.id)).toMatchObject({ state: 'connected', held: false });
  expect((await one(customer.id)).consultParticipantId).toBeUndefined();
  expect(await one(destination)).toMatchObject({ state: 'connected', held: false });
  const generic = (await read()) as { participants: MP[] };
  expect(generic.participants.filter((p) => p.state === 'connected').map((p) => p.purpose)).toEqual(['customer', 'agent']);
});

test('DELETE …/consult cancels: the destination leaves, the customer is taken off hold, the agent stays', async () => {
  const { h, auth, consult, one, customer, agent } = await setup();
  const destination = (await consult('/external', { speakTo: 'DESTINATION', address: '+13175550123' })).body.destinationParticipantId as string;
  expect(await one(destination)).toMatchObject({ purpose: 'external', state: 'alerting' });
  const cancelled = await h.http.delete(`/api/v2/conversations/calls/${CALL}/participants/${customer.id}/consult`).set(auth);
  expect(cancelled.status).toBe(204);
  expect(await one(destination)).toMatchObject({ state: 'disconnected' });
  expect(await one(customer.id)).toMatchObject({ state: 'connected', held: false });
  expect(await one(agent.id)).toMatchObject({ state: 'connected' });
  const again = await h.http.delete(`/api/v2/conversations/calls/${CALL}/participants/${customer.id}/consult`).set(auth);
  expect([again.status, again.body.code]).toEqual([400, 'bad.request']);
});

test('CONFERENCE joins all three for good: nobody held, no consult left to change', async () => {
  const { consult, speakTo, one, customer } = await setup();
  const destination = (await consult('/queue', { speakTo: 'DESTINATION', queueName: 'support' })).body.destinationParticipantId as string;
  expect(await one(destination)).toMatchObject({ purpose: 'acd', state: 'connected' });
  expect((await speakTo('CONFERENCE')).status).toBe(200);
  expect((await one(customer.id)).held).toBe(false);
  const after = await speakTo('OBJECT');
  expect([after.status, after.body.code]).toEqual([400, 'bad.request']);
});

test('the deprecated …/consult takes one destination of address, userId or queueId', async () => {
  const { consult, one, bob } = await setup();
  const started = await consult('', { speakTo: 'BOTH', destination: { userId: bob.id } });
  expect(started.status).toBe(200);
  expect(await one(started.body.destinationParticipantId)).toMatchObject({ purpose: 'agent', user: { id: bob.id }, held: false });
});

describe('refusals, each writing nothing', () => {
  test.each<
    [
      string,
      (s: Awaited<ReturnType<typeof setup>>) => Promise<{ status: number; body: { code?: string; message?: string } }>,
      number,
      string,
      RegExp | undefined,
    ]
  >([
    ['a user who is Offline', async (s) => s.consult('/agent', { speakTo: 'DESTINATION', userId: DEMO.agentId }), 400, 'bad.request', /is Offline/],
    ['an unknown user', async (s) => s.consult('/agent', { speakTo: 'DESTINATION', userId: 'nobody' }), 400, 'invalid.value', undefined],
    ['no user', async (s) => s.consult('/agent', { speakTo: 'DESTINATION' }), 400, 'bad.request', undefined],
    ['an unknown queue', async (s) => s.consult('/queue', { speakTo: 'DESTINATION', queueId: 'nowhere' }), 400, 'chat.error.queue.not.found', undefined],
    ['a speakTo Genesys does not have', async (s) => s.consult('/external', { speakTo: 'EVERYONE', address: '+1' }), 400, 'bad.request', undefined],
    [
      'two destinations',
      async (s) => s.consult('', { speakTo: 'BOTH', destination: { userId: s.bob.id, address: '+1' } }),
      400,
      'too.many.create.conversation.parameters',
      undefined,
    ],
    [
      'the consulting agent as the object',
      async (s) => s.consult('/external', { speakTo: 'BOTH', address: '+1' }, CALL, s.agent.id),
      400,
      'bad.request',
      /consulting participant/,
    ],
    [
      'a consulting user not on the call',
      async (s) => s.consult('/external', { speakTo: 'BOTH', address: '+1', consultingUserId: s.bob.id }),
      400,
      'bad.request',
      /^You are not a connected participant on the call$/,
    ],
    ['an unknown participant', async (s) => s.consult('/external', { speakTo: 'BOTH', address: '+1' }, CALL, 'nobody'), 404, 'not.found', undefined],
    ['a chat', async (s) => s.consult('/external', { speakTo: 'BOTH', address: '+1' }, DEMO.chatConnected), 404, 'not.found', undefined],
    ['a speakTo change with no consult', async (s) => s.speakTo('BOTH'), 400, 'bad.request', /not the object of a consult/],
  ])('%s', async (_, act, status, code, message) => {
    const s = await setup();
    const before = s.h.store.get('conversations', CALL);
    const res = await act(s);
    expect([res.status, res.body.code]).toEqual([status, code]);
    if (message) expect(res.body.message).toMatch(message);
    expect(s.h.store.get('conversations', CALL)).toBe(before);
  });

  test('a second consult while one is in progress; an object not connected; no user context', async () => {
    const s = await setup();
    expect((await s.consult('/external', { speakTo: 'DESTINATION', address: '+13175550123' })).status).toBe(200);
    const second = await s.consult('/external', { speakTo: 'DESTINATION', address: '+13175550124' });
    expect([second.status, second.body.message]).toEqual([400, expect.stringMatching(/one consult per call/)]);

    const placed = await s.h.http.post('/api/v2/conversations/calls').set(s.auth).send({ phoneNumber: '+13175550199' });
    const callee = (await s.byPurpose('customer', placed.body.id))[0]!;
    const ringing = await s.consult('/external', { speakTo: 'DESTINATION', address: '+1' }, placed.body.id, callee.id);
    expect([ringing.status, ringing.body.code]).toEqual([400, 'bad.request']);

    const app = { Authorization: `Bearer ${await s.h.token('demo-app-client', 'demo-app-secret')}` };
    const other = await s.h.http.post('/__admin/conversations').send({ mediaType: 'voice', state: 'connected' });
    const customer = (await s.byPurpose('customer', other.body.id))[0]!;
    const noUser = await s.h.http
      .post(`/api/v2/conversations/calls/${other.body.id}/participants/${customer.id}/consult/external`)
      .set(app)
      .send({ speakTo: 'BOTH', address: '+1' });
    expect([noUser.status, noUser.body.code]).toEqual([400, 'not.a.user']);
    // With consultingUserId an app acts for the agent on the call.
    const forAgent = await s.h.http
      .post(`/api/v2/conversations/calls/${other.body.id}/participants/${customer.id}/consult/external`)
      .set(app)
      .send({ speakTo: 'BOTH', address: '+1', consultingUserId: DEMO.agentId });
    expect(forAgent.status).toBe(200);
  });
});
