// Jest's globalSetup, run before any test worker starts (the workers inherit its environment): the
// suite runs with nothing of this machine's user. Its own HOME (the official SDK reads
// ~/.genesyscloudjavascript/config when it loads, npm reads ~/.npmrc), and none of the variables
// the emulator reads (a CI job that sets GENESYS_MOCK_ADMIN_TOKEN or PORT for its own server
// would change every server the tests start).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function isolatedEnvironment() {
  process.env.HOME = mkdtempSync(join(tmpdir(), 'gcm-home-'));
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('GENESYS_MOCK_') || name === 'PORT' || name === 'HOST') delete process.env[name];
  }
}
