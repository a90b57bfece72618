// A whole conversation life through the official SDK, unmodified, against a listening server:
// create a call, answer it, start cobrowse, read the session, end the call. Then a webchat, whose
// create API left the SDK, over HTTP.
import platformClient from 'purecloud-platform-client-v2';
import { DEMO, harness } from '../support/harness.js';
import { listen, sdkLogin } from '../support/servers.js';

const QUEUE = 'b0000000-0000-4000-8000-000000000001';

describe('a conversation life through the SDK', () => {
  test('call: create, answer, cobrowse, read back, disconnect, with Genesys states and timestamps', async () => {
    const h = harness();
    const server = await listen(h.app);
    try {
      const { accessToken } = await sdkLogin(platformClient, server.port);
      const api = new platformClient.ConversationsApi();

      const created = await api.postConversationsCalls({ phoneNumber: '+13175550142' });
      expect(created.selfUri).toBe(`/api/v2/conversations/calls/${created.id}`);
      let call = await api.getConversationsCall(created.id!);
      const agent = call.participants!.find((p) => p.purpose === 'agent')!;
      const customer = call.participants!.find((p) => p.purpose === 'customer')!;
      expect([agent.state, agent.direction, agent.startTime]).toEqual(['contacting', 'outbound', '2026-01-01T09:00:00.000Z']);
      expect([customer.state, customer.address]).toEqual(['alerting', 'tel:+13175550142']);

      h.clock.advance(7);
      await api.patchConversationsCallParticipant(created.id!, agent.id!, { state: 'connected' });
      call = await api.getConversationsCall(created.id!);
      for (const p of call.participants!) {
        expect([p.purpose, p.state, p.connectedTime]).toEqual([p.purpose, 'connected', '2026-01-01T09:00:07.000Z']);
      }

      // The ticket's create body (the SDK's postConversationCobrowse sends none).
      h.clock.advance(3);
      const started = await fetch(`${server.url}/api/v2/conversations/${created.id}/cobrowse`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ initiator: { id: DEMO.agentId, type: 'agent' }, participants: [{ id: '+13175550142', type: 'external' }] }),
      });
      expect(started.status).toBe(200);
      const session = (await started.json()) as { id: string; dateCreated: string };
      expect(session.dateCreated).toBe('2026-01-01T09:00:10.000Z');

      const cobrowse = await api.getConversationsCobrowsesession(session.id);
      expect(cobrowse.id).toBe(session.id);
      expect(cobrowse.participants!.map((p) => [p.purpose, p.cobrowseRole, p.state, p.cobrowseSessionId, p.connectedTime])).toEqual([
        ['agent', 'viewer', 'connected', session.id, '2026-01-01T09:00:10.000Z'],
        ['customer', 'sharer', 'connected', session.id, '2026-01-01T09:00:10.000Z'],
      ]);

      h.clock.advance(50);
      const ended = await api.patchConversationsCall(created.id!, { state: 'disconnected' } as never);
      expect([ended.state, ended.endTime]).toEqual(['disconnected', '2026-01-01T09:01:00.000Z']);
      call = await api.getConversationsCall(created.id!);
      expect(call.participants!.map((p) => [p.state, p.endTime])).toEqual([
        ['disconnected', '2026-01-01T09:01:00.000Z'],
        ['disconnected', '2026-01-01T09:01:00.000Z'],
      ]);
      const after = await api.getConversationsCobrowsesession(session.id);
      expect(after.participants!.map((p) => [p.state, p.endTime])).toEqual([
        ['disconnected', '2026-01-01T09:01:00.000Z'],
        ['disconnected', '2026-01-01T09:01:00.000Z'],
      ]);
      const live = await api.getConversationsCalls();
      expect(live.entities!.map((c) => c.id)).not.toContain(created.id);

      const error = await api.patchConversationsCall(created.id!, { state: 'disconnected' } as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ status: 400, code: 'conversation.state.invalid' });
    } finally {
      await server.close();
    }
  });

  test('webchat over HTTP: create on a queue, transfer to the agent, answer, cobrowse, end; read through the SDK', async () => {
    const h = harness();
    const server = await listen(h.app);
    try {
      const { accessToken } = await sdkLogin(platformClient, server.port);
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const api = new platformClient.ConversationsApi();

      const chat = (await (
        await call('POST', '/api/v2/conversations/chats', { queueId: QUEUE, provider: 'PureCloud Webchat v2', attributes: { externalId: 'cust-life' } })
      ).json()) as {
        id: string;
        participants: { id: string; purpose: string }[];
      };
      let conversation = await api.getConversation(chat.id);
      expect(conversation.participants!.map((p) => [p.purpose, p.chats![0]!.state])).toEqual([
        ['customer', 'connected'],
        ['acd', 'connected'],
      ]);
      const acd = chat.participants.find((p) => p.purpose === 'acd')!;
      h.clock.advance(20);
      expect((await call('POST', `/api/v2/conversations/chats/${chat.id}/participants/${acd.id}/replace`, { userId: DEMO.agentId })).status).toBe(202);
      conversation = await api.getConversation(chat.id);
      const agent = conversation.participants!.find((p) => p.purpose === 'agent')!;
      expect([agent.chats![0]!.state, agent.startTime]).toEqual(['alerting', '2026-01-01T09:00:20.000Z']);
      h.clock.advance(4);
      expect((await call('PATCH', `/api/v2/conversations/chats/${chat.id}/participants/${agent.id}`, { state: 'connected' })).status).toBe(202);
      const session = (await (
        await call('POST', `/api/v2/conversations/${chat.id}/cobrowse`, {
          initiator: { id: DEMO.agentId, type: 'agent' },
          participants: [{ id: 'cust-life', type: 'external' }],
        })
      ).json()) as {
        id: string;
      };
      const cobrowse = await api.getConversationsCobrowsesession(session.id);
      expect(cobrowse.participants!.map((p) => [p.purpose, p.state])).toEqual([
        ['customer', 'connected'],
        ['agent', 'connected'],
      ]);
      h.clock.advance(30);
      const ended = await call('PATCH', `/api/v2/conversations/chats/${chat.id}`, { state: 'disconnected' });
      expect(ended.status).toBe(200);
      conversation = await api.getConversation(chat.id);
      expect([conversation.state, conversation.endTime]).toEqual(['disconnected', '2026-01-01T09:00:54.000Z']);
      const acdAfter = conversation.participants!.find((p) => p.purpose === 'acd')!;
      expect([acdAfter.chats![0]!.disconnectType, acdAfter.endTime]).toEqual(['transfer', '2026-01-01T09:00:20.000Z']);
      expect((await api.getConversationsCobrowsesession(session.id)).participants!.every((p) => p.state === 'disconnected')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
