import { Type, type TSchema } from 'typebox';

/** Problem responses every route may answer with; all are RFC 9457 problem details. */
export const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: Type.Unsafe<unknown>({ $ref: 'Problem#' }) } },
};
export const problemResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  422: problem,
};

export const Uuid = Type.String({ format: 'uuid' });
export const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 1, maxLength: 100 });
export const IdOrSlug = Type.String({ minLength: 1, maxLength: 100, description: 'a UUID or a slug' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const localized = Type.Unsafe<{ fi: string; sv?: string; en?: string }>({ $ref: 'LocalizedText#' });
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID_PATTERN.test(value);

export const bearer: { [scheme: string]: string[] }[] = [{ bearer: [] }, { cookie: [] }];
