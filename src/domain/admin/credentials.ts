// What the journal never shows in clear: credentials in headers (whatever their spacing or
// scheme) and query strings, found by name, and secrets in bodies. The auth scheme is kept, so a
// test can still see that its code sent `Bearer` rather than `Basic`.
import { MASK } from '../secrets.js';

/** Names that carry credentials: exact ones, and any name holding token, secret, password or api key. */
const CREDENTIAL = /^(authorization|proxy-authorization|cookie|set-cookie|code|key|code_verifier|client_assertion)$|token|secret|passw(or)?d|api[-_]?key/i;

function isCredentialName(name: string): boolean {
  return CREDENTIAL.test(name);
}

/** `Bearer ********` for a value with a scheme, `********` for a bare one. */
function maskedCredential(value: string): string {
  const scheme = /^\s*([A-Za-z][\w.+-]*)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ${MASK}` : MASK;
}

export function maskedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = isCredentialName(name) ? maskedCredential(text) : text;
  }
  return out;
}

/** A query with every credential-looking parameter masked. */
export function maskedQuery(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, isCredentialName(k) ? MASK : v]));
}

/**
 * The body fields that hold secrets, by their exact names: a body is data a test reads back (the
 * scenario recorder replays it), so only what is certainly a secret is masked there, at any depth.
 */
const SECRET_FIELDS = new Set([
  'client_secret',
  'clientSecret',
  'password',
  'secret',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'client_assertion',
  'apiKey',
  'api_key',
]);

/** The body itself when it holds no secret (the usual case, which then costs no copy), else a masked copy. */
export function maskedBody(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const masked = maskedBody(v);
      if (masked !== v) (copy ??= [...value])[i] = masked;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const masked = SECRET_FIELDS.has(k) && typeof v === 'string' ? MASK : maskedBody(v);
    if (masked !== v) (copy ??= { ...value })[k] = masked;
  }
  return copy ?? value;
}
