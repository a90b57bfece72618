// POST /api/v2/conversations/{conversationId}/cobrowse, rules 4 to 11 of the cobrowse ticket
// (authentication, scope and body types are checked before this runs). Each rule answers in turn.
import { ApiError, invalidValue, type ErrorDetail } from './errors.js';
import { MEDIA } from './media.js';
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { activeAgentIds, viewOf, withEvent, type ConversationView } from './conversations.js';
import type { Principal } from './oauth.js';
import type { Model } from './models.js';
import type { Change, StoreView } from '../store/store.js';
import type { CobrowseParty, CobrowseSessionRecord, ConversationRecord } from '../store/schema.js';

const PLACEHOLDERS = new Set(['', 'null', 'undefined']);

/** What the session looks like to the caller. */
/** How long a session's offer (its join code) stands: the emulator's choice, as Genesys does not publish one. */
export const OFFER_MINUTES = 10;

/**
 * Genesys' CobrowseWebMessagingSession, with the fields the ticket and the README rely on beside
 * it; `websocketBase` is this server's ws:// origin (the handler knows its host).
 */
function renderSession(session: CobrowseSessionRecord, conversationId: string, websocketBase: string): Model<'CobrowseWebMessagingSession'> {
  return {
    id: session.id,
    name: 'Cobrowse session',
    cobrowseSessionId: session.id,
    conversationId,
    state: session.state,
    // The rules let only an agent initiate and only external parties take part (validateParties).
    initiator: { id: session.initiator.id, type: 'agent' },
    participants: session.participants.map((p) => ({ id: p.id, type: 'external' })),
    joinCode: session.joinCode,
    websocketUrl: `${websocketBase}/cobrowse/sessions/${session.id}`,
    dateOfferEnds: new Date(Date.parse(session.dateCreated) + OFFER_MINUTES * 60_000).toISOString(),
    communicationType: 'Cobrowse',
    dateCreated: session.dateCreated,
    selfUri: `/api/v2/conversations/cobrowsesessions/${session.id}`,
  };
}

function sessionIdRequired(): ApiError {
  return new ApiError('cobrowseSessionIdRequired', {}, [{ errorCode: 'required', fieldName: 'cobrowseSessionId' }]);
}

function isPlaceholder(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && PLACEHOLDERS.has(value.trim().toLowerCase()));
}

function activeSession(store: StoreView, conversationId: string): CobrowseSessionRecord | undefined {
  return store.lookup('sessionsByConversation', conversationId).find((s) => s.state === 'connected');
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export async function startCobrowse(
  deps: Deps,
  principal: Principal,
  conversationId: string,
  body: unknown,
  websocketBase: string,
): Promise<Model<'CobrowseWebMessagingSession'>> {
  const { store } = deps;
  // The store is the caller's org's view: another org's conversation is answered as a missing one.
  const conversation = store.get('conversations', conversationId);
  if (!conversation) throw new ApiError('notFound');
  if (!MEDIA[conversation.mediaType].cobrowse) {
    throw new ApiError('mediaTypeInvalid', { conversationId, mediaType: conversation.mediaType });
  }
  const view = viewOf(conversation);
  if (view.stage !== 'connected') throw new ApiError('conversationStateInvalid', { conversationId, state: view.stage });

  const fields = asObject(body) ?? {};
  if (Object.hasOwn(fields, 'cobrowseSessionId')) {
    return linkSession(deps, principal, conversation, fields.cobrowseSessionId, websocketBase);
  }
  const initiatorGiven = fields.initiator !== undefined && fields.initiator !== null;
  const participantsGiven = fields.participants !== undefined && fields.participants !== null;
  if (!initiatorGiven && !participantsGiven) throw sessionIdRequired();

  const { initiator, participants } = validateParties(fields.initiator, fields.participants);
  checkPartiesBelong(conversation, view, initiator, participants);

  const active = activeSession(store, conversationId);
  if (active) throw new ApiError('sessionActive', { cobrowseSessionId: active.id });

  const at = isoNow(deps.clock);
  const session: CobrowseSessionRecord = {
    id: deps.ids.uuid(),
    orgId: conversation.orgId,
    conversationIds: [conversationId],
    state: 'connected',
    initiator,
    participants,
    joinCode: deps.ids.joinCode(),
    dateCreated: at,
  };
  await store.commit([
    { op: 'put', collection: 'cobrowseSessions', record: session },
    { op: 'put', collection: 'conversations', record: withEvent(conversation, { type: 'cobrowseStarted', at, sessionId: session.id }) },
  ]);
  return renderSession(session, conversationId, websocketBase);
}

async function linkSession(
  deps: Deps,
  principal: Principal,
  conversation: ConversationRecord,
  sessionId: unknown,
  websocketBase: string,
): Promise<Model<'CobrowseWebMessagingSession'>> {
  if (isPlaceholder(sessionId) || typeof sessionId !== 'string') throw sessionIdRequired();
  const session = deps.store.get('cobrowseSessions', sessionId.trim());
  if (!session) throw new ApiError('notFound');
  if (session.state !== 'connected') throw new ApiError('sessionEnded', { cobrowseSessionId: session.id });
  if (session.conversationIds.includes(conversation.id)) return renderSession(session, conversation.id, websocketBase);
  const active = activeSession(deps.store, conversation.id);
  if (active) throw new ApiError('sessionActive', { cobrowseSessionId: active.id });

  const at = isoNow(deps.clock);
  const linked: CobrowseSessionRecord = { ...session, conversationIds: [...session.conversationIds, conversation.id] };
  await deps.store.commit([
    { op: 'put', collection: 'cobrowseSessions', record: linked },
    { op: 'put', collection: 'conversations', record: withEvent(conversation, { type: 'cobrowseStarted', at, sessionId: session.id }) },
  ]);
  return renderSession(linked, conversation.id, websocketBase);
}

/** Rule 9, shapes: an agent initiator and at least one external participant, each with an id. */
function validateParties(initiatorValue: unknown, participantsValue: unknown): { initiator: CobrowseParty; participants: CobrowseParty[] } {
  const problems: string[] = [];
  const details: ErrorDetail[] = [];
  const problem = (fieldName: string, errorCode: string, text: string) => {
    details.push({ errorCode, fieldName });
    problems.push(`${fieldName} ${text}`);
  };
  const party = (value: unknown, field: string, type: string): CobrowseParty | undefined => {
    const obj = asObject(value);
    if (!obj) {
      problem(field, 'required', `is required, as {"id": "...", "type": "${type}"}`);
      return undefined;
    }
    const id = typeof obj.id === 'string' ? obj.id.trim() : '';
    if (!id) problem(`${field}.id`, 'required', 'is required');
    if (obj.type !== type) problem(`${field}.type`, obj.type === undefined ? 'required' : 'invalid.value', `must be "${type}"`);
    return id && obj.type === type ? { id, type } : undefined;
  };

  const initiator = party(initiatorValue, 'initiator', 'agent');
  const participants: CobrowseParty[] = [];
  if (!Array.isArray(participantsValue) || participantsValue.length === 0) {
    problem('participants', 'required', 'must list at least one {"id": "...", "type": "external"}');
  } else {
    participantsValue.forEach((p, i) => {
      const valid = party(p, `participants[${i}]`, 'external');
      if (valid) participants.push(valid);
    });
  }
  if (problems.length > 0 || !initiator) throw new ApiError('invalidBody', {}, details, { problems: problems.join('; ') });
  return { initiator, participants };
}

/** Rule 9, identities: the initiator is the conversation's agent and each participant its customer. */
function checkPartiesBelong(conversation: ConversationRecord, view: ConversationView, initiator: CobrowseParty, participants: CobrowseParty[]): void {
  const agentIds = activeAgentIds(view);
  if (!agentIds.includes(initiator.id)) throw invalidValue('initiator.id', initiator.id, agentIds);
  participants.forEach((p, i) => {
    if (p.id !== conversation.customerExternalId) throw invalidValue(`participants[${i}].id`, p.id, [conversation.customerExternalId]);
  });
}

/**
 * The changes that end a session: it is disconnected, and so are its communications on every
 * conversation it is linked to but `except` (one whose own change already ends them).
 */
export function endSession(store: StoreView, session: CobrowseSessionRecord, at: string, except?: string): Change[] {
  const changes: Change[] = [{ op: 'put', collection: 'cobrowseSessions', record: { ...session, state: 'disconnected', dateEnded: at } }];
  for (const conversationId of session.conversationIds) {
    const conversation = conversationId === except ? undefined : store.get('conversations', conversationId);
    if (conversation)
      changes.push({ op: 'put', collection: 'conversations', record: withEvent(conversation, { type: 'cobrowseEnded', at, sessionId: session.id }) });
  }
  return changes;
}

/** The changes that end every connected session linked to a conversation being disconnected. */
export function endSessionsOf(store: StoreView, conversationId: string, at: string): Change[] {
  return store
    .lookup('sessionsByConversation', conversationId)
    .filter((session) => session.state === 'connected')
    .flatMap((session) => endSession(store, session, at, conversationId));
}
