// The login page of the code and implicit grants in a real browser (headless Chromium, driven by
// playwright-core): the user clicked, the redirect with the code or the token, the code exchanged,
// and a client the page refuses. Where no Chromium is installed the tests are skipped and say so
// in their names (apt-get install -y chromium); test/http/oauth-user-grants.test.ts posts the same
// forms without a browser everywhere.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startMockServer, type MockServer } from '../../src/index.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);
const NO_BROWSER = 'skipped: no Chromium installed (apt-get install -y chromium, or set CHROMIUM_PATH)';
if (!CHROMIUM) console.warn(`test/e2e/login-page-browser.test.ts: ${NO_BROWSER}`);
const inBrowser = CHROMIUM ? test : test.skip;
const named = (name: string) => (CHROMIUM ? name : `${name} (${NO_BROWSER})`);

let server: MockServer;
let callbackServer: Server;
let callback: string;
let browser: Browser | undefined;
let org: { id: string; userId: string };
let client: { clientId: string; clientSecret: string };

beforeAll(async () => {
  server = await startMockServer();
  // Where the browser is sent back to: the app's own page, here a plain 200.
  callbackServer = createServer((_req, res) => res.end('<p>back in the app</p>'));
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callback = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
  org = await server.admin.createOrg('Browser Org');
  await server.admin.createUser({ name: 'Grace Hopper', orgId: org.id, email: 'grace@example.com' });
  client = await server.admin.createClient({
    orgId: org.id,
    name: 'Browser App',
    scopes: ['users'],
    authorizedGrantTypes: ['CODE', 'TOKEN'],
    registeredRedirectUris: [callback],
  });
  if (CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => callbackServer.close(resolve));
  await server.close();
});

const authorizeUrl = (params: Record<string, string>) => `${server.url}/oauth/authorize?${new URLSearchParams(params)}`;

async function me(accessToken: string): Promise<{ name: string; email?: string }> {
  return (await (await fetch(`${server.url}/api/v2/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } })).json()) as { name: string };
}

inBrowser(named('code grant: the page lists the users, a click sends the browser back with the code and state, and the code buys a user token'), async () => {
  const page = await browser!.newPage();
  await page.goto(authorizeUrl({ response_type: 'code', client_id: client.clientId, redirect_uri: callback, state: 'xyz 1' }));
  expect(await page.title()).toBe('Log in to Browser App');
  await page.getByRole('button', { name: 'Grace Hopper' }).click();
  await page.waitForURL(`${callback}?**`);
  const back = new URL(page.url());
  expect(back.searchParams.get('state')).toBe('xyz 1');
  expect(await page.textContent('p')).toBe('back in the app');
  const token = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: callback }),
  });
  expect(token.status).toBe(200);
  const body = (await token.json()) as { access_token: string; refresh_token: string };
  expect(body.refresh_token).toEqual(expect.any(String));
  expect(await me(body.access_token)).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com' });
  await page.close();
});

inBrowser(named('implicit grant: a click sends the browser back with the token in the fragment'), async () => {
  const page = await browser!.newPage();
  await page.goto(authorizeUrl({ response_type: 'token', client_id: client.clientId, redirect_uri: callback, state: 's2' }));
  await page.getByRole('button', { name: 'Grace Hopper' }).click();
  await page.waitForURL(`${callback}#**`);
  const fragment = new URLSearchParams(new URL(page.url()).hash.slice(1));
  expect(fragment.get('state')).toBe('s2');
  expect(fragment.get('token_type')).toBe('bearer');
  expect(await me(fragment.get('access_token')!)).toMatchObject({ name: 'Grace Hopper' });
  await page.close();
});

inBrowser(named('a redirect_uri the client did not register is refused on the page, and the browser stays there'), async () => {
  const page = await browser!.newPage();
  const response = await page.goto(
    authorizeUrl({ response_type: 'code', client_id: client.clientId, redirect_uri: 'http://127.0.0.1:1/elsewhere', state: 's3' }),
  );
  expect(response?.status()).toBe(400);
  expect(await page.title()).toBe('The login cannot go on');
  expect(await page.getByRole('button').count()).toBe(0);
  expect(page.url().startsWith(server.url)).toBe(true);
  await page.close();
});
