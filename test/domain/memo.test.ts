// boundedMemo: a pure function's results remembered, at most `max` of them.
import { boundedMemo } from '../../src/domain/memo.js';

test.each<[string, number, string[], string[]]>([
  ['each key is computed once', 10, ['a', 'b', 'a', 'b', 'a'], ['a', 'b']],
  ['at the bound everything is forgotten, then remembered again', 2, ['a', 'b', 'c', 'a', 'c', 'a'], ['a', 'b', 'c', 'a']],
  ['a bound of one keeps the last key', 1, ['a', 'a', 'b', 'b', 'a'], ['a', 'b', 'a']],
])('%s', (_, max, asked, computed) => {
  const calls: string[] = [];
  const upper = boundedMemo(max, (key: string) => (calls.push(key), key.toUpperCase()));
  expect(asked.map(upper)).toEqual(asked.map((k) => k.toUpperCase()));
  expect(calls).toEqual(computed);
});

test('a remembered undefined is not computed again', () => {
  let calls = 0;
  const nothing = boundedMemo(5, () => (calls++, undefined));
  nothing('x');
  nothing('x');
  expect(calls).toBe(1);
});
