// Body parsing. JSON is parsed here but a malformed body is not answered yet: Genesys checks
// the token and its scopes first, so the error waits until the security check has passed.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError } from '../domain/errors.js';
import { requestState } from './request-state.js';
import { pipeline } from './pipeline.js';

/** As Jackson's default on the Genesys side; deeper bodies could not even be journaled back. */
const MAX_JSON_NESTING = 1000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The deepest nesting of arrays and objects in a JSON text (strings skipped). */
function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

/** The body's value; undefined for a blank body (the SDK sends one on body-less POSTs). */
function parseJson(buffer: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    throw new Error('it is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  if (nestingOf(text) > MAX_JSON_NESTING) throw new Error(`it nests arrays and objects more than ${MAX_JSON_NESTING} deep`);
  return JSON.parse(text);
}

/** What type-is makes of a Content-Type header, for the parsers. */
interface MediaKind {
  form: boolean;
  json: boolean;
}
const KINDS_KEPT = 64;
const kinds = new Map<string | undefined, MediaKind>();

/**
 * type-is' answers for a request with a body, by its Content-Type header: they depend on nothing
 * else (its hasBody test aside, which the caller has passed), and a client sends the same header
 * again and again; each request parsed it two more times (about 5 us of a create).
 */
function mediaKind(req: Request): MediaKind {
  const header = req.headers['content-type'];
  let kind = kinds.get(header);
  if (kind === undefined) {
    kind = { form: Boolean(req.is('urlencoded')), json: Boolean(req.is(['application/json', 'application/*+json'])) };
    // Headers are the clients' to choose: forgotten all at once past a few.
    if (kinds.size >= KINDS_KEPT) kinds.clear();
    kinds.set(header, kind);
  }
  return kind;
}

export function bodyParsers(maxBodyBytes: number): RequestHandler[] {
  // A body announced over the limit is refused at once, and the connection closed, rather than
  // read to its end first (as body-parser does before answering).
  const announcedTooLarge: RequestHandler = (req, res, next) => {
    const length = Number(req.headers['content-length']);
    if (!(length > maxBodyBytes)) return next();
    res.set('Connection', 'close');
    next(new ApiError('payloadTooLarge', {}, [], { limit: String(maxBodyBytes) }));
  };
  const form = express.urlencoded({ extended: false, limit: maxBodyBytes });
  const raw = express.raw({ type: () => true, limit: maxBodyBytes });
  const json = (req: Request, _res: Response, next: NextFunction) => {
    const buffer = req.body as unknown;
    if (!Buffer.isBuffer(buffer)) return next();
    req.body = undefined;
    // Other media types are left for the validator, which answers 415 where they are not declared.
    if (!mediaKind(req).json || buffer.length === 0) return next();
    try {
      req.body = parseJson(buffer);
    } catch (e) {
      requestState(req).deferredBodyError = new ApiError('malformedJson', {}, [{ errorCode: 'invalid.json' }], {
        reason: (e as Error).message,
      });
    }
    next();
  };
  // The form parser passes on any other body untouched (its own type test), as raw then does.
  const formParsers = pipeline([form, raw, json]);
  const otherParsers = pipeline([raw, json]);
  const parse: RequestHandler = (req, res, next) => {
    // What body-parser calls a request without a body (type-is' hasBody): each parser would pass it on.
    const bodiless = req.headers['transfer-encoding'] === undefined && Number.isNaN(Number(req.headers['content-length']));
    if (!bodiless) return (mediaKind(req).form ? formParsers : otherParsers)(req, res, next);
    req.body = undefined;
    next();
  };
  return [announcedTooLarge, parse];
}

/** Runs right after the security check: now a malformed body may be answered. */
export const raiseDeferredBodyError: RequestHandler = (req, _res, next) => {
  const error = requestState(req).deferredBodyError;
  next(error);
};
