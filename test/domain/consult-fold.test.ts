// A consult transfer as the conversation fold shows it: who is held for each speakTo, and who
// is left once it is cancelled, completed, or one of its parties hangs up.
import { viewOf, withEvents } from '../../src/domain/conversations.js';
import type { ConversationEvent, ConversationRecord, SpeakTo } from '../../src/store/schema.js';

const AT = '2026-01-01T00:00:00.000Z';
// customer 0, acd 1, agent 2 (connected); the destination joins as 3.
const connected: ConversationRecord = withEvents({ id: 'c1', orgId: 'o1', mediaType: 'voice', customerExternalId: 'cust', queueId: 'q1', events: [] }, [
  { type: 'queued', at: AT },
  { type: 'alerting', at: AT, userId: 'u1' },
  { type: 'connected', at: AT },
]);
const consulting: ConversationEvent[] = [
  { type: 'joined', at: AT, purpose: 'agent', state: 'alerting', direction: 'inbound', userId: 'u2' },
  { type: 'answered', at: AT, participant: 3 },
];
const start = (speakTo: SpeakTo): ConversationEvent => ({ type: 'consult', at: AT, action: 'start', object: 0, consulting: 2, destination: 3, speakTo });

/** [object held, destination held], or the participants' states when asked. */
const holds = (c: ConversationRecord) => [viewOf(c).participants[0]!.media.held ?? false, viewOf(c).participants[3]!.media.held ?? false];
const states = (c: ConversationRecord) => viewOf(c).participants.map((p) => p.media.state);

test.each<[string, ConversationEvent[], boolean[], boolean]>([
  ['started speaking to the destination', [start('DESTINATION')], [true, false], true],
  ['started speaking to the object', [start('OBJECT')], [false, true], true],
  ['started speaking to both', [start('BOTH')], [false, false], true],
  ['moved from the destination to the object', [start('DESTINATION'), { type: 'consult', at: AT, action: 'speakTo', speakTo: 'OBJECT' }], [false, true], true],
  ['moved to both', [start('DESTINATION'), { type: 'consult', at: AT, action: 'speakTo', speakTo: 'BOTH' }], [false, false], true],
  ['made a conference (no consult any more)', [start('OBJECT'), { type: 'consult', at: AT, action: 'speakTo', speakTo: 'CONFERENCE' }], [false, false], false],
  ['cancelled', [start('DESTINATION'), { type: 'consult', at: AT, action: 'cancel' }], [false, false], false],
  ['completed', [start('DESTINATION'), { type: 'consult', at: AT, action: 'complete' }], [false, false], false],
  // Genesys' client keeps the caller on hold when the consulted party hangs up: the agent resumes.
  ['ended by the destination hanging up', [start('DESTINATION'), { type: 'left', at: AT, participant: 3, disconnectType: 'client' }], [true, false], false],
])('a consult %s: who is held, and whether it is still in progress', (_, events, held, inProgress) => {
  const c = withEvents(connected, [...consulting, ...events]);
  expect(holds(c)).toEqual(held);
  expect(viewOf(c).consult !== undefined).toBe(inProgress);
});

test('completing: the consulting agent leaves (transfer.consult), the object and the destination stay connected', () => {
  const c = withEvents(connected, [...consulting, start('DESTINATION'), { type: 'consult', at: AT, action: 'complete' }]);
  expect(states(c)).toEqual(['connected', 'disconnected', 'disconnected', 'connected']);
  expect(viewOf(c).participants[2]!.media.disconnectType).toBe('transfer.consult');
  expect(viewOf(c).stage).toBe('connected');
});

test('cancelling: the destination leaves, the agent and the object stay', () => {
  const c = withEvents(connected, [...consulting, start('DESTINATION'), { type: 'consult', at: AT, action: 'cancel' }]);
  expect(states(c)).toEqual(['connected', 'disconnected', 'connected', 'disconnected']);
  expect(viewOf(c).participants[3]!.media.disconnectType).toBe('client');
});

test('a consult on a conversation that ended is not shown', () => {
  const c = withEvents(connected, [...consulting, start('DESTINATION'), { type: 'disconnected', at: AT }]);
  expect(viewOf(c).consult).toBeUndefined();
});
