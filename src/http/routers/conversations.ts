import { Router } from 'express';
import type { Deps } from '../../domain/deps.js';
import { ApiError } from '../../domain/errors.js';
import { presentConversation } from '../../domain/conversation-render.js';
import { startCobrowse } from '../../domain/cobrowse.js';
import { principalOf } from '../request-state.js';

export function conversationsRouter(deps: Deps): Router {
  const router = Router();

  router.get('/api/v2/conversations/:conversationId', (req, res) => {
    const conversation = deps.store.get('conversations', req.params.conversationId);
    // Another org's conversation is answered exactly as a missing one.
    if (!conversation || conversation.orgId !== principalOf(req).orgId) throw new ApiError('notFound');
    res.json(presentConversation(deps.store, conversation));
  });

  router.post('/api/v2/conversations/:conversationId/cobrowse', async (req, res) => {
    res.json(await startCobrowse(deps, principalOf(req), req.params.conversationId, req.body));
  });

  return router;
}
