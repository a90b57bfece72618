// Races: many concurrent requests on one conversation leave one consistent outcome.
import { viewOf } from '../../src/domain/conversations.js';
import { STAGES } from '../../src/domain/conversations.js';
import { CREATE_BODY, DEMO, harness } from '../support/harness.js';

describe('races', () => {
  test('200 concurrent cobrowse creates on one conversation: exactly one 200, the rest 409 cobrowse.session.active', async () => {
    const h = harness();
    const auth = { Authorization: `Bearer ${await h.token()}` };
    const results = await Promise.all(
      Array.from({ length: 200 }, () => h.http.post(`/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`).set(auth).send(CREATE_BODY)),
    );
    const created = results.filter((r) => r.status === 200);
    expect(created).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(199);
    for (const r of refused) expect(r.body).toMatchObject({ code: 'cobrowse.session.active', messageParams: { cobrowseSessionId: created[0]!.body.id } });
    expect(h.store.lookup('sessionsByConversation', DEMO.voiceConnected)).toHaveLength(1);
  });

  test('200 concurrent state changes on one conversation: a reachable state, and a journal that agrees', async () => {
    const h = harness();
    const auth = { Authorization: `Bearer ${await h.token()}` };
    const created = await h.http.post('/api/v2/conversations/calls').set(auth).send({ phoneNumber: '+13175550100' });
    const id = created.body.id as string;
    const call = await h.http.get(`/api/v2/conversations/calls/${id}`).set(auth);
    const [agent, customer] = ['agent', 'customer'].map(
      (purpose) => call.body.participants.find((p: { purpose: string }) => p.purpose === purpose).id as string,
    );
    const code = DEMO.wrapupCodes.resolved;
    await h.http.delete('/__admin/requests');
    const changes = Array.from({ length: 200 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return h.http.patch(`/api/v2/conversations/calls/${id}/participants/${agent}`).set(auth).send({ state: 'connected' });
        case 1:
          return h.http.patch(`/api/v2/conversations/calls/${id}/participants/${customer}`).set(auth).send({ state: 'disconnected' });
        case 2:
          return h.http.patch(`/api/v2/conversations/calls/${id}`).set(auth).send({ state: 'disconnected' });
        default:
          return h.http.patch(`/api/v2/conversations/calls/${id}/participants/${agent}`).set(auth).send({ state: 'disconnected', wrapup: { code } });
      }
    });
    const results = await Promise.all(changes);
    for (const r of results) expect([200, 202, 400]).toContain(r.status);
    const record = h.store.get('conversations', id)!;
    const view = viewOf(record);
    expect(STAGES).toContain(view.stage);
    // the first change to end it ended it: everything after it was refused, and it is over now
    expect(view.stage).toBe('disconnected');
    expect(view.participants.every((p) => p.media.state === 'disconnected' && p.endTime !== undefined)).toBe(true);
    const accepted = results.filter((r) => r.status !== 400).length;
    const journal = await h.http.get(`/__admin/requests?path=/api/v2/conversations/calls/${id}/**`);
    const journaled = await h.http.get(`/__admin/requests?path=/api/v2/conversations/calls/${id}`);
    expect(journal.body.total + journaled.body.total).toBe(200);
    const journalAccepted = [...journal.body.requests, ...journaled.body.requests].filter((r: { status: number }) => r.status !== 400).length;
    expect(journalAccepted).toBe(accepted);
    // each accepted change added its events; none added anything after the end but wrap-ups
    const endAt = record.events.findIndex(
      (e) => e.type === 'disconnected' || (e.type === 'left' && viewOf({ ...record, events: record.events.slice(0, record.events.indexOf(e) + 1) }).endTime),
    );
    expect(record.events.slice(endAt + 1).every((e) => e.type === 'wrapup')).toBe(true);
  });
});
