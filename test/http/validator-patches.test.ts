// The validator's costs removed from outside it (src/http/validator-patches.ts): routes are
// compiled once and still match as before; the OpenAPI meta-schema compiles only when used.
import { cacheRouteMatchers, validatorsRouteCompiler, validatorsSchemaValidator } from '../../src/http/validator-patches.js';
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

test('after createApp, the meta-schema validator compiles only when asked to validate, and still validates', () => {
  harness();
  const Validator = validatorsSchemaValidator();
  expect(Validator.lazy).toBe(true);
  const validator = new Validator({ version: '3.0.3', validateApiSpec: true });
  expect((validator.validate({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }) as { errors: unknown[] }).errors).toEqual([]);
  expect((validator.validate({ openapi: '3.0.3', paths: 'not an object' }) as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
});
