// The pipeline runs its middleware as Express' router would: next() and next('route') go on, any
// other value given to next, thrown, or rejected ends it with that error.
import type { Request, RequestHandler, Response } from 'express';
import { pipeline } from '../../src/http/pipeline.js';

function run(handlers: RequestHandler[]): Promise<{ ran: string[]; ended: unknown }> {
  const ran: string[] = [];
  const named = handlers.map(
    (h, i): RequestHandler =>
      (req, res, next) => (ran.push(String(i)), h(req, res, next)),
  );
  return new Promise((resolve) => pipeline(named)({} as Request, {} as Response, (ended?: unknown) => resolve({ ran, ended })));
}

const boom = new Error('boom');
test.each<[string, RequestHandler[], string[], unknown]>([
  ['next() each time: every one runs, then the end without an error', [(_q, _s, n) => n(), (_q, _s, n) => n()], ['0', '1'], undefined],
  ["next('route') goes on", [(_q, _s, n) => n('route'), (_q, _s, n) => n()], ['0', '1'], undefined],
  ['next(null) goes on', [(_q, _s, n) => n(null), (_q, _s, n) => n()], ['0', '1'], undefined],
  ['next(error) skips the rest', [(_q, _s, n) => n(boom), (_q, _s, n) => n()], ['0'], boom],
  [
    'a throw skips the rest',
    [
      () => {
        throw boom;
      },
      (_q, _s, n) => n(),
    ],
    ['0'],
    boom,
  ],
  ['a rejected promise skips the rest', [() => Promise.reject(boom), (_q, _s, n) => n()], ['0'], boom],
  ['next() later, from a promise', [(_q, _s, n) => void Promise.resolve().then(() => n()), (_q, _s, n) => n()], ['0', '1'], undefined],
  [
    "a throw in a later middleware is that middleware's error, not the earlier one's",
    [
      (_q, _s, n) => n(),
      () => {
        throw boom;
      },
      (_q, _s, n) => n(),
    ],
    ['0', '1'],
    boom,
  ],
])('%s', async (_, handlers, ran, ended) => {
  expect(await run(handlers)).toEqual({ ran, ended });
});
