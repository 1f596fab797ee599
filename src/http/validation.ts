import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: bodies are checked exactly as sent (no coercion, so 0 never turns
 * into null or "5" into 5); query strings, paths and headers arrive as text and are
 * coerced to the declared types.
 */
function makeAjv(options: Options, shared: Record<string, unknown>): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  addFormats.default(ajv);
  for (const schema of Object.values(shared)) ajv.addSchema(schema as object);
  return ajv;
}

/** Fastify's compilers factory: called for the root and for every context that adds shared schemas. */
export function buildValidator(sharedSchemas: Record<string, unknown> = {}): FastifySchemaCompiler<unknown> {
  const strict = makeAjv({ coerceTypes: false }, sharedSchemas);
  const coercing = makeAjv({ coerceTypes: 'array' }, sharedSchemas);
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
