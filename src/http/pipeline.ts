// The request pipeline as one Express layer. Express' router pays, for each layer a request
// passes, a path match, a params object and a closure (about a kilobyte a request a layer,
// measured with the sampling heap profiler): our pipeline is a fixed list of middleware mounted
// at the root, so it runs them itself, with Express' rules for next() and for what they throw.
import type { NextFunction, RequestHandler } from 'express';

export function pipeline(handlers: readonly RequestHandler[]): RequestHandler {
  const list = [...handlers];
  return (req, res, done) => {
    let index = 0;
    const next: NextFunction = (err?: unknown) => {
      // As Express: a falsy value or 'route' goes on to the next middleware, anything else is an error.
      if (err && err !== 'route') return done(err);
      const handler = list[index++];
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise) result.then(undefined, (error: unknown) => next(error || new Error('Rejected promise')));
      } catch (error) {
        next(error);
      }
    };
    next();
  };
}
