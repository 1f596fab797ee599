/**
 * Isolation proof: an admin of organisation A calls every API operation with organisation
 * B's ids — its unpublished group, its published group's participants, its sessions,
 * schedules, venue, facilitator, costs, members. Nothing of B's private data appears in any
 * answer, no write succeeds, and B's rows are byte for byte the same afterwards.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const SECRET = 'zqxprivate';

/** Valid bodies for writes, so that a refusal comes from authorisation, not validation. */
const BODIES: Record<string, object> = {
  'PATCH /api/v1/organizations/:org': { name: { fi: 'Kaapattu' } },
  'POST /api/v1/organizations/:org/members': { email: 'intruder@example.fi', role: 'admin' },
  'POST /api/v1/organizations/:org/tokens': { role: 'admin', label: 'intruder' },
  'POST /api/v1/organizations/:org/partners': { name: { fi: 'Kumppani' }, kind: 'other' },
  'PATCH /api/v1/venues/:id': { name: 'Kaapattu' },
  'PATCH /api/v1/facilitators/:id': { display_name: 'Kaapattu' },
  'POST /api/v1/facilitators/:id/trainings': {
    training: 'peer-facilitator-basic',
    completed_on: '2026-01-01',
  },
  'PATCH /api/v1/groups/:group': { name: { fi: 'Kaapattu' } },
  'POST /api/v1/groups/:group/lifecycle': { action: 'publish' },
  'PUT /api/v1/groups/:group/facilitators': { facilitators: [] },
  'PUT /api/v1/groups/:group/remote-details': { url: 'https://evil.example/x' },
  'PUT /api/v1/groups/:group/partners': { partner_ids: [] },
  'POST /api/v1/groups/:group/costs': { category: 'other', amount_cents: 1 },
  'POST /api/v1/groups/:group/schedules': {
    rrule: 'FREQ=WEEKLY;COUNT=2',
    starts_local: '2027-01-05T18:00',
    duration_minutes: 60,
  },
  'PATCH /api/v1/schedules/:id': { duration_minutes: 30 },
  'POST /api/v1/groups/:group/sessions': { starts_local: '2027-02-01T18:00', duration_minutes: 60 },
  'PATCH /api/v1/sessions/:id': { status: 'cancelled', cancel_reason_code: 'other' },
  'POST /api/v1/groups/:group/referrals': {
    display_name: 'Asiakas',
    email: 'asiakas@example.fi',
    language: 'fi',
    consent: true,
  },
  'POST /api/v1/groups/:group/referral-codes': {},
  'POST /api/v1/registrations/:id/decision': { decision: 'decline' },
  'POST /api/v1/applications/:id/placement': { group: 'x' },
  'POST /api/v1/groups/:group/messages': { subject: 'Hei', text: 'Viesti' },
  'PUT /api/v1/sessions/:id/attendance': { head_count: 1 },
  'PUT /api/v1/sessions/:id/notes': { notes: 'Kaapattu' },
  'POST /api/v1/sessions/:id/guests': { name: 'Kaapattu', topic: { fi: 'Aihe' } },
  'PATCH /api/v1/sessions/:id/guests/:guest': { name: 'Kaapattu' },
  'POST /api/v1/groups/:group/holiday-breaks': { from: '2027-01-01', to: '2027-12-31' },
  'PUT /api/v1/groups/:group/low-attendance': { rule: 'off' },
};

/** Writes anyone may make to a published group: joining, cancelling with one's own secret. */
const PUBLIC_WRITES = new Set([
  'POST /api/v1/groups/:group/registrations',
  'POST /api/v1/registrations/cancel',
  'POST /api/v1/groups/:group/applications',
  'POST /api/v1/sessions/:id/coming',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/organizations',
  'POST /api/v1/venues',
  'POST /api/v1/facilitators',
  'POST /api/v1/trainings',
  'POST /api/v1/programme-templates',
  'POST /api/v1/groups',
]);

for (const target of testDatabases()) {
  describe(`isolation between organisations on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let intruder: string;
    const b: Record<string, string> = {};

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const orgA = await makeOrganisation(db);
      const orgB = await makeOrganisation(db);
      intruder = await tokenFor(db, orgA.id, 'admin');
      const owner = await tokenFor(db, orgB.id, 'admin');
      const call = async (
        method: 'POST' | 'PUT',
        url: string,
        payload: object,
        token: string | null = owner,
      ) => {
        const res = await app.inject({ method, url, payload, headers: token ? bearer(token) : {} });
        assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
        return res.json<{ id: string; items?: { id: string }[] }>();
      };
      b.org = orgB.slug;
      b.venue = (
        await call('POST', '/api/v1/venues', {
          organization_id: orgB.id,
          name: `Tila ${SECRET}`,
          municipality: 'Tampere',
        })
      ).id;
      b.facilitator = (
        await call('POST', '/api/v1/facilitators', {
          organization_id: orgB.id,
          display_name: `Ohjaaja ${SECRET}`,
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
        })
      ).id;
      const draft = await call(
        'POST',
        '/api/v1/groups',
        groupBody(orgB.id, { name: { fi: `Luonnos ${SECRET}` }, venue_id: b.venue, mode: 'in_person' }),
      );
      b.draft = draft.id;
      const schedule = await call('POST', `/api/v1/groups/${draft.id}/schedules`, {
        rrule: 'FREQ=WEEKLY;COUNT=3',
        starts_local: '2026-12-01T18:00',
        duration_minutes: 90,
      });
      b.schedule = schedule.id;
      const sessions = await app.inject({
        url: `/api/v1/groups/${draft.id}/sessions`,
        headers: bearer(owner),
      });
      b.draftSession = sessions.json<{ items: { id: string }[] }>().items[0]!.id;
      b.guest = (
        await call('POST', `/api/v1/sessions/${b.draftSession}/guests`, {
          name: `Vieras ${SECRET}`,
          affiliation: `Tausta ${SECRET}`,
          topic: { fi: 'Uni' },
        })
      ).id;
      b.cost = (
        await call('POST', `/api/v1/groups/${draft.id}/costs`, {
          category: 'room_rent',
          amount_cents: 5000,
          note: `Vuokra ${SECRET}`,
        })
      ).id;
      const open = await call(
        'POST',
        '/api/v1/groups',
        groupBody(orgB.id, { how_to_join: 'registration', capacity: 5 }),
      );
      b.open = open.id;
      await call('PUT', `/api/v1/groups/${open.id}/remote-details`, {
        url: `https://meet.example.fi/${SECRET}`,
      });
      await call('POST', `/api/v1/groups/${open.id}/lifecycle`, { action: 'publish' });
      // A published group's session with a guest whose name is not public.
      const openSession = await call('POST', `/api/v1/groups/${open.id}/sessions`, {
        starts_at: '2027-01-10T18:00',
      });
      await call('POST', `/api/v1/sessions/${openSession.id}/guests`, {
        name: `Vieras ${SECRET}`,
        affiliation: `Tausta ${SECRET}`,
        topic: { fi: 'Uni' },
      });
      b.registration = (
        await call(
          'POST',
          `/api/v1/groups/${open.id}/registrations`,
          {
            display_name: `Osallistuja ${SECRET}`,
            email: `${SECRET}@example.fi`,
            language: 'fi',
            consent: true,
          },
          null,
        )
      ).id;
      const applyGroup = await call(
        'POST',
        '/api/v1/groups',
        groupBody(orgB.id, { how_to_join: 'application', openness: 'closed' }),
      );
      await call('PUT', `/api/v1/groups/${applyGroup.id}/remote-details`, {
        url: 'https://meet.example.fi/y',
      });
      await call('POST', `/api/v1/groups/${applyGroup.id}/lifecycle`, { action: 'publish' });
      b.apply = applyGroup.id;
      b.application = (
        await call(
          'POST',
          `/api/v1/groups/${applyGroup.id}/applications`,
          {
            display_name: `Hakija ${SECRET}`,
            phone: '+358401234567',
            language: 'fi',
            consent: true,
            facts: {},
          },
          null,
        )
      ).id;
      b.membership = await db.ownerTransaction(
        async (tx) =>
          (
            await tx
              .query<{ id: string }>(
                `INSERT INTO users (email, display_name) VALUES ('${SECRET}-staff@example.fi', 'Jäsen') RETURNING id`,
              )
              .then(async ({ rows }) =>
                tx.query<{ id: string }>(
                  `INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'coordinator') RETURNING id`,
                  [orgB.id, rows[0]!.id],
                ),
              )
          ).rows[0]!.id,
      );
      b.orgId = orgB.id;
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    /** A fingerprint of every row of organisation B in every table that has an org_id. */
    const fingerprint = () =>
      db.ownerTransaction(async (tx) => {
        const tables = (
          await tx.query<{ t: string }>(
            `SELECT table_name AS t FROM information_schema.columns
             WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY 1`,
          )
        ).rows.map((r) => r.t);
        const out: Record<string, string> = {};
        for (const t of tables) {
          const { rows } = await tx.query<{ h: string | null }>(
            `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x WHERE org_id = $1`,
            [b.orgId],
          );
          out[t] = rows[0]!.h ?? '';
        }
        return out;
      });

    /** The URLs to try for a route: B's ids of the kind the route takes. */
    function urls(route: string): string[] {
      const ids: Record<string, string[]> = {
        sessions: [b.draftSession!],
        schedules: [b.schedule!],
        registrations: [b.registration!],
        applications: [b.application!],
        costs: [b.cost!],
        venues: [b.venue!],
        facilitators: [b.facilitator!],
      };
      let variants = [route];
      if (route.includes(':group'))
        variants = [b.draft!, b.open!, b.apply!].map((g) => route.replace(':group', g));
      const kind = /\/api\/v1\/([a-z-]+)\/:id/.exec(route)?.[1];
      if (kind) variants = variants.flatMap((v) => (ids[kind] ?? []).map((id) => v.replace(':id', id)));
      return variants.map((v) =>
        v
          .replace(':org', b.org!)
          .replace(':membership', b.membership!)
          .replace(':template', 'vahvistin')
          .replace(':guest', b.guest!),
      );
    }

    it('lets organisation A see nothing private of B and change nothing of it', async () => {
      const before = await fingerprint();
      const routes = app
        .routeList()
        .filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
      assert.ok(routes.length > 60);
      let calls = 0;
      for (const route of routes) {
        const name = `${route.method} ${route.url}`;
        if (route.method !== 'GET' && PUBLIC_WRITES.has(name)) continue;
        for (const url of urls(route.url)) {
          // A published group is open to join; only the draft must refuse the public writes.
          const res = await app.inject({
            method: route.method as 'GET',
            url,
            headers: bearer(intruder),
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: BODIES[name] ?? {} }),
          });
          calls++;
          const label = `${route.method} ${url} → ${res.statusCode}`;
          assert.ok(res.statusCode < 500, label);
          assert.ok(!res.body.includes(SECRET), `${label} leaks B's private data`);
          if (route.method !== 'GET') assert.ok(res.statusCode >= 400, `${label} must be refused`);
        }
      }
      assert.ok(calls > 80, `${calls} calls`);
      assert.deepEqual(await fingerprint(), before, 'B’s rows are unchanged');
    });

    it('refuses even the public writes on B’s unpublished group', async () => {
      const person = { display_name: 'X', email: 'x@example.fi', language: 'fi', consent: true };
      const attempts: [string, object][] = [
        [`/api/v1/groups/${b.draft}/registrations`, person],
        [`/api/v1/groups/${b.draft}/applications`, { ...person, facts: {} }],
      ];
      for (const [url, payload] of attempts) {
        const res = await app.inject({ method: 'POST', url, headers: bearer(intruder), payload });
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
      }
      const coming = await app.inject({ method: 'POST', url: `/api/v1/sessions/${b.draftSession}/coming` });
      assert.equal(coming.statusCode, 404);
    });
  });
}
