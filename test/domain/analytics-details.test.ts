// Conversation details to the millisecond: the segments and metrics of each session of a call
// built on the virtual clock (queued 30 s, alerting 5 s, 120 s connected with a 20 s hold in it,
// 45 s of wrap-up), and of the variations that change them.
import { conversationDetails } from '../../src/domain/analytics.js';
import { withEvents } from '../../src/domain/conversations.js';
import type { ConversationEvent, ConversationRecord } from '../../src/store/schema.js';

const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const t = (s: number) => new Date(T0 + s * 1000).toISOString();
const names = { user: () => 'Ada Agent', queue: () => 'Support' };
const base: ConversationRecord = { id: 'c1', orgId: 'o1', mediaType: 'voice', customerExternalId: 'cust', queueId: 'q1', events: [] };
const CUSTOMER = 0;
const AGENT = 2;

const queuedAndAnswered: ConversationEvent[] = [
  { type: 'queued', at: t(0) },
  { type: 'alerting', at: t(30), userId: 'u1' },
  { type: 'connected', at: t(35) },
];
const fullCall: ConversationEvent[] = [
  ...queuedAndAnswered,
  { type: 'held', at: t(60), participant: AGENT, held: true },
  { type: 'held', at: t(80), participant: AGENT, held: false },
  { type: 'left', at: t(155), participant: CUSTOMER, disconnectType: 'client' },
  { type: 'wrapup', at: t(200), participant: AGENT, code: 'resolved', notes: 'sorted' },
];

type Row = { segments: object[]; metrics: object[] };
/** Each participant's [purpose, segments, metrics]. */
function sessions(events: ConversationEvent[]): [string, object[], object[]][] {
  const d = conversationDetails(withEvents(base, events), names);
  return d.participants.map((p) => [p.purpose, (p.sessions[0] as Row).segments, (p.sessions[0] as Row).metrics]);
}
const seg = (type: string, from: number, to: number | undefined, extra: object = {}) => ({
  segmentStart: t(from),
  ...(to !== undefined ? { segmentEnd: t(to) } : {}),
  segmentType: type,
  ...extra,
});
const metric = (name: string, value: number, at: number) => ({ name, value, emitDate: t(at) });
const Q = { queueId: 'q1' };

test.each<[string, ConversationEvent[], [string, object[], object[]][]]>([
  [
    'queued 30 s, alerting 5 s, talking 120 s with a 20 s hold, 45 s of wrap-up',
    fullCall,
    [
      ['customer', [seg('interact', 0, 155, { disconnectType: 'client' })], []],
      [
        'acd',
        [seg('interact', 0, 35, { ...Q, disconnectType: 'transfer' })],
        [metric('nOffered', 1, 0), metric('tAcd', 35_000, 35), metric('tWait', 35_000, 35)],
      ],
      [
        'agent',
        [
          seg('alert', 30, 35, Q),
          seg('interact', 35, 60, Q),
          seg('hold', 60, 80, Q),
          seg('interact', 80, 155, { ...Q, disconnectType: 'client' }),
          seg('wrapup', 155, 200, { ...Q, wrapUpCode: 'resolved', wrapUpNote: 'sorted' }),
        ],
        [
          metric('tAlert', 5_000, 35),
          metric('tAnswered', 35_000, 35),
          metric('nConnected', 1, 35),
          metric('tTalk', 100_000, 155),
          metric('tHeld', 20_000, 155),
          metric('tAcw', 45_000, 200),
          metric('tHandle', 165_000, 200),
        ],
      ],
    ],
  ],
  [
    'still talking, on hold: open segments have no end, and nothing is emitted that is not known yet',
    [...queuedAndAnswered, { type: 'held', at: t(60), participant: AGENT, held: true }],
    [
      ['customer', [seg('interact', 0, undefined)], []],
      [
        'acd',
        [seg('interact', 0, 35, { ...Q, disconnectType: 'transfer' })],
        [metric('nOffered', 1, 0), metric('tAcd', 35_000, 35), metric('tWait', 35_000, 35)],
      ],
      [
        'agent',
        [seg('alert', 30, 35, Q), seg('interact', 35, 60, Q), seg('hold', 60, undefined, Q)],
        [metric('tAlert', 5_000, 35), metric('tAnswered', 35_000, 35), metric('nConnected', 1, 35)],
      ],
    ],
  ],
  [
    'hung up, not wrapped up yet: the wrap-up segment is open, and no tAcw or tHandle',
    fullCall.slice(0, -1),
    [
      ['customer', [seg('interact', 0, 155, { disconnectType: 'client' })], []],
      [
        'acd',
        [seg('interact', 0, 35, { ...Q, disconnectType: 'transfer' })],
        [metric('nOffered', 1, 0), metric('tAcd', 35_000, 35), metric('tWait', 35_000, 35)],
      ],
      [
        'agent',
        [
          seg('alert', 30, 35, Q),
          seg('interact', 35, 60, Q),
          seg('hold', 60, 80, Q),
          seg('interact', 80, 155, { ...Q, disconnectType: 'client' }),
          seg('wrapup', 155, undefined, Q),
        ],
        [
          metric('tAlert', 5_000, 35),
          metric('tAnswered', 35_000, 35),
          metric('nConnected', 1, 35),
          metric('tTalk', 100_000, 155),
          metric('tHeld', 20_000, 155),
        ],
      ],
    ],
  ],
  [
    'abandoned in the queue after 40 s: tAbandon and tAcd on the queue, no agent',
    [
      { type: 'queued', at: t(0) },
      { type: 'left', at: t(40), participant: CUSTOMER, disconnectType: 'client' },
    ],
    [
      ['customer', [seg('interact', 0, 40, { disconnectType: 'client' })], []],
      [
        'acd',
        [seg('interact', 0, 40, { ...Q, disconnectType: 'client' })],
        [metric('nOffered', 1, 0), metric('tAbandon', 40_000, 40), metric('tAcd', 40_000, 40), metric('tWait', 40_000, 40)],
      ],
    ],
  ],
])('%s', (_, events, expected) => {
  expect(sessions(events)).toEqual(expected);
});

test('the conversation: start, end, direction, division; the call numbers; the participant names', () => {
  const d = conversationDetails(withEvents(base, fullCall), names);
  expect(d).toMatchObject({
    conversationId: 'c1',
    conversationStart: t(0),
    conversationEnd: t(155),
    originatingDirection: 'inbound',
    divisionIds: [expect.any(String)],
  });
  expect(d.participants.map((p) => [p.purpose, p.participantName, p.userId, p.sessions[0]!.mediaType, p.sessions[0]!.ani])).toEqual([
    ['customer', 'Customer', undefined, 'voice', 'tel:+13175550100'],
    ['acd', 'Support', undefined, 'voice', 'tel:+13175550100'],
    ['agent', 'Ada Agent', 'u1', 'voice', 'tel:+13175550100'],
  ]);
});
