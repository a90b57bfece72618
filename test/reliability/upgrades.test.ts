// Requests Node takes off the normal path (src/http/upgrades.ts), on a real listening server over
// raw sockets: an `Upgrade:` header that is not a WebSocket one to /channels/{id} is served as
// plain HTTP, a malformed one cannot crash the server, CONNECT and `OPTIONS *` get the Genesys 404.
import { connect } from 'node:net';
import { startMockServer, type MockServer } from '../../src/index.js';

let server: MockServer;
beforeEach(async () => {
  server = await startMockServer();
});
afterEach(() => server.close());

/** Sends raw bytes; resolves with every answer read until `answers` complete responses came, or the server closed. */
function exchange(bytes: string, answers = 1): Promise<{ statuses: number[]; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    const done = () => {
      socket.destroy();
      // a response's status line follows the previous body directly, without a newline
      resolve({ statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])), text });
    };
    socket.on('data', (d) => {
      text += d.toString('latin1');
      const complete = [...text.matchAll(/\r\nContent-Length: (\d+)\r\n[\s\S]*?\r\n\r\n/gi)];
      const lastBodyEnd =
        complete.length >= answers ? complete[answers - 1]!.index! + complete[answers - 1]![0].length + Number(complete[answers - 1]![1]) : Infinity;
      if (text.length >= lastBodyEnd) done();
    });
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(bytes, 'latin1');
  });
}

const health = async () => (await fetch(`${server.url}/__admin/health`)).status;

test.each([
  ['a URL that is no URL, with an upgrade', 'GET //: HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n'],
  [
    'a channel path that is no URL',
    'GET /channels/%zz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n\r\n',
  ],
  ['an upgrade to nothing known', 'GET /api/v2/conversations HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: \r\n\r\n'],
])('%s: answered, and the server goes on', async (_, bytes) => {
  const { statuses } = await exchange(bytes);
  expect(statuses.length).toBeLessThanOrEqual(1);
  expect(await health()).toBe(200);
});

test('curl --http2 (Upgrade: h2c on every request): a login with its form body, then health on the same connection, as plain HTTP/1.1', async () => {
  const form = 'grant_type=client_credentials';
  const basic = Buffer.from('demo-client:demo-secret').toString('base64');
  const { statuses, text } = await exchange(
    `POST /oauth/token HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nAuthorization: Basic ${basic}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}` +
      'GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\n',
    2,
  );
  expect(statuses).toEqual([200, 200]);
  expect(text).toContain('"access_token"');
  expect(text).toContain('{"status":"ok"}');
});

test('Upgrade: websocket on an API path is that API request (401 without a token), not a 404', async () => {
  const { statuses, text } = await exchange('GET /api/v2/conversations HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  expect(statuses).toEqual([401]);
  expect(text).toContain('"code":"authentication.required"');
});

test.each([
  ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'],
  ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
])('%s: the Genesys 404 body', async (_, bytes) => {
  const { statuses, text } = await exchange(bytes);
  expect(statuses).toEqual([404]);
  expect(text).toContain('"code":"not.found"');
  expect(await health()).toBe(200);
});
