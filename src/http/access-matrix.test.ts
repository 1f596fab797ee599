/**
 * The role × data matrix of docs/security.md (finding 8 of issue 12), swept over every GET
 * route the app serves — the API and the staff pages, taken from Fastify's own route list —
 * as each role, on one seeded organisation. Every route needs an entry below: a new route
 * without one fails the test, so nothing new escapes the sweep.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { staffKit } from '../../test/support/staff.ts';
import type { Role } from '../accounts/permissions.ts';

/** How each GET route is swept: `sweep` (every role, bodies checked) or why it is not. */
const ROUTES: Record<string, 'sweep' | `not swept: ${string}`> = {
  '/healthz': 'not swept: says only whether the database answers',
  '/assets/:name': 'not swept: static files',
  '/favicon.ico': 'not swept: static files',
  '/assets/passkeys.js': 'not swept: a static file',
  '/api/v1/openapi.json': 'not swept: the API description, no data',
  '/:lang/registrations/:token/cancel': 'not swept: needs a participant’s secret link',
  '/:lang/my-data/link/:token': 'not swept: needs a participant’s secret link',
  '/:lang/staff/invitation': 'not swept: needs an invitation’s secret link',
  '/:lang/feedback/l/:token': 'not swept: needs a participant’s secret link (src/feedback/pages.test.ts)',
  '/dev/mailbox': 'not swept: development only, admins only (src/notifications/mailbox.test.ts)',
};
const SWEPT = [
  '/:lang/staff/tokens',
  '/:lang/staff/password',
  '/:lang/staff/password/forgot',
  '/:lang/staff/password/reset',
  '/:lang/staff/sessions',
  '/api/v1/auth/sessions',
  '/api/v1/organizations/:org/tokens',
  '/',
  '/:lang',
  '/:lang/search',
  '/:lang/groups/:slug',
  '/:lang/groups/:slug/register',
  '/:lang/groups/:slug/referral',
  '/:lang/groups/:slug/apply',
  '/:lang/registrations/cancel',
  '/:lang/my-data',
  '/:lang/my-data/mine',
  '/:lang/organisations/:slug',
  '/:lang/accessibility',
  '/:lang/venues/:id',
  '/:lang/staff/sign-in',
  '/:lang/staff',
  '/:lang/staff/groups/new',
  '/:lang/staff/groups/:slug/edit',
  '/:lang/staff/groups/:slug',
  '/:lang/staff/groups/:slug/participants',
  '/:lang/staff/groups/:slug/refer',
  '/:lang/staff/groups/:slug/schedule',
  '/:lang/staff/groups/:slug/sessions',
  '/:lang/staff/sessions/:id',
  '/:lang/staff/sessions/:id/attendance',
  '/:lang/staff/passkeys',
  '/:lang/staff/facilitators',
  '/:lang/staff/facilitators/:id',
  '/:lang/staff/groups/:slug/facilitators',
  '/:lang/staff/groups/:slug/costs',
  '/:lang/staff/templates',
  '/:lang/staff/people',
  '/:lang/staff/settings',
  '/:lang/staff/audit',
  '/:lang/staff/venues',
  '/:lang/staff/venues/:id',
  '/api/v1/auth/me',
  '/api/v1/organizations/:org/invitations',
  '/api/v1/organizations',
  '/api/v1/organizations/:org',
  '/api/v1/organizations/:org/members',
  '/api/v1/organizations/:org/partners',
  '/api/v1/venues/:id',
  '/api/v1/organizations/:org/venues',
  '/api/v1/facilitators/:id',
  '/api/v1/organizations/:org/facilitators',
  '/api/v1/trainings',
  '/api/v1/programme-templates',
  '/api/v1/programme-templates/:template',
  '/api/v1/groups',
  '/api/v1/groups/:group',
  '/api/v1/groups/:group/events',
  '/api/v1/groups/:group/costs',
  '/api/v1/groups/:group/schedules',
  '/api/v1/groups/:group/sessions',
  '/api/v1/sessions/:id/notes',
  '/api/v1/sessions/:id/guests',
  '/api/v1/groups/:group/calendar.ics',
  '/api/v1/organizations/:org/calendar.ics',
  '/api/v1/organizations/:org/access-log',
  '/api/v1/groups/:group/registrations',
  '/api/v1/groups/:group/registrations.csv',
  '/api/v1/referrals',
  '/api/v1/groups/:group/applications',
  '/api/v1/sessions/:id/attendance',
  '/api/v1/groups/:group/attendance',
  '/api/v1/groups/:group/low-attendance',
  '/api/v1/organizations/:org/warnings',
  '/:lang/feedback',
  '/:lang/feedback/c/:code',
  '/:lang/feedback/answer',
  '/:lang/staff/groups/:slug/feedback',
  '/:lang/staff/groups/:slug/feedback/code',
  '/:lang/staff/feedback',
  '/api/v1/groups/:group/feedback',
  '/api/v1/groups/:group/feedback-code',
  '/api/v1/organizations/:org/feedback',
  '/api/v1/organizations/:org/feedback-settings',
  '/:lang/staff/reports',
  '/:lang/staff/reports/targets',
  '/:lang/staff/reports/:file',
  '/api/v1/organizations/:org/statistics',
  '/api/v1/organizations/:org/targets/progress',
];
for (const url of SWEPT) ROUTES[url] = 'sweep';

type Who = Role | 'own_facilitator';
const WHO: Who[] = ['admin', 'coordinator', 'board_member', 'facilitator', 'own_facilitator', 'referrer'];

/**
 * The matrix, as what may appear in any answer to each role. `draft`: an unpublished group's
 * name; `proposal`: a group before the board; `remote`: the published group's remote link;
 * `cost`: its cost note; `proposalCost`: the proposal's cost note; `facilitator`: the name of a
 * facilitator who did not make it public.
 */
const MAY_SEE: Record<Who, readonly string[]> = {
  admin: ['draft', 'proposal', 'remote', 'cost', 'proposalCost', 'facilitator'],
  coordinator: ['draft', 'proposal', 'remote', 'cost', 'proposalCost', 'facilitator'],
  board_member: ['proposal', 'proposalCost'],
  facilitator: [],
  own_facilitator: ['remote', 'cost', 'facilitator'],
  referrer: [],
};

for (const target of testDatabases()) {
  describe(`what each role reads, route by route, on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    const sentinel: Record<string, string> = {};
    const sessions = new Map<Who, string>();
    const groups: { slug: string; id: string }[] = [];
    let orgSlug = '';
    let facilitatorId = '';

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db });
      const org = await makeOrganisation(db);
      orgSlug = org.slug;
      const token = await tokenFor(db, org.id, 'coordinator');
      for (const key of ['draft', 'proposal', 'remote', 'cost', 'proposalCost', 'facilitator'])
        sentinel[key] = unique(`zq${key.toLowerCase()}`);
      const api = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
        const res = await app.inject({ method, url, headers: bearer(token), payload: payload as object });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
        return res.json<{ id: string; slug: string }>();
      };
      const kit = staffKit(app, db);
      const emails = new Map<Who, string>();
      for (const who of WHO)
        emails.set(who, await kit.person([[org, who === 'own_facilitator' ? 'facilitator' : who]]));
      const ownUser = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
              emails.get('own_facilitator'),
            ])
          ).rows[0]!.id,
      );
      const draft = await api(
        'POST',
        '/api/v1/groups',
        groupBody(org.id, { name: { fi: sentinel.draft }, slug: unique('ryhma') }),
      );
      const proposal = await api(
        'POST',
        '/api/v1/groups',
        groupBody(org.id, { name: { fi: sentinel.proposal }, slug: unique('ryhma') }),
      );
      await api('POST', `/api/v1/groups/${proposal.id}/lifecycle`, { action: 'propose' });
      await api('POST', `/api/v1/groups/${proposal.id}/costs`, {
        category: 'refreshments',
        amount_cents: 1200,
        note: sentinel.proposalCost,
      });
      const published = await api(
        'POST',
        '/api/v1/groups',
        groupBody(org.id, { mode: 'remote', venue_id: null }),
      );
      await api('PUT', `/api/v1/groups/${published.id}/remote-details`, {
        url: `https://meet.example.fi/${sentinel.remote}`,
      });
      await api('POST', `/api/v1/groups/${published.id}/costs`, {
        category: 'refreshments',
        amount_cents: 800,
        note: sentinel.cost,
      });
      const f = await api('POST', '/api/v1/facilitators', {
        organization_id: org.id,
        display_name: sentinel.facilitator,
        kind: 'peer',
        engagement: 'volunteer',
        languages: ['fi'],
        user_id: ownUser,
      });
      facilitatorId = f.id;
      await api('PUT', `/api/v1/groups/${published.id}/facilitators`, {
        facilitators: [{ facilitator_id: f.id, role: 'lead' }],
      });
      await api('POST', `/api/v1/groups/${published.id}/lifecycle`, { action: 'publish' });
      groups.push(draft, proposal, published);
      for (const who of WHO) sessions.set(who, await kit.signIn(emails.get(who)!, 'en'));
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    /** The concrete URLs of a route pattern: each of the three groups where it takes one. */
    function concrete(url: string): string[] {
      const base = url
        .replace(/:lang/g, 'en')
        .replace(/:org/g, orgSlug)
        .replace(/:file/g, 'statistics.csv')
        .replace(/\/facilitators\/:id/g, `/facilitators/${facilitatorId}`)
        .replace(/:(id|template)/g, () => randomUUID())
        .replace(/:code/g, 'ZZZZZZ');
      const urls = /:(group|slug)/.test(base)
        ? groups.flatMap((g) => [
            base.replace(/:(group|slug)/g, g.slug),
            base.replace(/:(group|slug)/g, g.id),
          ])
        : [base];
      return url === '/api/v1/groups' ? urls.flatMap((u) => [u, `${u}?status=all&per_page=100`]) : urls;
    }

    it('has an expectation for every route the app serves', () => {
      const missing = app
        .routeList()
        .filter((r) => r.method === 'GET' && !(r.url in ROUTES))
        .map((r) => r.url);
      assert.deepEqual(missing, [], 'add these routes to ROUTES in this file');
    });

    it('shows each role exactly what the matrix says, on every API operation and staff page', async () => {
      const leaks: string[] = [];
      const seen = new Map<Who, Set<string>>(WHO.map((w) => [w, new Set()]));
      for (const route of app.routeList()) {
        if (route.method !== 'GET' || ROUTES[route.url] !== 'sweep') continue;
        for (const url of concrete(route.url)) {
          for (const who of WHO) {
            const res = await app.inject({ url, cookies: { vertaamo_session: sessions.get(who)! } });
            if (res.statusCode >= 500) leaks.push(`${who} GET ${url}: ${res.statusCode}`);
            for (const [key, value] of Object.entries(sentinel)) {
              if (!res.body.includes(value)) continue;
              seen.get(who)!.add(key);
              if (!MAY_SEE[who].includes(key)) leaks.push(`${who} reads ${key} at GET ${route.url} (${url})`);
            }
          }
        }
      }
      assert.deepEqual(leaks, [], `${leaks.length} answers break the matrix:\n${leaks.join('\n')}`);
      // The sweep reaches the data at all: each role finds, somewhere, all it may see.
      for (const who of WHO) assert.deepEqual([...seen.get(who)!].sort(), [...MAY_SEE[who]].sort(), who);
    });
  });
}
