// What earlier middleware learned about a request, kept off the request object itself.
import type { Request } from 'express';
import type { ApiError } from '../domain/errors.js';
import type { Principal } from '../domain/oauth.js';

interface RequestState {
  correlationId: string;
  principal?: Principal;
  /** The 401/403 the security handler answered: the validator keeps only its status. */
  authFailure?: ApiError;
  /** A body error held back until authentication has answered (the cobrowse rules' order). */
  deferredBodyError?: ApiError;
  /** The fault that answered this request, for the journal. */
  fault?: string;
  /** The Genesys operation, when a stub or the not-implemented answer named it: for the journal. */
  operation?: string;
  /** The stub that answered it: for the journal. */
  stub?: string;
  /** What it was answered with, when that was JSON: for the journal. */
  responseBody?: unknown;
}

const states = new WeakMap<Request, RequestState>();

export function requestState(req: Request): RequestState {
  let state = states.get(req);
  if (!state) states.set(req, (state = { correlationId: '' }));
  return state;
}
