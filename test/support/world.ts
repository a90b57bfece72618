// A small org (plus a foreign one) with one conversation per case the cobrowse rules tell apart.
import type { Deps } from '../../src/domain/deps.js';
import { buildSeedDocument, parseSeed } from '../../src/domain/seed.js';
import { openMemoryStore, type Store } from '../../src/store/store.js';
import { randomIds } from '../../src/system.js';
import type { CobrowseSessionRecord } from '../../src/store/schema.js';
import { TestClock } from './harness.js';

export const ORG = 'org-a';
export const OTHER_ORG = 'org-b';
export const AGENT = 'agent-a';
export const OTHER_AGENT = 'agent-a2';

function conv(id: string, mediaType: string, state: string, extra: Record<string, string> = {}) {
  return { id, mediaType, state, agentUserId: AGENT, customerExternalId: `ext-${id}`, ...extra };
}

export const WORLD_SEED = parseSeed({
  orgs: [
    { id: ORG, name: 'Org A' },
    { id: OTHER_ORG, name: 'Org B' },
  ],
  users: [
    { id: AGENT, name: 'Ada Agent' },
    { id: OTHER_AGENT, name: 'Bob Agent' },
    { id: 'agent-b', name: 'Foreign Agent', orgId: OTHER_ORG },
  ],
  oauthClients: [
    { clientId: 'full', clientSecret: 'full-secret', scopes: ['conversations', 'cobrowse:session:write'] },
    { clientId: 'read', clientSecret: 'read-secret', scopes: ['conversations:readonly'] },
    { clientId: 'foreign', clientSecret: 'foreign-secret', scopes: ['conversations', 'cobrowse:session:write'], orgId: OTHER_ORG },
  ],
  conversations: [
    conv('voice-connected', 'voice', 'connected'),
    conv('chat-connected', 'chat', 'connected'),
    conv('chat-linked', 'chat', 'connected'),
    conv('voice-busy', 'voice', 'connected'),
    conv('chat-queued', 'chat', 'queued'),
    conv('voice-alerting', 'voice', 'alerting'),
    conv('voice-disconnected', 'voice', 'disconnected'),
    conv('email-connected', 'email', 'connected'),
    conv('message-connected', 'message', 'connected'),
    conv('callback-connected', 'callback', 'connected'),
    { ...conv('foreign-voice', 'voice', 'connected'), agentUserId: 'agent-b', orgId: OTHER_ORG },
  ],
});

export const LIVE_SESSION = '11111111-1111-4111-8111-111111111111';
export const ENDED_SESSION = '22222222-2222-4222-8222-222222222222';
export const FOREIGN_SESSION = '33333333-3333-4333-8333-333333333333';

function session(id: string, orgId: string, conversationId: string, state: 'connected' | 'disconnected'): CobrowseSessionRecord {
  return {
    id,
    orgId,
    conversationIds: [conversationId],
    state,
    initiator: { id: AGENT, type: 'agent' },
    participants: [{ id: `ext-${conversationId}`, type: 'external' }],
    joinCode: '123456',
    dateCreated: '2026-01-01T08:00:00.000Z',
    ...(state === 'disconnected' ? { dateEnded: '2026-01-01T08:30:00.000Z' } : {}),
  };
}

/**
 * The whole store seen as one org sees it, as the domain is given it when serving a call of that
 * org (src/store/org-view.ts), with the whole store's own operations beside.
 */
function seenBy(whole: Store, orgId: string): Store {
  return {
    ...whole.org(orgId),
    org: (id) => whole.org(id),
    replace: (doc) => whole.replace(doc),
    snapshot: () => whole.snapshot(),
    isEmpty: () => whole.isEmpty(),
    idle: () => whole.idle(),
    close: (options) => whole.close(options),
  };
}

/** A fresh world, as the caller's org (ORG) sees it: sessions are stored directly as the store holds them. */
export function world(): Deps & { store: Store; clock: TestClock } {
  const clock = new TestClock();
  const doc = buildSeedDocument({ clock, ids: randomIds }, WORLD_SEED);
  doc.cobrowseSessions.push(
    session(LIVE_SESSION, ORG, 'voice-busy', 'connected'),
    session(ENDED_SESSION, ORG, 'chat-linked', 'disconnected'),
    session(FOREIGN_SESSION, OTHER_ORG, 'foreign-voice', 'connected'),
  );
  return { store: seenBy(openMemoryStore(doc).store, ORG), clock, ids: randomIds };
}

export function validBody(conversationId: string) {
  return {
    initiator: { id: AGENT, type: 'agent' },
    participants: [{ id: `ext-${conversationId}`, type: 'external' }],
  };
}
