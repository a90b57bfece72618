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
  setParticipantAttributes,
  transferParticipant,
} from '../../domain/conversation-actions.js';
import { cancelConsult, consultDestination, startConsult, updateConsult } from '../../domain/consult.js';
import { MEDIA, MEDIA_TYPES } from '../../domain/media.js';
import type { MediaType } from '../../store/schema.js';
import { accepted, noContent, pageRequestOf, type Handler, type Handlers } from '../operations.js';

/**
 * The five operations every media has, under its operationIds. Their requests and answers are
 * the same for every media (the document writes them from one shape), so they are typed as the
 * calls' and bound under each media's names.
 */
function mediaHandlers(media: MediaType): Handlers {
  const list: Handler<'getConversationsCalls'> = (ctx) => listMediaConversations(ctx.deps, ctx.principal, media, pageRequestOf(ctx));
  const get: Handler<'getConversationsCall'> = (ctx) =>
    renderMediaConversation(conversationOf(ctx.deps, ctx.principal, ctx.params.conversationId, media), storeNames(ctx.store));
  const patch: Handler<'patchConversationsCall'> = (ctx) => patchConversation(ctx.deps, ctx.principal, media, ctx.params.conversationId, ctx.body);
  const patchOne: Handler<'patchConversationsCallParticipant'> = async (ctx) => {
    await patchParticipant(ctx.deps, ctx.principal, media, ctx.params.conversationId, ctx.params.participantId, ctx.body);
    return accepted();
  };
  const replace: Handler<'postConversationsCallParticipantReplace'> = async (ctx) => {
    await replaceParticipant(ctx.deps, ctx.principal, media, ctx.params.conversationId, ctx.params.participantId, ctx.body);
    return accepted();
  };
  const attributes: Handler<'patchConversationsCallParticipantAttributes'> = (ctx) =>
    setParticipantAttributes(ctx.deps, ctx.principal, media, ctx.params.conversationId, ctx.params.participantId, ctx.body.attributes);
  const stem = MEDIA[media].operation;
  return {
    [`getConversations${stem}s`]: list,
    [`getConversations${stem}`]: get,
    [`patchConversations${stem}`]: patch,
    [`patchConversations${stem}Participant`]: patchOne,
    [`postConversations${stem}ParticipantReplace`]: replace,
    // Genesys has no attributes operation of chats' own: the generic one sets them.
    ...(media === 'chat' ? {} : { [`patchConversations${stem}ParticipantAttributes`]: attributes }),
  } as Handlers;
}

const generic = {
  getConversations: (ctx) => listConversations(ctx.deps, ctx.principal, ctx.query.get('communicationType') ?? undefined, pageRequestOf(ctx)),
  postConversationsCalls: (ctx) => createCall(ctx.deps, ctx.principal, ctx.body ?? {}),
  postConversationsChats: (ctx) => createChat(ctx.deps, ctx.principal, ctx.body),
  postConversationsMessages: (ctx) => createMessage(ctx.deps, ctx.principal, ctx.body),
  getConversationsCobrowsesessions: (ctx) => listCobrowseSessions(ctx.deps, ctx.principal, pageRequestOf(ctx)),
  getConversationsCobrowsesession: (ctx) => getCobrowseSession(ctx.deps, ctx.principal, ctx.params.conversationId),
  patchConversationsCobrowsesession: (ctx) => patchCobrowseSession(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body ?? {}),
  // Another org's conversation is answered exactly as a missing one.
  getConversation: (ctx) => presentConversation(ctx.store, conversationOf(ctx.deps, ctx.principal, ctx.params.conversationId)),
  // The session's socket is on this server, at the host the client reached it by.
  postConversationCobrowse: (ctx) => startCobrowse(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.body, `ws://${ctx.headers.host ?? '127.0.0.1'}`),
  postConversationParticipantTransfer: async (ctx) => {
    await transferParticipant(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, { address: ctx.body.address });
    return accepted();
  },
  postConversationParticipantReplaceExternal: async (ctx) => {
    await transferParticipant(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, { address: ctx.body.address });
    return accepted();
  },
  postConversationParticipantReplaceContactExternal: async (ctx) => {
    await transferParticipant(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, {
      contactId: ctx.body.contactId,
      phoneType: ctx.body.phoneType,
    });
    return accepted();
  },
  postConversationParticipantReplaceAgent: async (ctx) => {
    await transferParticipant(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, {
      userId: ctx.body.userId,
      userName: ctx.body.userName,
    });
    return accepted();
  },
  postConversationParticipantReplaceQueue: async (ctx) => {
    await transferParticipant(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, {
      queueId: ctx.body.queueId,
      queueName: ctx.body.queueName,
    });
    return accepted();
  },
  postConversationsCallParticipantConsult: (ctx) =>
    startConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, ctx.body, consultDestination(ctx.body.destination)),
  postConversationsCallParticipantConsultAgent: (ctx) =>
    startConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, ctx.body, { userId: ctx.body.userId }),
  postConversationsCallParticipantConsultQueue: (ctx) =>
    startConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, ctx.body, {
      queueId: ctx.body.queueId,
      queueName: ctx.body.queueName,
    }),
  postConversationsCallParticipantConsultExternal: (ctx) =>
    startConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, ctx.body, { address: ctx.body.address }),
  postConversationsCallParticipantConsultContactExternal: (ctx) =>
    startConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, ctx.body, {
      contactId: ctx.body.contactId,
      phoneType: ctx.body.phoneType,
    }),
  patchConversationsCallParticipantConsult: (ctx) => updateConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId, ctx.body),
  deleteConversationsCallParticipantConsult: async (ctx) => {
    await cancelConsult(ctx.deps, ctx.principal, ctx.params.conversationId, ctx.params.participantId);
    return noContent();
  },
  patchConversationParticipantAttributes: async (ctx) => {
    await setParticipantAttributes(ctx.deps, ctx.principal, undefined, ctx.params.conversationId, ctx.params.participantId, ctx.body.attributes);
    return accepted();
  },
} satisfies Handlers;

export const handlers: Handlers = Object.assign({}, generic, ...MEDIA_TYPES.map(mediaHandlers));
