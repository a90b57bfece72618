// The notification WebSockets at ws://HOST:PORT/channels/{id}: the upgrade, the heartbeat on the
// real timer, and the port through which the hub reaches each socket. Also the sockets of cobrowse
// sessions (ws://HOST:PORT/cobrowse/sessions/{id}, the create's websocketUrl): open while the
// session is live, closed (1000) when it ends.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { IdGenerator } from '../domain/deps.js';
import { ApiError } from '../domain/errors.js';
import type { NotificationHub, SocketPort } from '../domain/notifications/hub.js';
import type { Admin } from './admin.js';
import { endWithError } from './client-errors.js';

export interface NotificationSockets {
  /** A WebSocket upgrade of /channels/… (src/http/upgrades.ts hands over only those). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stops the heartbeat and cuts every socket. */
  close(): void;
}

export function notificationSockets(hub: NotificationHub, admin: Admin, ids: IdGenerator, heartbeatMs: number): NotificationSockets {
  // ws is loaded on the first socket: a server nobody opens a channel on never needs it, and
  // loading it was a twentieth of the time to the first answer (npm run bench).
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  const socketServer = () => (loading ??= import('ws').then(({ WebSocketServer }) => (wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 }))));
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;

  const cobrowseSocket = (sessionId: string, req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!hub.cobrowseLive(sessionId)) return endWithError(socket, new ApiError('notFound'), ids.uuid());
    void socketServer().then(
      (server) => {
        if (closed) return void socket.destroy();
        server.handleUpgrade(req, socket, head, (ws) => {
          const unwatch = hub.watchCobrowse(sessionId, () => ws.close(1000));
          // Ended while the socket opened: it closes at once.
          if (!unwatch) return void ws.close(1000);
          ws.on('close', unwatch);
        });
      },
      () => socket.destroy(),
    );
  };

  return {
    upgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      const path = (req.url ?? '/').split('?')[0]!;
      const cobrowse = /^\/cobrowse\/sessions\/([^/]+)$/.exec(path);
      if (cobrowse) return cobrowseSocket(cobrowse[1]!, req, socket, head);
      const match = /^\/channels\/([^/]+)$/.exec(path);
      const id = match ? match[1]! : undefined;
      const orgId = id === undefined ? undefined : hub.orgOf(id);
      // A fault on /channels/… drops or refuses the connection, as it would a request.
      const fault = admin.faults.match({ method: 'GET', path, orgId });
      if (fault?.drop) return void socket.destroy();
      if (fault) return endWithError(socket, new ApiError('serviceUnavailable'), ids.uuid());
      if (id === undefined || orgId === undefined) return endWithError(socket, new ApiError('notFound'), ids.uuid());
      void socketServer().then(
        (server) => {
          // Closed while ws loaded: the socket goes as every other one did.
          if (closed) return void socket.destroy();
          server.handleUpgrade(req, socket, head, (ws) => {
            const port: SocketPort = {
              send: (text) => {
                if (ws.readyState === ws.OPEN) ws.send(text);
              },
              close: (options) => (options?.drop ? ws.terminate() : ws.close(1000)),
            };
            ws.on('message', (data: Buffer) => hub.received(id, data.toString('utf8')));
            ws.on('close', () => hub.detach(id, port));
            ws.on('error', () => hub.detach(id, port));
            if (!hub.attach(id, port)) return void ws.close(1000);
            if (!heartbeat) {
              heartbeat = setInterval(() => hub.heartbeat(), heartbeatMs);
              heartbeat.unref();
            }
          });
        },
        () => socket.destroy(),
      );
    },
    close() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      if (!wss) return;
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
