// Messaging through the official SDK, unmodified: an outbound Open Messaging conversation where the
// agent sends (postConversationsMessageCommunicationMessages) and the customer answers through
// Open Messaging inbound (postConversationsMessageInboundOpenMessage); the messages read back; an
// agentless SMS from the org's number (postConversationsMessagesAgentless); emails sent by the agent and agentless.
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

test('agent sends, customer answers through Open Messaging, both read back; an agentless SMS', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const queue = await server.admin.createQueue({ name: 'Digital', orgId: org.id });
  const open = await server.admin.createMessagingIntegration({ name: 'Web shop chat', messengerType: 'open', queueId: queue.id, orgId: org.id });
  const sms = await server.admin.createMessagingIntegration({
    name: 'Notifications',
    messengerType: 'sms',
    address: '+13175550177',
    queueId: queue.id,
    orgId: org.id,
  });
  const conversations = new platformClient.ConversationsApi();

  const created = await conversations.postConversationsMessages({ queueId: queue.id, toAddress: 'shopper-7', toAddressMessengerType: 'open' });
  expect(created.selfUri).toBe(`/api/v2/conversations/messages/${created.id}`);
  const agent = (await conversations.getConversation(created.id!)).participants!.find((p) => p.purpose === 'agent')!;
  const sent = await conversations.postConversationsMessageCommunicationMessages(created.id!, agent.messages![0]!.id!, { textBody: 'Your order has shipped' });
  expect([sent.direction, sent.status, sent.toAddress, sent.fromAddress]).toEqual(['outbound', 'sent', 'shopper-7', open.id]);

  const answer = await conversations.postConversationsMessageInboundOpenMessage(open.id, {
    channel: { from: { id: 'shopper-7', idType: 'Opaque', nickname: 'Sam' }, time: new Date().toISOString() },
    text: 'Thanks!',
  });
  expect(answer.conversationId).toBe(created.id);

  const read = await conversations.getConversationsMessage(created.id!);
  const customer = read.participants!.find((p) => p.purpose === 'customer')!;
  expect(customer.messages!.map((m) => [m.messageId, m.messageStatus])).toEqual([[answer.id, 'received']]);
  const one = await conversations.getConversationsMessageMessage(created.id!, answer.id!);
  expect([one.direction, one.normalizedMessage!.text]).toEqual(['inbound', 'Thanks!']);
  const both = await conversations.postConversationsMessageMessagesBulk(created.id!, { body: [sent.id!, answer.id!] });
  expect(both.entities!.map((m) => m.direction)).toEqual(['outbound', 'inbound']);

  const notification = await conversations.postConversationsMessagesAgentless({
    fromAddress: sms.address!,
    toAddress: '+13175550188',
    toAddressMessengerType: 'sms',
    textBody: 'Your code is 4242',
  });
  expect([notification.messengerType, notification.message!.status]).toEqual(['sms', 'sent']);
  const refused = await conversations
    .postConversationsMessagesAgentless({ fromAddress: '+15550000000', toAddress: '+13175550188', toAddressMessengerType: 'sms', textBody: 'x' })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(refused).toMatchObject({ status: 400, code: 'invalid.value' });
});

test('emails: the agent sends on an email conversation, reads it back; an agentless email', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const conversations = new platformClient.ConversationsApi();
  const email = await server.admin.createConversation({ mediaType: 'email', state: 'connected', orgId: org.id, agentUserId: org.userId });
  const reply = await conversations.postConversationsEmailMessages(email.id!, {
    to: [{ email: 'customer@example.com' }],
    from: { email: 'support@example.com' },
    subject: 'Re: order 42',
    textBody: 'It ships today.',
  });
  expect(reply).toMatchObject({ subject: 'Re: order 42', textBody: 'It ships today.' });
  const listed = await conversations.getConversationsEmailMessages(email.id!);
  expect(listed.entities!.map((e) => e.textBodyPreview)).toEqual(['It ships today.']);
  const one = await conversations.getConversationsEmailMessage(email.id!, listed.entities![0]!.id!);
  expect(one.textBody).toBe('It ships today.');

  const sent = await conversations.postConversationsEmailsAgentless({
    senderType: 'Outbound',
    fromAddress: { email: 'notifications@example.com' },
    toAddresses: [{ email: 'erin@example.com' }],
    subject: 'Reminder',
    textBody: 'See you tomorrow.',
  });
  expect((await conversations.getConversationsEmailMessages(sent.conversationId)).entities!.map((e) => e.id)).toEqual([sent.id]);
});
