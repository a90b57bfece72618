// Every (state, requested change) pair of the state machine, allowed or refused.
import { ApiError } from '../../src/domain/errors.js';
import { conversationChange, participantChange, COMMUNICATION_STATES } from '../../src/domain/state-machine.js';
import { STAGES } from '../../src/domain/conversations.js';

const ids = { conversationId: 'c', participantId: 'p' };

const participantRows: [string, string, string][] = [];
const EXPECTED: Record<string, Record<string, string>> = {
  alerting: { connected: 'answer', disconnected: 'leave' },
  dialing: { connected: 'answer', disconnected: 'leave' },
  contacting: { connected: 'answer', disconnected: 'leave' },
  connected: { connected: 'conversation.participant.state.invalid', disconnected: 'leave' },
  disconnected: { connected: 'conversation.participant.state.invalid', disconnected: 'conversation.participant.state.invalid' },
};
for (const state of COMMUNICATION_STATES) {
  for (const requested of ['connected', 'disconnected', 'alerting', 'held']) {
    participantRows.push([state, requested, EXPECTED[state]![requested] ?? 'invalid.value']);
  }
}

describe('participant changes', () => {
  test.each(participantRows)('%s → %s: %s', (state, requested, outcome) => {
    const run = () => participantChange(ids, state as (typeof COMMUNICATION_STATES)[number], requested);
    if (outcome === 'answer' || outcome === 'leave') {
      expect(run()).toBe(outcome);
      return;
    }
    let error: ApiError | undefined;
    try {
      run();
    } catch (e) {
      error = e as ApiError;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect([error!.status, error!.code]).toEqual([400, outcome]);
    if (outcome === 'conversation.participant.state.invalid') expect(error!.messageParams).toEqual({ ...ids, state, requested });
  });
});

describe('conversation changes', () => {
  const rows: [string, string | undefined, string][] = [];
  for (const stage of STAGES) {
    rows.push([stage, 'disconnected', stage === 'disconnected' ? 'conversation.state.invalid' : 'disconnect']);
    rows.push([stage, 'connected', 'communication.state.required']);
    rows.push([stage, undefined, 'communication.state.required']);
  }
  test.each(rows)('%s → %s: %s', (stage, requested, outcome) => {
    const run = () => conversationChange('c', stage as (typeof STAGES)[number], requested);
    if (outcome === 'disconnect') {
      expect(run()).toBe('disconnect');
      return;
    }
    expect(run).toThrow(expect.objectContaining({ status: 400, code: outcome }));
    if (outcome === 'conversation.state.invalid') expect(run).toThrow(expect.objectContaining({ messageParams: { conversationId: 'c', state: stage } }));
  });
});
