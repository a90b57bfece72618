// The listening server makes its requests and responses with the Express app's prototypes
// (src/http/server-messages.ts): Express then has none to change, and answers exactly as before.
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { serverMessages } from '../../src/http/server-messages.js';
import { start, type Started } from '../../src/server.js';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('serverMessages', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
  });

  test("before adopt, messages have node:http's prototypes; after it, the app's, before Express sees them", async () => {
    const messages = serverMessages()!;
    expect(messages).toBeDefined();
    const app = express();
    app.get('/x', (req, res) => {
      res.json({ path: req.path, query: req.query });
    });
    const seen: [unknown, unknown][] = [];
    server = createServer({ ...messages.classes });
    // Runs before the app does: what node:http made, before Express' Object.setPrototypeOf.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => seen.push([Object.getPrototypeOf(req), Object.getPrototypeOf(res)]));
    server.on('request', app);
    const url = await listen(server);

    const early = await fetch(`${url}/x?a=1`);
    expect(early.status).toBe(200);
    expect(await early.json()).toEqual({ path: '/x', query: { a: '1' } });
    messages.adopt(app);
    const adopted = await fetch(`${url}/x?b=2`);
    expect(adopted.status).toBe(200);
    expect(await adopted.json()).toEqual({ path: '/x', query: { b: '2' } });

    expect(seen).toEqual([
      [IncomingMessage.prototype, ServerResponse.prototype],
      [app.request, app.response],
    ]);
  });

  test('node:http classes that are ES classes (a later Node) are left as they are', () => {
    class Request {}
    class Response {}
    expect(
      serverMessages({ IncomingMessage: Request as unknown as typeof IncomingMessage, ServerResponse: Response as unknown as typeof ServerResponse }),
    ).toBeUndefined();
    expect(serverMessages({ IncomingMessage, ServerResponse: Response as unknown as typeof ServerResponse })).toBeUndefined();
  });
});

describe('the emulator', () => {
  let started: Started | undefined;
  afterEach(() => started?.close());

  test("serves with its app's prototypes from the first request it answers", async () => {
    started = await start({ inMemory: true });
    const prototypes: object[] = [];
    started.server.prependListener('request', (req: IncomingMessage) => prototypes.push(Object.getPrototypeOf(req) as object));
    const answer = await fetch(`${started.url}/api/v2/conversations/x`);
    expect(answer.status).toBe(401);
    const body = (await answer.json()) as { code: string };
    expect(body.code).toBe('authentication.required');
    expect(prototypes).toHaveLength(1);
    // An Express app's request prototype (it names its app), on node:http's.
    expect(prototypes[0]).not.toBe(IncomingMessage.prototype);
    expect(Object.create(prototypes[0]!)).toBeInstanceOf(IncomingMessage);
    expect(typeof (prototypes[0] as { app?: { handle?: unknown } }).app?.handle).toBe('function');
  });
});
