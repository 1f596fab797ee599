import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { seedDemo, DEMO_PASSWORD, type DemoAccount } from './seed.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

interface GroupJson {
  id: string;
  slug: string;
  name: { fi: string; sv?: string; en?: string };
  status: string;
  how_to_join: string;
  openness: string;
  capacity: number | null;
  crisis_notice: boolean;
  cost: { kind: string; amount_cents: number | null };
  season: { fi: string } | null;
  organization: { slug: string };
  venue: { municipality: string } | null;
  facilitation: {
    self_directed: boolean;
    facilitators: { role: string; kind: string; profession: string | null }[];
  };
  suspended_on: string | null;
  suspension_reason_code: string | null;
  replaced_by: { slug: string } | null;
  replaces: { slug: string } | null;
  programme: { slug: string } | null;
}
interface SessionJson {
  starts_at: string;
  ends_at: string;
  status: string;
  plan_kind: string;
  theme_key: string | null;
}

for (const target of testDatabases()) {
  describe(`demo data on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let accounts: DemoAccount[];
    let published: GroupJson[];

    const get = async <T>(url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ url, headers });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json<T>();
    };
    const sessionsOf = async (id: string) =>
      (await get<{ items: SessionJson[] }>(`/api/v1/groups/${id}/sessions`)).items;

    before(async () => {
      ({ db, dispose } = await target.create());
      ({ accounts } = await seedDemo(db, { publicUrl: 'http://localhost:3000', now: NOW }));
      app = await buildApp({ db, clock: () => NOW });
      published = [];
      for (let page = 1; ; page++) {
        const res = await get<{ items: GroupJson[]; total: number }>(
          `/api/v1/groups?status=published,running,suspended,ended&per_page=100&page=${page}`,
        );
        published.push(...res.items);
        if (published.length >= res.total) break;
      }
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    it('has the Hervanta Naistari group: seven 1.5 h sessions from 30.10.2019 15:30, a nurse and a peer', async () => {
      const g = await get<GroupJson>('/api/v1/groups/hervanta-naistari-2019');
      const kinds = g.facilitation.facilitators.map((f) => `${f.role}:${f.kind}:${f.profession ?? '-'}`);
      assert.deepEqual(kinds, ['lead:professional:public_health_nurse', 'co_facilitator:peer:-']);
      assert.equal(g.programme?.slug, 'seven-week-course');
      const sessions = await sessionsOf(g.id);
      assert.equal(sessions.length, 7);
      assert.equal(sessions[0]!.starts_at, '2019-10-30T15:30:00+02:00');
      assert.equal(sessions[0]!.ends_at, '2019-10-30T17:00:00+02:00');
    });

    it('has the five Tampere groups at their venues, days and times', async () => {
      const firsts: Record<string, string> = {
        'hervanta-naistari-2019': '2019-10-30T15:30:00+02:00',
        'hervanta-hervantatupa-2019': '2019-11-04T14:30:00+02:00',
        'kaukajarvi-annantupa-2019': '2019-11-14T15:30:00+02:00',
        'tesoma-westeri-2019': '2019-11-12T15:00:00+02:00',
        'keskusta-laivapuisto-2019': '2019-11-14T17:00:00+02:00',
      };
      for (const [slug, first] of Object.entries(firsts)) {
        const g = await get<GroupJson>(`/api/v1/groups/${slug}`);
        assert.equal(g.venue?.municipality, 'Tampere', slug);
        assert.equal((await sessionsOf(g.id))[0]!.starts_at, first, slug);
      }
    });

    it('suspended Tesoma on 3.12.2019 for low attendance and replaced it with Hervanta 2020 (six sessions)', async () => {
      const tesoma = await get<GroupJson>('/api/v1/groups/tesoma-westeri-2019');
      assert.equal(tesoma.status, 'suspended');
      assert.equal(tesoma.suspended_on, '2019-12-03');
      assert.equal(tesoma.suspension_reason_code, 'low_attendance');
      assert.equal(tesoma.replaced_by?.slug, 'hervanta-2020');
      const sessions = await sessionsOf(tesoma.id);
      assert.deepEqual(
        sessions.map((s) => s.status),
        ['scheduled', 'scheduled', 'scheduled', 'cancelled', 'cancelled', 'cancelled', 'cancelled'],
      );
      const replacement = await get<GroupJson>('/api/v1/groups/hervanta-2020');
      assert.equal(replacement.replaces?.slug, 'tesoma-westeri-2019');
      const own = await sessionsOf(replacement.id);
      assert.equal(own.length, 6);
      assert.equal(own[0]!.starts_at.slice(0, 10), '2020-01-29');
    });

    it("has the relatives' association's spring 2019 season: six groups, one co-payment, one closed", async () => {
      const season = published.filter((g) => g.organization.slug === 'omaiset-demo');
      assert.equal(season.length, 6);
      assert.ok(season.every((g) => g.season?.fi === 'Kevätkausi 2019'));
      assert.deepEqual(
        season.filter((g) => g.cost.kind === 'co_payment').map((g) => g.cost.amount_cents),
        [500],
      );
      assert.equal(season.filter((g) => g.openness === 'closed').length, 1);
      assert.ok(season.some((g) => g.name.fi === 'Miesten voimaa'));
    });

    it("keeps the local association's proposal from the public but shows it to its coordinator", async () => {
      assert.ok(!published.some((g) => g.name.fi === 'Isien iltapäivä'));
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'koordinaattori@espoo.demo.vertaamo.fi', password: DEMO_PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      const cookie = res.cookies.find((c) => c.name === 'vertaamo_session')!;
      const own = await get<{ items: GroupJson[] }>(
        '/api/v1/groups?status=all&per_page=100&organization=espoon-paikallisyhdistys-demo',
        {
          cookie: `vertaamo_session=${cookie.value}`,
        },
      );
      const proposal = own.items.find((g) => g.name.fi === 'Isien iltapäivä');
      assert.equal(proposal?.status, 'proposed');
      assert.equal((await app.inject({ url: `/api/v1/groups/${proposal.slug}` })).statusCode, 404);
      const local = published.filter((g) => g.organization.slug === 'espoon-paikallisyhdistys-demo');
      assert.ok(local.some((g) => g.name.fi === 'Tanssitan vauvaa'));
      assert.ok(
        local.some((g) => g.facilitation.facilitators.some((f) => f.kind === 'professional')),
        'the postnatal group has a professional',
      );
    });

    it("reads like an annual report: the Tampere project's targets and the relatives' 2019", async () => {
      const signIn = async (email: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: DEMO_PASSWORD },
        });
        return `vertaamo_session=${res.cookies.find((c) => c.name === 'vertaamo_session')!.value}`;
      };
      const tampere = await signIn('koordinaattori@tampere.demo.vertaamo.fi');
      const progress = await get<{
        targets: { key: string; value: number | null; progress: unknown[] }[];
        groups: unknown[];
      }>('/api/v1/organizations/pikkulapsiperheiden-vertaistuki/targets/progress', { cookie: tampere });
      const value = (key: string) => progress.targets.find((t) => t.key === key)?.value;
      // four autumn groups with two Finnish and two immigrant families; spring 2020: two and one
      assert.equal(value('finnish_families'), 10);
      assert.equal(value('immigrant_families'), 9);
      assert.equal(value('nurses'), 5);
      // 19 placed families, Tesoma's three and ten facilitators
      assert.equal(value('network'), 32);
      assert.equal(progress.groups.length, 6);
      const relatives = await signIn('koordinaattori@omaiset.demo.vertaamo.fi');
      const stats = await get<{
        total: {
          sessions: { held: number };
          visits: number;
          volunteer_hours: number;
          costs: { total_cents: number };
        };
      }>('/api/v1/organizations/omaiset-demo/statistics?from=2019-01-01&to=2019-12-31', {
        cookie: relatives,
      });
      assert.ok(stats.total.sessions.held > 40, String(stats.total.sessions.held));
      assert.ok(stats.total.visits > 200, String(stats.total.visits));
      assert.ok(stats.total.volunteer_hours > 80, String(stats.total.volunteer_hours));
      assert.ok(stats.total.costs.total_cents > 100_000);
    });

    it('has Vahvistin groups: at most 10, crisis notice, kickoff → themes → closing, and a self-directed one', async () => {
      const vahvistin = published.filter((g) => g.programme?.slug === 'vahvistin');
      assert.equal(vahvistin.length, 2);
      for (const g of vahvistin) {
        assert.ok(g.capacity !== null && g.capacity <= 10);
        assert.equal(g.crisis_notice, true);
        const sessions = await sessionsOf(g.id);
        assert.equal(sessions[0]!.plan_kind, 'kickoff');
        assert.equal(sessions.at(-1)!.plan_kind, 'closing');
        assert.ok(
          sessions.filter((s) => s.plan_kind === 'theme').every((s) => s.theme_key !== null),
          'themes chosen',
        );
      }
      assert.equal(vahvistin.filter((g) => g.facilitation.self_directed).length, 1);
    });

    it('records what the organised Vahvistin group costs to run, though it is free for participants', async () => {
      const organised = published.find(
        (g) => g.programme?.slug === 'vahvistin' && !g.facilitation.self_directed,
      )!;
      const costs = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ category: string }>(
          'SELECT category FROM group_costs WHERE group_id = $1 ORDER BY category',
          [organised.id],
        );
        return rows.map((r) => r.category);
      });
      assert.deepEqual(costs, ['facilitator_fee', 'marketing', 'refreshments', 'room_rent']);
    });

    it("has the city's child-welfare groups for parents, families, children and youth, joined by referral only", async () => {
      const city = published.filter((g) => g.organization.slug === 'helsinki-perhesosiaalityo-demo');
      assert.equal(city.length, 4);
      assert.ok(city.every((g) => g.how_to_join === 'referral'));
      assert.ok(city.every((g) => g.facilitation.facilitators.every((f) => f.kind === 'professional')));
    });

    it('shows a living catalogue: groups with future sessions in at least five municipalities', async () => {
      const municipalities = new Set<string>();
      for (const g of published.filter((x) => x.status === 'published' || x.status === 'running')) {
        const future = (
          await get<{ items: SessionJson[] }>(`/api/v1/groups/${g.id}/sessions?from=${NOW.toISOString()}`)
        ).items;
        if (future.length > 0 && g.venue) municipalities.add(g.venue.municipality);
      }
      assert.ok(municipalities.size >= 5, [...municipalities].join(', '));
    });

    it('names every group in Finnish, Swedish and English', () => {
      assert.ok(published.length >= 25);
      for (const g of published) assert.ok(g.name.fi && g.name.sv && g.name.en, g.slug);
    });

    it('gives every demo account a working password and revokes the loader tokens', async () => {
      const emails = [...new Set(accounts.map((a) => a.email))];
      for (const email of emails) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: DEMO_PASSWORD },
        });
        assert.equal(res.statusCode, 200, email);
      }
      const live = await db.ownerTransaction(
        async (tx) =>
          (await tx.query(`SELECT count(*)::int AS n FROM api_tokens WHERE revoked_at IS NULL`)).rows[0],
      );
      assert.deepEqual(live, { n: 0 });
    });

    it('gives most groups that met enough feedback to show, and Tesoma too few (suppressed)', async () => {
      const counts = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ slug: string; n: number }>(
              `SELECT g.slug, count(*)::int AS n FROM feedback_responses r JOIN groups g ON g.id = r.group_id
               GROUP BY g.slug`,
            )
          ).rows,
      );
      const shown = counts.filter((c) => c.n >= 5);
      assert.ok(shown.length >= 5 && shown.length > counts.length / 2, JSON.stringify(counts));
      assert.equal(counts.find((c) => c.slug === 'tesoma-westeri-2019')?.n, 3);
    });
  });
}
