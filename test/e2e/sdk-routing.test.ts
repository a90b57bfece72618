// The official SDK's RoutingApi, unmodified, against the emulator: queues by name (the * the SDK
// sends as it is), members joined and left, skills given to a user, wrap-up codes offered by a
// queue, the user's queues, and a wrap-up given on a call with one of those codes.
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

test('queues, members, skills, wrap-up codes and a wrap-up, through RoutingApi, UsersApi and ConversationsApi', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const routing = new platformClient.RoutingApi();

  const support = await routing.postRoutingQueues({ name: 'Support' } as platformClient.Models.CreateQueueRequest);
  await routing.postRoutingQueues({ name: 'Sales' } as platformClient.Models.CreateQueueRequest);
  expect((await routing.getRoutingQueues({ name: 'Sup*' })).entities!.map((q) => q.name)).toEqual(['Support']);
  expect((await routing.getRoutingQueues({ id: [support.id!] })).entities!.map((q) => q.id)).toEqual([support.id]);

  await routing.postRoutingQueueMembers(support.id!, [{ id: org.userId }]);
  expect((await routing.getRoutingQueueMembers(support.id!, { joined: true })).entities!.map((m) => m.id)).toEqual([org.userId]);
  await routing.patchRoutingQueueMember(support.id!, org.userId, { joined: false } as platformClient.Models.QueueMember);
  expect((await routing.getUserQueues(org.userId, { joined: false })).entities!.map((q) => [q.name, q.joined])).toEqual([['Support', false]]);

  const spanish = await routing.postRoutingSkills({ name: 'Spanish' } as platformClient.Models.RoutingSkill);
  const given = await routing.postUserRoutingskills(org.userId, { id: spanish.id!, proficiency: 4 });
  expect(given).toMatchObject({ id: spanish.id, name: 'Spanish', proficiency: 4, state: 'active' });
  expect((await routing.getUserRoutingskills(org.userId)).entities!.map((s) => s.name)).toEqual(['Spanish']);

  const resolved = await routing.postRoutingWrapupcodes({ name: 'Resolved' } as platformClient.Models.WrapupCodeRequest);
  const offered = await routing.postRoutingQueueWrapupcodes(support.id!, [{ id: resolved.id! }]);
  expect(offered.map((c) => c.name)).toEqual(['Resolved']);
  expect((await routing.getRoutingQueueWrapupcodes(support.id!)).entities!.map((c) => c.id)).toEqual([resolved.id]);

  // A call the org's user places, answered and wrapped up with the code.
  const conversations = new platformClient.ConversationsApi();
  const call = await conversations.postConversationsCalls({ phoneNumber: '+13175550123' });
  const view = await conversations.getConversationsCall(call.id!);
  const agent = view.participants!.find((p) => p.purpose === 'agent')!;
  await conversations.patchConversationsCallParticipant(call.id!, agent.id!, { state: 'connected' } as platformClient.Models.MediaParticipantRequest);
  const unknown = await conversations
    .patchConversationsCallParticipant(call.id!, agent.id!, { wrapup: { code: 'no-such-code' } } as platformClient.Models.MediaParticipantRequest)
    .then(
      () => undefined,
      (e: { status?: number; code?: string }) => [e.status, e.code],
    );
  expect(unknown).toEqual([400, 'invalid.value']);
  await conversations.patchConversationsCallParticipant(call.id!, agent.id!, {
    state: 'disconnected',
    wrapup: { code: resolved.id!, notes: 'done' },
  } as platformClient.Models.MediaParticipantRequest);
  const after = await conversations.getConversationsCall(call.id!);
  expect(after.participants!.find((p) => p.purpose === 'agent')!.wrapup).toMatchObject({ code: resolved.id, notes: 'done' });

  await routing.deleteRoutingQueueWrapupcode(support.id!, resolved.id!);
  await routing.deleteUserRoutingskill(org.userId, spanish.id!);
  await routing.deleteRoutingSkill(spanish.id!);
  expect((await routing.getRoutingSkill(spanish.id!)).state).toBe('deleted');
  await routing.deleteRoutingQueue(support.id!);
  expect((await routing.getRoutingQueues()).entities!.map((q) => q.name)).toEqual(['Sales']);
});

test('transfers through the SDK: postConversationParticipantTransfer to a number, postConversationParticipantReplaceQueue to a queue by name', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  await server.admin.createQueue({ name: 'Escalations', orgId: org.id });
  const conversations = new platformClient.ConversationsApi();
  const agentOf = async (id: string) => (await conversations.getConversationsCall(id)).participants!.filter((p) => p.purpose === 'agent').at(-1)!;

  const first = await server.admin.createConversation({ mediaType: 'voice', state: 'connected', orgId: org.id });
  await conversations.postConversationParticipantTransfer(first.id!, (await agentOf(first.id!)).id!, { address: '+13175550142' });
  const transferred = await conversations.getConversationsCall(first.id!);
  expect(transferred.participants!.find((p) => p.purpose === 'external')).toMatchObject({ address: 'tel:+13175550142', state: 'alerting' });
  expect(transferred.participants!.find((p) => p.purpose === 'agent')).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });

  const second = await server.admin.createConversation({ mediaType: 'voice', state: 'connected', orgId: org.id });
  await conversations.postConversationParticipantReplaceQueue(second.id!, (await agentOf(second.id!)).id!, { queueName: 'Escalations' });
  const queued = await conversations.getConversationsCall(second.id!);
  expect(queued.participants!.filter((p) => p.purpose === 'acd').at(-1)).toMatchObject({ state: 'connected', queue: { name: 'Escalations' } });
});
