import { Type } from 'typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../shared/errors.ts';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'stable machine-readable id of the problem' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          in: Type.String(),
          field: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const LOCATIONS: Record<string, FieldError['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns the validator's errors into named fields: `/name/fi` becomes `name.fi`. */
function fieldErrors(validation: AjvError[], context: string | undefined): FieldError[] {
  const where = LOCATIONS[context ?? 'body'] ?? 'body';
  return validation.map((e) => {
    const parts = (e.instancePath ?? '').split('/').filter(Boolean);
    const extra = e.params?.missingProperty ?? e.params?.additionalProperty;
    if (typeof extra === 'string') parts.push(extra);
    const message =
      e.keyword === 'additionalProperties'
        ? 'is not a known field'
        : e.keyword === 'required'
          ? 'is required'
          : (e.message ?? 'is invalid');
    return { in: where, field: parts.join('.') || (where === 'body' ? '(body)' : '(query)'), message };
  });
}

interface PgError {
  code?: string;
  column?: string;
  constraint?: string;
  table?: string;
}

/**
 * The database went away under a request (restart, failover, a terminated backend): the
 * transaction was rolled back as a whole, so the client may safely try again.
 */
function lostDatabase(err: PgError & { message?: string }): boolean {
  const code = err.code ?? '';
  return (
    code.startsWith('08') || // connection exceptions
    ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code) ||
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      err.message ?? '',
    )
  );
}

// SQLSTATEs that mean the client sent something the schema refuses; never a server fault.
function fromDatabase(err: PgError): AppError | null {
  switch (err.code) {
    case '23505':
      return new AppError(409, 'already-exists', 'Something with the same unique value already exists.', [
        { in: 'body', field: uniqueField(err), message: 'is already taken' },
      ]);
    case '23503':
      return new AppError(422, 'unknown-reference', 'A referenced record does not exist.');
    case '23514':
    case '23502':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
      return new AppError(422, 'constraint-violated', 'A value is out of the allowed range or combination.');
    case '22P02':
      return new AppError(400, 'malformed-value', 'A value has the wrong format.');
    case '22021': // a NUL byte in text: "invalid byte sequence for encoding UTF8: 0x00"
    case '22P05': // \u0000 in jsonb: "unsupported Unicode escape sequence"
      return new AppError(
        400,
        'malformed-value',
        'A text contains a character that cannot be stored (U+0000, the NUL character).',
      );
    case '42501':
      return new AppError(403, 'forbidden', 'You do not have permission to do this.');
    case '40001':
    case '40P01':
      return new AppError(503, 'retry', 'The request collided with another one. Please try again.');
    default:
      return null;
  }
}

/**
 * Unique keys over several columns, by constraint: the field that tells a row apart from the
 * others of its organisation or facilitator. (Under row-level security PostgreSQL does not say
 * which key values clashed, so the constraint is all there is to go by.)
 */
const UNIQUE_FIELDS: Record<string, string> = {
  training_records_facilitator_id_training_id_completed_on_key: 'completed_on',
  project_targets_org_id_key_key: 'targets',
  memberships_org_id_user_id_role_key: 'role',
};

/** The field a unique value was refused for: a one-column key is named `{table}_{column}_key`. */
function uniqueField(err: PgError): string {
  const constraint = err.constraint ?? '';
  if (UNIQUE_FIELDS[constraint]) return UNIQUE_FIELDS[constraint];
  if (err.table && constraint.startsWith(`${err.table}_`) && constraint.endsWith('_key'))
    return constraint.slice(err.table.length + 1, -'_key'.length);
  return /^[a-z_]+?_([a-z_]+)_key$/.exec(constraint)?.[1] ?? 'slug';
}

export function problemBody(
  status: number,
  code: string,
  detail: string,
  errors: FieldError[],
  instance?: string,
) {
  return {
    type: `/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(instance ? { instance } : {}),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/** The one error handler: every error becomes problem+json, and no 5xx says what went wrong inside. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  let status: number;
  let code: string;
  let detail: string;
  let errors: FieldError[] = [];

  const db = lostDatabase(error)
    ? new AppError(
        503,
        'database-unavailable',
        'The database was briefly unavailable. Please try again.',
        [],
        {
          retryAfter: 1,
        },
      )
    : fromDatabase(error);
  if (error instanceof AppError) {
    ({ status, code, message: detail, errors } = error);
    if (error.extra.retryAfter !== undefined)
      void reply.header('retry-after', String(error.extra.retryAfter));
  } else if (error.validation) {
    status = 400;
    code = 'validation-failed';
    errors = fieldErrors(error.validation, error.validationContext);
    detail = `The request has ${errors.length === 1 ? 'an invalid field' : 'invalid fields'}: ${errors
      .map((e) => e.field)
      .join(', ')}.`;
  } else if (db) {
    ({ status, code, message: detail, errors } = db);
    if (db.extra.retryAfter !== undefined) void reply.header('retry-after', String(db.extra.retryAfter));
    if (status === 503) request.log.warn({ err: error }, 'database unavailable');
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    status = error.statusCode;
    code = (error.code ?? 'bad-request')
      .toLowerCase()
      .replace(/^fst_err_/, '')
      .replace(/_/g, '-');
    detail = error.message;
  } else {
    status = 500;
    code = 'internal';
    detail = 'Something went wrong on our side. It has been logged.';
    request.log.error({ err: error }, 'unhandled error');
  }
  void reply
    .code(status)
    .type('application/problem+json')
    .send(problemBody(status, code, detail, errors, request.url.split('?')[0]));
}
