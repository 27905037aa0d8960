import type { Socket } from 'node:net';

const TYPE_BASE = 'https://teacher-dev.example/problems/';

/**
 * What Node's HTTP parser answers before any route runs — a malformed request line or header (a NUL or
 * another control character in a header value), headers too large, or a request not complete within
 * the request or header timeout — as problem+json like every other answer, then closes the connection.
 * Replaces Fastify's default, which wrote its own JSON shape.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request timeout', 'the request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request header fields too large', 'the request headers are larger than the server accepts']
        : [
            400,
            'Bad request',
            'the request is not valid HTTP (a control character in a header, or a malformed line)',
          ];
  if (!socket.writable) {
    socket.destroy(err);
    return;
  }
  const body = JSON.stringify({
    type: `${TYPE_BASE}${status === 400 ? 'bad-request' : title.toLowerCase().replace(/ /g, '-')}`,
    title,
    status,
    detail,
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
