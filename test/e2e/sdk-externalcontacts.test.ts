// External contacts through the official SDK, unmodified: a contact created, found by q, patched
// (Genesys' ContactsPatchChange), a call to its number showing it as the customer's
// externalContact, then the call handed to it (postConversationParticipantReplaceContactExternal).
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

test('create, search, patch and delete a contact; a call reaches it as the customer; the call is handed to it', async () => {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  const contacts = new platformClient.ExternalContactsApi();
  const conversations = new platformClient.ConversationsApi();

  const erin = await contacts.postExternalcontactsContacts({ firstName: 'Erin', lastName: 'Example', cellPhone: { display: '+1 317 555 0123' } });
  expect(erin.cellPhone).toEqual({ display: '+1 317 555 0123', e164: '+13175550123' });
  await contacts.postExternalcontactsContacts({ firstName: 'Bo', lastName: 'Other' });
  const found = await contacts.getExternalcontactsContacts({ q: 'example', sortOrder: 'firstName:asc' });
  expect(found.entities!.map((c) => c.id)).toEqual([erin.id]);

  const patched = await contacts.patchExternalcontactsContact(erin.id!, {
    changes: [
      { field: '$.title', value: 'Buyer' as unknown as object, action: 'UpdateIfEmpty' },
      { field: '$.workPhone', value: { display: '+1 317 555 0199' }, action: 'Update' },
    ],
  });
  expect(patched).toMatchObject({ title: 'Buyer', workPhone: { e164: '+13175550199' } });
  expect(await contacts.getExternalcontactsContact(erin.id!)).toEqual(patched);

  const call = await conversations.postConversationsCalls({ phoneNumber: '+13175550123' });
  const participants = async () => (await conversations.getConversationsCall(call.id!)).participants!;
  const customer = (await participants()).find((p) => p.purpose === 'customer')!;
  expect(customer.externalContact?.id).toBe(erin.id);
  const agent = (await participants()).find((p) => p.purpose === 'agent')!;
  // The agent's call is contacting until the customer answers: answer for the customer.
  await conversations.patchConversationsCallParticipant(call.id!, customer.id!, { state: 'connected' });
  await conversations.postConversationParticipantReplaceContactExternal(call.id!, agent.id!, { contactId: erin.id!, phoneType: 'WorkPhone' });
  const external = (await participants()).find((p) => p.purpose === 'external')!;
  expect(external).toMatchObject({ address: 'tel:+13175550199', name: 'Erin Example', externalContact: { id: erin.id } });

  await contacts.deleteExternalcontactsContact(erin.id!);
  await expect(contacts.getExternalcontactsContact(erin.id!)).rejects.toMatchObject({ status: 404 });
});
