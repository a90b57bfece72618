// The official SDK, unmodified, meets an operation the emulator does not implement, then the same
// call stubbed through the AdminClient, and an implemented one overridden and given back.
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { DEMO } from '../support/harness.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
  await sdkLogin(platformClient, server.port);
});
afterAll(() => server.close());

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

// ArchitectApi.getFlows: an operation no issue plans to implement.
test('ArchitectApi.getFlows: 501 naming it, then the stubbed FlowEntityListing', async () => {
  const architect = new platformClient.ArchitectApi();
  expect(await settle(architect.getFlows())).toEqual({
    error: expect.objectContaining({
      status: 501,
      code: 'not.implemented',
      message: expect.stringContaining('(ArchitectApi.getFlows)'),
      messageParams: { method: 'GET', path: '/api/v2/flows', operation: 'ArchitectApi.getFlows' },
    }),
  });

  const stub = await server.admin.addStub({
    request: { method: 'GET', path: '/api/v2/flows', query: { name: '$any' } },
    response: {
      status: 200,
      body: { entities: [{ id: 'f-1', name: '{{query.name}}', type: 'inboundcall' }], pageSize: 25, pageNumber: 1, total: 1, pageCount: 1 },
    },
  });
  expect(stub).toMatchObject({ operation: 'ArchitectApi.getFlows', warnings: [] });
  const listing = await architect.getFlows({ name: 'Support' });
  expect(listing).toEqual({ entities: [{ id: 'f-1', name: 'Support', type: 'inboundcall' }], pageSize: 25, pageNumber: 1, total: 1, pageCount: 1 });
  expect((await server.admin.stubs()).map((s) => [s.id, s.hits])).toEqual([[stub.id, 1]]);
  const [entry] = await server.admin.requests({ path: '/api/v2/flows', status: 200 });
  expect(entry).toMatchObject({ operation: 'ArchitectApi.getFlows', stub: stub.id });
  await server.admin.removeStub();
});

test('ConversationsApi.getConversation overridden by a stub, then the real handler after removeStub', async () => {
  const conversations = new platformClient.ConversationsApi();
  const stub = await server.admin.addStub({
    request: { method: 'GET', path: '/api/v2/conversations/{conversationId}' },
    response: { status: 200, body: { id: '{{path.conversationId}}', participants: [], selfUri: '/api/v2/conversations/{{path.conversationId}}' } },
  });
  expect(await conversations.getConversation(DEMO.voiceConnected)).toEqual({
    id: DEMO.voiceConnected,
    participants: [],
    selfUri: `/api/v2/conversations/${DEMO.voiceConnected}`,
  });
  await server.admin.removeStub(stub.id);
  const real = await conversations.getConversation(DEMO.voiceConnected);
  expect(real.participants?.length).toBe(3);
  expect(await server.admin.stubs()).toEqual([]);
});
