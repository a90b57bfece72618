// A communication's segments and after-call work as the Conversation API shows them, folded from
// its events at the times they happened: alerting, interacting, on hold, and how it ended.
import { renderConversation } from '../../src/domain/conversation-render.js';
import { withEvents } from '../../src/domain/conversations.js';
import type { ConversationEvent, ConversationRecord } from '../../src/store/schema.js';

const T0 = Date.parse('2026-01-01T09:00:00.000Z');
/** The time `s` seconds after T0. */
const t = (s: number) => new Date(T0 + s * 1000).toISOString();
const names = { user: () => 'Ada', queue: () => 'Support' };
const base: ConversationRecord = { id: 'c1', orgId: 'o1', mediaType: 'voice', customerExternalId: 'cust', queueId: 'q1', events: [] };

// An inbound call: queued 30 s, the agent alerted 5 s, then 120 s of talk with a 20 s hold in it.
const answered: ConversationEvent[] = [
  { type: 'queued', at: t(0) },
  { type: 'alerting', at: t(30), userId: 'u1' },
  { type: 'connected', at: t(35) },
];
const held: ConversationEvent[] = [
  { type: 'held', at: t(60), participant: 0, held: true },
  { type: 'held', at: t(80), participant: 0, held: false },
];

type Seg = { startTime: string; endTime: string; type: string; howEnded?: string; disconnectType?: string };
/** Each participant's [purpose, segments, afterCallWork]. */
function rendered(events: ConversationEvent[]) {
  return renderConversation(withEvents(base, events), names).participants.map((p) => {
    const comm = p.calls![0]! as { segments: Seg[]; afterCallWork: object; afterCallWorkRequired: boolean };
    return [p.purpose, comm.segments, comm.afterCallWork, comm.afterCallWorkRequired] as const;
  });
}
const seg = (from: number, to: number, type: string, disconnectType?: string): Seg => ({
  startTime: t(from),
  endTime: t(to),
  type,
  ...(disconnectType ? { howEnded: 'Disconnect', disconnectType } : {}),
});

test.each<[string, ConversationEvent[], [string, Seg[], object, boolean][]]>([
  [
    'talking: only what is over shows (the wait with the queue, the agent alerting)',
    answered,
    [
      ['customer', [], {}, false],
      ['acd', [seg(0, 35, 'Interact', 'transfer')], {}, false],
      ['agent', [seg(30, 35, 'Alert')], {}, true],
    ],
  ],
  [
    'a hold of 20 s in the talk, then the customer hangs up; the agent wraps up 45 s later',
    [
      ...answered,
      ...held,
      { type: 'left', at: t(155), participant: 0, disconnectType: 'client' },
      { type: 'wrapup', at: t(200), participant: 2, code: 'resolved' },
    ],
    [
      ['customer', [seg(0, 60, 'Interact'), seg(60, 80, 'Hold'), seg(80, 155, 'Interact', 'client')], {}, false],
      ['acd', [seg(0, 35, 'Interact', 'transfer')], {}, false],
      ['agent', [seg(30, 35, 'Alert'), seg(35, 155, 'Interact', 'client')], { startTime: t(155), endTime: t(200), state: 'complete' }, true],
    ],
  ],
  [
    'hung up while on hold: the hold is its last segment; the agent has not wrapped up',
    [...answered, held[0]!, { type: 'disconnected', at: t(70) }],
    [
      ['customer', [seg(0, 60, 'Interact'), seg(60, 70, 'Hold', 'peer')], {}, false],
      ['acd', [seg(0, 35, 'Interact', 'transfer')], {}, false],
      ['agent', [seg(30, 35, 'Alert'), seg(35, 70, 'Interact', 'client')], { startTime: t(70), state: 'pending' }, true],
    ],
  ],
  [
    'never answered: the agent alerted until the conversation ended',
    [answered[0]!, answered[1]!, { type: 'disconnected', at: t(50) }],
    [
      ['customer', [seg(0, 50, 'Interact', 'peer')], {}, false],
      ['acd', [seg(0, 50, 'Interact', 'client')], {}, false],
      ['agent', [seg(30, 50, 'Alert', 'client')], { startTime: t(50), state: 'pending' }, true],
    ],
  ],
])('%s', (_, events, expected) => {
  expect(rendered(events)).toEqual(expected);
});

test('an ended web chat shows as in Genesys: one Interact segment ended by Disconnect, held false, empty afterCallWork for the customer', () => {
  const chat = withEvents({ ...base, mediaType: 'chat' }, [answered[0]!, { type: 'left', at: t(500), participant: 0, disconnectType: 'client' }]);
  const customer = renderConversation(chat, names).participants[0]!;
  expect(customer.chats![0]).toMatchObject({
    state: 'disconnected',
    segments: [{ startTime: t(0), endTime: t(500), type: 'Interact', howEnded: 'Disconnect', disconnectType: 'client' }],
    held: false,
    afterCallWork: {},
    afterCallWorkRequired: false,
    initialState: 'connected',
  });
});
