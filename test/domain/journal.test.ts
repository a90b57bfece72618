// The journal's bounded body serialisation: the first characters of a body's JSON text without
// building the rest, exactly as JSON.stringify would have started it.
import fc from 'fast-check';
import { jsonPrefix, keptBody, BODY_KEPT_BYTES } from '../../src/domain/admin/journal.js';

test('jsonPrefix(v, max) is JSON.stringify(v) cut at max, and says whether it is whole', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 300 }), (value, max) => {
      const full = JSON.stringify(value);
      expect(jsonPrefix(value, max)).toEqual({ text: full.slice(0, max), complete: full.length <= max });
    }),
    { numRuns: 2000 },
  );
});

test.each([
  ['a small body, as it is', { a: 1 }, 7, { a: 1 }],
  [
    'a body over the limit, its start and a marker with its size on the wire',
    { s: 'x'.repeat(BODY_KEPT_BYTES) },
    BODY_KEPT_BYTES + 8,
    `{"s":"${'x'.repeat(BODY_KEPT_BYTES - 6)}… [truncated: ${BODY_KEPT_BYTES + 8} bytes in all]`,
  ],
  [
    'a body over the limit whose size is not known',
    ['y'.repeat(BODY_KEPT_BYTES + 1)],
    undefined,
    `["${'y'.repeat(BODY_KEPT_BYTES - 2)}… [truncated: over ${BODY_KEPT_BYTES} bytes in all]`,
  ],
])('keptBody: %s', (_, body, wire, kept) => {
  expect(keptBody(body, wire).body).toEqual(kept);
});
