// The notification sockets (src/http/notification-sockets.ts) load ws on the first upgrade: one
// that completes as before, and one still waiting for ws when the sockets close is cut.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { createApp } from '../../src/http/app.js';
import { buildSeedDocument } from '../../src/domain/seed.js';
import { openMemoryStore } from '../../src/store/store.js';
import { randomIds } from '../../src/system.js';
import { TestClock, demoSeed, specChecked, tokenFor } from '../support/harness.js';

async function setUp() {
  const clock = new TestClock();
  const seed = demoSeed();
  const { store } = openMemoryStore(buildSeedDocument({ clock, ids: randomIds }, seed));
  const { app, sockets } = createApp({ store, clock, config: { tokenTtlSeconds: 3600, seed, log: () => {} } });
  const http = specChecked(app);
  const token = await tokenFor(http, 'demo-client', 'demo-secret');
  const channel = await http.post('/api/v2/notifications/channels').set('Authorization', `Bearer ${token}`);
  expect(channel.status).toBe(200);
  // A real connected pair: the server's end is what Node hands an upgrade.
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  const [serverSide] = await accepted;
  let received = '';
  client.on('data', (d: Buffer) => (received += d.toString('latin1')));
  const request = {
    method: 'GET',
    url: `/channels/${channel.body.id as string}`,
    headers: { host: 'x', upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
  } as unknown as IncomingMessage;
  return {
    sockets,
    upgrade: () => sockets.upgrade(request, serverSide, Buffer.alloc(0)),
    received: () => received,
    clientClosed: once(client, 'close'),
    answered: () => once(client, 'data'),
    done: () => {
      client.destroy();
      listener.close();
    },
  };
}

test('an upgrade completes (101) once ws has loaded', async () => {
  const s = await setUp();
  s.upgrade();
  await s.answered();
  expect(s.received()).toMatch(/^HTTP\/1\.1 101 /);
  s.sockets.close();
  await s.clientClosed;
  s.done();
});

test('an upgrade still waiting for ws when the sockets close is cut, not completed', async () => {
  const s = await setUp();
  s.upgrade();
  s.sockets.close();
  const outcome = await Promise.race([s.clientClosed.then(() => 'cut'), s.answered().then(() => 'completed')]);
  expect(outcome).toBe('cut');
  expect(s.received()).toBe('');
  s.done();
});
