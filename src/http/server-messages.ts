// The request and response classes the listening server makes its messages with.
//
// Express hands every request and response its app's prototypes with Object.setPrototypeOf
// (app.handle). Changing the prototype of an object already made leaves V8 a new hidden class
// for each, and node:http's own code, which reads and writes these objects all through a request,
// then runs on slow paths: on this machine an Express 5 "hello" costs ~100 µs of CPU a request,
// ~30 µs when its messages are born with the app's prototypes (npm run bench, and the figures in
// the commit that brought this). Made that way, Express' Object.setPrototypeOf finds the prototype
// already in place and changes nothing: the objects and everything Express does with them are
// the same, only made once instead of made and remade.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

export interface ServerMessages {
  /** For node:http's createServer options. */
  classes: { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse };
  /** Messages made from now on have this app's prototypes (until then node:http's own). */
  adopt(app: Express): void;
}

type Construct<A extends unknown[]> = (this: object, ...args: A) => void;

/**
 * The classes, or undefined where node:http's are ES classes (a later Node), which cannot be
 * called on an object made elsewhere: the server then uses node:http's, and Express sets the
 * prototypes as it always does.
 */
export function serverMessages(
  base: { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } = { IncomingMessage, ServerResponse },
): ServerMessages | undefined {
  if (isClass(base.IncomingMessage) || isClass(base.ServerResponse)) return undefined;
  const makeRequest = base.IncomingMessage as unknown as Construct<[Socket]>;
  const makeResponse = base.ServerResponse as unknown as Construct<[IncomingMessage, object?]>;
  // Plain constructor functions: their prototype property, unlike a class's, can be pointed at
  // the app's once it exists (the server listens before the app is built: src/server.ts).
  function Request(this: object, socket: Socket): void {
    makeRequest.call(this, socket);
  }
  function Response(this: object, req: IncomingMessage, options?: object): void {
    makeResponse.call(this, req, options);
  }
  Request.prototype = base.IncomingMessage.prototype;
  Response.prototype = base.ServerResponse.prototype;
  return {
    classes: { IncomingMessage: Request as unknown as typeof IncomingMessage, ServerResponse: Response as unknown as typeof ServerResponse },
    adopt(app) {
      // Express' prototypes inherit from node:http's: what node:http does with them is unchanged.
      Request.prototype = app.request;
      Response.prototype = app.response;
    },
  };
}

function isClass(f: unknown): boolean {
  return typeof f !== 'function' || Function.prototype.toString.call(f).startsWith('class');
}
