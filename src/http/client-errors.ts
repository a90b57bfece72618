// Requests Node's HTTP parser refuses before Express sees them (a URL or headers over 16 KB, a
// malformed request line, a client too slow to send its headers): answered with the Genesys
// ErrorBody too, instead of Node's bare status line, then the connection is closed.
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { IdGenerator } from '../domain/deps.js';
import { ApiError } from '../domain/errors.js';
import { errorBody } from './error-handler.js';

function errorFor(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return new ApiError('headersTooLarge');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADER_TIMEOUT') return new ApiError('requestTimeout');
  return new ApiError('badRequest');
}

/** Writes a whole HTTP answer carrying the Genesys ErrorBody straight on the socket, then closes it. */
export function endWithError(socket: Duplex, error: ApiError, correlationId: string): void {
  const body = JSON.stringify(errorBody(error, correlationId));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `inin-correlation-id: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function answerClientErrors(server: Server, ids: IdGenerator): void {
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or a half-sent answer leaves nothing to say.
    if (e.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    endWithError(socket, errorFor(e.code), ids.uuid());
  });
}
