/**
 * Property-based test of the whole API, driven by the app's own OpenAPI document. For every
 * operation it generates valid requests from the parameter and body schemas (path ids drawn
 * from rows that exist, learnt from earlier answers, or fresh UUIDs) and invalid ones (wrong
 * types, missing required fields, unknown fields, numbers out of range, strings too long,
 * malformed ids, broken JSON, a wrong content type). It asserts that:
 * - nothing answers 5xx;
 * - invalid input is refused with 4xx application/problem+json, naming the body field at fault;
 * - every answer matches the schema the document gives for that operation and status.
 *
 * Runs are seeded: set FUZZ_SEED to replay a failure (the seed is printed when one fails);
 * FUZZ_RUNS sets the number of valid and of invalid requests per operation.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Database } from '../db/database.ts';
import { buildApp, type App } from './app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

// A JSON Schema as the OpenAPI document writes it (only the keywords the generator reads).
interface Schema {
  $ref?: string;
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  maxProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One request, as generated. `field` names the body field an invalid request breaks. */
interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  auth: 'staff' | 'public';
  /** the parameter values the URL was built from */
  params: Record<string, unknown>;
  invalid?: { kind: string; field?: string; body?: boolean };
}

const REF = 'openapi.json';

/** The literal path segment before a parameter names the kind of row it takes (groups, venues…). */
const resourceOf = (path: string, param: string) => {
  const parts = path.split('/');
  const at = parts.indexOf(`{${param}}`);
  return parts[at - 1] ?? '';
};
/** …and the last literal segment names what an answer holds. */
const producedBy = (path: string) =>
  path
    .split('/')
    .filter((p) => !p.startsWith('{'))
    .at(-1)!
    .replace(/\.[a-z]+$/, '');

for (const target of testDatabases()) {
  describe(`the OpenAPI document, property-tested on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let token: string;
    let doc: Doc;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    /** ids of rows that exist, by the path segment that names them */
    const pools = new Map<string, Set<string>>();
    const remember = (kind: string, id: unknown) => {
      if (typeof id !== 'string') return;
      if (!pools.has(kind)) pools.set(kind, new Set());
      pools.get(kind)!.add(id);
    };
    const allIds = () => [...pools.values()].flatMap((s) => [...s]);

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => new Date('2026-11-23T10:00:00Z') });
      const org = await makeOrganisation(db);
      token = await tokenFor(db, org.id, 'admin');
      remember('organizations', org.id);
      remember('organizations', org.slug);
      const call = async (method: 'POST' | 'PUT', url: string, payload: object) => {
        const res = await app.inject({ method, url, headers: bearer(token), payload });
        assert.ok(res.statusCode < 300, res.body);
        return res.json<{ id: string }>();
      };
      const group = await call(
        'POST',
        '/api/v1/groups',
        groupBody(org.id, { how_to_join: 'registration', capacity: 50 }),
      );
      remember('groups', group.id);
      await call('PUT', `/api/v1/groups/${group.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call('POST', `/api/v1/groups/${group.id}/lifecycle`, { action: 'publish' });
      const registration = await call('POST', `/api/v1/groups/${group.id}/registrations`, {
        display_name: 'Aino',
        email: 'aino@example.fi',
        language: 'fi',
        consent: true,
      });
      remember('registrations', registration.id);
      const session = await call('POST', `/api/v1/groups/${group.id}/sessions`, {
        starts_at: '2026-12-01T15:00:00Z',
      });
      remember('sessions', session.id);
      const raw = JSON.stringify((await app.inject({ url: '/api/v1/openapi.json' })).json());
      // Local references become references into one schema that holds every component.
      doc = JSON.parse(raw.replaceAll('"#/components/', `"${REF}#/components/`)) as Doc;
      ajv.addSchema({ $id: REF, components: doc.components });
    });
    after(async () => {
      await app?.close();
      await dispose?.();
    });

    const compiled = new Map<Schema, ValidateFunction>();
    const validator = (schema: Schema) => {
      let v = compiled.get(schema);
      if (!v) compiled.set(schema, (v = ajv.compile(schema)));
      return v;
    };
    const resolve = (schema: Schema): Schema =>
      schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').at(-1)!]!) : schema;

    /** Values a schema accepts. `name` is the field's name: fields ending in _id get real ids. */
    function valid(schema: Schema, name = ''): fc.Arbitrary<unknown> {
      const s = resolve(schema);
      const options = s.anyOf ?? s.oneOf;
      if (options) return fc.oneof(...options.map((o) => valid(o, name)));
      if (s.enum) return fc.constantFrom(...s.enum);
      if (s.const !== undefined) return fc.constant(s.const);
      const type = Array.isArray(s.type) ? s.type[0] : s.type;
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return fc.integer({
            min: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000),
            max: s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000),
          });
        case 'number':
          return fc.double({
            min: s.minimum ?? -1e6,
            max: s.maximum ?? 1e6,
            noNaN: true,
            noDefaultInfinity: true,
          });
        case 'array': {
          const item = valid(s.items ?? {}, name.replace(/s$/, ''));
          const range = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) };
          return s.uniqueItems
            ? fc.uniqueArray(item, { ...range, selector: (v) => JSON.stringify(v) })
            : fc.array(item, range);
        }
        case 'object':
          return object(s, name);
        case 'string':
          return string(s, name);
        default:
          return fc.jsonValue({ maxDepth: 1 });
      }
    }

    function string(s: Schema, name: string): fc.Arbitrary<string> {
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 60;
      const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
      const ids = allIds();
      let arb: fc.Arbitrary<string>;
      if (s.format === 'uuid' || /(^|_)id$/.test(name))
        arb = ids.length && /(^|_)id$/.test(name) ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
      else if (s.format === 'email') arb = fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example.fi`);
      else if (s.format === 'uri') arb = word.map((w) => `https://example.fi/${w}`);
      else if (s.format === 'date')
        arb = fc
          .date({ min: new Date('2025-01-01'), max: new Date('2028-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      else if (s.format === 'date-time')
        arb = fc
          .date({ min: new Date('2025-01-01'), max: new Date('2028-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString());
      else if (s.pattern) arb = fc.stringMatching(new RegExp(s.pattern));
      else
        arb = fc.oneof(
          { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 40) }) },
          fc.string({ minLength: min, maxLength: Math.min(max, 20), unit: 'grapheme' }),
          fc.string({ minLength: min, maxLength: Math.min(max, 20), unit: 'binary' }),
          fc.string({ minLength: Math.min(max, Math.max(min, max - 2)), maxLength: max }),
        );
      return arb.filter((v) => v.length >= min && v.length <= max);
    }

    function object(s: Schema, name: string): fc.Arbitrary<unknown> {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      const record =
        keys.length > 0
          ? fc.record(Object.fromEntries(keys.map((k) => [k, valid(props[k]!, k)])), {
              requiredKeys: (s.required ?? []).filter((k) => k in props),
            })
          : fc.constant({});
      if (typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), valid(s.additionalProperties, name), {
          maxKeys: Math.min(s.maxProperties ?? 3, 3),
        });
        return fc.tuple(record, extra).map(([a, b]) => ({ ...b, ...a }));
      }
      return record;
    }

    /** A value of a type the schema does not accept. */
    function wrongType(schema: Schema): unknown {
      const candidates: unknown[] = [true, 'text', 12.5, 7, null, { a: 1 }, ['a']];
      const check = validator(schema);
      return candidates.find((c) => !check(c));
    }

    function buildUrl(path: string, op: Operation, params: Record<string, unknown>) {
      let url = path;
      const query = new URLSearchParams();
      for (const p of op.parameters ?? []) {
        const raw = params[`${p.in}:${p.name}`];
        if (raw === undefined) continue;
        const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
        if (p.in === 'query') query.set(p.name, value);
      }
      const qs = query.toString();
      return qs ? `${url}?${qs}` : url;
    }

    /** Values for the parameters: path ids from rows that exist when there are any. */
    function parameters(path: string, op: Operation): fc.Arbitrary<Record<string, unknown>> {
      const entries: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const p of op.parameters ?? []) {
        const key = `${p.in}:${p.name}`;
        if (p.in === 'path') {
          const known = [...(pools.get(resourceOf(path, p.name)) ?? [])];
          entries[key] = known.length
            ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.uuid())
            : fc.uuid();
          required.push(key);
        } else {
          entries[key] = valid(p.schema, p.name);
          if (p.required) required.push(key);
        }
      }
      return fc.record(entries, { requiredKeys: required });
    }

    const bodySchema = (op: Operation) => op.requestBody?.content['application/json']?.schema;

    function validRequest(method: string, path: string, op: Operation): fc.Arbitrary<Request> {
      const schema = bodySchema(op);
      const body = schema ? valid(schema).filter((b) => validator(schema)(b)) : fc.constant(undefined);
      return fc
        .record({
          params: parameters(path, op),
          body,
          auth: fc.constantFrom<'staff' | 'public'>('staff', 'staff', 'staff', 'public'),
        })
        .map(({ params, body, auth }) => {
          const headers: Record<string, string> = {};
          const key = params['header:idempotency-key'];
          if (typeof key === 'string') headers['idempotency-key'] = key;
          if (body !== undefined) headers['content-type'] = 'application/json';
          return {
            method,
            url: buildUrl(path, op, params),
            headers,
            ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
            auth,
            params,
          };
        });
    }

    /** Ways to break one valid request, each named, so the expected refusal can be checked. */
    function invalidRequest(method: string, path: string, op: Operation): fc.Arbitrary<Request> | null {
      const schema = bodySchema(op);
      const breakers: fc.Arbitrary<(r: Request, body: Record<string, unknown> | undefined) => Request>[] = [];
      const withBody = (r: Request, body: unknown, kind: string, field?: string): Request => ({
        ...r,
        headers: { ...r.headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
        invalid: { kind, field, body: true },
      });
      if (schema) {
        const s = resolve(schema);
        const props = Object.entries(s.properties ?? {});
        const required = s.required ?? [];
        breakers.push(
          fc.constant((r: Request) => ({
            ...r,
            headers: { ...r.headers, 'content-type': 'application/json' },
            payload: '{"broken": ',
            invalid: { kind: 'broken JSON' },
          })),
          fc.constant((r: Request) => ({
            ...r,
            headers: { ...r.headers, 'content-type': 'text/plain' },
            payload: 'plain text',
            invalid: { kind: 'wrong content type' },
          })),
          fc
            .constantFrom<unknown>(['an', 'array'], 'a string', 42, null)
            .map((v) => (r: Request) => withBody(r, v, 'not an object')),
        );
        if (s.additionalProperties === false)
          breakers.push(
            fc
              .stringMatching(/^[a-z]{3,12}$/)
              .filter((k) => !(k in (s.properties ?? {})))
              .map((k) => (r: Request, b) => withBody(r, { ...b, [k]: 'x' }, 'unknown field', k)),
          );
        const inRequired = required.filter((k) => props.some(([p]) => p === k));
        if (inRequired.length)
          breakers.push(
            fc.constantFrom(...inRequired).map((k) => (r: Request, b) => {
              const copy = { ...b };
              delete copy[k];
              return withBody(r, copy, 'missing required field', k);
            }),
          );
        const typed = props.filter(([, p]) => wrongType(p) !== undefined);
        if (typed.length)
          breakers.push(
            fc.constantFrom(...typed).map(
              ([k, p]) =>
                (r: Request, b) =>
                  withBody(r, { ...b, [k]: wrongType(p) }, 'wrong type', k),
            ),
          );
        const numbers = props.flatMap(([k, p]) => {
          const n = [resolve(p), ...(resolve(p).anyOf ?? [])].find(
            (x) => (x.type === 'integer' || x.type === 'number') && (x.maximum ?? x.minimum) !== undefined,
          );
          return n ? [[k, n.maximum !== undefined ? n.maximum + 1 : n.minimum! - 1] as const] : [];
        });
        if (numbers.length)
          breakers.push(
            fc.constantFrom(...numbers).map(
              ([k, v]) =>
                (r: Request, b) =>
                  withBody(r, { ...b, [k]: v }, 'number out of range', k),
            ),
          );
        const strings = props.flatMap(([k, p]) => {
          const t = [resolve(p), ...(resolve(p).anyOf ?? [])].find(
            (x) => x.type === 'string' && x.maxLength !== undefined && !x.enum,
          );
          return t ? [[k, t.maxLength! + 1] as const] : [];
        });
        if (strings.length)
          breakers.push(
            fc.constantFrom(...strings).map(
              ([k, n]) =>
                (r: Request, b) =>
                  withBody(r, { ...b, [k]: 'x'.repeat(n) }, 'string too long', k),
            ),
          );
      }
      for (const p of op.parameters ?? []) {
        const bad =
          p.schema.format === 'uuid'
            ? ['not-a-uuid', '12345', `${randomUUID()}x`]
            : p.schema.maxLength !== undefined && !p.schema.pattern
              ? ['x'.repeat(p.schema.maxLength + 1)]
              : p.schema.type === 'integer' || p.schema.type === 'number'
                ? ['abc', String((p.schema.maximum ?? 1e9) + 1), String((p.schema.minimum ?? -1e9) - 1)]
                : p.schema.type === 'boolean'
                  ? ['maybe']
                  : p.schema.anyOf || p.schema.pattern
                    ? ['?!not-allowed']
                    : [];
        if (!bad.length) continue;
        breakers.push(
          fc.constantFrom(...bad).map((v) => (r: Request) => {
            const params = { ...r.params, [`${p.in}:${p.name}`]: v };
            const headers = { ...r.headers };
            if (p.in === 'header') headers[p.name] = v;
            return {
              ...r,
              params,
              url: buildUrl(path, op, params),
              headers,
              invalid: { kind: `bad ${p.in} parameter ${p.name}` },
            };
          }),
        );
      }
      if (!breakers.length) return null;
      return fc
        .tuple(validRequest(method, path, op), fc.oneof(...breakers))
        .map(([r, breaker]) => {
          const body = r.payload ? (JSON.parse(r.payload) as Record<string, unknown>) : {};
          return breaker({ ...r, auth: 'staff' }, body);
        })
        .filter((r) => {
          // A mutation that happens to stay valid (an optional field removed, null for a
          // nullable body) is not invalid.
          if (!r.invalid?.body || !schema) return true;
          try {
            return !validator(schema)(JSON.parse(r.payload!));
          } catch {
            return true;
          }
        });
    }

    /** Sends a request and checks what every answer must be; returns the failure, if any. */
    async function send(
      r: Request,
      path: string,
      op: Operation,
    ): Promise<{ failure: string | null; status: number }> {
      const res = await app.inject({
        method: r.method as 'GET',
        url: r.url,
        headers: { ...r.headers, ...(r.auth === 'staff' ? bearer(token) : {}) },
        ...(r.payload !== undefined ? { payload: r.payload } : {}),
      });
      const label = `${r.method} ${r.url} (${r.auth}${r.invalid ? `, ${r.invalid.kind}` : ''}) → ${res.statusCode}`;
      const fail = (failure: string) => ({ failure, status: res.statusCode });
      if (res.statusCode >= 500) return fail(`${label}: server error ${res.body.slice(0, 300)}`);
      const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
      const declared = op.responses[String(res.statusCode)];
      let body: unknown;
      if (/json$/.test(type)) {
        try {
          body = JSON.parse(res.body);
        } catch {
          return fail(`${label}: ${type} that is not JSON`);
        }
      }
      if (type === 'application/problem+json') {
        if (!validator({ $ref: `${REF}#/components/schemas/Problem` })(body))
          return fail(`${label}: not a problem document ${res.body.slice(0, 300)}`);
      }
      if (res.statusCode >= 400) {
        if (type !== 'application/problem+json') return fail(`${label}: an error that is not problem+json`);
      } else if (!declared) {
        return fail(`${label}: a status the document does not declare`);
      } else if (res.statusCode !== 204) {
        const schema = declared.content?.[type]?.schema;
        if (!schema) return fail(`${label}: ${type} is not a declared content type`);
        if (/json$/.test(type)) {
          const v = validator(schema);
          if (!v(body))
            return fail(
              `${label}: does not match its schema: ${ajv.errorsText(v.errors)}; ${res.body.slice(0, 300)}`,
            );
        }
      }
      if (r.invalid) {
        if (res.statusCode < 400) return fail(`${label}: invalid input was accepted`);
        if (r.invalid.field) {
          const errors = (body as { errors?: { field: string }[] }).errors ?? [];
          const f = r.invalid.field;
          if (![400, 422].includes(res.statusCode))
            return fail(`${label}: invalid field ${f} not answered with 400/422`);
          if (!errors.some((e) => e.field === f || e.field.startsWith(`${f}.`)))
            return fail(`${label}: the refusal does not name ${f}: ${res.body.slice(0, 300)}`);
        }
      }
      // Learn the ids of rows that exist, for later operations' paths and bodies.
      if (res.statusCode < 300 && body && typeof body === 'object') {
        const kind = producedBy(path);
        const rows = Array.isArray(body)
          ? body
          : Array.isArray((body as { items?: unknown }).items)
            ? (body as { items: unknown[] }).items
            : [body];
        for (const row of rows) remember(kind, (row as { id?: unknown } | null)?.id);
      }
      return { failure: null, status: res.statusCode };
    }

    // Bugs the property test found, pinned so that they stay fixed whatever the seed.
    it('refuses a NUL character in text or JSON with 400, not a server error', async () => {
      const org = [...pools.get('organizations')!][0]!;
      const group = [...pools.get('groups')!][0]!;
      for (const [url, payload] of [
        [`/api/v1/organizations/${org}/partners`, { name: { fi: 'Neuvola\u0000' }, kind: 'parish' }],
        [
          `/api/v1/groups/${group}/registrations`,
          { display_name: 'Ai\u0000no', email: 'aino@example.fi', language: 'fi', consent: true },
        ],
      ] as const) {
        const res = await app.inject({ method: 'POST', url, headers: bearer(token), payload });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json<{ code: string }>().code, 'malformed-value');
      }
    });

    it('answers an over-long or malformed path segment with problem+json', async () => {
      for (const [url, status] of [
        [`/api/v1/groups/${'x'.repeat(101)}`, 414],
        ['/api/v1/groups/%zz', 400],
      ] as const) {
        const res = await app.inject({ url, headers: bearer(token) });
        assert.equal(res.statusCode, status, res.body);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.ok(validator({ $ref: `${REF}#/components/schemas/Problem` })(res.json()), res.body);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', 'the protective headers too');
      }
    });

    it('never fails on the server, refuses bad input with problem+json, and answers as documented', async () => {
      const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
      );
      assert.ok(operations.length >= 60, `found ${operations.length} operations`);
      const failures: string[] = [];
      /** operations that accepted at least one generated request (2xx) */
      const accepted = new Set<string>();
      let sent = 0;
      let broken = 0;
      for (const { method, path, op } of operations) {
        const check = async (arb: fc.Arbitrary<Request>, label: string) => {
          const details = await fc.check(
            fc.asyncProperty(arb, async (r) => {
              sent++;
              if (r.invalid) broken++;
              const { failure, status } = await send(r, path, op);
              if (failure) throw new Error(failure);
              if (status < 300) accepted.add(`${method} ${path}`);
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
          if (details.failed) {
            const cause = details.errorInstance instanceof Error ? details.errorInstance.message : '';
            failures.push(`${label} ${method} ${path} (FUZZ_SEED=${SEED}): ${cause}`);
          }
        };
        const started = Date.now();
        await check(validRequest(method, path, op), 'valid');
        const invalid = invalidRequest(method, path, op);
        if (invalid) await check(invalid, 'invalid');
        if (process.env.FUZZ_TRACE)
          console.log(
            `${Date.now() - started} ms ${method} ${path}${accepted.has(`${method} ${path}`) ? ' (accepted one)' : ''}`,
          );
      }
      assert.deepEqual(failures, [], `FUZZ_SEED=${SEED}`);
      // The generated requests are real ones: most operations accepted at least one of them.
      assert.ok(
        accepted.size >= operations.length / 2,
        `only ${accepted.size} of ${operations.length} operations accepted a generated request`,
      );
      assert.ok(broken >= (operations.length * RUNS) / 2, `sent ${broken} invalid requests of ${sent}`);
    });
  });
}
