// Where a value of a YAML (or JSON) document is, as FILE:LINE: the scenario files and the stub
// files report every problem that way.
import type { ErrorObject } from 'ajv';
import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type Path = (string | number)[];

export class Located {
  readonly problems: string[] = [];
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The line of the deepest node on the path (of the key itself when `key` is given). */
  lineOf(path: Path, key?: string): number {
    let node: unknown = this.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const part of [...path, ...(key === undefined ? [] : [key])]) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
        if (!pair) break;
        const keyNode = pair.key as Node;
        offset = part === key && key !== undefined ? (keyNode.range?.[0] ?? offset) : ((pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset);
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part];
        offset = (node as Node).range?.[0] ?? offset;
      } else break;
    }
    return this.lines.linePos(offset).line;
  }

  add(path: Path, message: string, key?: string): void {
    this.problems.push(`${this.file}:${this.lineOf(path, key)}: ${message}`);
  }
}

/** An ajv instancePath as a path of keys and indexes. */
export function pathOf(instancePath: string): Path {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** A path as a reader writes it: `steps[2].request`; `whole` for the empty path. */
export function where(path: Path, whole: string): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || whole;
}

/** Each ajv error as FILE:LINE: message; `whole` names the document itself (`the scenario`). */
export function reportSchemaErrors(at: Located, base: Path, errors: ErrorObject[] | null | undefined, whole = 'the scenario'): void {
  for (const e of errors ?? []) {
    const path = [...base, ...pathOf(e.instancePath)];
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      at.add(path, `unknown key "${key}" in ${where(path, whole)}`, key);
    } else if (e.keyword === 'required') {
      at.add(path, `${where(path, whole)} needs "${(e.params as { missingProperty: string }).missingProperty}"`);
    } else if (e.keyword === 'enum') {
      at.add(path, `${where(path, whole)} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`);
    } else if (e.keyword === 'propertyNames') {
      at.add(path, `${where(path, whole)} has a name that is not a valid ref (letters, digits, _ and -)`);
    } else if ((e as { propertyName?: string }).propertyName !== undefined) {
      continue; // the pattern a bad name broke; its propertyNames error names the problem
    } else {
      at.add(path, `${where(path, whole)} ${e.message ?? 'is invalid'}`);
    }
  }
}
