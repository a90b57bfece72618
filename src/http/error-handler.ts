// The one place errors become responses: the Genesys ErrorBody everywhere, and the OAuth shape
// on /oauth/token. Never an HTML page or a stack trace.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { ApiError, OAuthError, type ErrorDetail } from '../domain/errors.js';
import { StoreWriteError } from '../store/store.js';
import { pathKind } from './paths.js';
import { requestState } from './request-state.js';

interface ValidatorError {
  status: number;
  message: string;
  errors?: { path?: string; message?: string; errorCode?: string }[];
}

function isValidatorError(e: unknown): e is ValidatorError {
  return typeof e === 'object' && e !== null && typeof (e as ValidatorError).status === 'number' && Array.isArray((e as ValidatorError).errors);
}

/** '/body/participants/0/id' → 'participants[0].id'; '/query/pageSize' → 'pageSize'. */
function fieldName(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path
    .replace(/^\/?(body|query|params|headers|path)\/?/, '')
    .split('/')
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** An error of ours for whatever was thrown. */
function toApiError(req: Request, e: unknown, maxBodyBytes: number): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof StoreWriteError) return new ApiError('insufficientStorage', {}, [], { reason: e.message });
  const state = requestState(req);
  const status = (e as { status?: unknown })?.status;
  if ((status === 401 || status === 403) && state.authFailure) return state.authFailure;
  if ((e as { type?: string })?.type === 'entity.too.large' || status === 413) {
    return new ApiError('payloadTooLarge', {}, [], { limit: String(maxBodyBytes) });
  }
  if (isValidatorError(e)) {
    if (status === 404 || status === 405) return new ApiError('notFound');
    if (status === 415) return new ApiError('unsupportedMediaType');
    if (status === 400) {
      // A malformed JSON body held back for auth surfaces here if the validator saw the gap first.
      if (state.deferredBodyError) return state.deferredBodyError;
      const errors = e.errors ?? [];
      const details: ErrorDetail[] = errors.map((x) => {
        const name = fieldName(x.path);
        const code = (x.errorCode ?? 'invalid').replace(/\.openapi\.(validation|requestValidation)$/, '');
        return name ? { errorCode: code, fieldName: name } : { errorCode: code };
      });
      const problems = errors.map((x) => `${fieldName(x.path) ?? 'body'} ${x.message ?? 'is invalid'}`).join('; ');
      const bodyOnly = errors.length > 0 && errors.every((x) => /^\/?body(\/|$)/.test(x.path ?? ''));
      return new ApiError(bodyOnly ? 'invalidBody' : 'invalidRequest', {}, details, { problems: problems || e.message });
    }
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser's own refusals: unsupported charset or encoding (415), aborted request (400).
    return status === 415 ? new ApiError('unsupportedMediaType') : new ApiError('badRequest');
  }
  return new ApiError('internal');
}

/** The Genesys ErrorBody. */
export function errorBody(error: ApiError, correlationId: string): Record<string, unknown> {
  return {
    message: error.message,
    code: error.code,
    status: error.status,
    messageParams: error.messageParams,
    contextId: correlationId,
    details: error.details,
    errors: [],
  };
}

function sendApiError(res: Response, correlationId: string, error: ApiError): void {
  res.status(error.status).json(errorBody(error, correlationId));
}

/** An error of ours in the OAuth shape the login service answers with. */
function asOAuthError(error: ApiError): OAuthError {
  const key =
    error.status === 429 ? 'tooManyRequests' : error.status === 503 ? 'temporarilyUnavailable' : error.status >= 500 ? 'serverError' : 'invalidRequest';
  return new OAuthError(key, { reason: error.message }, error.status);
}

function sendOAuthError(res: Response, error: OAuthError): void {
  res.status(error.status).json({ error: error.error, description: error.message, error_description: error.message });
}

export function errorHandler(options: { maxBodyBytes: number; log: (line: string) => void }): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const apiError = err instanceof OAuthError ? undefined : toApiError(req, err, options.maxBodyBytes);
    if (apiError?.status === 500) options.log(`internal error on ${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}`);
    if (pathKind(req.path) === 'token') {
      return sendOAuthError(res, err instanceof OAuthError ? err : asOAuthError(apiError!));
    }
    sendApiError(res, requestState(req).correlationId, apiError ?? new ApiError('internal'));
  };
}
