// npm run docs: writes what docs/ shows from the code (the error list of docs/api.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { withErrorTables } from '../dist/error-docs.js';

const page = new URL('../docs/api.md', import.meta.url);
const before = readFileSync(page, 'utf8');
const after = withErrorTables(before);
if (after !== before) writeFileSync(page, after);
