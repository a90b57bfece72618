// Operations bound by operationId: the OpenAPI document is the router. The validator has matched
// the request to an operation of the document (and checked it, its token and its scopes); the
// handler of that operationId answers it. Handlers are plain functions of an OperationContext
// (src/http/groups/*.ts, one module a group): no Express in them, no path written twice.
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock, Deps, IdGenerator } from '../domain/deps.js';
import type { Principal } from '../domain/oauth.js';
import { parsePageRequest, type PageRequest } from '../domain/paging.js';
import type { Seed } from '../domain/seed.js';
import type { NotificationHub } from '../domain/notifications/hub.js';
import type { StoreView } from '../store/store.js';
import type { ObservedStore } from './change-events.js';
import type { operations } from '../generated/openapi.js';
import type { Admin } from './admin.js';
import type { AuthorizationCodes } from '../domain/oauth-grants.js';

export type OperationId = keyof operations;

/** What every handler may use beside its request: the app's parts. */
export interface AppServices {
  /** The whole store, every org: for the admin API only. */
  store: ObservedStore;
  clock: Clock;
  ids: IdGenerator;
  hub: NotificationHub;
  admin: Admin;
  seed: Seed;
  tokenTtlSeconds: number;
  /** Seconds on the clock an analytics details job stays QUEUED. */
  analyticsJobSeconds: number;
  /** Authorization codes of the code grant, waiting to be traded for tokens. */
  codes: AuthorizationCodes;
  /** Every scope the document declares. */
  allScopes: readonly string[];
  /** The document as served at /openapi.yaml. */
  documentText: string;
}

type Content<T> = T extends { content: infer C } ? C[keyof C] : undefined;
type BodyOf<Op> = Op extends { requestBody: infer B } ? Content<B> : Op extends { requestBody?: infer B } ? Content<NonNullable<B>> | undefined : undefined;
type PathOf<Op> = Op extends { parameters: { path: infer P } }
  ? P extends Record<string, unknown>
    ? { [K in keyof P]: string }
    : Record<string, never>
  : Record<string, never>;
type Success<Op> = Op extends { responses: infer R } ? { [S in keyof R]: S extends 200 | 201 | 202 ? Content<R[S]> : never }[keyof R] : never;

export interface OperationContext<Op = unknown> {
  /** The caller, from its bearer token; only on operations the document secures. */
  readonly principal: Principal;
  /** The path parameters, decoded. */
  params: PathOf<Op>;
  /** The query as sent (not as the validator coerced it). */
  query: URLSearchParams;
  body: BodyOf<Op>;
  headers: IncomingHttpHeaders;
  /** The caller's org's view of the store, for an authenticated operation; else the whole store. */
  store: StoreView;
  /** Store, clock and ids as the domain takes them (the store as above). */
  deps: Deps;
  app: AppServices;
}

/** A list operation's paging, from its query as sent (Genesys refuses what the validator would coerce). */
/** The query parameters a page's links keep, as sent. */
export function keptQuery(ctx: OperationContext, names: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of names) {
    const value = ctx.query.get(name);
    if (value !== null) query[name] = value;
  }
  return query;
}

export function pageRequestOf(ctx: OperationContext, maxPageSize?: number): PageRequest {
  return parsePageRequest({ pageSize: ctx.query.get('pageSize'), pageNumber: ctx.query.get('pageNumber') }, maxPageSize);
}

/** An answer other than 200 with a JSON body. */
export class Reply<B = unknown> {
  constructor(
    readonly status: number,
    readonly body?: B,
    readonly headers: Record<string, string> = {},
    readonly contentType?: string,
  ) {}
}

export const created = <B>(body: B): Reply<B> => new Reply(201, body);
export const accepted = (): Reply<never> => new Reply(202);
export const noContent = (): Reply<never> => new Reply(204);
export const emptyOk = (): Reply<never> => new Reply(200);

type Result<Op> = Success<Op> | Reply<Success<Op>> | Reply<never>;

export type Handler<K extends OperationId> = (ctx: OperationContext<operations[K]>) => Result<operations[K]> | Promise<Result<operations[K]>>;

/** A group's handlers: `export const handlers = { … } satisfies Handlers;`. */
export type Handlers = { [K in OperationId]?: Handler<K> };

/** Any handler, as the dispatcher calls it. */
export type AnyHandler = (ctx: OperationContext<never>) => unknown;
