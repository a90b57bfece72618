// A consult transfer and participant attributes through the official SDK, unmodified: the agent
// consults a colleague (postConversationsCallParticipantConsultAgent), the colleague answers, the
// agent speaks to both (patchConversationsCallParticipantConsult), then hangs up to complete it.
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

test('consult an agent, speak to both, complete; attributes set on the customer and read back', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const conversations = new platformClient.ConversationsApi();
  const presence = new platformClient.PresenceApi();
  const colleague = await server.admin.createUser({ name: 'Cora Colleague', orgId: org.id });
  const available = (await presence.getPresencedefinitions()).entities!.find((p) => p.systemPresence === 'Available')!;
  await presence.patchUserPresencesPurecloud(colleague.id, { presenceDefinition: { id: available.id! } });

  const call = await server.admin.createConversation({ mediaType: 'voice', state: 'connected', orgId: org.id });
  const read = async () => (await conversations.getConversationsCall(call.id!)).participants!;
  const customer = (await read()).find((p) => p.purpose === 'customer')!;
  const agent = (await read()).find((p) => p.purpose === 'agent')!;

  const consult = await conversations.postConversationsCallParticipantConsultAgent(call.id!, customer.id!, { speakTo: 'DESTINATION', userId: colleague.id });
  const destination = consult.destinationParticipantId;
  expect((await read()).find((p) => p.id === customer.id)).toMatchObject({ held: true, consultParticipantId: destination });
  await conversations.patchConversationsCallParticipant(call.id!, destination, { state: 'connected' });
  const both = await conversations.patchConversationsCallParticipantConsult(call.id!, customer.id!, { speakTo: 'BOTH' });
  expect(both.destinationParticipantId).toBe(destination);
  expect((await read()).map((p) => [p.purpose, p.state, p.held])).toEqual([
    ['customer', 'connected', false],
    ['acd', 'disconnected', false],
    ['agent', 'connected', false],
    ['agent', 'connected', false],
  ]);

  await conversations.patchConversationsCallParticipant(call.id!, agent.id!, { state: 'disconnected' });
  const after = await read();
  expect(after.find((p) => p.id === agent.id)).toMatchObject({ state: 'disconnected', disconnectType: 'transfer.consult' });
  expect(after.find((p) => p.id === destination)).toMatchObject({ state: 'connected', user: { id: colleague.id } });
  expect(after.find((p) => p.id === customer.id)).toMatchObject({ state: 'connected', held: false });

  const set = await conversations.patchConversationsCallParticipantAttributes(call.id!, customer.id!, { attributes: { caseId: 'CASE-7' } });
  expect(set.attributes).toMatchObject({ caseId: 'CASE-7' });
  expect((await read()).find((p) => p.id === customer.id)!.attributes).toMatchObject({ caseId: 'CASE-7' });
  await conversations.patchConversationParticipantAttributes(call.id!, destination, { attributes: { handledBy: 'tier 2' } });
  const generic = await conversations.getConversation(call.id!);
  expect(generic.participants!.find((p) => p.id === destination)!.attributes).toEqual({ handledBy: 'tier 2' });
});
