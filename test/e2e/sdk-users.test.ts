// The official SDK vendor's own integration-test flow, unmodified calls against the emulator: log
// in, postUsers, patchUser with the version, putUserProfileskills, getUser with expand, deleteUser
// (../shared/genesys-reference.md, section 8).
import platformClient from 'purecloud-platform-client-v2';
import { startMockServer, type MockServer } from '../../src/index.js';
import { sdkLogin } from '../support/servers.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());

/** The SDK logged in as a new isolated org's client: every scope of the document, acting as the org's user. */
async function loginToNewOrg() {
  const org = await server.admin.createOrg();
  await sdkLogin(platformClient, server.port, org.clientId, org.clientSecret);
  return org;
}

test('postUsers, patchUser with its version, putUserProfileskills, getUser with expand, deleteUser', async () => {
  await loginToNewOrg();
  const users = new platformClient.UsersApi();
  const email = `sdk.test.${Date.now()}@example.com`;
  // (the SDK's typings want divisionId; its own test, in JavaScript, sends none)
  const created = await users.postUsers({ name: 'SDK Test User', email, password: 'not checked here' } as platformClient.Models.CreateUser);
  expect(created).toMatchObject({ id: expect.any(String), name: 'SDK Test User', email, username: email, state: 'active', version: 1 });

  const patched = await users.patchUser(created.id!, { department: 'QA', version: created.version! });
  expect(patched).toMatchObject({ id: created.id, department: 'QA', version: 2 });

  expect(await users.putUserProfileskills(created.id!, ['Testmaster'])).toEqual(['Testmaster']);
  const read = await users.getUser(created.id!, { expand: ['profileSkills'] });
  expect(read).toMatchObject({ id: created.id, department: 'QA', profileSkills: ['Testmaster'], version: 3 });

  await users.deleteUser(created.id!);
  const gone = await users.getUser(created.id!).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(gone).toMatchObject({ status: 404, code: 'not.found' });
});

test('getUsersMe: the user a client acts as; a client-credentials token without one is 400 not.a.user', async () => {
  const users = new platformClient.UsersApi();
  const org = await loginToNewOrg();
  expect(await users.getUsersMe()).toMatchObject({ id: org.userId, state: 'active' });
  const appOnly = await server.admin.createClient({ scopes: ['users'], orgId: org.id });
  await sdkLogin(platformClient, server.port, appOnly.clientId, appOnly.clientSecret);
  const refused = await users.getUsersMe().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refused).toMatchObject({
    status: 400,
    code: 'not.a.user',
    message: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
  });
});

test('a stale version is refused with 409 and the user is left as it was', async () => {
  await loginToNewOrg();
  const users = new platformClient.UsersApi();
  const created = await users.postUsers({ name: 'Versioned', email: 'versioned@example.com' } as platformClient.Models.CreateUser);
  await users.patchUser(created.id!, { title: 'Lead', version: 1 });
  const stale = await users.patchUser(created.id!, { title: 'Other', version: 1 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(stale).toMatchObject({ status: 409, message: expect.stringContaining('does not match the current version') });
  expect(await users.getUser(created.id!)).toMatchObject({ title: 'Lead', version: 2 });
});

test('PresenceApi: the presences, a user going On Queue, and its routing status through UsersApi', async () => {
  const org = await loginToNewOrg();
  const presence = new platformClient.PresenceApi();
  const definitions = await presence.getPresencedefinitions();
  const onQueue = definitions.entities!.find((p) => p.systemPresence === 'On Queue')!;
  const set = await presence.patchUserPresencesPurecloud(org.userId, { presenceDefinition: { id: onQueue.id } } as platformClient.Models.UserPresence);
  expect(set.presenceDefinition).toMatchObject({ id: onQueue.id, systemPresence: 'On Queue' });
  expect(await new platformClient.UsersApi().getUserRoutingstatus(org.userId)).toMatchObject({ userId: org.userId, status: 'IDLE' });
});

test("the code grant: a code from the login page by form posts, the SDK's loginCodeAuthorizationGrant and refreshCodeAuthorizationGrant, getUsersMe is that user", async () => {
  const org = await server.admin.createOrg();
  const redirectUri = 'http://localhost:3000/callback';
  const app = await server.admin.createClient({ orgId: org.id, scopes: ['users'], authorizedGrantTypes: ['CODE'], registeredRedirectUris: [redirectUri] });
  const params = new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: redirectUri, state: 'st' });
  const page = await fetch(`${server.url}/oauth/authorize?${params}`);
  expect(await page.text()).toContain(`value="${org.userId}"`);
  const posted = await fetch(`${server.url}/oauth/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(params), user_id: org.userId }),
    redirect: 'manual',
  });
  const code = new URL(posted.headers.get('location')!).searchParams.get('code')!;

  const client = platformClient.ApiClient.instance;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: server.port, path_params_login: '', path_params_api: '' });
  // (the SDK hands back its one authData object, updated in place: its values are read at once)
  const auth = (await client.loginCodeAuthorizationGrant(app.clientId, app.clientSecret, code, redirectUri)) as { accessToken?: string; refreshToken?: string };
  const first = { accessToken: auth.accessToken, refreshToken: auth.refreshToken };
  expect(first).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
  expect(await new platformClient.UsersApi().getUsersMe()).toMatchObject({ id: org.userId });
  const refreshed = (await client.refreshCodeAuthorizationGrant(app.clientId, app.clientSecret, first.refreshToken!)) as { accessToken?: string };
  expect(refreshed.accessToken).not.toBe(first.accessToken);
  expect(await new platformClient.UsersApi().getUsersMe()).toMatchObject({ id: org.userId });
});
