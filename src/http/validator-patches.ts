// Two costs of express-openapi-validator, removed from outside it until upstream does (drop each
// when the release that fixes it is installed; the test of this module fails if either stops
// applying).
//
// 1. It compiles every route of the document into a regular expression again on each request
// (lookupRoute in its openapi.metadata.js calls path-to-regexp's pathToRegexp for every route it
// tries): about a fifth of the server's time, growing with each route a group adds.
// Upstream has the fix pending (cdimascio/express-openapi-validator#1217). Until it ships, the
// function it calls is replaced, in the path-to-regexp instance it loads, by one that compiles
// each (path, options) once. What it returns is only ever exec'ed: regular expressions without
// the g or y flag keep no state between calls, so sharing them is safe.
import { createRequire } from 'node:module';

type PathToRegexp = (path: unknown, options?: Record<string, unknown>) => { regexp: RegExp; keys: unknown[] };
interface PathToRegexpModule {
  pathToRegexp: PathToRegexp & { cached?: true };
}

/** A module as express-openapi-validator loads it: the same instance it uses (it may have its own copies). */
function fromValidator<T>(specifier: string): T {
  return createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))(specifier) as T;
}

const validatorsPathToRegexp = () => fromValidator<PathToRegexpModule>('path-to-regexp');
const schemaValidatorModule = () => fromValidator<SchemaValidatorModule>('./framework/openapi.schema.validator.js');

/** Makes the validator's route matching compile each route once; safe to call again. */
export function cacheRouteMatchers(): void {
  const module = validatorsPathToRegexp();
  if (module.pathToRegexp.cached) return;
  const compile = module.pathToRegexp;
  const compiled = new Map<string, ReturnType<PathToRegexp>>();
  const cached = (path: unknown, options?: Record<string, unknown>) => {
    if (typeof path !== 'string') return compile(path, options);
    const key = `${options?.sensitive === true}\u0000${options?.strict === true}\u0000${options?.end !== false}\u0000${path}`;
    // Only the options the validator passes (sensitive, strict) are in the key: others compile anew.
    const known = options === undefined || Object.keys(options).every((k) => k === 'sensitive' || k === 'strict' || k === 'end');
    if (!known) return compile(path, options);
    let result = compiled.get(key);
    if (!result) compiled.set(key, (result = compile(path, options)));
    return result;
  };
  module.pathToRegexp = Object.assign(cached, { cached: true as const });
}

interface SchemaValidatorModule {
  OpenAPISchemaValidator: (new (opts: { version: string; validateApiSpec?: boolean }) => { validate(doc: unknown): unknown }) & { lazy?: true };
}

/**
 * 2. At every start it compiles the whole OpenAPI meta-schema with ajv (about 70 ms, a seventh of
 * the time to the first answer), even with `validateApiSpec: false`, when nothing validates the
 * document against it. The class it constructs is replaced, in the module it loads it from, by
 * one that compiles on the first validate() only.
 */
export function lazySchemaValidator(): void {
  const module = schemaValidatorModule();
  if (module.OpenAPISchemaValidator.lazy) return;
  const Eager = module.OpenAPISchemaValidator;
  class LazyOpenAPISchemaValidator {
    static lazy = true as const;
    private eager: InstanceType<typeof Eager> | undefined;
    constructor(private readonly opts: { version: string; validateApiSpec?: boolean }) {}
    validate(doc: unknown): unknown {
      this.eager ??= new Eager(this.opts);
      return this.eager.validate(doc);
    }
  }
  module.OpenAPISchemaValidator = LazyOpenAPISchemaValidator;
}

/** Both of the above; safe to call again. */
export function patchValidator(): void {
  cacheRouteMatchers();
  lazySchemaValidator();
}

/** For the test: the class the validator constructs now. */
export function validatorsSchemaValidator(): SchemaValidatorModule['OpenAPISchemaValidator'] {
  return schemaValidatorModule().OpenAPISchemaValidator;
}

/** For the test: the function the validator calls now. */
export function validatorsRouteCompiler(): PathToRegexp {
  return validatorsPathToRegexp().pathToRegexp;
}
