// The cobrowse ticket's rules 4 to 11 as rows, shared by the domain and the HTTP tests.
import { AGENT, ENDED_SESSION, FOREIGN_SESSION, LIVE_SESSION, OTHER_AGENT, validBody } from './world.js';

export const REQUIRED = {
  status: 400,
  code: 'bad.request',
  message: 'cobrowseSessionId required',
  details: [{ errorCode: 'required', fieldName: 'cobrowseSessionId' }],
};

export type Expect =
  { status: number; code: string; message?: string; messageParams?: Record<string, string>; details?: unknown[] } | { ok: true; linkedTo?: string };

export const COBROWSE_ROWS: [string, string, unknown, Expect][] = [
  // rule 4
  ['unknown conversation', 'nope', validBody('nope'), { status: 404, code: 'not.found' }],
  ["another org's conversation", 'foreign-voice', validBody('foreign-voice'), { status: 404, code: 'not.found' }],
  // rule 5
  [
    'email',
    'email-connected',
    validBody('email-connected'),
    { status: 400, code: 'conversation.media.type.invalid', messageParams: { conversationId: 'email-connected', mediaType: 'email' } },
  ],
  [
    'message',
    'message-connected',
    validBody('message-connected'),
    { status: 400, code: 'conversation.media.type.invalid', messageParams: { conversationId: 'message-connected', mediaType: 'message' } },
  ],
  [
    'callback',
    'callback-connected',
    {},
    { status: 400, code: 'conversation.media.type.invalid', messageParams: { conversationId: 'callback-connected', mediaType: 'callback' } },
  ],
  // rule 6
  [
    'queued chat',
    'chat-queued',
    validBody('chat-queued'),
    { status: 400, code: 'conversation.state.invalid', messageParams: { conversationId: 'chat-queued', state: 'queued' } },
  ],
  [
    'alerting voice',
    'voice-alerting',
    validBody('voice-alerting'),
    { status: 400, code: 'conversation.state.invalid', messageParams: { conversationId: 'voice-alerting', state: 'alerting' } },
  ],
  [
    'disconnected voice',
    'voice-disconnected',
    validBody('voice-disconnected'),
    { status: 400, code: 'conversation.state.invalid', messageParams: { conversationId: 'voice-disconnected', state: 'disconnected' } },
  ],
  // rule 7
  ['cobrowseSessionId null', 'voice-connected', { cobrowseSessionId: null }, REQUIRED],
  ['cobrowseSessionId ""', 'voice-connected', { cobrowseSessionId: '' }, REQUIRED],
  ['cobrowseSessionId "null" (the ticket)', 'voice-connected', { cobrowseSessionId: 'null' }, REQUIRED],
  ['cobrowseSessionId "undefined"', 'voice-connected', { cobrowseSessionId: 'undefined' }, REQUIRED],
  ['cobrowseSessionId blank', 'voice-connected', { cobrowseSessionId: '   ' }, REQUIRED],
  ['placeholder beside a valid create body', 'voice-connected', { cobrowseSessionId: 'null', ...validBody('voice-connected') }, REQUIRED],
  ['unknown session id', 'voice-connected', { cobrowseSessionId: '99999999-9999-4999-8999-999999999999' }, { status: 404, code: 'not.found' }],
  ["another org's session", 'voice-connected', { cobrowseSessionId: FOREIGN_SESSION }, { status: 404, code: 'not.found' }],
  [
    'ended session',
    'voice-connected',
    { cobrowseSessionId: ENDED_SESSION },
    { status: 409, code: 'cobrowse.session.ended', messageParams: { cobrowseSessionId: ENDED_SESSION } },
  ],
  ['live session', 'voice-connected', { cobrowseSessionId: LIVE_SESSION }, { ok: true, linkedTo: LIVE_SESSION }],
  ['live session, already linked here', 'voice-busy', { cobrowseSessionId: LIVE_SESSION }, { ok: true, linkedTo: LIVE_SESSION }],
  // rule 8
  ['no body (the SDK call)', 'voice-connected', undefined, REQUIRED],
  ['empty object', 'voice-connected', {}, REQUIRED],
  ['initiator and participants null', 'voice-connected', { initiator: null, participants: null }, REQUIRED],
  // rule 9
  [
    'initiator only',
    'voice-connected',
    { initiator: { id: AGENT, type: 'agent' } },
    { status: 400, code: 'bad.request', details: [{ errorCode: 'required', fieldName: 'participants' }] },
  ],
  [
    'participants only',
    'voice-connected',
    { participants: validBody('voice-connected').participants },
    { status: 400, code: 'bad.request', details: [{ errorCode: 'required', fieldName: 'initiator' }] },
  ],
  [
    'initiator of type user',
    'voice-connected',
    { ...validBody('voice-connected'), initiator: { id: AGENT, type: 'user' } },
    { status: 400, code: 'bad.request', details: [{ errorCode: 'invalid.value', fieldName: 'initiator.type' }] },
  ],
  [
    'initiator without id',
    'voice-connected',
    { ...validBody('voice-connected'), initiator: { type: 'agent' } },
    { status: 400, code: 'bad.request', details: [{ errorCode: 'required', fieldName: 'initiator.id' }] },
  ],
  [
    'no participants',
    'voice-connected',
    { ...validBody('voice-connected'), participants: [] },
    { status: 400, code: 'bad.request', details: [{ errorCode: 'required', fieldName: 'participants' }] },
  ],
  [
    'participant not external',
    'voice-connected',
    { ...validBody('voice-connected'), participants: [{ id: 'ext-voice-connected', type: 'agent' }] },
    { status: 400, code: 'bad.request', details: [{ errorCode: 'invalid.value', fieldName: 'participants[0].type' }] },
  ],
  [
    "initiator not the conversation's agent",
    'voice-connected',
    { ...validBody('voice-connected'), initiator: { id: OTHER_AGENT, type: 'agent' } },
    {
      status: 400,
      code: 'invalid.value',
      message: `Value [${OTHER_AGENT}] is not valid for field type [initiator.id]. Allowable values are: [${AGENT}]`,
      details: [{ errorCode: 'invalid.value', fieldName: 'initiator.id' }],
    },
  ],
  [
    'participant not the customer',
    'voice-connected',
    { ...validBody('voice-connected'), participants: [{ id: 'CUSTOMER_EXTERNAL_ID', type: 'external' }] },
    { status: 400, code: 'invalid.value', details: [{ errorCode: 'invalid.value', fieldName: 'participants[0].id' }] },
  ],
  // rule 10
  [
    'conversation with a live session',
    'voice-busy',
    validBody('voice-busy'),
    { status: 409, code: 'cobrowse.session.active', messageParams: { cobrowseSessionId: LIVE_SESSION } },
  ],
  // rule 11
  ['create on voice', 'voice-connected', validBody('voice-connected'), { ok: true }],
  ['create on chat', 'chat-connected', validBody('chat-connected'), { ok: true }],
];
