// The Conversations API group (openapi/groups/conversations.yaml): conversations of every media,
// their participants, and cobrowse sessions. The per-media operations come from the media table.
import { startCobrowse } from '../../domain/cobrowse.js';
import { presentConversation, renderMediaConversation, storeNames } from '../../domain/conversation-render.js';
import {
  conversationOf,
  createCall,
  createChat,
  createMessage,
  getCobrowseSession,
  listCobrowseSessions,
  listConversations,
  listMediaConversations,
  patchCobrowseSession,
  patchConversation,
  patchParticipant,
  replaceParticipant,
} from '../../domain/conversation-actions.js';
import { MEDIA, MEDIA_TYPES } from '../../domain/media.js';
import { parsePageRequest } from '../../domain/paging.js';
import type { MediaType } from '../../store/schema.js';
import { accepted, type Handlers, type OperationContext } from '../operations.js';

/** The paging of a request, from its query as sent. */
const paging = (ctx: OperationContext) => parsePageRequest({ pageSize: ctx.query.get('pageSize'), pageNumber: ctx.query.get('pageNumber') });

type Param = { params: { conversationId: string; participantId?: string } };

/** The five operations every media has, under its operationIds. */
function mediaHandlers(media: MediaType): Handlers {
  const stem = MEDIA[media].operation;
  const handlers: Record<string, (ctx: OperationContext & Param) => unknown> = {
    [`getConversations${stem}s`]: (ctx) => listMediaConversations(ctx.deps, ctx.principal, media, paging(ctx)),
    [`getConversations${stem}`]: (ctx) =>
      renderMediaConversation(conversationOf(ctx.deps, ctx.principal, ctx.params.conversationId, media), storeNames(ctx.store)),
    [`patchConversations${stem}`]: (ctx) => patchConversation(ctx.deps, ctx.principal, media, ctx.params.conversationId, (ctx.body ?? {}) as { state?: string }),
    [`patchConversations${stem}Participant`]: async (ctx) => {
      await patchParticipant(ctx.deps, ctx.principal, media, ctx.params.conversationId, ctx.params.participantId!, (ctx.body ?? {}) as object);
      return accepted();
    },
    [`postConversations${stem}ParticipantReplace`]: async (ctx) => {
      await replaceParticipant(ctx.deps, ctx.principal, media, ctx.params.conversationId, ctx.params.participantId!, (ctx.body ?? {}) as object);
      return accepted();
    },
  };
  return handlers as Handlers;
}

const generic = {
  getConversations: (ctx) => listConversations(ctx.deps, ctx.principal, ctx.query.get('communicationType') ?? undefined, paging(ctx)),
  postConversationsCalls: (ctx) => createCall(ctx.deps, ctx.principal, ctx.body ?? {}),
  postConversationsChats: (ctx) => createChat(ctx.deps, ctx.principal, ctx.body),
  postConversationsMessages: (ctx) => createMessage(ctx.deps, ctx.principal, ctx.body),
  getConversationsCobrowsesessions: (ctx) => listCobrowseSessions(ctx.deps, ctx.principal, paging(ctx)),
  getConversationsCobrowsesession: (ctx) => getCobrowseSession(ctx.deps, ctx.principal, ctx.params.conversationId),
  patchConversationsCobrowsesession: (ctx) => patchCobrowseSession(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body ?? {}),
  // Another org's conversation is answered exactly as a missing one.
  getConversation: (ctx) => presentConversation(ctx.store, conversationOf(ctx.deps, ctx.principal, ctx.params.conversationId)),
  postConversationCobrowse: (ctx) => startCobrowse(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body),
} satisfies Handlers;

export const handlers: Handlers = Object.assign({}, generic, ...MEDIA_TYPES.map(mediaHandlers));
