// The `PureCloud OAuth` security handler: the validator calls it with the scopes the OpenAPI
// document declares for the operation, so scopes are enforced from the document alone.
import type { Request } from 'express';
import { ApiError } from '../domain/errors.js';
import type { Deps } from '../domain/deps.js';
import { authenticate, requireAnyScope } from '../domain/oauth.js';
import { requestState } from './request-state.js';

export const SECURITY_SCHEME = 'PureCloud OAuth';

export function pureCloudOAuth(deps: Deps) {
  return (req: Request, scopes: string[]): true => {
    const state = requestState(req);
    try {
      const principal = authenticate(deps, req.headers.authorization);
      requireAnyScope(principal, scopes);
      state.principal = principal;
      return true;
    } catch (e) {
      if (e instanceof ApiError) state.authFailure = e;
      throw e;
    }
  };
}
