// Analytics detail events, change by change: the call of the exactness table (queued 30 s, alerting
// 5 s, 120 s connected with a 20 s hold, 45 s of wrap-up) built one event at a time, and what each
// step publishes on `v2.detail.events.conversation.{id}.*`, to the millisecond.
import { conversationDetails } from '../../src/domain/analytics.js';
import { detailEvents } from '../../src/domain/analytics-detail-events.js';
import { homeDivision } from '../../src/domain/divisions.js';
import { withEvents } from '../../src/domain/conversations.js';
import type { ConversationEvent, ConversationRecord } from '../../src/store/schema.js';

const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const t = (s: number) => new Date(T0 + s * 1000).toISOString();
const ms = (s: number) => T0 + s * 1000;
const names = { user: () => 'Ada Agent', queue: () => 'Support' };
const base: ConversationRecord = { id: 'c1', orgId: 'o1', mediaType: 'voice', customerExternalId: 'cust', queueId: 'q1', events: [] };
const CUSTOMER = 0;
const AGENT = 2;

const steps: ConversationEvent[] = [
  { type: 'queued', at: t(0) },
  { type: 'alerting', at: t(30), userId: 'u1' },
  { type: 'connected', at: t(35) },
  { type: 'held', at: t(60), participant: AGENT, held: true },
  { type: 'held', at: t(80), participant: AGENT, held: false },
  { type: 'left', at: t(155), participant: CUSTOMER, disconnectType: 'client' },
  { type: 'wrapup', at: t(200), participant: AGENT, code: 'resolved', notes: 'sorted' },
];

/** The events of adding `events[i]` to the conversation made of the ones before it. */
function eventsOf(events: ConversationEvent[], i: number) {
  const before = i === 0 ? undefined : withEvents(base, events.slice(0, i));
  return detailEvents(before, withEvents(base, events.slice(0, i + 1)), names);
}

/** The participant and session ids the details query gives each purpose, and what every event of a session says of it. */
const ids = Object.fromEntries(
  conversationDetails(withEvents(base, steps), names).participants.map((p) => [
    p.purpose,
    { participantId: p.participantId, sessionId: p.sessions[0]!.sessionId, direction: 'INBOUND', ani: 'tel:+13175550100' },
  ]),
);
const common = { conversationId: 'c1', mediaType: 'VOICE', divisionId: homeDivision('o1').id };
const of = (purpose: string) => ({ ...common, ...ids[purpose] });
const withoutDivision = ({ divisionId: _d, ...rest }: ReturnType<typeof of>) => rest;

test.each<[string, number, object[]]>([
  [
    'queued: the customer starts, and the queue',
    0,
    [
      { kind: 'customer.start', body: { ...of('customer'), eventTime: ms(0) } },
      { kind: 'acd.start', body: { ...of('acd'), eventTime: ms(0), queueId: 'q1' } },
    ],
  ],
  ['alerting: the agent starts', 1, [{ kind: 'user.start', body: { ...of('agent'), eventTime: ms(30), userId: 'u1', queueId: 'q1' } }]],
  [
    'answered: the queue ends, answered by the agent, after 35 s',
    2,
    [
      {
        kind: 'acd.end',
        body: {
          ...of('acd'),
          eventTime: ms(35),
          queueId: 'q1',
          disconnectType: 'TRANSFER',
          acdOutcome: 'ANSWERED',
          answeredUserId: 'u1',
          connectedDurationMs: 35_000,
        },
      },
    ],
  ],
  ['held: nothing starts or ends', 3, []],
  ['taken off hold: nothing', 4, []],
  [
    'the customer hangs up: the customer ends, and the agent, with what its session took',
    5,
    [
      {
        kind: 'customer.end',
        body: { ...of('customer'), eventTime: ms(155), disconnectType: 'CLIENT', interactingDurationMs: 155_000 },
      },
      {
        kind: 'user.end',
        body: {
          ...of('agent'),
          eventTime: ms(155),
          userId: 'u1',
          queueId: 'q1',
          disconnectType: 'CLIENT',
          interactingDurationMs: 100_000,
          heldDurationMs: 20_000,
          alertingDurationMs: 5_000,
        },
      },
    ],
  ],
  [
    'wrapped up: the after-call work, 45 s, with its code and notes',
    6,
    [
      {
        kind: 'acw',
        body: {
          ...withoutDivision(of('agent')),
          eventTime: ms(200),
          userId: 'u1',
          queueId: 'q1',
          wrapupCode: 'resolved',
          wrapupNotes: 'sorted',
          wrapupDurationMs: 45_000,
        },
      },
    ],
  ],
])('%s', (_, i, expected) => {
  expect(eventsOf(steps, i)).toEqual(expected);
});

test('a conversation first seen whole: every event once, in the order they happened', () => {
  const all = detailEvents(undefined, withEvents(base, steps), names);
  expect(all.map((e) => [e.kind, e.body.eventTime])).toEqual([
    ['customer.start', ms(0)],
    ['acd.start', ms(0)],
    ['user.start', ms(30)],
    ['acd.end', ms(35)],
    ['customer.end', ms(155)],
    ['user.end', ms(155)],
    ['acw', ms(200)],
  ]);
});

test('abandoned in the queue: the queue ends ABANDON after 40 s', () => {
  const abandoned: ConversationEvent[] = [
    { type: 'queued', at: t(0) },
    { type: 'left', at: t(40), participant: CUSTOMER, disconnectType: 'client' },
  ];
  expect(eventsOf(abandoned, 1).map((e) => [e.kind, e.body.disconnectType, e.body.acdOutcome, e.body.connectedDurationMs])).toEqual([
    ['customer.end', 'CLIENT', undefined, undefined],
    ['acd.end', 'CLIENT', 'ABANDON', 40_000],
  ]);
});

test('a call placed to a number: outbound first, then the agent and the customer start; nothing again on the next change', () => {
  const placed: ConversationEvent[] = [
    { type: 'joined', at: t(0), purpose: 'agent', state: 'contacting', direction: 'outbound', userId: 'u1' },
    { type: 'joined', at: t(0), purpose: 'customer', state: 'alerting', direction: 'outbound', address: 'tel:+13175550142' },
  ];
  const record = withEvents({ ...base, queueId: undefined }, placed);
  const [agent, customer] = conversationDetails(record, names).participants.map((p) => p.participantId);
  const first = detailEvents(undefined, record, names);
  expect(first.map((e) => [e.kind, e.body.participantId, e.body.direction, e.body.dnis])).toEqual([
    ['outbound', customer, 'OUTBOUND', 'tel:+13175550142'],
    ['user.start', agent, 'OUTBOUND', 'tel:+13175550142'],
    ['customer.start', customer, 'OUTBOUND', 'tel:+13175550142'],
  ]);
  expect(detailEvents(record, withEvents(record, [{ type: 'held', at: t(5), participant: 0, held: true }]), names)).toEqual([]);
});
