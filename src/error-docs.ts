// The error list of docs/api.md, written from the one error catalogue (`npm run docs`; the suite
// checks the page is current), as Prism writes its errors page from its own.
import { CATALOGUE, OAUTH_CATALOGUE } from './domain/errors.js';

const START = '<!-- errors:start -->';
const END = '<!-- errors:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The Markdown tables of every error: the ErrorBody ones, then the OAuth ones of /oauth/token. */
export function errorTables(): string {
  const api = Object.values(CATALOGUE)
    .map((e) => ({ status: e.status, code: e.code, message: e.message }))
    .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
  const oauth = Object.values(OAUTH_CATALOGUE).sort((a, b) => a.status - b.status || a.error.localeCompare(b.error));
  return [
    '| status | code | message (`{name}`: from `messageParams`) |',
    '|---|---|---|',
    ...api.map((e) => `| ${e.status} | \`${e.code}\` | ${cell(e.message)} |`),
    '',
    '| status | `/oauth/token` error | description |',
    '|---|---|---|',
    ...oauth.map((e) => `| ${e.status} | \`${e.error}\` | ${cell(e.description)} |`),
  ].join('\n');
}

/** The page with its error list replaced by the catalogue's. */
export function withErrorTables(page: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the page has no ${START} … ${END} section`);
  return `${page.slice(0, start + START.length)}\n${errorTables()}\n${page.slice(end)}`;
}
