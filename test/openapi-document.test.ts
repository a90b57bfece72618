// The OpenAPI document is valid OpenAPI 3.0 (the server skips this check at startup for speed).
import { jest } from '@jest/globals';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import request from 'supertest';
import { loadOpenApi } from '../src/http/openapi.js';

test('the document passes the OpenAPI 3.0 meta-schema', async () => {
  const app = express();
  app.use(OpenApiValidator.middleware({ apiSpec: loadOpenApi().document, validateApiSpec: true }));
  app.get('/__admin/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(((err, _req, res, _next) => {
    res.status(500).json({ error: String(err?.message ?? err) });
  }) as express.ErrorRequestHandler);
  const res = await request(app).get('/__admin/health');
  expect(res.body).toEqual({ status: 'ok' });
});

test('a broken document is caught by that check', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
  const broken = loadOpenApi().document as unknown as { paths: Record<string, unknown> };
  broken.paths['/__admin/health'] = { get: { responses: 'not an object' } };
  const app = express();
  app.use(OpenApiValidator.middleware({ apiSpec: broken as never, validateApiSpec: true }));
  app.use(((err, _req, res, _next) => {
    res.status(500).json({ error: String(err?.message ?? err) });
  }) as express.ErrorRequestHandler);
  const res = await request(app).get('/__admin/health');
  expect(res.status).toBe(500);
  quiet.mockRestore();
});
