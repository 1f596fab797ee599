/**
 * Property-based test of the whole API, driven by the app's own OpenAPI document. For every
 * operation it generates valid requests from the parameter and body schemas and invalid ones
 * (wrong types, missing required fields, unknown fields, numbers out of range, strings too
 * long, malformed ids, broken JSON, a wrong content type). It asserts that:
 * - nothing answers 5xx;
 * - invalid input is refused with 4xx application/problem+json, naming the body field at fault;
 * - every answer has a status the document declares for the operation, and matches the schema
 *   given for that status;
 * - every operation accepts (2xx) at least one of the valid requests, so that its success path
 *   and its success schema are exercised too.
 *
 * A schema alone cannot make most requests succeed: they need rows that exist and are in the
 * right state (a published drop-in group's coming session, a pending referral, a schedule to
 * delete). The test makes such fixtures first, and a recipe per operation says which fixture
 * a path parameter takes, which body fields depend on the fixtures or on each other, and which
 * rows each request needs of its own because it uses them up. Everything else is generated
 * from the schema.
 *
 * Runs are seeded: set FUZZ_SEED to replay a failure (the seed is printed when one fails);
 * FUZZ_RUNS sets the number of valid and of invalid requests per operation (8 by default);
 * FUZZ_TRACE=1 prints each operation's time and the answers to its valid requests, FUZZ_TRACE=2
 * also every valid request that was refused.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { insertLink, insertRound } from '../feedback/repository.ts';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { AUDIENCES, JOIN_WAYS, THEMES } from '../groups/schemas.ts';
import { GROUP_STATUSES } from '../groups/lifecycle.ts';
import { TIMES_OF_DAY, WEEKDAYS } from '../search/search.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const TRACE = Number(process.env.FUZZ_TRACE ?? 0);
const NOW = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';
const PASSWORD = 'vertaisryhmä-salasana';

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

type Params = Record<string, unknown>;
type Body = Record<string, unknown>;

/** One request, as generated. `field` names the body field an invalid request breaks. */
interface Request {
  method: string;
  headers: Record<string, string>;
  payload?: string;
  auth: 'staff' | 'public';
  /** a login session cookie of its own, sent instead of the staff token (operations for people) */
  cookie?: string;
  /** the session's CSRF token, sent with cookie-signed requests (issue 12, finding 3) */
  csrf?: string;
  /** the values the URL is built from, keyed `path:name`, `query:name`, `header:name` */
  params: Params;
  invalid?: { kind: string; field?: string; body?: boolean };
}

/**
 * A value that stands for a row the request needs of its own: the recipe's `fresh` makes one
 * just before the request is sent. A broken request keeps its broken value instead.
 */
const FRESH = '~fresh~';

/** What an operation needs beyond its schema to be accepted. */
interface Recipe {
  /** values for parameters, by `path:name` or `query:name` (FRESH for a row of its own) */
  params?: Record<string, fc.Arbitrary<unknown>>;
  /** body fields whose valid values depend on the fixtures (undefined leaves a field out) */
  body?: (params: Params) => Record<string, fc.Arbitrary<unknown>>;
  /** keeps fields consistent with each other (dates in order, numbers with the rule that needs them) */
  fix?: (body: Body) => void;
  /** …and parameters */
  fixParams?: (params: Params) => void;
  /** makes the rows FRESH stands for; answers values by `path:name` or `body:name` */
  fresh?: (body: Body) => Promise<Record<string, string>>;
  /** the operation is for a signed-in person: each staff request signs in for a session of its own */
  signedIn?: boolean;
}

/** Valid feedback answers: some of the statements, each 1–5 or "does not apply". */
const feedbackAnswer = () => ({
  answers: fc.record(
    Object.fromEntries(
      ['accepted', 'coping', 'hope', 'confidence', 'proportion', 'helping'].map((k) => [
        k,
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      ]),
    ),
    { requiredKeys: ['accepted'] },
  ),
});

let feedbackRounds = 0;
/** A fresh single-use feedback link of a group, as the hourly job would mail it: its secret. */
async function feedbackLink(db: Database, groupId: string): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ org_id: string }>('SELECT org_id FROM groups WHERE id = $1', [groupId]);
    const roundId = await insertRound(tx, {
      orgId: rows[0]!.org_id,
      groupId,
      kind: 'every',
      afterSessions: ++feedbackRounds,
      on: TODAY,
    });
    await insertLink(tx, {
      orgId: rows[0]!.org_id,
      groupId,
      roundId: roundId!,
      tokenHash: createHash('sha256').update(secret).digest(),
      expiresOn: '2027-01-31',
    });
  });
  return secret;
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

const day = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
/** A Helsinki wall-clock time, as schedules take them (on the quarter hour). */
const localTime = (min: string, max: string) =>
  fc
    .tuple(day(min, max), fc.integer({ min: 7, max: 21 }), fc.constantFrom('00', '15', '30', '45'))
    .map(([d, h, m]) => `${d}T${String(h).padStart(2, '0')}:${m}`);
/** An instant, with an offset or as Helsinki wall-clock time. */
const instant = (min: string, max: string) =>
  fc.oneof(
    localTime(min, max),
    localTime(min, max).map((t) => `${t}:00+02:00`),
    localTime(min, max).map((t) => new Date(`${t}:00+02:00`).toISOString()),
  );
/** A comma-separated list of some of these values. */
const listOf = (values: readonly string[]) =>
  fc.subarray([...values], { minLength: 1, maxLength: 3 }).map((v) => v.join(','));
/** Puts two dates (or two numbers) of a body in order. */
const swapIfAfter = (b: Body, early: string, late: string) => {
  const [a, z] = [b[early], b[late]];
  const comparable =
    (typeof a === 'string' && typeof z === 'string') || (typeof a === 'number' && typeof z === 'number');
  if (comparable && z < a) [b[early], b[late]] = [z, a];
};
/** Whether one generated date or date-time is after another; those without an offset are Helsinki time. */
const laterOf = (a: string, b: string) =>
  DateTime.fromISO(a, { zone: 'Europe/Helsinki' }) > DateTime.fromISO(b, { zone: 'Europe/Helsinki' });

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

    /** The fixtures: rows in the states the operations need. */
    const fx = {
      org: { id: '', slug: '' },
      /** an organisation of its own for PATCH, so that its settings do not change the others' */
      child: { id: '', slug: '' },
      /** a coordinator who signs in with a password */
      user: { email: '' },
      venue: '',
      facilitators: [] as string[],
      partners: [] as string[],
      training: '',
      template: '',
      /** published groups: joined by registration, by just coming, by referral, by applying */
      open: { id: '', slug: '' },
      dropIn: '',
      referral: '',
      apply: '',
      /** a published group of the template, with a schedule, for the schedule and session operations */
      scheduled: '',
      schedule: '',
      /** sessions of that group outside the schedule, which a change of the schedule leaves alone */
      sessions: [] as string[],
      /** sessions that have started (attendance) and one coming up (drop-in "I'm coming") */
      openPast: '',
      dropInPast: '',
      dropInNext: '',
      /** confirmed participants of the open group */
      confirmed: [] as string[],
    };

    /** A request the fixtures need, which must succeed. */
    async function api<T = { id: string }>(method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown) {
      const res = await app.inject({
        method,
        url,
        headers: bearer(token),
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json<T>();
    }

    const person = () => ({
      display_name: 'Aino',
      email: `${unique('aino')}@example.fi`,
      language: 'fi',
      consent: true,
    });

    /** A group of the organisation, moved through its lifecycle to `status`. */
    async function groupIn(
      status: 'draft' | 'proposed' | 'published' | 'running' | 'suspended',
      overrides: Record<string, unknown> = {},
    ) {
      const group = await api<{ id: string; slug: string }>(
        'POST',
        '/api/v1/groups',
        groupBody(fx.org.id, { how_to_join: 'registration', ...overrides }),
      );
      await api('PUT', `/api/v1/groups/${group.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      const steps = {
        draft: [],
        proposed: ['propose'],
        published: ['publish'],
        running: ['publish', 'start'],
        suspended: ['publish', 'suspend'],
      }[status];
      for (const action of steps) await api('POST', `/api/v1/groups/${group.id}/lifecycle`, { action });
      return group;
    }
    const register = (group: string) =>
      api<{ id: string; cancel_url: string }>('POST', `/api/v1/groups/${group}/registrations`, person());
    const session = async (group: string, starts_at: string) =>
      (await api('POST', `/api/v1/groups/${group}/sessions`, { starts_at, duration_minutes: 90 })).id;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      // with a project target, for the operations on targets
      const org = await makeOrganisation(db, {
        targets: [{ key: 'families', label: { fi: 'Perheet' }, target_value: 20, unit: 'families' }],
      } as never);
      fx.org = { id: org.id, slug: org.slug };
      token = await tokenFor(db, org.id, 'admin');
      const user = await createUser(db, {
        email: `${unique('staff')}@example.fi`,
        displayName: 'Koordinaattori',
        password: PASSWORD,
      });
      await db.ownerTransaction((tx) => insertMembership(tx, org.id, user.id, 'coordinator'));
      fx.user = { email: user.email };
      const child = await api<{ id: string; slug: string }>('POST', '/api/v1/organizations', {
        slug: unique('osasto'),
        kind: 'association',
        parent_id: org.id,
        name: { fi: 'Osasto' },
      });
      fx.child = { id: child.id, slug: child.slug };

      fx.venue = (
        await api('POST', '/api/v1/venues', {
          organization_id: org.id,
          name: 'Perhetalo',
          municipality: 'Tampere',
          latitude: 61.49,
          longitude: 23.76,
        })
      ).id;
      for (const kind of ['peer', 'professional']) {
        const payload = { organization_id: org.id, display_name: 'Ohjaaja', kind, engagement: 'volunteer' };
        fx.facilitators.push((await api('POST', '/api/v1/facilitators', payload)).id);
      }
      for (const kind of ['child_health_clinic', 'parish']) {
        const payload = { name: { fi: 'Kumppani' }, kind };
        fx.partners.push((await api('POST', `/api/v1/organizations/${org.slug}/partners`, payload)).id);
      }
      fx.training = (
        await api<{ slug: string }>('POST', '/api/v1/trainings', {
          organization_id: org.id,
          slug: unique('koulutus'),
          name: { fi: 'Ohjaajakoulutus' },
          kind: 'facilitator_basic',
          validity_months: 24,
        })
      ).slug;
      fx.template = (
        await api<{ slug: string }>('POST', '/api/v1/programme-templates', {
          organization_id: org.id,
          slug: unique('ohjelma'),
          name: { fi: 'Oma ohjelma' },
          session_minutes_min: 30,
          session_minutes_max: 240,
          allowed_modes: ['in_person', 'remote', 'hybrid'],
          theme_options: [
            { key: 'calm', label: { fi: 'Rauha' } },
            { key: 'walk', label: { fi: 'Kävely' } },
          ],
          sessions: [{ kind: 'kickoff' }, { kind: 'theme' }, { kind: 'closing' }],
        })
      ).slug;

      fx.open = await groupIn('published', {
        capacity: 10_000,
        registration_questions: [{ key: 'needs', label: { fi: 'Tarpeet' }, kind: 'text', required: false }],
      });
      fx.dropIn = (await groupIn('published', { how_to_join: 'drop_in' })).id;
      fx.referral = (await groupIn('published', { how_to_join: 'referral', capacity: 10_000 })).id;
      fx.apply = (await groupIn('published', { how_to_join: 'application', openness: 'closed' })).id;
      fx.scheduled = (await groupIn('published', { template: fx.template })).id;
      const scheduled = await api<{ schedule: { id: string } }>(
        'POST',
        `/api/v1/groups/${fx.scheduled}/schedules`,
        { rrule: 'FREQ=WEEKLY;COUNT=6', starts_local: '2026-11-03T18:00', duration_minutes: 120 },
      );
      fx.schedule = scheduled.schedule.id;
      for (const day of ['2026-11-16', '2026-12-14', '2027-01-11'])
        fx.sessions.push(await session(fx.scheduled, `${day}T12:00`));

      for (let i = 0; i < 3; i++) fx.confirmed.push((await register(fx.open.id)).id);
      fx.openPast = await session(fx.open.id, '2026-11-20T18:00');
      fx.dropInPast = await session(fx.dropIn, '2026-11-20T18:00');
      fx.dropInNext = await session(fx.dropIn, '2026-12-01T18:00');

      remember('organizations', org.id);
      remember('organizations', org.slug);
      remember('organizations', child.id);
      for (const g of [fx.open.id, fx.open.slug, fx.dropIn, fx.referral, fx.apply, fx.scheduled])
        remember('groups', g);
      remember('venues', fx.venue);
      for (const f of fx.facilitators) remember('facilitators', f);
      for (const p of fx.partners) remember('partners', p);
      for (const r of fx.confirmed) remember('registrations', r);
      for (const s of [fx.openPast, fx.dropInPast, fx.dropInNext, ...fx.sessions]) remember('sessions', s);
      remember('schedules', fx.schedule);

      const raw = JSON.stringify((await app.inject({ url: '/api/v1/openapi.json' })).json());
      // Local references become references into one schema that holds every component.
      doc = JSON.parse(raw.replaceAll('"#/components/', `"${REF}#/components/`)) as Doc;
      ajv.addSchema({ $id: REF, components: doc.components });
    });
    after(async () => {
      await app?.close();
      await dispose?.();
    });

    /**
     * The rows a body field ending in _id (or an item of one ending in _ids) takes: the main
     * organisation's fixtures, as a group's venue, partners and facilitators must be its own.
     */
    const fixtureIds = (): Record<string, string[]> => ({
      organization_id: [fx.org.id, fx.org.slug],
      venue_id: [fx.venue],
      facilitator_id: fx.facilitators,
      partner_id: fx.partners,
      registration_id: fx.confirmed,
    });

    /** How to make each operation's valid requests succeed, by `METHOD path`. */
    function recipes(): Record<string, Recipe> {
      const one = <T>(...values: T[]) => fc.constantFrom(...values);
      const org = { 'path:org': one(fx.org.id, fx.org.slug) };
      const contact = (b: Body) => {
        const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
        if (blank(b.email) && blank(b.phone)) b.email = `${unique('yhteys')}@example.fi`;
      };
      const mostly = <T>(value: T, other: fc.Arbitrary<T>) =>
        fc.oneof({ weight: 4, arbitrary: fc.constant(value) }, other);
      /** a person joining, added or referred; `asked` says whether the group asks for needs */
      const joining = (asked: boolean) => () => ({
        consent: mostly(true, fc.constant(false)),
        answers: asked
          ? fc.option(fc.record({ needs: fc.string({ maxLength: 200 }) }, { requiredKeys: [] }), {
              nil: undefined,
            })
          : fc.constant(undefined),
        referral_code: fc.constant(undefined),
      });
      /** group fields that must agree with each other and with the organisation's rows */
      const groupFields = () => ({
        template: fc.constantFrom(null, fx.template),
        partner_ids: fc.subarray(fx.partners),
        replaces_group_id: fc.constant(undefined),
      });
      const published = one(fx.open.id, fx.dropIn, fx.referral, fx.apply, fx.scheduled);
      const fixGroup = (b: Body) => {
        if (b.co_payment_cents != null) b.cost_kind = 'co_payment';
        else if (b.cost_kind === 'co_payment') b.co_payment_cents = 500;
        if (b.waitlist_capacity != null && b.capacity == null) b.capacity = 20;
        swapIfAfter(b, 'starts_on', 'ends_on');
        swapIfAfter(b, 'child_age_min_months', 'child_age_max_months');
        if (b.how_to_join === 'drop_in') b.openness = 'open';
        if (Array.isArray(b.registration_questions)) {
          const seen = new Set<string>();
          b.registration_questions = (b.registration_questions as Body[]).filter((q) => {
            if (seen.has(q.key as string)) return false;
            seen.add(q.key as string);
            if (q.kind !== 'choice') delete q.options;
            if (q.kind !== 'number') {
              delete q.min;
              delete q.max;
            }
            swapIfAfter(q, 'min', 'max');
            return q.kind !== 'choice' || q.options !== undefined;
          });
        }
      };
      const endsAfterStart = (b: Body) => {
        if (typeof b.ends_at !== 'string') return;
        if (typeof b.starts_at !== 'string' || !laterOf(b.ends_at, b.starts_at)) delete b.ends_at;
      };
      /** the status a fresh group needs for a lifecycle action */
      const FROM: Record<string, 'draft' | 'proposed' | 'published' | 'running' | 'suspended'> = {
        propose: 'draft',
        withdraw: 'proposed',
        approve: 'proposed',
        reject: 'proposed',
        publish: 'draft',
        start: 'published',
        suspend: 'running',
        resume: 'suspended',
        end: 'running',
      };
      const fresh = (name: string) => ({ [`path:${name}`]: fc.constant(FRESH) });

      return {
        'POST /api/v1/auth/login': {
          body: () => ({ email: fc.constant(fx.user.email), password: fc.constant(PASSWORD) }),
        },
        'DELETE /api/v1/organizations/{org}/invitations/{invitation}': {
          params: { ...org, ...fresh('invitation') },
          fresh: async () => ({
            'path:invitation': (
              await api('POST', `/api/v1/organizations/${fx.org.id}/invitations`, {
                email: `${unique('kutsu')}@example.fi`,
                role: 'coordinator',
              })
            ).id,
          }),
        },
        // One's own password and sessions, in a session of its own for each request; the
        // password stays the same so that the next requests still sign in.
        'POST /api/v1/auth/password': {
          signedIn: true,
          body: () => ({ current_password: fc.constant(PASSWORD), new_password: fc.constant(PASSWORD) }),
        },
        'GET /api/v1/auth/sessions': { signedIn: true },
        'DELETE /api/v1/auth/sessions': { signedIn: true },
        'DELETE /api/v1/auth/sessions/{id}': {
          signedIn: true,
          params: fresh('id'),
          // another session of the same person, to be ended
          fresh: async () => {
            const login = await app.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { email: fx.user.email, password: PASSWORD },
            });
            const cookie = login.cookies.find((c) => c.name === 'vertaamo_session')!.value;
            const list = await app.inject({
              url: '/api/v1/auth/sessions',
              cookies: { vertaamo_session: cookie },
            });
            const items = list.json<{ items: { id: string; current: boolean }[] }>().items;
            return { 'path:id': items.find((x) => x.current)!.id };
          },
        },
        // A token of its own for each request: a revoked one from the list would be the
        // fuzzer's own token.
        'DELETE /api/v1/organizations/{org}/tokens/{token}': {
          params: { ...org, ...fresh('token') },
          fresh: async () => ({
            'path:token': (
              await api('POST', `/api/v1/organizations/${fx.org.id}/tokens`, {
                role: 'coordinator',
                label: unique('fuzz'),
              })
            ).id,
          }),
        },
        'POST /api/v1/organizations': {
          body: () => ({ parent_id: one(fx.org.id, fx.child.id) }),
          fix: (b) => swapIfAfter(b, 'starts_on', 'ends_on'),
        },
        'PATCH /api/v1/organizations/{org}': {
          params: { 'path:org': one(fx.child.id, fx.child.slug) },
          body: () => ({ parent_id: fc.constantFrom(undefined, fx.org.id) }),
          fix: (b) => {
            // The dates are checked together with those stored: give both.
            if (b.starts_on !== undefined || b.ends_on !== undefined) {
              b.starts_on ??= null;
              b.ends_on ??= null;
              swapIfAfter(b, 'starts_on', 'ends_on');
            }
          },
        },
        'DELETE /api/v1/organizations/{org}/members/{membership}': {
          params: { ...org, ...fresh('membership') },
          fresh: async () => ({
            'path:membership': (
              await api('POST', `/api/v1/organizations/${fx.org.id}/members`, {
                email: `${unique('jasen')}@example.fi`,
                display_name: 'Jäsen',
                role: 'coordinator',
              })
            ).id,
          }),
        },
        'POST /api/v1/venues': { fix: (b) => fixCoordinates(b) },
        'PATCH /api/v1/venues/{id}': { params: { 'path:id': one(fx.venue) }, fix: (b) => fixCoordinates(b) },
        'GET /api/v1/venues/{id}': { params: { 'path:id': one(fx.venue) } },
        'POST /api/v1/facilitators': { body: () => ({ user_id: fc.constantFrom(undefined, null) }) },
        'PATCH /api/v1/facilitators/{id}': {
          params: { 'path:id': one(fx.facilitators[0]!) },
          body: () => ({ user_id: fc.constantFrom(undefined, null) }),
        },
        'GET /api/v1/facilitators/{id}': { params: { 'path:id': one(fx.facilitators[0]!) } },
        'POST /api/v1/facilitators/{id}/trainings': {
          params: { 'path:id': one(fx.facilitators[0]!) },
          body: () => ({ training: one(fx.training, 'peer-facilitator-basic') }),
          fix: (b) => swapIfAfter(b, 'completed_on', 'valid_until'),
        },
        'POST /api/v1/programme-templates': {
          body: () => ({ required_training: fc.constantFrom(undefined, null, fx.training) }),
          fix: (b) => {
            swapIfAfter(b, 'session_minutes_min', 'session_minutes_max');
            if (Array.isArray(b.theme_options)) {
              const keys = new Set<string>();
              b.theme_options = (b.theme_options as Body[]).filter(
                (o) => !keys.has(o.key as string) && keys.add(o.key as string),
              );
            }
          },
        },
        'GET /api/v1/groups': {
          params: {
            'query:near': fc
              .tuple(
                fc.double({ min: -90, max: 90, noNaN: true }),
                fc.double({ min: -180, max: 180, noNaN: true }),
              )
              .map(([lat, lon]) => `${lat.toFixed(4)},${lon.toFixed(4)}`),
            'query:audience': listOf(AUDIENCES),
            'query:theme': listOf(THEMES),
            'query:language': listOf(['fi', 'sv', 'en', 'ru', 'so']),
            'query:weekday': listOf(WEEKDAYS),
            'query:time_of_day': listOf(TIMES_OF_DAY),
            'query:join': listOf(JOIN_WAYS),
            'query:status': fc.oneof(fc.constant('all'), listOf(GROUP_STATUSES)),
            'query:organization': one(fx.org.id, fx.org.slug),
          },
          fixParams: (p) => {
            if (p['query:near'] === undefined) {
              delete p['query:radius_km'];
              if (p['query:sort'] === 'distance') delete p['query:sort'];
            }
          },
        },
        'POST /api/v1/groups': {
          body: () => ({
            ...groupFields(),
            replaces_group_id: fc.option(fc.constant(FRESH), { nil: undefined, freq: 3 }),
          }),
          fix: fixGroup,
          // A replacement replaces a suspended group of its own.
          fresh: async (): Promise<Record<string, string>> => ({
            'body:replaces_group_id': (await groupIn('suspended')).id,
          }),
        },
        'PATCH /api/v1/groups/{group}': {
          params: fresh('group'),
          body: groupFields,
          fix: fixGroup,
          fresh: async () => ({ 'path:group': (await groupIn('draft')).id }),
        },
        'POST /api/v1/groups/{group}/lifecycle': {
          params: fresh('group'),
          body: () => ({ decided_on: day('2025-01-01', TODAY) }),
          fresh: async (b) => ({ 'path:group': (await groupIn(FROM[b.action as string] ?? 'draft')).id }),
        },
        'PUT /api/v1/groups/{group}/facilitators': {
          params: { 'path:group': published },
          body: () => ({
            facilitators: fc
              .subarray(fx.facilitators)
              .chain((ids) =>
                fc.tuple(
                  ...ids.map((id) =>
                    fc
                      .constantFrom('lead', 'co_facilitator', 'convener')
                      .map((role) => ({ facilitator_id: id, role })),
                  ),
                ),
              ),
          }),
        },
        'PUT /api/v1/groups/{group}/partners': {
          params: { 'path:group': published },
          body: () => ({ partner_ids: fc.subarray(fx.partners) }),
        },
        'POST /api/v1/groups/{group}/confirm': { params: { 'path:group': published } },
        'DELETE /api/v1/costs/{id}': {
          params: fresh('id'),
          fresh: async () => ({
            'path:id': (
              await api('POST', `/api/v1/groups/${fx.open.id}/costs`, {
                category: 'other',
                amount_cents: 100,
              })
            ).id,
          }),
        },
        'POST /api/v1/groups/{group}/schedules': {
          params: { 'path:group': one(fx.scheduled) },
          body: () => scheduleFields(),
        },
        'PATCH /api/v1/schedules/{id}': {
          params: { 'path:id': one(fx.schedule) },
          body: () => scheduleFields(),
        },
        'DELETE /api/v1/schedules/{id}': {
          params: fresh('id'),
          fresh: async () => ({
            'path:id': (
              await api<{ schedule: { id: string } }>('POST', `/api/v1/groups/${fx.scheduled}/schedules`, {
                rrule: 'FREQ=DAILY;COUNT=2',
                starts_local: '2027-01-10T10:00',
                duration_minutes: 60,
              })
            ).schedule.id,
          }),
        },
        'GET /api/v1/groups/{group}/sessions': {
          fixParams: (p) => {
            const [from, to] = [p['query:from'], p['query:to']];
            if (typeof from === 'string' && typeof to === 'string' && laterOf(from, to))
              [p['query:from'], p['query:to']] = [to, from];
          },
          params: {
            'query:from': fc.oneof(day('2026-01-01', '2027-12-31'), instant('2026-01-01', '2027-12-31')),
            'query:to': fc.oneof(day('2026-01-01', '2027-12-31'), instant('2026-01-01', '2027-12-31')),
          },
        },
        'POST /api/v1/groups/{group}/sessions': {
          params: { 'path:group': one(fx.scheduled) },
          body: () => ({
            starts_at: instant('2026-11-01', '2027-06-30'),
            ends_at: instant('2026-11-01', '2027-06-30'),
            venue_id: fc.constantFrom(undefined, null, fx.venue),
          }),
          fix: endsAfterStart,
        },
        'PATCH /api/v1/sessions/{id}': {
          params: { 'path:id': fc.constantFrom(...fx.sessions) },
          body: () => ({
            starts_at: instant('2026-11-01', '2027-06-30'),
            ends_at: instant('2026-11-01', '2027-06-30'),
            theme_key: fc.constantFrom(undefined, null, 'calm', 'walk'),
            venue_id: fc.constantFrom(undefined, null, fx.venue),
          }),
          fix: (b) => {
            endsAfterStart(b);
            if (b.cancel_reason_code !== undefined || b.cancel_reason !== undefined) b.status = 'cancelled';
          },
        },
        // A guest of the first session, of its own for each request (DELETE removes it).
        ...Object.fromEntries(
          ['PATCH', 'DELETE'].map((method) => [
            `${method} /api/v1/sessions/{id}/guests/{guest}`,
            {
              params: { 'path:id': fc.constant(fx.sessions[0]!), ...fresh('guest') },
              fresh: async () => ({
                'path:guest': (
                  await api('POST', `/api/v1/sessions/${fx.sessions[0]!}/guests`, {
                    name: 'Vieras',
                    topic: { fi: 'Uni ja lepo' },
                  })
                ).id,
              }),
            } satisfies Recipe,
          ]),
        ),
        'GET /api/v1/sessions/{id}/notes': { params: { 'path:id': fc.constantFrom(...fx.sessions) } },
        'PUT /api/v1/sessions/{id}/notes': { params: { 'path:id': fc.constantFrom(...fx.sessions) } },
        'POST /api/v1/groups/{group}/holiday-breaks': {
          params: { 'path:group': one(fx.scheduled) },
          fix: (b) => swapIfAfter(b, 'from', 'to'),
        },
        'POST /api/v1/groups/{group}/registrations': {
          params: { 'path:group': one(fx.open.id, fx.open.slug) },
          body: joining(true),
          fix: contact,
        },
        'POST /api/v1/registrations/cancel': {
          body: () => ({ token: fc.constant(FRESH) }),
          fresh: async () => {
            const { cancel_url } = await register(fx.open.id);
            return { 'body:token': /registrations\/([^/]+)\/cancel/.exec(cancel_url)![1]! };
          },
        },
        'DELETE /api/v1/registrations/{id}': {
          params: fresh('id'),
          fresh: async () => ({ 'path:id': (await register(fx.open.id)).id }),
        },
        'POST /api/v1/groups/{group}/participants': {
          params: { 'path:group': one(fx.open.id) },
          body: joining(true),
          fix: contact,
        },
        'POST /api/v1/groups/{group}/referrals': {
          params: { 'path:group': one(fx.referral) },
          body: joining(false),
          fix: contact,
        },
        'POST /api/v1/groups/{group}/referral-codes': { params: { 'path:group': one(fx.referral) } },
        'POST /api/v1/registrations/{id}/decision': {
          params: fresh('id'),
          fresh: async () => ({
            'path:id': (await api('POST', `/api/v1/groups/${fx.referral}/referrals`, person())).id,
          }),
        },
        'POST /api/v1/groups/{group}/applications': {
          params: { 'path:group': one(fx.apply) },
          body: () => ({ consent: mostly(true, fc.constant(false)) }),
          fix: contact,
        },
        'POST /api/v1/applications/{id}/placement': {
          params: fresh('id'),
          body: () => ({ group: one(fx.open.id, fx.open.slug, fx.apply) }),
          fresh: async () => ({ 'path:id': (await application()).id }),
        },
        'POST /api/v1/applications/{id}/decline': {
          params: fresh('id'),
          fresh: async () => ({ 'path:id': (await application()).id }),
        },
        'POST /api/v1/sessions/{id}/coming': { params: { 'path:id': one(fx.dropInNext) } },
        'GET /api/v1/sessions/{id}/attendance': { params: { 'path:id': one(fx.openPast, fx.dropInPast) } },
        'PUT /api/v1/sessions/{id}/attendance': {
          params: { 'path:id': one(fx.openPast, fx.dropInPast) },
          body: (p) =>
            p['path:id'] === fx.openPast
              ? {
                  head_count: fc.constant(undefined),
                  participants: fc
                    .subarray(fx.confirmed)
                    .chain((ids) =>
                      fc.tuple(
                        ...ids.map((id) => fc.boolean().map((present) => ({ registration_id: id, present }))),
                      ),
                    ),
                }
              : { participants: fc.constant(undefined), head_count: fc.integer({ min: 0, max: 40 }) },
        },
        'PUT /api/v1/groups/{group}/low-attendance': {
          fix: (b) => {
            if (b.rule === 'custom') {
              b.min_present ??= 3;
              b.consecutive_sessions ??= 2;
            } else {
              delete b.min_present;
              delete b.consecutive_sessions;
            }
          },
        },
        'GET /api/v1/groups/{group}/feedback-code': { params: { 'path:group': one(fx.dropIn) } },
        'POST /api/v1/feedback/codes/{code}': {
          params: fresh('code'),
          body: feedbackAnswer,
          fresh: async () => ({
            'path:code': (
              await app.inject({ url: `/api/v1/groups/${fx.dropIn}/feedback-code`, headers: bearer(token) })
            ).json<{ code: string }>().code,
          }),
        },
        'POST /api/v1/feedback/{token}': {
          params: fresh('token'),
          body: feedbackAnswer,
          fresh: async () => ({ 'path:token': await feedbackLink(db, fx.open.id) }),
        },
        // a period that ends after it starts (a reversed one is the 400 the test also sends)
        'GET /api/v1/organizations/{org}/statistics': {
          params: { ...org, 'query:from': one('2025-01-01', '2026-01-01'), 'query:to': one('2026-12-31') },
        },
        'PUT /api/v1/organizations/{org}/targets/{key}/measure': {
          params: { ...org, 'path:key': one('families') },
        },
        'POST /api/v1/organizations/{org}/targets/{key}/figures': {
          params: { ...org, 'path:key': one('families') },
        },
        'PUT /api/v1/organizations/{org}/feedback-settings': {
          params: org,
          body: () => ({
            questions: fc.option(
              fc.array(fc.record({ text: fc.constant({ fi: 'Oma kysymys' }) }), { maxLength: 5 }),
              {
                nil: undefined,
              },
            ),
          }),
        },
      };
    }

    /** Both coordinates or neither, as stored ones are checked together with the new. */
    function fixCoordinates(b: Body) {
      if (b.latitude === undefined && b.longitude === undefined) return;
      if (b.latitude == null || b.longitude == null) b.latitude = b.longitude = null;
    }

    /** schedule fields the schema cannot make valid: the rule, times, and the programme's lengths */
    const scheduleFields = () => ({
      rrule: fc.constantFrom(
        'FREQ=WEEKLY;COUNT=4',
        'FREQ=WEEKLY;INTERVAL=2;COUNT=3',
        'FREQ=MONTHLY;BYDAY=1TU;COUNT=3',
        'FREQ=DAILY;COUNT=2',
        'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270115T000000Z',
      ),
      starts_local: localTime('2026-11-01', '2027-03-31'),
      duration_minutes: fc.integer({ min: 30, max: 240 }),
      exdates: fc.array(localTime('2026-11-01', '2027-03-31'), { maxLength: 3 }),
      venue_id: fc.constantFrom(undefined, null, fx.venue),
    });

    const application = () =>
      api('POST', `/api/v1/groups/${fx.apply}/applications`, { ...person(), facts: { area: 'Hervanta' } });

    const compiled = new Map<Schema, ValidateFunction>();
    const validator = (schema: Schema) => {
      let v = compiled.get(schema);
      if (!v) compiled.set(schema, (v = ajv.compile(schema)));
      return v;
    };
    const resolve = (schema: Schema): Schema =>
      schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').at(-1)!]!) : schema;

    /**
     * Values a schema accepts. `name` is the field's name: fields ending in _id get ids of rows
     * that exist (or now and then an unknown one); `overrides` replace the top-level fields.
     */
    function valid(
      schema: Schema,
      name = '',
      overrides: Record<string, fc.Arbitrary<unknown>> = {},
    ): fc.Arbitrary<unknown> {
      const s = resolve(schema);
      const options = s.anyOf ?? s.oneOf;
      if (options) return fc.oneof(...options.map((o) => valid(o, name, overrides)));
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
          return object(s, name, overrides);
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
      let arb: fc.Arbitrary<string>;
      if (s.format === 'uuid' || /(^|_)id$/.test(name)) {
        const known = fixtureIds()[name] ?? allIds();
        arb =
          known.length && /(^|_)id$/.test(name)
            ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, fc.uuid())
            : fc.uuid();
      } else if (s.format === 'email') arb = fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example.fi`);
      else if (s.format === 'uri') arb = word.map((w) => `https://example.fi/${w}`);
      else if (s.format === 'date') arb = day('2025-01-01', '2028-12-31');
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

    function object(s: Schema, name: string, overrides: Record<string, fc.Arbitrary<unknown>>) {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      const record =
        keys.length > 0
          ? fc.record(Object.fromEntries(keys.map((k) => [k, overrides[k] ?? valid(props[k]!, k)])), {
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

    function buildUrl(path: string, op: Operation, params: Params) {
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

    /** Values for the parameters: the recipe's, else path ids from rows that exist when there are any. */
    function parameters(path: string, op: Operation, recipe: Recipe): fc.Arbitrary<Params> {
      const entries: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const p of op.parameters ?? []) {
        const key = `${p.in}:${p.name}`;
        const given = recipe.params?.[key];
        if (p.in === 'path') {
          const known = [...(pools.get(resourceOf(path, p.name)) ?? [])];
          entries[key] =
            given ??
            (known.length
              ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.uuid())
              : fc.uuid());
          required.push(key);
        } else {
          entries[key] = given ?? valid(p.schema, p.name);
          if (p.required) required.push(key);
        }
      }
      return fc.record(entries, { requiredKeys: required });
    }

    const bodySchema = (op: Operation) => op.requestBody?.content['application/json']?.schema;

    function validRequest(
      method: string,
      path: string,
      op: Operation,
      recipe: Recipe,
      auth = fc.constantFrom<'staff' | 'public'>('staff', 'staff', 'staff', 'public'),
    ): fc.Arbitrary<Request> {
      const schema = bodySchema(op);
      // Building a body's arbitrary is costly: once, or once per path when the recipe reads it.
      const bodies = new Map<string, fc.Arbitrary<unknown>>();
      const bodyFor = (params: Params): fc.Arbitrary<unknown> => {
        if (!schema) return fc.constant(undefined);
        const key = recipe.body?.length
          ? JSON.stringify(Object.entries(params).filter(([k]) => k.startsWith('path:')))
          : '';
        let arb = bodies.get(key);
        if (!arb) {
          arb = valid(schema, '', recipe.body?.(params) ?? {})
            .map((b) => {
              if (!recipe.fix || !b || typeof b !== 'object' || Array.isArray(b)) return b;
              const copy = structuredClone(b) as Body;
              recipe.fix(copy);
              return copy;
            })
            .filter((b) => validator(schema)(JSON.parse(JSON.stringify(b)) as unknown));
          bodies.set(key, arb);
        }
        return arb;
      };
      return fc
        .tuple(parameters(path, op, recipe), auth)
        .map(([generated, auth]) => {
          const params = { ...generated };
          recipe.fixParams?.(params);
          return [params, auth] as const;
        })
        .chain(([params, auth]) => bodyFor(params).map((body) => ({ params, auth, body })))
        .map(({ params, body, auth }) => {
          const headers: Record<string, string> = {};
          const key = params['header:idempotency-key'];
          if (typeof key === 'string') headers['idempotency-key'] = key;
          if (body !== undefined) headers['content-type'] = 'application/json';
          return {
            method,
            headers,
            ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
            auth,
            params,
          };
        });
    }

    /** Ways to break one valid request, each named, so the expected refusal can be checked. */
    function invalidRequest(
      method: string,
      path: string,
      op: Operation,
      recipe: Recipe,
    ): fc.Arbitrary<Request> | null {
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
              headers,
              invalid: { kind: `bad ${p.in} parameter ${p.name}` },
            };
          }),
        );
      }
      if (!breakers.length) return null;
      return fc
        .tuple(validRequest(method, path, op, recipe), fc.oneof(...breakers))
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

    /** Makes the rows a request needs of its own and puts their ids where FRESH stands. */
    async function prepare(r: Request, recipe: Recipe): Promise<Request> {
      if (recipe.signedIn && r.auth === 'staff') {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: fx.user.email, password: PASSWORD },
        });
        const cookie = login.cookies.find((c) => c.name === 'vertaamo_session')?.value;
        assert.ok(cookie, login.body);
        r = { ...r, cookie, csrf: login.json<{ csrf_token: string }>().csrf_token };
      }
      const wanted = Object.values(r.params).includes(FRESH) || r.payload?.includes(`"${FRESH}"`);
      if (!wanted || !recipe.fresh) return r;
      let body: Body | null = null;
      try {
        const parsed: unknown = r.payload === undefined ? null : JSON.parse(r.payload);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Body;
      } catch {
        // a broken body stays as it is
      }
      const made = await recipe.fresh(body ?? {});
      const params = { ...r.params };
      let payload = r.payload;
      for (const [key, value] of Object.entries(made)) {
        if (key.startsWith('path:') && params[key] === FRESH) params[key] = value;
        if (key.startsWith('body:') && body?.[key.slice(5)] === FRESH) {
          body[key.slice(5)] = value;
          payload = JSON.stringify(body);
        }
      }
      return { ...r, params, ...(payload !== undefined ? { payload } : {}) };
    }

    /** Sends a request and checks what every answer must be; returns the failure, if any. */
    async function send(
      r: Request,
      path: string,
      op: Operation,
    ): Promise<{ failure: string | null; status: number; code?: string; field?: string }> {
      const url = buildUrl(path, op, r.params);
      const res = await app.inject({
        method: r.method as 'GET',
        url,
        headers: {
          ...r.headers,
          ...(r.cookie
            ? { cookie: `vertaamo_session=${r.cookie}`, 'x-csrf-token': r.csrf ?? '' }
            : r.auth === 'staff'
              ? bearer(token)
              : {}),
        },
        ...(r.payload !== undefined ? { payload: r.payload } : {}),
      });
      const label = `${r.method} ${url} (${r.auth}${r.invalid ? `, ${r.invalid.kind}` : ''}) → ${res.statusCode}`;
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
      if (!declared) return fail(`${label}: a status the document does not declare`);
      if (res.statusCode >= 400) {
        if (type !== 'application/problem+json') return fail(`${label}: an error that is not problem+json`);
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
      } else if (res.body !== '') {
        return fail(`${label}: 204 with a body`);
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
      if (res.statusCode < 400) return { failure: null, status: res.statusCode };
      const problem = body as { code: string; errors?: { field: string }[] };
      return { failure: null, status: res.statusCode, code: problem.code, field: problem.errors?.[0]?.field };
    }

    // Bugs the property test found, pinned so that they stay fixed whatever the seed.
    it('refuses a NUL character in text or JSON with 400, not a server error', async () => {
      for (const [url, payload] of [
        [`/api/v1/organizations/${fx.org.slug}/partners`, { name: { fi: 'Neuvola\u0000' }, kind: 'parish' }],
        [
          `/api/v1/groups/${fx.open.id}/registrations`,
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
      assert.ok(doc.paths['/api/v1/groups/{group}']!.get!.responses['414'], 'the document declares the 414');
    });

    it('declares the 429 that a throttled request for a my-data link gets', async () => {
      const ask = () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/data-requests',
          remoteAddress: '198.51.100.7',
          payload: { email: `${unique('kysyja')}@example.fi`, language: 'fi' },
        });
      let res = await ask();
      for (let i = 0; i < 50 && res.statusCode === 202; i++) res = await ask();
      assert.equal(res.statusCode, 429, res.body);
      assert.ok(res.headers['retry-after']);
      assert.ok(doc.paths['/api/v1/data-requests']!.post!.responses['429'], 'the document declares it');
    });

    it('never fails on the server, refuses bad input with problem+json, and answers as documented', async () => {
      const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
      );
      assert.ok(operations.length >= 70, `found ${operations.length} operations`);
      const book = recipes();
      const names = new Set(operations.map(({ method, path }) => `${method} ${path}`));
      assert.deepEqual(
        Object.keys(book).filter((k) => !names.has(k)),
        [],
        'every recipe is for an operation the document has',
      );
      const failures: string[] = [];
      /** operations that accepted at least one generated request (2xx) */
      const accepted = new Set<string>();
      let sent = 0;
      let broken = 0;
      for (const { method, path, op } of operations) {
        const name = `${method} ${path}`;
        const recipe = book[name] ?? {};
        /** what the valid requests were answered, for the trace */
        const answers = new Map<string, number>();
        const check = async (arb: fc.Arbitrary<Request>, label: string, runs: number, seed: number) => {
          const details = await fc.check(
            fc.asyncProperty(arb, async (generated) => {
              sent++;
              if (generated.invalid) broken++;
              const r = await prepare(generated, recipe);
              const { failure, status, code, field } = await send(r, path, op);
              if (failure) throw new Error(failure);
              if (status < 300) accepted.add(name);
              if (!r.invalid) {
                if (TRACE > 1 && status >= 300)
                  console.log(
                    `  ${status} ${code} ${buildUrl(path, op, r.params)} ${r.auth} ${r.payload ?? ''}`,
                  );
                const key = `${status}${code ? ` ${code}` : ''}${field ? ` ${field}` : ''}`;
                answers.set(key, (answers.get(key) ?? 0) + 1);
              }
            }),
            { numRuns: runs, seed, endOnFailure: true },
          );
          if (details.failed) {
            const cause = details.errorInstance instanceof Error ? details.errorInstance.message : '';
            failures.push(`${label} ${name} (FUZZ_SEED=${SEED}): ${cause}`);
          }
        };
        const started = Date.now();
        await check(validRequest(method, path, op, recipe), 'valid', RUNS, SEED);
        // Most valid requests succeed; when none of the first ones did (a quarter are sent
        // without a token, and some generated values break a rule of the domain), more staff
        // requests get their chance.
        if (!accepted.has(name))
          await check(
            validRequest(method, path, op, recipe, fc.constant('staff')),
            'valid',
            2 * RUNS,
            SEED + 1,
          );
        const invalid = invalidRequest(method, path, op, recipe);
        if (invalid) await check(invalid, 'invalid', RUNS, SEED);
        if (TRACE)
          console.log(
            `${Date.now() - started} ms ${name}: ${[...answers].map(([k, n]) => `${n}× ${k}`).join(', ')}`,
          );
      }
      if (TRACE)
        console.log(`${sent} requests, ${broken} of them invalid, ${accepted.size} operations accepted one`);
      assert.deepEqual(failures, [], `FUZZ_SEED=${SEED}`);
      // Every operation's success path and success schema were exercised.
      assert.deepEqual(
        operations.map(({ method, path }) => `${method} ${path}`).filter((n) => !accepted.has(n)),
        [],
        `operations that accepted none of the valid requests (FUZZ_SEED=${SEED})`,
      );
      assert.ok(broken >= (operations.length * RUNS) / 2, `sent ${broken} invalid requests of ${sent}`);
    });
  });
}
