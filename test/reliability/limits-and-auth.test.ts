// Resource limits and authentication hardening, against a real listening server.
import { connect, type Socket } from 'node:net';
import { startMockServer } from '../../src/index.js';
import { DEMO, harness } from '../support/harness.js';

function rawRequest(port: number, head: string, body: Buffer | string = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString();
      const status = /^HTTP\/1\.1 (\d+)/.exec(text);
      if (status && text.includes('\r\n\r\n') && text.includes('"errors":[]}')) {
        socket.destroy();
        resolve({ status: Number(status[1]), text });
      }
    });
    socket.on('error', reject);
    socket.write(head);
    if (body.length > 0) socket.write(body);
  });
}

describe('resource limits', () => {
  test('a body announced over 512,000 bytes is refused with 413 before it is sent', async () => {
    const server = await startMockServer();
    try {
      // 100 MB announced, 1 KB sent: the answer comes without the rest ever arriving.
      const res = await rawRequest(
        server.port,
        `POST /api/v2/conversations/${DEMO.voiceConnected}/cobrowse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n`,
        'x'.repeat(1024),
      );
      expect(res.status).toBe(413);
      expect(res.text).toContain('"code":"request.entity.too.large"');
    } finally {
      await server.close();
    }
  });

  test('1,000 idle connections do not stop it answering others', async () => {
    const server = await startMockServer();
    const sockets: Socket[] = [];
    try {
      await Promise.all(
        Array.from(
          { length: 1000 },
          () =>
            new Promise<void>((resolve, reject) => {
              const s = connect(server.port, '127.0.0.1', () => resolve());
              s.on('error', reject);
              sockets.push(s);
            }),
        ),
      );
      const res = await fetch(`${server.url}/__admin/health`);
      expect(res.status).toBe(200);
      const token = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
      });
      expect(token.status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await server.close();
    }
  });
});

describe('authentication hardening', () => {
  test.each([
    ['an empty bearer', 'Bearer', 'authentication.required'],
    ['two words', 'Bearer two words', 'authentication.required'],
    ['another scheme', 'Token not-a-bearer-credential', 'authentication.required'],
    ['4,000 characters', `Bearer ${'a'.repeat(4000)}`, 'bad.credentials'],
    ['a path', 'Bearer ../../etc/passwd', 'bad.credentials'],
    ['a lower-case scheme and an unknown token', 'bearer lowercase-scheme-unknown-token', 'bad.credentials'],
  ])('a malformed or unknown token (%s) is a 401 %s', async (_label, header, code) => {
    const h = harness();
    const res = await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', header);
    expect([res.status, res.body.code]).toEqual([401, code]);
    expect(res.text).not.toContain(header.slice(7, 40) || '\u0000');
  });

  test('a token revoked by a reset is refused; an expired one says so', async () => {
    const h = harness({ tokenTtlSeconds: 5 });
    const token = await h.token();
    await h.http.post('/__admin/reset');
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`)).body.code).toBe('bad.credentials');
    const fresh = await h.token();
    h.clock.advance(5);
    expect((await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${fresh}`)).body.code).toBe('credentials.expired');
  });

  test('secrets appear in no answer, no journal entry and no state', async () => {
    const h = harness();
    const wrong = await h.http.post('/oauth/token').auth('demo-client', 'not-the-secret').type('form').send({ grant_type: 'client_credentials' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('not-the-secret');
    expect(wrong.text).not.toContain('demo-secret');
    const form = await h.http
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret', scope: 'nope' });
    expect(form.status).toBe(400);
    expect(form.text).not.toContain('demo-secret');
    const token = await h.token();
    await h.http.get(`/api/v2/conversations/${DEMO.voiceConnected}`).set('Authorization', `Bearer ${token}`);
    for (const path of ['/__admin/requests', '/__admin/state']) {
      const text = (await h.http.get(path)).text;
      for (const secret of ['demo-secret', 'not-the-secret', 'no-cobrowse-secret', token]) expect(text).not.toContain(secret);
    }
  });
});

describe('slow clients', () => {
  function held(port: number, bytes: string): Promise<{ text: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve({ text }));
      socket.on('error', reject);
      socket.write(bytes);
    });
  }

  test.each([
    ['headers that never end', 'GET /__admin/health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n', 408],
    [
      'a body that never comes',
      'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant',
      408,
    ],
    ['an idle keep-alive connection', 'GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\n', 200],
  ])('%s: the server lets go of the connection', async (_label, bytes, status) => {
    const server = await startMockServer({ timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 300 } });
    try {
      const { text } = await held(server.port, bytes);
      const answers = text.match(/^HTTP\/1\.1 \d+/gm) ?? [];
      expect(answers.at(-1)).toBe(`HTTP/1.1 ${status}`);
      if (status === 408) expect(text).toContain('"code":"request.timeout"');
      // and it answers others
      expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('requests refused before Express sees them', () => {
  function exchange(port: number, bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(bytes);
    });
  }

  test.each([
    ['a URL over 16 KB', `GET /api/v2/conversations?x=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'request.header.fields.too.large'],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'bad.request'],
    ['a header without a colon', 'GET /__admin/health HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n', 400, 'bad.request'],
    ['two Content-Length headers', 'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 400, 'bad.request'],
  ])('%s gets the Genesys error body and the connection closed', async (_label, bytes, status, code) => {
    const server = await startMockServer();
    try {
      const text = await exchange(server.port, bytes);
      expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { code: string; status: number; contextId: string };
      expect([body.status, body.code]).toEqual([status, code]);
      expect(text).toContain(`inin-correlation-id: ${body.contextId}`);
      // and the server goes on answering
      expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
