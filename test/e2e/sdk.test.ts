// The official SDK, unmodified, against a real listening server (port 0, loopback).
import platformClient from 'purecloud-platform-client-v2';
import { CREATE_BODY, DEMO, harness } from '../support/harness.js';
import { listen, sdkLogin } from '../support/servers.js';

describe('purecloud-platform-client-v2 against the emulator', () => {
  test('login, getConversation, postConversationCobrowse, and a created session read back', async () => {
    const h = harness();
    const server = await listen(h.app);
    try {
      const auth = await sdkLogin(platformClient, server.port);
      expect(auth.accessToken).toEqual(expect.any(String));

      const api = new platformClient.ConversationsApi();
      const conversation = await api.getConversation(DEMO.voiceConnected);
      expect(conversation.id).toBe(DEMO.voiceConnected);
      expect(conversation.participants?.map((p) => p.purpose).sort()).toEqual(['acd', 'agent', 'customer']);

      // The SDK's call sends Content-Type: application/json and no body: the ticket's 400.
      const error = await api.postConversationCobrowse(DEMO.voiceConnected).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toEqual({
        message: 'cobrowseSessionId required',
        code: 'bad.request',
        status: 400,
        messageParams: {},
        contextId: expect.any(String),
        details: [{ errorCode: 'required', fieldName: 'cobrowseSessionId' }],
        errors: [],
      });

      // The create body goes over plain HTTP (the SDK method takes none); the SDK reads the result.
      const token = auth.accessToken;
      const created = await fetch(`${server.url}/api/v2/conversations/${DEMO.voiceConnected}/cobrowse`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(CREATE_BODY),
      });
      expect(created.status).toBe(200);
      const session = (await created.json()) as { id: string };
      const after = await api.getConversation(DEMO.voiceConnected);
      const roles = after.participants?.flatMap((p) => (p.cobrowsesessions ?? []).map((c) => [p.purpose, c.cobrowseRole, c.state, c.cobrowseSessionId]));
      expect(roles).toEqual(
        expect.arrayContaining([
          ['agent', 'viewer', 'connected', session.id],
          ['customer', 'sharer', 'connected', session.id],
        ]),
      );
    } finally {
      await server.close();
    }
  });

  test('a token without cobrowse:session:write gets the 403 through the SDK', async () => {
    const h = harness();
    const server = await listen(h.app);
    try {
      await sdkLogin(platformClient, server.port, 'no-cobrowse-client', 'no-cobrowse-secret');
      const error = await new platformClient.ConversationsApi().postConversationCobrowse(DEMO.voiceConnected).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ status: 403, code: 'missing.any.scopes' });
    } finally {
      await server.close();
    }
  });
});
