/** One offending input field, named so a client can put the message beside it. */
export interface FieldError {
  /** where the field came from */
  in: 'body' | 'query' | 'path' | 'header';
  /** dotted path of the field, e.g. `name.fi` or `capacity` */
  field: string;
  message: string;
}

/**
 * An expected failure with a stable code and HTTP status. Expected business outcomes
 * that callers branch on are returned as values; this is for answers to the client.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    /** e.g. how long to wait before trying again (sent as Retry-After) */
    readonly extra: { retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'resource') => new AppError(404, 'not-found', `The ${what} was not found.`);
export const forbidden = (detail = 'You do not have permission to do this.') =>
  new AppError(403, 'forbidden', detail);
export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Sign in or send a valid API token.');
export const conflict = (code: string, detail: string, errors: FieldError[] = []) =>
  new AppError(409, code, detail, errors);

/** 422: the request is well-formed but breaks a rule of the domain. */
export function invalid(field: string, message: string, code = 'invalid-field'): AppError {
  return new AppError(422, code, message, [{ in: 'body', field, message }]);
}

/** 400: a query parameter that cannot be understood. */
export function badQuery(field: string, message: string): AppError {
  return new AppError(400, 'invalid-query', message, [{ in: 'query', field, message }]);
}
