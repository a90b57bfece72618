// The requests Node's HTTP server takes away from the normal request path. With an 'upgrade'
// listener, Node hands over every request that carries an `Upgrade:` header, whatever it asks
// for; only a WebSocket upgrade of /channels/{id} or /cobrowse/sessions/{id} is one. Anything else (`curl --http2` sends
// `Upgrade: h2c` on every request, to /oauth/token too) is served as the plain HTTP/1.1 request it
// also is: its bytes, without the upgrade headers, go back into the server as a new connection.
// CONNECT gets the Genesys 404 like any path that does not exist. Nothing a client sends can
// throw out of these handlers.
import type { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import type { IdGenerator } from '../domain/deps.js';
import { ApiError } from '../domain/errors.js';
import { endWithError } from './client-errors.js';
import type { NotificationSockets } from './notification-sockets.js';
import { pathKind } from './paths.js';

const UPGRADE_HEADERS = new Set(['upgrade', 'http2-settings']);

function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0]!;
  const kind = pathKind(path);
  return req.method === 'GET' && (kind === 'channel' || kind === 'cobrowse') && /(^|,)\s*websocket\s*(,|$)/i.test(req.headers.upgrade ?? '');
}

/** The request's head as it came, less what asked for the upgrade. */
function plainHead(req: IncomingMessage): Buffer {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    let value = req.rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (UPGRADE_HEADERS.has(lower)) continue;
    if (lower === 'connection') {
      value = value
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== '' && !UPGRADE_HEADERS.has(token.toLowerCase()))
        .join(', ');
      if (value === '') continue;
    }
    lines.push(`${name}: ${value}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Serves an upgrade request that is not a WebSocket one as plain HTTP on the same connection. */
function serveAsPlainHttp(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const connection = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  connection.push(plainHead(req));
  if (head.length > 0) connection.push(head);
  socket.on('data', (data: Buffer) => {
    if (!connection.push(data)) socket.pause();
  });
  socket.on('end', () => connection.push(null));
  socket.on('close', () => connection.destroy());
  server.emit('connection', connection);
}

export function serveUpgrades(server: Server, sockets: NotificationSockets, ids: IdGenerator): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      if (isWebSocketUpgrade(req)) sockets.upgrade(req, socket, head);
      else serveAsPlainHttp(server, req, socket, head);
    } catch {
      socket.destroy();
    }
  });
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    endWithError(socket, new ApiError('notFound'), ids.uuid());
  });
}
