// The cobrowse ticket's rules 4 to 11, one row each, over the domain alone.
import { startCobrowse } from '../../src/domain/cobrowse.js';
import { viewOf } from '../../src/domain/conversations.js';
import { ApiError } from '../../src/domain/errors.js';
import type { Principal } from '../../src/domain/oauth.js';
import { COBROWSE_ROWS } from '../support/cobrowse-cases.js';
import { ORG, validBody, world } from '../support/world.js';

/** This server's ws:// origin, as the handler passes it. */
const WS = 'ws://127.0.0.1:8080';
const principal: Principal = { tokenId: 'token-of-full', orgId: ORG, clientId: 'full', scopes: ['cobrowse:session:write'] };
describe('cobrowse rules (domain)', () => {
  test.each(COBROWSE_ROWS)('%s', async (_name, conversationId, body, expected) => {
    const deps = world();
    const outcome = await startCobrowse(deps, principal, conversationId, body, WS).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if ('ok' in expected) {
      if (!('value' in outcome)) throw outcome.error;
      const session = outcome.value as { id: string; state: string; conversationId: string };
      expect(session.state).toBe('connected');
      expect(session.conversationId).toBe(conversationId);
      if (expected.linkedTo) expect(session.id).toBe(expected.linkedTo);
      expect(deps.store.get('cobrowseSessions', session.id)?.conversationIds).toContain(conversationId);
      return;
    }
    expect('error' in outcome).toBe(true);
    const error = (outcome as { error: ApiError }).error;
    expect(error).toBeInstanceOf(ApiError);
    expect({ status: error.status, code: error.code }).toEqual({ status: expected.status, code: expected.code });
    if (expected.message) expect(error.message).toBe(expected.message);
    expect(error.messageParams).toEqual(expected.messageParams ?? {});
    if (expected.details) expect(error.details).toEqual(expected.details);
  });

  test('a rejected request writes nothing', async () => {
    const deps = world();
    const before = deps.store.snapshot();
    await expect(startCobrowse(deps, principal, 'voice-busy', validBody('voice-busy'), WS)).rejects.toThrow(ApiError);
    await expect(startCobrowse(deps, principal, 'chat-queued', validBody('chat-queued'), WS)).rejects.toThrow(ApiError);
    expect(deps.store.snapshot()).toEqual(before);
  });

  test('a state message names the state and the rule', async () => {
    const deps = world();
    await expect(startCobrowse(deps, principal, 'chat-queued', {}, WS)).rejects.toThrow(
      'Cobrowse can only be started on an active voice or webchat conversation; conversation chat-queued is queued.',
    );
  });

  test('two creates racing on one conversation: one session, one 409', async () => {
    const deps = world();
    const results = await Promise.allSettled([
      startCobrowse(deps, principal, 'voice-connected', validBody('voice-connected'), WS),
      startCobrowse(deps, principal, 'voice-connected', validBody('voice-connected'), WS),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as ApiError).code).toBe('cobrowse.session.active');
    expect(deps.store.lookup('sessionsByConversation', 'voice-connected')).toHaveLength(1);
  });

  test('the created session shows on the conversation: viewer agent, sharer customer', async () => {
    const deps = world();
    const session = (await startCobrowse(deps, principal, 'chat-connected', validBody('chat-connected'), WS)) as { id: string };
    const conversation = deps.store.get('conversations', 'chat-connected')!;
    const roles = viewOf(conversation).participants.flatMap((p) =>
      p.cobrowse.map((c) => [p.purpose, c.cobrowseRole, c.state, c.cobrowseSessionId, c.connectedTime]),
    );
    const at = new Date(deps.clock.now()).toISOString();
    expect(roles).toEqual(
      expect.arrayContaining([
        ['agent', 'viewer', 'connected', session.id, at],
        ['customer', 'sharer', 'connected', session.id, at],
      ]),
    );
  });
});
