// The validator's routes are compiled once (src/http/route-matchers.ts), and still match as before.
import { cacheRouteMatchers, validatorsRouteCompiler } from '../../src/http/route-matchers.js';
import { DEMO, harness } from '../support/harness.js';

test('after createApp, the validator compiles a route once per set of options', () => {
  harness();
  const compile = validatorsRouteCompiler();
  const first = compile('/api/v2/conversations/:conversationId', { sensitive: true, strict: false });
  expect(compile('/api/v2/conversations/:conversationId', { sensitive: true, strict: false })).toBe(first);
  expect(compile('/api/v2/conversations/:conversationId', { sensitive: false, strict: false })).not.toBe(first);
  expect(first.regexp.exec('/api/v2/conversations/c1')).not.toBeNull();
  expect(first.regexp.exec('/API/V2/conversations/c1')).toBeNull();
  cacheRouteMatchers();
  expect(validatorsRouteCompiler()).toBe(compile);
});

test('requests are still matched to their operations, case-sensitively', async () => {
  const h = harness();
  const auth = { Authorization: `Bearer ${await h.token()}` };
  for (let i = 0; i < 3; i++) {
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    expect((await h.http.get(`/api/v2/conversations/calls/${DEMO.voiceConnected}`).set(auth)).status).toBe(200);
    expect((await h.http.get(`/API/v2/conversations/${DEMO.voiceConnected}`).set(auth)).status).toBe(404);
  }
});
