import { Router } from 'express';
import type { Deps } from '../../domain/deps.js';
import { issueToken } from '../../domain/oauth.js';

export function oauthRouter(deps: Deps, tokenTtlSeconds: number): Router {
  const router = Router({ caseSensitive: true });
  router.post('/oauth/token', async (req, res) => {
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const token = await issueToken(deps, tokenTtlSeconds, { authorization: req.headers.authorization, form });
    res.set('Cache-Control', 'no-store').json(token);
  });
  return router;
}
