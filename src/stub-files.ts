// Stubs from files (`--stubs PATH`, `startMockServer({stubs})`): a YAML or JSON file holding one
// stub or a list of them, or a folder of such files (*.yaml, *.yml, *.json, read in name order).
// Each stub is checked as POST /__admin/stubs checks one, before the server listens; every problem
// is reported as FILE:LINE. Loaded only when asked for: serving without it never reads yaml or ajv.
import { Ajv } from 'ajv';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { Stubs, type StubInput } from './domain/admin/stubs.js';
import { ApiError } from './domain/errors.js';
import { loadOpenApi } from './http/openapi.js';
import { Located, reportSchemaErrors, type Path } from './yaml-lines.js';

export class StubFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`stubs: ${problems.join('; ')}`);
    this.name = 'StubFileError';
  }
}

const STUB_FILE = /\.(ya?ml|json)$/i;

let validate: ReturnType<Ajv['compile']> | undefined;

/** The document's own AdminStubRequest: a file's stub is what the admin API would take. */
function validator(): ReturnType<Ajv['compile']> {
  if (validate) return validate;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(loadOpenApi().document as object, 'openapi');
  return (validate = ajv.compile({ $ref: 'openapi#/components/schemas/AdminStubRequest' }));
}

/** The stubs of one file's text; throws StubFileError naming FILE:LINE for each problem. */
export function parseStubFile(text: string, file: string): StubInput[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0)
    throw new StubFileError(doc.errors.map((e) => `${file}:${lines.linePos(e.pos[0]).line}: not valid YAML or JSON: ${e.message.split('\n')[0]}`));
  const at = new Located(file, doc, lines);
  const value: unknown = doc.toJS();
  const list = Array.isArray(value) ? value : [value];
  const base = (i: number): Path => (Array.isArray(value) ? [i] : []);
  // A scratch set: the same checks as the admin API, the path's above all.
  const scratch = new Stubs();
  list.forEach((stub: unknown, i) => {
    if (typeof stub !== 'object' || stub === null || Array.isArray(stub)) return at.add(base(i), 'a stub is a mapping with request and response');
    if (!validator()(stub)) return reportSchemaErrors(at, base(i), validator().errors, 'the stub');
    try {
      scratch.add(String(i), stub as StubInput);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const field = e.details[0]?.fieldName;
      at.add([...base(i), ...(field ? field.split('.') : [])], e.message.replace(/^The request body is invalid: /, ''));
    }
  });
  if (list.length === 0) at.add([], 'no stub in the file');
  if (at.problems.length > 0) throw new StubFileError(at.problems);
  return list as StubInput[];
}

/** Every stub of a file, or of each stub file of a folder; all problems of all files at once. */
export async function loadStubFiles(path: string): Promise<StubInput[]> {
  let files: string[];
  try {
    files = (await stat(path)).isDirectory()
      ? (await readdir(path))
          .filter((name) => STUB_FILE.test(name))
          .sort()
          .map((name) => join(path, name))
      : [path];
  } catch (e) {
    throw new StubFileError([`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  const stubs: StubInput[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      stubs.push(...parseStubFile(await readFile(file, 'utf8'), file));
    } catch (e) {
      if (e instanceof StubFileError) problems.push(...e.problems);
      else problems.push(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (problems.length > 0) throw new StubFileError(problems);
  return stubs;
}
