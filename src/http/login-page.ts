// The login page of the code and implicit grants: the org's users, one button each. Plain HTML
// with no script, so a test can post its form without a browser and a browser shows it as is.
import type { AuthorizeRequest } from '../domain/oauth-grants.js';
import type { UserRecord } from '../store/schema.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><h1>${escape(title)}</h1>
${body}
</body></html>
`;
}

export function loginPage(request: AuthorizeRequest, clientName: string, users: readonly UserRecord[]): string {
  const hidden = (
    [
      ['response_type', request.responseType],
      ['client_id', request.clientId],
      ['redirect_uri', request.redirectUri],
      ['state', request.state],
      ['code_challenge', request.codeChallenge],
      ['code_challenge_method', request.codeChallengeMethod],
    ] as const
  )
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value!)}">`)
    .join('\n');
  const buttons = users.map((u) => `<button type="submit" name="user_id" value="${escape(u.id)}">${escape(u.name)}</button>`).join('\n');
  return page(
    `Log in to ${clientName}`,
    `<p>genesys-cloud-mock: pick the user to log in as (there is no password).</p>
<form method="post" action="/oauth/authorize">
${hidden}
${buttons || '<p>The organization has no user.</p>'}
</form>`,
  );
}

export function refusedPage(reason: string): string {
  return page('The login cannot go on', `<p>${escape(reason)}</p>`);
}
