// createApp builds the Express app from the OpenAPI document; it never listens.
import express, { type Express, type RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import type { Clock, IdGenerator } from '../domain/deps.js';
import type { Seed } from '../domain/seed.js';
import type { Store } from '../store/store.js';
import { randomIds } from '../system.js';
import { bodyParsers, raiseDeferredBodyError } from './body.js';
import { ApiError } from '../domain/errors.js';
import { errorHandler } from './error-handler.js';
import { allScopes, loadOpenApi } from './openapi.js';
import { requestState } from './request-state.js';
import { dispatcher } from './dispatch.js';
import { patchValidator } from './validator-patches.js';
import { pipeline } from './pipeline.js';
import { stubResponder, unmatchedOperations } from './stubs.js';
import { SECURITY_SCHEME, pureCloudOAuth } from './security.js';
import { adminGuard, Admin, faultInjector, journalRecorder, keepResponseBodies, rateLimiter } from './admin.js';
import { VirtualClock } from '../domain/admin/virtual-clock.js';
import { AuthorizationCodes } from '../domain/oauth-grants.js';
import type { StubInput } from '../domain/admin/stubs.js';
import { genesysCatalogue } from './catalogue-file.js';
import { NotificationHub } from '../domain/notifications/hub.js';
import { ObservedStore } from './change-events.js';
import { notificationSockets, type NotificationSockets } from './notification-sockets.js';

/** Genesys' request.bytes.max. */
const MAX_BODY_BYTES = 512_000;

export interface AppConfig {
  tokenTtlSeconds: number;
  seed: Seed;
  maxBodyBytes?: number;
  log?: (line: string) => void;
  /** Requests kept in the journal (default 10,000; 0 keeps none). */
  journalSize?: number;
  /** Bytes the journal may hold (64 MB by default). */
  journalBytes?: number | undefined;
  /** Enforce Genesys' 300 requests a minute per token from the start. */
  rateLimits?: boolean;
  /** When set, /__admin (but health) needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string | undefined;
  /** Seconds between notification heartbeats, on the real timer (default 30). */
  heartbeatSeconds?: number | undefined;
  /** Seconds on the clock an analytics details job stays QUEUED (default 0). */
  analyticsJobSeconds?: number | undefined;
  /** Stubs from files (checked by src/stub-files.ts): in place from the start, kept across resets. */
  stubs?: StubInput[] | undefined;
}

/** The HTTP side, and the WebSocket side to which the listening server hands its upgrades (src/server.ts). */
export interface MockApp {
  app: Express;
  sockets: NotificationSockets;
}

export interface AppOptions {
  store: Store;
  clock: Clock;
  config: AppConfig;
  ids?: IdGenerator;
  /** The OpenAPI document to serve instead of the package's (tests of the routing use it). */
  document?: OpenAPIV3.DocumentV3;
}

export function createApp({ store, clock: baseClock, config, ids = randomIds, document }: AppOptions): MockApp {
  const clock = new VirtualClock(baseClock);
  // The hub reads the store as it is; the routes write through the observed one, so their
  // conversation changes are published.
  const hub = new NotificationHub({ store, clock, ids });
  const deps = {
    store: new ObservedStore(store, {
      conversationChanged: (id, correlationId, before) => hub.conversationChanged(id, correlationId ?? ids.uuid(), before),
      userChanged: (before, after, correlationId) => hub.userChanged(before, after, correlationId ?? ids.uuid()),
      queueChanged: (before, after, correlationId) => hub.queueChanged(before, after, correlationId ?? ids.uuid()),
    }),
    clock,
    ids,
  };
  const admin = new Admin(clock, {
    journalSize: config.journalSize ?? 10_000,
    journalBytes: config.journalBytes,
    rateLimits: config.rateLimits ?? false,
    adminToken: config.adminToken,
  });
  for (const stub of config.stubs ?? []) admin.stubs.add(ids.uuid(), stub, { fromFile: true, catalogue: genesysCatalogue });
  const maxBodyBytes = config.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = config.log ?? ((line: string) => console.error(line));
  const openapi = document ? { text: JSON.stringify(document), document: structuredClone(document) } : loadOpenApi();

  patchValidator();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Genesys' paths are lower case: another case is another, unknown path (src/http/paths.ts).
  app.set('case sensitive routing', true);
  keepResponseBodies(app.response);

  const validator = OpenApiValidator.middleware({
    apiSpec: openapi.document,
    // allErrors: every bad field is named in details; bodies are capped at 512,000 bytes.
    validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
    validateResponses: false,
    validateSecurity: { handlers: { [SECURITY_SCHEME]: pureCloudOAuth(deps) } },
    ignoreUndocumented: false,
    fileUploader: false,
    // Checking the document against the OpenAPI meta-schema on every start buys nothing for a
    // document that ships with the server: the test suite checks it (test/openapi-document.test.ts).
    validateApiSpec: false,
  }) as RequestHandler[];
  // The cobrowse rules answer authentication and scopes before a malformed body.
  const afterSecurity = validator.findIndex((mw) => mw.name === 'securityMiddleware') + 1;
  if (afterSecurity === 0) throw new Error('express-openapi-validator no longer has a securityMiddleware');
  const lookup = validator.findIndex((mw) => mw.name === 'metadataMiddleware');
  if (lookup === -1 || lookup >= afterSecurity) throw new Error('express-openapi-validator no longer looks routes up in a metadataMiddleware before security');
  // A request no documented operation matches may still be a catalogued one, or stubbed.
  validator[lookup] = unmatchedOperations(deps, admin, validator[lookup]!);

  app.use(
    pipeline([
      (req, res, next) => {
        const correlationId = ids.uuid();
        requestState(req).correlationId = correlationId;
        res.setHeader('inin-correlation-id', correlationId);
        next();
      },
      journalRecorder(deps, admin),
      adminGuard(admin),
      ...bodyParsers(maxBodyBytes),
      faultInjector(deps, admin),
      ...validator.slice(0, afterSecurity),
      rateLimiter(deps, admin),
      stubResponder(deps, admin),
      raiseDeferredBodyError,
      ...validator.slice(afterSecurity),
      dispatcher(
        {
          ...deps,
          hub,
          admin,
          seed: config.seed,
          tokenTtlSeconds: config.tokenTtlSeconds,
          analyticsJobSeconds: config.analyticsJobSeconds ?? 0,
          codes: new AuthorizationCodes(),
          allScopes: allScopes(openapi.document),
          documentText: openapi.text,
        },
        openapi.document,
      ),
      // Whatever no operation took ends in the Genesys 404, never Express' HTML page.
      (_req, _res, next) => next(new ApiError('notFound')),
    ]),
  );
  app.use(errorHandler({ maxBodyBytes, log }));
  return { app, sockets: notificationSockets(hub, admin, ids, (config.heartbeatSeconds ?? 30) * 1000) };
}
