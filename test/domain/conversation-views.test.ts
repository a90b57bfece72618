// A conversation's view is folded once per record and shared: a changed conversation is a new
// record with its own view, and a shared view cannot be changed by whoever reads it.
import { viewOf, withEvent } from '../../src/domain/conversations.js';
import type { ConversationRecord } from '../../src/store/schema.js';

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
