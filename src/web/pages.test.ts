import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { seedDemo } from '../demo/seed.ts';
import type { GroupJson } from '../groups/service.ts';
import { testDatabases } from '../../test/support/databases.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

for (const target of testDatabases()) {
  describe(`public pages on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let all: GroupJson[];

    before(async () => {
      ({ db, dispose } = await target.create());
      await seedDemo(db, { publicUrl: 'http://localhost:3000', now: NOW });
      app = await buildApp({ db, clock: () => NOW });
      all = (
        await app.inject({ url: '/api/v1/groups?status=published,running,suspended,ended&per_page=100' })
      ).json<{
        items: GroupJson[];
      }>().items;
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const page = async (url: string, status = 200) => {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 300)}`);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      return res.body;
    };

    it('sends a first visit to the language the browser asks for', async () => {
      for (const [header, lang] of [
        ['sv-FI,sv;q=0.9,en;q=0.8', 'sv'],
        ['en-GB,en;q=0.9', 'en'],
        ['de-DE,de;q=0.9,en;q=0.5', 'en'],
        ['de-DE', 'fi'],
        ['', 'fi'],
      ] as const) {
        const res = await app.inject({ url: '/', headers: header ? { 'accept-language': header } : {} });
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, `/${lang}`, header);
      }
    });

    it('states the co-payment up front, and says when a group is free', async () => {
      const paid = all.find((g) => g.cost.kind === 'co_payment')!;
      const fi = await page(`/fi/groups/${paid.slug}`);
      assert.match(fi, /Omavastuuosuus 5,00\s€/);
      const en = await page(`/en/groups/${paid.slug}`);
      assert.match(en, /Co-payment €5\.00/);
      const free = all.find((g) => g.cost.kind === 'free' && g.status === 'published')!;
      assert.match(await page(`/sv/groups/${free.slug}`), /Avgiftsfri/);
    });

    it('shows the crisis notice with crisis help where the programme calls for it, and only there', async () => {
      const vahvistin = all.find((g) => g.crisis_notice)!;
      const html = await page(`/fi/groups/${vahvistin.slug}`);
      assert.match(html, /Ryhmä ei ole kriisiapua/);
      assert.match(html, /09 2525 0111/);
      assert.match(html, /112/);
      assert.match(await page(`/sv/groups/${vahvistin.slug}`), /09 2525 0112/);
      const other = all.find((g) => !g.crisis_notice)!;
      assert.doesNotMatch(await page(`/fi/groups/${other.slug}`), /kriisiapua/);
    });

    it('tells how to join in words a newcomer understands', async () => {
      const referral = all.find(
        (g) => g.how_to_join === 'referral' && ['published', 'running'].includes(g.status),
      )!;
      assert.match(await page(`/fi/groups/${referral.slug}`), /kysy omalta sosiaalityöntekijältäsi/);
      const dropIn = all.find(
        (g) => g.how_to_join === 'drop_in' && ['published', 'running'].includes(g.status),
      )!;
      assert.match(await page(`/en/groups/${dropIn.slug}`), /Just come – no registration needed/);
    });

    it('never puts the remote meeting link on the public page', async () => {
      const remote = all.filter((g) => g.mode !== 'in_person');
      assert.ok(remote.length > 0);
      for (const g of remote) {
        const html = await page(`/fi/groups/${g.slug}`);
        assert.doesNotMatch(html, /meet\.example\.fi/, g.slug);
        assert.match(html, /etänä/i);
      }
    });

    it('shows the suspension with its date and links the replacement group', async () => {
      const html = await page('/fi/groups/tesoma-westeri-2019');
      assert.match(html, /keskeytetty 3\.12\.2019/);
      assert.match(html, /href="\/fi\/groups\/hervanta-2020"/);
    });

    it('describes the group as schema.org JSON-LD with its sessions in Helsinki time', async () => {
      const html = await page('/en/groups/hervanta-2020');
      const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
      assert.ok(json, 'JSON-LD is on the page');
      const ld = JSON.parse(json);
      assert.equal(ld['@type'], 'EventSeries');
      assert.equal(ld.location.address.addressLocality, 'Tampere');
      assert.equal(ld.isAccessibleForFree, true);
      // The 2020 sessions are in the past, so the page lists none; the series itself is described.
      assert.ok(Array.isArray(ld.subEvent));
      const upcoming = all.find((g) => g.status === 'published' && g.next_session)!;
      const ld2 = JSON.parse(
        /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(
          await page(`/fi/groups/${upcoming.slug}`),
        )![1]!,
      );
      assert.match(ld2.subEvent[0].startDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[23]:00$/);
    });

    it('lists the relatives’ association’s season on its page', async () => {
      const html = await page('/fi/organisations/omaiset-demo');
      for (const g of all.filter((x) => x.organization.slug === 'omaiset-demo')) {
        assert.ok(html.includes(`/fi/groups/${g.slug}`), g.slug);
      }
    });

    it('answers a hidden or unknown group with a 404 page in the reader’s language', async () => {
      const res = await app.inject({ url: '/api/v1/groups?status=all' });
      assert.equal(res.statusCode, 401, 'the public cannot list unpublished groups');
      assert.match(await page('/sv/groups/isien-iltapaiva', 404), /Sidan hittades inte/);
      assert.match(await page('/en/nowhere', 404), /Page not found/);
    });

    it('leads on from a missing page: to the search and the home page', async () => {
      const html = await page('/sv/nowhere', 404);
      assert.match(html, /<a href="\/sv\/search">Sök grupper<\/a>/);
      assert.match(html, /<a href="\/sv">Startsida<\/a>/);
    });

    it('has an icon, named by every page and answered at /favicon.ico', async () => {
      assert.match(
        await page('/fi', 200),
        /<link rel="icon" href="\/assets\/icon.svg" type="image\/svg\+xml"\/?>/,
      );
      for (const url of ['/assets/icon.svg', '/favicon.ico']) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['content-type'], 'image/svg+xml');
        assert.match(res.body, /^<svg /);
      }
    });

    it('keeps the search form’s input and names the bad field', async () => {
      const html = await page('/en/search?q=perhe&near=999,999', 400);
      assert.match(html, /value="perhe"/);
      assert.match(html, /The latitude must be between -90 and 90/);
    });

    it('counts “I’m coming” for a drop-in group’s next meeting without JavaScript, and shows seats left', async () => {
      const dropIn = all.find(
        (g) => g.how_to_join === 'drop_in' && ['published', 'running'].includes(g.status) && g.next_session,
      )!;
      const html = await page(`/fi/groups/${dropIn.slug}`);
      const sessionId = /name="session_id" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(sessionId, 'the next meeting has an “I’m coming” button');
      const posted = await app.inject({
        method: 'POST',
        url: `/fi/groups/${dropIn.slug}/coming`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `session_id=${sessionId}`,
      });
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, `/fi/groups/${dropIn.slug}?coming=thanks`);
      assert.match(await page(posted.headers.location), /Nimeäsi ei tallennettu/);
      const sessions = (
        await app.inject({ url: `/api/v1/groups/${dropIn.id}/sessions?from=${NOW.toISOString()}` })
      ).json<{
        items: { id: string; coming_count: number }[];
      }>().items;
      assert.equal(sessions.find((x) => x.id === sessionId)?.coming_count, 1);

      const limited = all.find(
        (g) => g.how_to_join === 'registration' && g.capacity && ['published', 'running'].includes(g.status),
      )!;
      assert.match(await page(`/en/groups/${limited.slug}`), /seats? left\./);
    });

    it('links every page to the accessibility statement, in each language', async () => {
      const expected = {
        fi: 'Saavutettavuusseloste',
        sv: 'Tillgänglighetsutlåtande',
        en: 'Accessibility statement',
      };
      for (const [lang, title] of Object.entries(expected)) {
        const home = await page(`/${lang}`);
        assert.ok(home.includes(`href="/${lang}/accessibility"`), lang);
        const statement = await page(`/${lang}/accessibility`);
        assert.ok(statement.includes(`<h1>${title}</h1>`), lang);
        assert.match(statement, /WCAG 2\.1/);
      }
    });

    it('forbids scripts and framing on every page', async () => {
      const res = await app.inject({ url: '/fi' });
      assert.match(res.headers['content-security-policy'] as string, /script-src 'none'/);
      assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
    });
  });
}
