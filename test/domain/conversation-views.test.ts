// A conversation's view is folded once per record and shared: a changed conversation is a new
// record with its own view, and a shared view cannot be changed by whoever reads it.
import { ENDING_EVENTS, viewOf, withEvent, withEvents } from '../../src/domain/conversations.js';
import type { ConversationEvent, ConversationRecord } from '../../src/store/schema.js';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:01:00.000Z';
const queued: ConversationRecord = {
  id: 'c1',
  orgId: 'o1',
  mediaType: 'voice',
  customerExternalId: 'cust',
  queueId: 'q1',
  events: [
    { type: 'queued', at: AT },
    { type: 'alerting', at: AT, userId: 'u1' },
  ],
};

test('the same record gives the same view; the record a change makes gives its own', () => {
  const first = viewOf(queued);
  expect(viewOf(queued)).toBe(first);
  expect(first.stage).toBe('alerting');
  const answered = withEvent(queued, { type: 'connected', at: LATER });
  expect(viewOf(answered).stage).toBe('connected');
  expect(viewOf(queued).stage).toBe('alerting');
  const ended = withEvent(answered, { type: 'disconnected', at: LATER });
  expect([viewOf(ended).stage, viewOf(ended).endTime, ended.endTime]).toEqual(['disconnected', LATER, LATER]);
});

test.each<[string, (v: ReturnType<typeof viewOf>) => void]>([
  ['its stage', (v) => Object.assign(v, { stage: 'queued' })],
  ['its participants', (v) => (v.participants as unknown[]).push({})],
  ['a participant', (v) => Object.assign(v.participants[0]!, { name: 'x' })],
  ['a communication', (v) => Object.assign(v.participants[0]!.media, { state: 'disconnected' })],
])('a shared view refuses a change to %s', (_, change) => {
  expect(() => change(viewOf(queued))).toThrow(TypeError);
});

// withEvents folds the new record only when one of its events may end the conversation: for each
// kind of event, what it keeps beside the events is what a fold of them gives.
const talking: ConversationRecord = {
  ...queued,
  events: [
    ...queued.events,
    { type: 'connected', at: AT },
    { type: 'joined', at: AT, purpose: 'agent', state: 'connected', direction: 'outbound', userId: 'u2' },
  ],
};
const EVENTS: ConversationEvent[] = [
  { type: 'queued', at: LATER },
  { type: 'alerting', at: LATER, userId: 'u3' },
  { type: 'connected', at: LATER },
  { type: 'disconnected', at: LATER },
  { type: 'joined', at: LATER, purpose: 'agent', state: 'alerting', direction: 'inbound', userId: 'u3' },
  { type: 'answered', at: LATER, participant: 3 },
  { type: 'left', at: LATER, participant: 0, disconnectType: 'peer' },
  { type: 'left', at: LATER, participant: 3, disconnectType: 'client' },
  { type: 'wrapup', at: LATER, participant: 2, code: 'w1' },
  { type: 'held', at: LATER, participant: 0, held: true },
  { type: 'muted', at: LATER, participant: 0, muted: true },
  { type: 'attributes', at: LATER, participant: 0, attributes: { a: 'b' } },
  { type: 'cobrowseStarted', at: LATER, sessionId: 's1' },
  { type: 'cobrowseEnded', at: LATER, sessionId: 's1' },
  { type: 'consult', at: LATER, action: 'start', object: 0, consulting: 2, destination: 3, speakTo: 'DESTINATION' },
  { type: 'consult', at: LATER, action: 'complete' },
  { type: 'message', at: LATER, id: 'm1', participant: 0, direction: 'inbound', text: 'hi', status: 'received' },
  { type: 'messageStatus', at: LATER, id: 'm1', status: 'read' },
  { type: 'email', at: LATER, id: 'e1', participant: 0, direction: 'inbound', from: { email: 'a@example.com' }, to: [], textBody: 'hi' },
  { type: 'consult', at: LATER, action: 'cancel' },
];

/** Conversations each event meets: talking, in a consult, down to two parties, in a consult that ends it when completed. */
const BEFORE: ConversationRecord[] = [
  talking,
  withEvents(talking, [EVENTS[14]!]),
  withEvents(talking, [{ type: 'left', at: AT, participant: 2, disconnectType: 'client' }]),
  withEvents(talking, [
    { type: 'left', at: AT, participant: 3, disconnectType: 'client' },
    { type: 'consult', at: AT, action: 'start', object: 0, consulting: 2, destination: 3, speakTo: 'DESTINATION' },
  ]),
];

test.each(EVENTS.map((e) => [`${e.type}${'action' in e ? ` ${e.action}` : ''}${e.type === 'left' ? ` of ${e.participant}` : ''}`, e] as const))(
  '%s: the endTime kept is the fold of the events',
  (_, event) => {
    for (const before of BEFORE) {
      const after = withEvents(before, [event]);
      // A copy is a record the memo has not seen: it is folded anew.
      expect(after.endTime).toBe(viewOf({ ...after, events: [...after.events] }).endTime);
    }
  },
);

test('every kind of event a conversation has is in the table above', () => {
  // Typed as a record of every kind: a new kind of event does not compile until it is listed here.
  const every: Record<ConversationEvent['type'], true> = {
    queued: true,
    alerting: true,
    connected: true,
    disconnected: true,
    joined: true,
    answered: true,
    left: true,
    wrapup: true,
    held: true,
    muted: true,
    attributes: true,
    cobrowseStarted: true,
    cobrowseEnded: true,
    consult: true,
    message: true,
    messageStatus: true,
    email: true,
  };
  expect(new Set(EVENTS.map((e) => e.type))).toEqual(new Set(Object.keys(every)));
  expect([...ENDING_EVENTS].every((k) => k in every)).toBe(true);
});
