// Every Genesys Cloud operation the official SDK knows (openapi/genesys-catalogue.json, written by
// `npm run catalogue`): which operation a request is, when the emulator implements none that
// matches, and whether a body has the shape of a Genesys model. Looked up through a tree of path
// segments built once: a request costs its own segments, not a scan of 3,315 patterns.

export interface CatalogueOperation {
  method: string;
  /** Genesys' path template, `/api/v2/users/{userId}`. */
  path: string;
  /** `UsersApi.getUser`; more than one when several SDK APIs have the operation, the first by API name. */
  names: string[];
  pathParams: string[];
  queryParams: string[];
  /** The request body's type, as below. */
  body?: string;
  /** The answer's type: a model name, `string`, `number`, `boolean`, `object`, `T[]` or `{T}` (a map). */
  response?: string;
}

export interface CatalogueData {
  /** The SDK it was read from, `purecloud-platform-client-v2@262.0.0`. */
  sdk: string;
  operations: CatalogueOperation[];
  /** Each model's properties and their types. */
  models: Record<string, Record<string, string>>;
}

export interface CatalogueMatch {
  operation: CatalogueOperation;
  /** The path parameters, by the template's names, as they came (not decoded). */
  params: Record<string, string>;
}

interface Node {
  literal: Map<string, Node>;
  param?: { node: Node };
  operations: Map<string, CatalogueOperation>;
}

const newNode = (): Node => ({ literal: new Map(), operations: new Map() });
const PARAM = /^\{(\w+)\}$/;

/** Properties of a body checked at most this deep: a warning list, not a validator. */
const MAX_DEPTH = 32;

export class Catalogue {
  private readonly root = newNode();

  constructor(readonly data: CatalogueData) {
    for (const operation of data.operations) {
      let node = this.root;
      for (const segment of operation.path.split('/').slice(1)) {
        if (PARAM.test(segment)) {
          node.param ??= { node: newNode() };
          node = node.param.node;
        } else {
          let next = node.literal.get(segment);
          if (!next) node.literal.set(segment, (next = newNode()));
          node = next;
        }
      }
      node.operations.set(operation.method, operation);
    }
  }

  get sdk(): string {
    return this.data.sdk;
  }

  /** The operation `method path` is; a literal segment is preferred to a parameter, as Genesys routes `/users/me` before `/users/{userId}`. */
  match(method: string, path: string): CatalogueMatch | undefined {
    const segments = path.split('/').slice(1);
    const walk = (node: Node, i: number): CatalogueOperation | undefined => {
      if (i === segments.length) return node.operations.get(method);
      const literal = node.literal.get(segments[i]!);
      return (literal && walk(literal, i + 1)) || (node.param && segments[i] !== '' ? walk(node.param.node, i + 1) : undefined);
    };
    const operation = walk(this.root, 0);
    if (!operation) return undefined;
    // Templates of several operations share a tree node under different names: the operation's own give them.
    const params: Record<string, string> = {};
    operation.path
      .split('/')
      .slice(1)
      .forEach((segment, i) => {
        const param = PARAM.exec(segment);
        if (param) params[param[1]!] = segments[i]!;
      });
    return { operation, params };
  }

  /** Where a value differs from the type Genesys' model gives it: unknown properties and wrong JSON types, one line each. */
  warnings(type: string, value: unknown): string[] {
    const found: string[] = [];
    const check = (type: string, value: unknown, at: string, depth: number): void => {
      if (value === null || value === undefined || depth > MAX_DEPTH) return;
      const where = at === '' ? 'the body' : at;
      if (type.endsWith('[]')) {
        if (!Array.isArray(value)) return void found.push(`${where}: Genesys sends an array here (${type}), not ${jsonType(value)}`);
        value.forEach((item, i) => check(type.slice(0, -2), item, `${at}[${i}]`, depth + 1));
        return;
      }
      if (type.startsWith('{') && type.endsWith('}')) {
        if (jsonType(value) !== 'an object') return void found.push(`${where}: Genesys sends an object here (a map), not ${jsonType(value)}`);
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) check(type.slice(1, -1), item, join(at, key), depth + 1);
        return;
      }
      if (type === 'string' || type === 'number' || type === 'boolean') {
        if (typeof value !== type) found.push(`${where}: Genesys sends a ${type} here, not ${jsonType(value)}`);
        return;
      }
      const model = this.data.models[type];
      if (!model) return; // `object` and anything the SDK does not describe
      if (jsonType(value) !== 'an object') return void found.push(`${where}: Genesys sends an object here (${type}), not ${jsonType(value)}`);
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const propertyType = model[key];
        if (propertyType === undefined) found.push(`${join(at, key)}: Genesys' ${type} has no property ${JSON.stringify(key)}`);
        else check(propertyType, item, join(at, key), depth + 1);
      }
    };
    check(type, value, '', 0);
    return found;
  }
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The operation's name as messages give it: its first SDK name. */
export function operationName(operation: CatalogueOperation): string {
  return operation.names[0]!;
}
