// The Conversations API group: /api/v2/conversations/**.
import { Router, type Request } from 'express';
import type { Deps } from '../../domain/deps.js';
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
  SEGMENT_MEDIA,
} from '../../domain/conversation-actions.js';
import { pageRequestOf } from '../paging.js';
import { principalOf } from '../request-state.js';


const body = <T>(req: Request): T => (req.body ?? {}) as T;

export function conversationsRouter(deps: Deps): Router {
  const router = Router({ caseSensitive: true });
  const base = '/api/v2/conversations';

  router.get(base, (req, res) => {
    const type = req.query.communicationType;
    res.json(listConversations(deps, principalOf(req), typeof type === 'string' ? type : undefined, pageRequestOf(req)));
  });

  router.post(`${base}/calls`, async (req, res) => {
    res.json(await createCall(deps, principalOf(req), body(req)));
  });
  router.post(`${base}/chats`, async (req, res) => {
    res.json(await createChat(deps, principalOf(req), body(req)));
  });
  router.post(`${base}/messages`, async (req, res) => {
    res.json(await createMessage(deps, principalOf(req), body(req)));
  });

  router.get(`${base}/cobrowsesessions`, (req, res) => {
    res.json(listCobrowseSessions(deps, principalOf(req), pageRequestOf(req)));
  });
  router.get(`${base}/cobrowsesessions/:conversationId`, (req, res) => {
    res.json(getCobrowseSession(deps, principalOf(req), req.params.conversationId));
  });
  router.patch(`${base}/cobrowsesessions/:conversationId`, async (req, res) => {
    res.json(await patchCobrowseSession(deps, principalOf(req), req.params.conversationId, body(req)));
  });

  for (const [segment, media] of Object.entries(SEGMENT_MEDIA)) {
    router.get(`${base}/${segment}`, (req, res) => {
      res.json(listMediaConversations(deps, principalOf(req), media, pageRequestOf(req)));
    });
    router.get(`${base}/${segment}/:conversationId`, (req, res) => {
      const conversation = conversationOf(deps, principalOf(req), req.params.conversationId, media);
      res.json(renderMediaConversation(conversation, storeNames(deps.store)));
    });
    router.patch(`${base}/${segment}/:conversationId`, async (req, res) => {
      res.json(await patchConversation(deps, principalOf(req), media, req.params.conversationId, body(req)));
    });
    router.patch(`${base}/${segment}/:conversationId/participants/:participantId`, async (req, res) => {
      await patchParticipant(deps, principalOf(req), media, req.params.conversationId, req.params.participantId, body(req));
      res.status(202).end();
    });
    router.post(`${base}/${segment}/:conversationId/participants/:participantId/replace`, async (req, res) => {
      await replaceParticipant(deps, principalOf(req), media, req.params.conversationId, req.params.participantId, body(req));
      res.status(202).end();
    });
  }

  router.get(`${base}/:conversationId`, (req, res) => {
    // Another org's conversation is answered exactly as a missing one.
    res.json(presentConversation(deps.store, conversationOf(deps, principalOf(req), req.params.conversationId)));
  });

  router.post(`${base}/:conversationId/cobrowse`, async (req, res) => {
    res.json(await startCobrowse(deps, principalOf(req), req.params.conversationId, req.body));
  });

  return router;
}
