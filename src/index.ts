// The package's library entry: embed the emulator in a test run.
export { startMockServer, type MockServer, type MockServerOptions } from './server.js';
export {
  AdminClient,
  AdminError,
  type ConversationFixture,
  type FaultSpec,
  type StubInfo,
  type StubSpec,
  type JournaledRequest,
  type OrgCredentials,
  type RequestFilter,
} from './admin-client.js';
