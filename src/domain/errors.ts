// The one error catalogue: every error the emulator answers with, by key, with its HTTP status,
// its Genesys code and its message template. Placeholders `{name}` are filled from messageParams.

export const CATALOGUE = {
  badRequest: {
    status: 400,
    code: 'bad.request',
    message: 'The request could not be understood by the server due to malformed syntax.',
  },
  invalidBody: { status: 400, code: 'bad.request', message: 'The request body is invalid: {problems}' },
  invalidRequest: { status: 400, code: 'bad.request', message: 'The request is invalid: {problems}' },
  pageParameterInvalid: { status: 400, code: 'bad.request', message: '{name} must be a whole number from {min} to {max}, not {value}.' },
  malformedJson: { status: 400, code: 'bad.request', message: 'The request body is not valid JSON: {reason}' },
  invalidDate: {
    status: 400,
    code: 'invalid.date',
    message: 'Dates must be specified as ISO-8601 strings. For example: yyyy-MM-ddTHH:mm:ss.SSSZ',
  },
  cobrowseSessionIdRequired: { status: 400, code: 'bad.request', message: 'cobrowseSessionId required' },
  invalidValue: {
    status: 400,
    code: 'invalid.value',
    message: 'Value [{value}] is not valid for field type [{field}]. Allowable values are: {allowed}',
  },
  mediaTypeInvalid: {
    status: 400,
    code: 'conversation.media.type.invalid',
    message: 'Cobrowse can only be started on an active voice or webchat conversation; conversation {conversationId} is of media type {mediaType}.',
  },
  conversationStateInvalid: {
    status: 400,
    code: 'conversation.state.invalid',
    message: 'Cobrowse can only be started on an active voice or webchat conversation; conversation {conversationId} is {state}.',
  },
  participantStateInvalid: {
    status: 400,
    code: 'conversation.participant.state.invalid',
    message: 'Participant {participantId} of conversation {conversationId} is {state} and cannot become {requested}.',
  },
  conversationEnded: {
    status: 400,
    code: 'conversation.state.invalid',
    message: 'Conversation {conversationId} is {state}: it cannot change any more.',
  },
  communicationStateRequired: {
    status: 400,
    code: 'communication.state.required',
    message: "Can only update a communication's state to disconnected.",
  },
  // Genesys' own answer when the caller is not on the call (its developer forum, a consult refused).
  notConnectedParticipant: { status: 400, code: 'bad.request', message: 'You are not a connected participant on the call' },
  notConnectedOnConversation: { status: 400, code: 'bad.request', message: 'You are not a connected participant on the conversation' },
  consultInProgress: {
    status: 400,
    code: 'bad.request',
    message: 'Conversation {conversationId} already has a consult transfer in progress: one consult per call.',
  },
  noConsult: {
    status: 400,
    code: 'bad.request',
    message: 'Participant {participantId} of conversation {conversationId} is not the object of a consult transfer in progress.',
  },
  consultObjectInvalid: {
    status: 400,
    code: 'bad.request',
    message: 'Participant {participantId} is the consulting participant; the path names the party to transfer.',
  },
  userOffline: { status: 400, code: 'bad.request', message: 'User {userId} is Offline and cannot take a transfer.' },
  notAUser: {
    status: 400,
    code: 'not.a.user',
    message: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
  },
  tooManyDestinations: {
    status: 400,
    code: 'too.many.create.conversation.parameters',
    message: 'Only a single destination can be supplied in a create conversation request.',
  },
  queueNotFound: { status: 400, code: 'chat.error.queue.not.found', message: 'The queue does not exist.' },
  pageOutOfRange: {
    status: 400,
    code: 'bad.request',
    message: 'pageNumber {pageNumber} is past the last page ({pageCount}).',
  },
  stateTransitionInvalid: {
    status: 400,
    code: 'bad.request',
    message: 'Conversation {conversationId} cannot move from {from} to {to}: fixture states only move forward.',
  },
  authenticationRequired: {
    status: 401,
    code: 'authentication.required',
    message: 'No authentication bearer token specified in authorization header.',
  },
  badCredentials: { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' },
  credentialsExpired: {
    status: 401,
    code: 'credentials.expired',
    message: 'The supplied credentials are expired and cannot be used.',
  },
  // Genesys' real wording for a missing scope is not documented; see docs in README.
  missingAnyScopes: {
    status: 403,
    code: 'missing.any.scopes',
    message: 'Unable to perform the requested action. You must have at least one of the following scopes assigned: [{scopes}]',
  },
  adminTokenRequired: {
    status: 401,
    code: 'authentication.required',
    message: 'The admin API needs the admin token: Authorization: Bearer <--admin-token>.',
  },
  notFound: { status: 404, code: 'not.found', message: 'The requested resource was not found.' },
  // 409 for a stale version is what Genesys answers (its Terraform provider retries on it:
  // MyPureCloud/terraform-provider-genesyscloud genesyscloud/util/util_retries.go); the code is ours.
  userVersionMismatch: {
    status: 409,
    code: 'general.conflict',
    message: 'The version supplied ({version}) does not match the current version of the user ({currentVersion}).',
  },
  queueNameTaken: { status: 409, code: 'general.conflict', message: 'A queue with the name {name} already exists in the organization.' },
  skillNameTaken: { status: 409, code: 'general.conflict', message: 'A skill with the name {name} already exists in the organization.' },
  wrapupCodeNameTaken: { status: 409, code: 'general.conflict', message: 'A wrap-up code with the name {name} already exists in the organization.' },
  // MyPureCloud/platform-client-sdk-java build/docs/ContactsPatchChange.md: "trying to patch both
  // nested fields and their parent field is not allowed and will result in a 409"; the wording is ours.
  jobNotFulfilled: { status: 400, code: 'bad.request', message: 'Job {jobId} is {state}: its results can be read once it is FULFILLED.' },
  contactPatchOverlap: {
    status: 409,
    code: 'general.conflict',
    message: 'The changes patch both {parent} and {nested}, a field nested in it: patch one or the other.',
  },
  userEmailTaken: { status: 409, code: 'general.conflict', message: 'A user with the email {email} already exists in the organization.' },
  sessionActive: {
    status: 409,
    code: 'cobrowse.session.active',
    message: 'The conversation already has an active cobrowse session {cobrowseSessionId}.',
  },
  sessionEnded: {
    status: 409,
    code: 'cobrowse.session.ended',
    message: 'The cobrowse session {cobrowseSessionId} has ended.',
  },
  tooManySubscriptions: { status: 400, code: 'notification.subscription.too.many.subscriptions', message: 'Too many subscriptions' },
  requestTimeout: { status: 408, code: 'request.timeout', message: 'The request was not received in time.' },
  headersTooLarge: {
    status: 431,
    code: 'request.header.fields.too.large',
    message: 'The request line and headers are larger than the server accepts.',
  },
  payloadTooLarge: {
    status: 413,
    code: 'request.entity.too.large',
    message: 'The request body exceeds the maximum of {limit} bytes.',
  },
  unsupportedMediaType: {
    status: 415,
    code: 'unsupported.media.type',
    message: 'Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.',
  },
  tooManyRequests: {
    status: 429,
    code: 'too.many.requests.retry.after',
    message: 'Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds',
  },
  serviceUnavailable: {
    status: 503,
    code: 'service.unavailable',
    message: 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).',
  },
  insufficientStorage: {
    status: 507,
    code: 'insufficient.storage',
    message: "The emulator's data file could not be written ({reason}), so the change was not made; reads still work.",
  },
  notImplemented: {
    status: 501,
    code: 'not.implemented',
    message: '{method} {path} ({operation}) is a Genesys Cloud operation that genesys-cloud-mock does not implement. Stub it: POST /__admin/stubs',
  },
  internal: {
    status: 500,
    code: 'internal.server.error',
    message: 'The server encountered an unexpected condition which prevented it from fulfilling the request.',
  },
} as const satisfies Record<string, { status: number; code: string; message: string }>;

export type ErrorKey = keyof typeof CATALOGUE;

export interface ErrorDetail {
  errorCode: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

export type MessageParams = Record<string, string>;

/** An error of the catalogue; the HTTP layer turns it into the Genesys ErrorBody. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(
    readonly key: ErrorKey,
    readonly messageParams: MessageParams = {},
    readonly details: ErrorDetail[] = [],
    /** Params used only to fill the message, not reported in messageParams. */
    fill: MessageParams = {},
  ) {
    const entry = CATALOGUE[key];
    super(fillTemplate(entry.message, { ...fill, ...messageParams }));
    this.name = 'ApiError';
    this.status = entry.status;
    this.code = entry.code;
  }
}

/** Genesys' invalid.value: `value` is not one of `allowed` for `field` (a list, or the words to show). */
export function invalidValue(field: string, value: string, allowed: readonly string[] | string): ApiError {
  const shown = typeof allowed === 'string' ? allowed : `[${allowed.join(', ')}]`;
  return new ApiError('invalidValue', {}, [{ errorCode: 'invalid.value', fieldName: field }], { value, field, allowed: shown });
}

function fillTemplate(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

// OAuth /oauth/token errors do not use ErrorBody but the OAuth shape {error, description, error_description}.
export const OAUTH_CATALOGUE = {
  clientNotFound: { status: 400, error: 'invalid_client', description: 'client not found' },
  authenticationFailed: { status: 401, error: 'invalid_client', description: 'authentication failed' },
  credentialsMissing: { status: 401, error: 'invalid_client', description: 'client authentication required' },
  unsupportedGrantType: { status: 400, error: 'unsupported_grant_type', description: 'grant type not supported' },
  invalidScope: { status: 400, error: 'invalid_scope', description: 'invalid scope: {scopes}' },
  invalidRequest: { status: 400, error: 'invalid_request', description: '{reason}' },
  invalidGrant: { status: 400, error: 'invalid_grant', description: '{reason}' },
  unauthorizedClient: { status: 400, error: 'unauthorized_client', description: 'client is not authorized for the {grantType} grant' },
  serverError: { status: 500, error: 'server_error', description: '{reason}' },
  temporarilyUnavailable: { status: 503, error: 'temporarily_unavailable', description: '{reason}' },
  tooManyRequests: { status: 429, error: 'too_many_requests', description: '{reason}' },
} as const satisfies Record<string, { status: number; error: string; description: string }>;

export type OAuthErrorKey = keyof typeof OAUTH_CATALOGUE;

export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  constructor(key: OAuthErrorKey, params: MessageParams = {}, statusOverride?: number) {
    const entry = OAUTH_CATALOGUE[key];
    super(fillTemplate(entry.description, params));
    this.name = 'OAuthError';
    this.status = statusOverride ?? entry.status;
    this.error = entry.error;
  }
}
