// Jest's globalSetup: the suite runs with a HOME of its own, made before any test worker starts (the
// workers inherit it), so nothing of this machine's user reaches a test: the official SDK, for one,
// reads ~/.genesyscloudjavascript/config when it loads, and npm reads ~/.npmrc.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function isolatedHome() {
  process.env.HOME = mkdtempSync(join(tmpdir(), 'gcm-home-'));
}
