// JSON answers as Express' res.json writes them, whichever way they are sent: the header set, the
// body, a conditional GET answered 304, and the journal's copy.
import request from 'supertest';
import { DEMO, harness } from '../support/harness.js';

const CONVERSATION = `/api/v2/conversations/${DEMO.voiceConnected}`;

test('a JSON answer has its charset, its exact length and its body; the journal keeps it', async () => {
  const h = harness();
  const auth = { Authorization: `Bearer ${await h.token()}` };
  const res = await request(h.app).get(CONVERSATION).set(auth);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  expect(res.body.id).toBe(DEMO.voiceConnected);
  const [entry] = (await h.http.get(`/__admin/requests?path=${CONVERSATION}`)).body.requests;
  expect(entry.responseBody).toEqual(res.body);
});

test.each<[string, Record<string, string>, number, boolean]>([
  ['If-None-Match: * is fresh: 304, no body', { 'If-None-Match': '*' }, 304, false],
  ['If-None-Match with a tag: no ETag is sent, so 200 with the body', { 'If-None-Match': '"x"' }, 200, true],
  ['If-Modified-Since: no Last-Modified is sent, so 200 with the body', { 'If-Modified-Since': 'Tue, 01 Dec 2026 00:00:00 GMT' }, 200, true],
])('%s', async (_, headers, status, hasBody) => {
  const h = harness();
  const auth = { Authorization: `Bearer ${await h.token()}` };
  const plain = await request(h.app).get(CONVERSATION).set(auth);
  const res = await request(h.app).get(CONVERSATION).set(auth).set(headers);
  expect(res.status).toBe(status);
  expect(res.text ?? '').toBe(hasBody ? plain.text : '');
  if (status === 200) {
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(plain.headers['content-length']);
  }
});
