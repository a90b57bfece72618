import { describeMismatches, match } from '../../src/domain/matchers.js';

describe('expected against actual', () => {
  test.each([
    // literals
    ['bad.request', 'bad.request', true],
    ['bad.request', 'not.found', false],
    [400, 400, true],
    [400, '400', false],
    [null, null, true],
    [null, undefined, false],
    [true, true, true],
    // matchers
    ['$uuid', '6b2a4e5c-0d1f-4a8e-9c3b-7f1e2d3c4b5a', true],
    ['$uuid', 'not-a-uuid', false],
    ['$uuid', 42, false],
    ['$iso8601', '2026-01-01T09:00:00.000Z', true],
    ['$iso8601', '2026-01-01T09:00:00+01:00', true],
    ['$iso8601', '2026-13-45T09:00:00Z', false],
    ['$iso8601', '01/01/2026', false],
    ['$any', 'anything', true],
    ['$any', 0, true],
    ['$any', null, true],
    ['$any', undefined, false],
    ['$regex:^\\d{6}$', '042042', true],
    ['$regex:^\\d{6}$', '42', false],
    ['$regex:^4', 404, true],
    ['$regex:.', { a: 1 }, false],
    // objects are subsets
    [{ code: 'bad.request' }, { code: 'bad.request', status: 400 }, true],
    [{ code: 'bad.request', status: 400 }, { code: 'bad.request' }, false],
    [{ a: { b: '$uuid' } }, { a: { b: '6b2a4e5c-0d1f-4a8e-9c3b-7f1e2d3c4b5a', c: 1 } }, true],
    [{}, [], false],
    // arrays are element by element, same length
    [[{ id: 'a' }], [{ id: 'a', x: 1 }], true],
    [[{ id: 'a' }], [{ id: 'a' }, { id: 'b' }], false],
    [[], [], true],
  ])('%j against %j: %s', (expected, actual, ok) => {
    expect(match(expected, actual)).toEqual(ok ? [] : expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]));
  });

  test('each difference is named by its path', () => {
    const mismatches = match({ code: 'bad.request', details: [{ fieldName: 'x' }] }, { code: 'not.found', details: [{ fieldName: 'y' }] });
    expect(describeMismatches(mismatches, 'body')).toEqual([
      'body.code: expected "bad.request", got "not.found"',
      'body.details[0].fieldName: expected "x", got "y"',
    ]);
    expect(describeMismatches(match('$uuid', undefined), 'body')).toEqual(['body: expected "$uuid", got (missing)']);
  });
});
